-- Twenty years on one file: the journal page and the call list read through
-- indexes, whatever the journal's size.
--
-- The journal page filters by kind of record, by person, or both, newest
-- first: one index each (SQLite appends the rowid, the entry's id, to every
-- index, so each also gives the entries in their order).
CREATE INDEX audit_entry_kind ON audit_entry (table_name);
CREATE INDEX audit_entry_actor ON audit_entry (actor_name);
CREATE INDEX audit_entry_kind_actor ON audit_entry (table_name, actor_name);

-- How many entries the page shows, per kind of record and person: the page's
-- total is a sum over this small table instead of a count of the journal.
-- An entry is shown unless it is an update of bookkeeping columns alone
-- (choosing a profile at start touches `last_used_at`); the expression is
-- `audit::reading::shown_sql`'s. Kept by the trigger below, never journaled
-- (it holds no record), and checked by `plan-lcd check`.
CREATE TABLE audit_count (
    table_name  TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    entries     INTEGER NOT NULL CHECK (entries >= 0),
    PRIMARY KEY (table_name, actor_name)
) STRICT, WITHOUT ROWID;

INSERT INTO audit_count (table_name, actor_name, entries)
SELECT table_name, actor_name, count(*) FROM audit_entry
WHERE action <> 'update'
   OR json_remove(before_json, '$.created_at', '$.created_by', '$.updated_at', '$.updated_by', '$.last_used_at')
      IS NOT json_remove(after_json, '$.created_at', '$.created_by', '$.updated_at', '$.updated_by', '$.last_used_at')
GROUP BY table_name, actor_name;

CREATE TRIGGER audit_entry_count AFTER INSERT ON audit_entry
WHEN NEW.action <> 'update'
   OR json_remove(NEW.before_json, '$.created_at', '$.created_by', '$.updated_at', '$.updated_by', '$.last_used_at')
      IS NOT json_remove(NEW.after_json, '$.created_at', '$.created_by', '$.updated_at', '$.updated_by', '$.last_used_at')
BEGIN
    INSERT INTO audit_count (table_name, actor_name, entries)
    VALUES (NEW.table_name, NEW.actor_name, 1)
    ON CONFLICT (table_name, actor_name) DO UPDATE SET entries = entries + 1;
END;

-- A call's criteria and whether any was scored (the criteria lock): read by
-- criterion, not by a scan of every score of every year.
CREATE INDEX fund_criterion_call ON fund_criterion (call_id);
CREATE INDEX fund_score_criterion ON fund_score (criterion_id);
