-- The restes à réaliser carried into a year (budget::carried_into) are the
-- commitments and grants of earlier years not wholly paid by the 31 December
-- before it. Which ones are still open is kept here, by the triggers below,
-- so that a year's budget reads the open ones through an index instead of
-- every commitment and grant of every earlier year.
--
-- `open_until`: the day the payments reached the amount (from that day
-- nothing is left to pay), or '9999-12-31' while something is. A commitment
-- is carried into year Y when `open_until >= 'Y-01-01'`. Derived from the
-- records alone: not journaled (no person writes it), checked by
-- `plan-lcd check` against the payments.

CREATE TABLE budget_commitment_open (
    commitment_id  INTEGER PRIMARY KEY REFERENCES budget_commitment (id) ON DELETE CASCADE,
    open_until     TEXT    NOT NULL CHECK (date(open_until) IS open_until)
) STRICT;

CREATE INDEX budget_commitment_open_until ON budget_commitment_open (open_until);

CREATE TABLE fund_grant_open (
    application_id  INTEGER PRIMARY KEY REFERENCES fund_application (id) ON DELETE CASCADE,
    open_until      TEXT    NOT NULL CHECK (date(open_until) IS open_until)
) STRICT;

CREATE INDEX fund_grant_open_until ON fund_grant_open (open_until);

-- A commitment's day of settlement: the first payment day on which the
-- payments up to it reach its amount. (Written out in each trigger: SQLite
-- has no functions of its own.)
INSERT INTO budget_commitment_open (commitment_id, open_until)
SELECT c.id, coalesce((SELECT min(p.day) FROM budget_payment p WHERE p.commitment_id = c.id
    AND (SELECT sum(q.amount_cents) FROM budget_payment q
         WHERE q.commitment_id = c.id AND q.day <= p.day) >= c.amount_cents), '9999-12-31')
FROM budget_commitment c;

-- A grant's: the first day a tranche was paid on which the tranches paid up
-- to it reach the amount granted. Only granted applications have a row.
INSERT INTO fund_grant_open (application_id, open_until)
SELECT a.id, coalesce((SELECT min(p.paid_on) FROM fund_payment p
    WHERE p.application_id = a.id AND p.paid_on IS NOT NULL
    AND (SELECT sum(q.amount_cents) FROM fund_payment q WHERE q.application_id = a.id
         AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on) >= a.granted_cents), '9999-12-31')
FROM fund_application a WHERE a.decision = 'granted';

CREATE TRIGGER budget_commitment_open_insert AFTER INSERT ON budget_commitment
BEGIN
    INSERT INTO budget_commitment_open (commitment_id, open_until) VALUES (NEW.id, '9999-12-31');
END;

CREATE TRIGGER budget_commitment_open_delete AFTER DELETE ON budget_commitment
BEGIN
    DELETE FROM budget_commitment_open WHERE commitment_id = OLD.id;
END;

CREATE TRIGGER budget_commitment_open_amount AFTER UPDATE OF amount_cents ON budget_commitment
BEGIN
    UPDATE budget_commitment_open SET open_until = coalesce((SELECT min(p.day) FROM budget_payment p
        WHERE p.commitment_id = NEW.id AND (SELECT sum(q.amount_cents) FROM budget_payment q
            WHERE q.commitment_id = NEW.id AND q.day <= p.day) >= NEW.amount_cents), '9999-12-31')
    WHERE commitment_id = NEW.id;
END;

CREATE TRIGGER budget_payment_open_insert AFTER INSERT ON budget_payment
BEGIN
    UPDATE budget_commitment_open SET open_until = coalesce((SELECT min(p.day) FROM budget_payment p
        WHERE p.commitment_id = NEW.commitment_id AND (SELECT sum(q.amount_cents) FROM budget_payment q
            WHERE q.commitment_id = NEW.commitment_id AND q.day <= p.day)
            >= (SELECT amount_cents FROM budget_commitment WHERE id = NEW.commitment_id)), '9999-12-31')
    WHERE commitment_id = NEW.commitment_id;
END;

