-- The vote of a year's budget and the closing of the year.
--
-- Once the initial budget (BP) is voted, a line's initial credits no longer
-- change: the credits move only by dated, explained amendments (*décisions
-- modificatives*). Once the project lead closes a year (*clôture de
-- l'exercice*), nothing can be dated in it any more: its figures are final,
-- and what was committed and not paid by 31 December is carried to the next
-- year as *restes à réaliser* (computed on reading, never stored).
-- The core checks each of these first and answers in French; the triggers
-- below are the second wall. Their messages start with `closed year` or
-- `voted budget`, which the store turns into French refusals.

ALTER TABLE budget_year ADD COLUMN voted_on TEXT
    CHECK (voted_on IS NULL OR (date(voted_on) IS voted_on));
ALTER TABLE budget_year ADD COLUMN closed_on TEXT
    CHECK (closed_on IS NULL OR (date(closed_on) IS closed_on));
ALTER TABLE budget_year ADD COLUMN closed_by TEXT NOT NULL DEFAULT ''
    CHECK (length(closed_by) <= 100);

-- A budget that already has amendments was voted: its vote is dated by its
-- first amendment at the latest.
UPDATE budget_year SET voted_on = (
    SELECT min(a.day) FROM budget_amendment a JOIN budget_line l ON l.id = a.line_id
    WHERE l.budget_id = budget_year.id)
WHERE EXISTS (SELECT 1 FROM budget_amendment a JOIN budget_line l ON l.id = a.line_id
              WHERE l.budget_id = budget_year.id);

CREATE TRIGGER budget_year_closed_once BEFORE UPDATE ON budget_year
WHEN OLD.closed_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'closed year: a closed budget is final');
END;

