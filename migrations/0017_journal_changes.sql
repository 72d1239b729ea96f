-- The journal records what changed: an update keeps the fields it changed,
-- before and after, not the whole row twice (the triggers are the app's,
-- `audit::install`). A journal written before keeps whole-row updates until
-- the upgrade converts them (`audit::compact`, in this migration's
-- transaction), which seals the chain again and records that rebase.

-- Holds a row only while an upgrade converts the journal: while it does, the
-- entries' recorded values may be rewritten and their hashes recomputed.
CREATE TABLE audit_compaction (
    started_at  TEXT NOT NULL
) STRICT;

DROP TRIGGER audit_entry_no_update;

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_name IS NOT OLD.actor_name
  OR NEW.actor_role IS NOT OLD.actor_role OR NEW.table_name IS NOT OLD.table_name
  OR NEW.row_id IS NOT OLD.row_id OR NEW.action IS NOT OLD.action
  OR (NOT EXISTS (SELECT 1 FROM audit_redaction) AND NOT EXISTS (SELECT 1 FROM audit_compaction)
      AND (OLD.hash IS NOT NULL
           OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json))
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;

-- A rebase may now be that conversion: the table is rebuilt for its CHECK
-- (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
-- Changes"); ids are kept, so are the entries that name them.
CREATE TABLE journal_rebase_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('restore', 'recovery', 'purge', 'compaction')),
    at          TEXT    NOT NULL,
    by_name     TEXT    NOT NULL CHECK (length(trim(by_name)) > 0),
    from_entry  INTEGER NOT NULL CHECK (from_entry >= 1),
    to_entry    INTEGER NOT NULL CHECK (to_entry >= from_entry - 1),
    source      TEXT    NOT NULL DEFAULT '' CHECK (length(source) <= 500)
) STRICT;

INSERT INTO journal_rebase_new (id, kind, at, by_name, from_entry, to_entry, source)
SELECT id, kind, at, by_name, from_entry, to_entry, source FROM journal_rebase;

DROP TABLE journal_rebase;
ALTER TABLE journal_rebase_new RENAME TO journal_rebase;

CREATE TRIGGER journal_rebase_no_update BEFORE UPDATE ON journal_rebase
BEGIN
    SELECT RAISE(ABORT, 'a rebase of the journal, once recorded, is never rewritten');
END;

CREATE TRIGGER journal_rebase_no_delete BEFORE DELETE ON journal_rebase
BEGIN
    SELECT RAISE(ABORT, 'a rebase of the journal, once recorded, is never removed');
END;