CREATE TRIGGER budget_payment_open_delete AFTER DELETE ON budget_payment
BEGIN
    UPDATE budget_commitment_open SET open_until = coalesce((SELECT min(p.day) FROM budget_payment p
        WHERE p.commitment_id = OLD.commitment_id AND (SELECT sum(q.amount_cents) FROM budget_payment q
            WHERE q.commitment_id = OLD.commitment_id AND q.day <= p.day)
            >= (SELECT amount_cents FROM budget_commitment WHERE id = OLD.commitment_id)), '9999-12-31')
    WHERE commitment_id = OLD.commitment_id;
END;

CREATE TRIGGER budget_payment_open_update AFTER UPDATE OF commitment_id, day, amount_cents ON budget_payment
BEGIN
    UPDATE budget_commitment_open SET open_until = coalesce((SELECT min(p.day) FROM budget_payment p
        WHERE p.commitment_id = budget_commitment_open.commitment_id AND (SELECT sum(q.amount_cents)
            FROM budget_payment q WHERE q.commitment_id = budget_commitment_open.commitment_id
            AND q.day <= p.day) >= (SELECT amount_cents FROM budget_commitment
            WHERE id = budget_commitment_open.commitment_id)), '9999-12-31')
    WHERE commitment_id IN (OLD.commitment_id, NEW.commitment_id);
END;

CREATE TRIGGER fund_grant_open_insert AFTER INSERT ON fund_application WHEN NEW.decision = 'granted'
BEGIN
    INSERT INTO fund_grant_open (application_id, open_until) VALUES (NEW.id, '9999-12-31');
END;

CREATE TRIGGER fund_grant_open_decision AFTER UPDATE OF decision, granted_cents ON fund_application
BEGIN
    DELETE FROM fund_grant_open WHERE application_id = NEW.id;
    INSERT INTO fund_grant_open (application_id, open_until)
    SELECT NEW.id, coalesce((SELECT min(p.paid_on) FROM fund_payment p
        WHERE p.application_id = NEW.id AND p.paid_on IS NOT NULL
        AND (SELECT sum(q.amount_cents) FROM fund_payment q WHERE q.application_id = NEW.id
             AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on) >= NEW.granted_cents), '9999-12-31')
    WHERE NEW.decision = 'granted';
END;

CREATE TRIGGER fund_grant_open_delete AFTER DELETE ON fund_application
BEGIN
    DELETE FROM fund_grant_open WHERE application_id = OLD.id;
END;

CREATE TRIGGER fund_payment_open_insert AFTER INSERT ON fund_payment
BEGIN
    UPDATE fund_grant_open SET open_until = coalesce((SELECT min(p.paid_on) FROM fund_payment p
        WHERE p.application_id = NEW.application_id AND p.paid_on IS NOT NULL
        AND (SELECT sum(q.amount_cents) FROM fund_payment q WHERE q.application_id = NEW.application_id
             AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on)
        >= (SELECT granted_cents FROM fund_application WHERE id = NEW.application_id)), '9999-12-31')
    WHERE application_id = NEW.application_id;
END;

CREATE TRIGGER fund_payment_open_delete AFTER DELETE ON fund_payment
BEGIN
    UPDATE fund_grant_open SET open_until = coalesce((SELECT min(p.paid_on) FROM fund_payment p
        WHERE p.application_id = OLD.application_id AND p.paid_on IS NOT NULL
        AND (SELECT sum(q.amount_cents) FROM fund_payment q WHERE q.application_id = OLD.application_id
             AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on)
        >= (SELECT granted_cents FROM fund_application WHERE id = OLD.application_id)), '9999-12-31')
    WHERE application_id = OLD.application_id;
END;

CREATE TRIGGER fund_payment_open_update AFTER UPDATE OF application_id, paid_on, amount_cents ON fund_payment
BEGIN
    UPDATE fund_grant_open SET open_until = coalesce((SELECT min(p.paid_on) FROM fund_payment p
        WHERE p.application_id = fund_grant_open.application_id AND p.paid_on IS NOT NULL
        AND (SELECT sum(q.amount_cents) FROM fund_payment q
             WHERE q.application_id = fund_grant_open.application_id
             AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on)
        >= (SELECT granted_cents FROM fund_application
            WHERE id = fund_grant_open.application_id)), '9999-12-31')
    WHERE application_id IN (OLD.application_id, NEW.application_id);
END;