CREATE TRIGGER budget_year_closed_after_vote BEFORE UPDATE OF closed_on ON budget_year
WHEN NEW.closed_on IS NOT NULL AND (NEW.voted_on IS NULL OR NEW.closed_on <= (NEW.year || '-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'closed year: a year is closed after its end, once its budget is voted');
END;

CREATE TRIGGER budget_line_initial_after_vote BEFORE UPDATE OF initial_cents ON budget_line
WHEN NEW.initial_cents <> OLD.initial_cents
 AND (SELECT voted_on FROM budget_year WHERE id = NEW.budget_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'voted budget: credits change by amendment only');
END;

CREATE TRIGGER budget_line_insert_after_vote BEFORE INSERT ON budget_line
WHEN NEW.initial_cents <> 0
 AND (SELECT voted_on FROM budget_year WHERE id = NEW.budget_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'voted budget: credits change by amendment only');
END;

CREATE TRIGGER budget_amendment_after_vote BEFORE INSERT ON budget_amendment
WHEN (SELECT b.voted_on FROM budget_year b JOIN budget_line l ON l.budget_id = b.id
      WHERE l.id = NEW.line_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'voted budget: an amendment follows the vote of the budget');
END;

-- Nothing is dated in a closed year.
CREATE TRIGGER budget_line_closed_insert BEFORE INSERT ON budget_line
WHEN (SELECT closed_on FROM budget_year WHERE id = NEW.budget_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_line_closed_update BEFORE UPDATE ON budget_line
WHEN (SELECT closed_on FROM budget_year WHERE id = OLD.budget_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_line_closed_delete BEFORE DELETE ON budget_line
WHEN (SELECT closed_on FROM budget_year WHERE id = OLD.budget_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_amendment_closed_insert BEFORE INSERT ON budget_amendment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(NEW.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_amendment_closed_delete BEFORE DELETE ON budget_amendment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(OLD.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_commitment_closed_insert BEFORE INSERT ON budget_commitment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(NEW.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_commitment_closed_update BEFORE UPDATE ON budget_commitment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year IN (CAST(substr(OLD.day, 1, 4) AS INTEGER), CAST(substr(NEW.day, 1, 4) AS INTEGER)))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_commitment_closed_delete BEFORE DELETE ON budget_commitment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(OLD.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_payment_closed_insert BEFORE INSERT ON budget_payment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(NEW.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER budget_payment_closed_delete BEFORE DELETE ON budget_payment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL AND year = CAST(substr(OLD.day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

-- The fund's tranches paid in a closed year, and the grants of its call.
CREATE TRIGGER fund_payment_closed_insert BEFORE INSERT ON fund_payment
WHEN NEW.paid_on IS NOT NULL AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year = CAST(substr(NEW.paid_on, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER fund_payment_closed_update BEFORE UPDATE OF paid_on, amount_cents, application_id ON fund_payment
WHEN EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year IN (CAST(substr(OLD.paid_on, 1, 4) AS INTEGER), CAST(substr(NEW.paid_on, 1, 4) AS INTEGER)))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER fund_payment_closed_delete BEFORE DELETE ON fund_payment
WHEN OLD.paid_on IS NOT NULL AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year = CAST(substr(OLD.paid_on, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER fund_grant_closed_update BEFORE UPDATE OF decision, granted_cents ON fund_application
WHEN (OLD.decision IS NOT NEW.decision OR OLD.granted_cents IS NOT NEW.granted_cents)
 AND EXISTS (SELECT 1 FROM budget_year b JOIN fund_call c ON c.year = b.year
             WHERE c.id = NEW.call_id AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

-- The actual costs of held trainings and events, and the week's campaign.
CREATE TRIGGER training_cost_closed_update BEFORE UPDATE OF status, actual_cost_cents, first_day ON training_session
WHEN (OLD.status IS NOT NEW.status OR OLD.actual_cost_cents IS NOT NEW.actual_cost_cents
      OR OLD.first_day IS NOT NEW.first_day)
 AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year IN (CAST(substr(OLD.first_day, 1, 4) AS INTEGER), CAST(substr(NEW.first_day, 1, 4) AS INTEGER)))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER training_cost_closed_insert BEFORE INSERT ON training_session
WHEN NEW.status = 'held' AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year = CAST(substr(NEW.first_day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER training_cost_closed_delete BEFORE DELETE ON training_session
WHEN OLD.status = 'held' AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year = CAST(substr(OLD.first_day, 1, 4) AS INTEGER))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER event_closed_update BEFORE UPDATE OF status, day ON event
WHEN (OLD.status IS NOT NEW.status OR OLD.day IS NOT NEW.day)
 AND EXISTS (SELECT 1 FROM budget_year WHERE closed_on IS NOT NULL
             AND year IN (CAST(substr(OLD.day, 1, 4) AS INTEGER), CAST(substr(NEW.day, 1, 4) AS INTEGER)))
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER event_cost_closed_insert BEFORE INSERT ON event_cost
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN event e ON b.year = CAST(substr(e.day, 1, 4) AS INTEGER)
             WHERE e.id = NEW.event_id AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER event_cost_closed_update BEFORE UPDATE OF amount_cents, event_id ON event_cost
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN event e ON b.year = CAST(substr(e.day, 1, 4) AS INTEGER)
             WHERE e.id IN (OLD.event_id, NEW.event_id) AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER event_cost_closed_delete BEFORE DELETE ON event_cost
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN event e ON b.year = CAST(substr(e.day, 1, 4) AS INTEGER)
             WHERE e.id = OLD.event_id AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER campaign_item_closed_insert BEFORE INSERT ON campaign_item
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN week_edition w ON w.year = b.year
             WHERE w.id = NEW.edition_id AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER campaign_item_closed_update BEFORE UPDATE OF cost_cents, first_day, last_day, edition_id ON campaign_item
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN week_edition w ON w.year = b.year
             WHERE w.id IN (OLD.edition_id, NEW.edition_id) AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;

CREATE TRIGGER campaign_item_closed_delete BEFORE DELETE ON campaign_item
WHEN EXISTS (SELECT 1 FROM budget_year b JOIN week_edition w ON w.year = b.year
             WHERE w.id = OLD.edition_id AND b.closed_on IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'closed year: nothing is dated in a closed year');
END;
