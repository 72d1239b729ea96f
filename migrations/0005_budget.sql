-- Budget and FTE: the yearly budget, its lines, dated amendments, commitments
-- (engagements) and payments (mandats), and the staff positions given to the plan.
-- Figures (voted, committed, paid, available, left to pay) are computed on
-- reading; nothing here stores a total. Grants and tranches of the fund, and
-- the actual costs of trainings and events, are read from their own tables.

CREATE TABLE budget_year (
    id                      INTEGER PRIMARY KEY,
    year                    INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    -- The FTE the plan foresees for the year, in hundredths (200 = 2 FTE).
    planned_fte_hundredths  INTEGER NOT NULL DEFAULT 0 CHECK (planned_fte_hundredths BETWEEN 0 AND 10000),
    notes                   TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at              TEXT    NOT NULL,
    created_by              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    updated_by              TEXT    NOT NULL
) STRICT;

CREATE TABLE budget_line (
    id              INTEGER PRIMARY KEY,
    budget_id       INTEGER NOT NULL REFERENCES budget_year (id) ON DELETE RESTRICT,
    position        INTEGER NOT NULL CHECK (position >= 0),
    label           TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 200),
    -- What the line pays for; trainings, events, communication and fund lines
    -- are also fed by the costs recorded in those modules.
    kind            TEXT    NOT NULL CHECK (kind IN ('trainings', 'events', 'studies', 'fund',
                        'platform', 'communication', 'other')),
    nature          TEXT    NOT NULL DEFAULT '' CHECK (nature IN ('', 'general_charges', 'grants', 'staff')),
    -- The initial budget (BP) of the line; amendments come on top.
    initial_cents   INTEGER NOT NULL CHECK (initial_cents BETWEEN 0 AND 100000000000),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX budget_line_budget ON budget_line (budget_id);
-- The lines fed by other modules exist once a year, so that a cost is counted once.
CREATE UNIQUE INDEX budget_line_fed_kind ON budget_line (budget_id, kind)
    WHERE kind IN ('trainings', 'events', 'fund', 'communication');

CREATE TABLE budget_amendment (
    id              INTEGER PRIMARY KEY,
    line_id         INTEGER NOT NULL REFERENCES budget_line (id) ON DELETE RESTRICT,
    day             TEXT    NOT NULL CHECK (date(day) IS day),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents <> 0 AND abs(amount_cents) <= 100000000000),
    reason          TEXT    NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX budget_amendment_line ON budget_amendment (line_id);

CREATE TABLE budget_commitment (
    id              INTEGER PRIMARY KEY,
    line_id         INTEGER NOT NULL REFERENCES budget_line (id) ON DELETE RESTRICT,
    day             TEXT    NOT NULL CHECK (date(day) IS day),
    object          TEXT    NOT NULL CHECK (length(trim(object)) BETWEEN 1 AND 200),
    party           TEXT    NOT NULL DEFAULT '' CHECK (length(party) <= 200),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000000),
    reference       TEXT    NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    -- 1 when the user confirmed that it takes the line below zero available.
    over_commit     INTEGER NOT NULL DEFAULT 0 CHECK (over_commit IN (0, 1)),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX budget_commitment_line ON budget_commitment (line_id);

CREATE TABLE budget_payment (
    id              INTEGER PRIMARY KEY,
    commitment_id   INTEGER NOT NULL REFERENCES budget_commitment (id) ON DELETE RESTRICT,
    day             TEXT    NOT NULL CHECK (date(day) IS day),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000000),
    reference       TEXT    NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX budget_payment_commitment ON budget_payment (commitment_id);

-- A payment never exceeds what is left to pay on its commitment.
CREATE TRIGGER budget_payment_within_commitment
BEFORE INSERT ON budget_payment
WHEN NEW.amount_cents + coalesce((SELECT sum(amount_cents) FROM budget_payment
        WHERE commitment_id = NEW.commitment_id), 0)
     > (SELECT amount_cents FROM budget_commitment WHERE id = NEW.commitment_id)
BEGIN
    SELECT RAISE(ABORT, 'payment exceeds what is left to pay on the commitment');
END;

CREATE TRIGGER budget_payment_no_update
BEFORE UPDATE ON budget_payment
BEGIN
    SELECT RAISE(ABORT, 'a payment is deleted and entered again, never rewritten');
END;

-- A commitment is never lowered below what was paid on it.
CREATE TRIGGER budget_commitment_above_paid
BEFORE UPDATE OF amount_cents ON budget_commitment
WHEN NEW.amount_cents < coalesce((SELECT sum(amount_cents) FROM budget_payment
        WHERE commitment_id = NEW.id), 0)
BEGIN
    SELECT RAISE(ABORT, 'commitment below what was paid on it');
END;

-- Without a confirmed over-commitment, the line's commitments stay within its voted credits.
CREATE TRIGGER budget_commitment_within_voted
BEFORE INSERT ON budget_commitment
WHEN NEW.over_commit = 0
 AND NEW.amount_cents + coalesce((SELECT sum(amount_cents) FROM budget_commitment
        WHERE line_id = NEW.line_id), 0)
     > (SELECT initial_cents FROM budget_line WHERE id = NEW.line_id)
       + coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = NEW.line_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'commitment over the voted credits without confirmation');
END;

-- An amendment lowers a line only down to what is already committed.
CREATE TRIGGER budget_amendment_not_below_committed
BEFORE INSERT ON budget_amendment
WHEN NEW.amount_cents < 0
 AND (SELECT initial_cents FROM budget_line WHERE id = NEW.line_id)
     + coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = NEW.line_id), 0)
     + NEW.amount_cents
     < coalesce((SELECT sum(amount_cents) FROM budget_commitment WHERE line_id = NEW.line_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'amendment takes the line below what is committed');
END;

CREATE TRIGGER budget_amendment_no_update
BEFORE UPDATE ON budget_amendment
BEGIN
    SELECT RAISE(ABORT, 'an amendment is dated history and is never rewritten');
END;

-- A line's initial budget is never lowered below what is committed on it.
CREATE TRIGGER budget_line_not_below_committed
BEFORE UPDATE OF initial_cents ON budget_line
WHEN NEW.initial_cents < OLD.initial_cents
 AND NEW.initial_cents
     + coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = NEW.id), 0)
     < coalesce((SELECT sum(amount_cents) FROM budget_commitment WHERE line_id = NEW.id), 0)
BEGIN
    SELECT RAISE(ABORT, 'line lowered below what is committed');
END;

CREATE TABLE staff_position (
    id                      INTEGER PRIMARY KEY,
    title                   TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    person                  TEXT    NOT NULL DEFAULT '' CHECK (length(person) <= 200),
    -- The position's FTE share, in hundredths: 100 is full time.
    fte_hundredths          INTEGER NOT NULL CHECK (fte_hundredths BETWEEN 1 AND 100),
    -- The share of the position given to the plan, in hundredths.
    plan_share_hundredths   INTEGER NOT NULL CHECK (plan_share_hundredths BETWEEN 0 AND 100),
    start_day               TEXT    NOT NULL CHECK (date(start_day) IS start_day),
    end_day                 TEXT    CHECK (end_day IS NULL OR (date(end_day) IS end_day AND end_day > start_day)),
    yearly_cost_cents       INTEGER CHECK (yearly_cost_cents IS NULL OR yearly_cost_cents BETWEEN 0 AND 100000000000),
    created_at              TEXT    NOT NULL,
    created_by              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    updated_by              TEXT    NOT NULL
) STRICT;
