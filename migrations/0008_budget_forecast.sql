-- The plan's multi-year forecast and a second wall for corrected commitments.
--
-- The forecast of years N, N+1 and N+2 is computed on reading from the first
-- budget's initial credits (year N); only the increase the project lead
-- foresees from year N+2 is stored, on that first budget. A correction of a
-- commitment is held within the line's voted credits like a new one, unless
-- its over-commitment is confirmed.

ALTER TABLE budget_year ADD COLUMN forecast_increase_cents INTEGER NOT NULL DEFAULT 0
    CHECK (forecast_increase_cents BETWEEN 0 AND 100000000000);

CREATE TRIGGER budget_commitment_update_within_voted
BEFORE UPDATE OF amount_cents, line_id, over_commit ON budget_commitment
WHEN NEW.over_commit = 0
 AND NEW.amount_cents + coalesce((SELECT sum(amount_cents) FROM budget_commitment
        WHERE line_id = NEW.line_id AND id <> NEW.id), 0)
     > (SELECT initial_cents FROM budget_line WHERE id = NEW.line_id)
       + coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = NEW.line_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'commitment over the voted credits without confirmation');
END;
