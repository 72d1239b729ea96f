-- The audit journal: every change to any record, append-only, each entry
-- chained to the previous one by a SHA-256 hash (computed by the app when the
-- transaction that wrote it commits). The triggers that fill it are created
-- by the app for every table when it opens the database (src/audit.rs).

CREATE TABLE audit_entry (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    actor_role  TEXT    NOT NULL,
    table_name  TEXT    NOT NULL,
    row_id      INTEGER NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before_json TEXT,
    after_json  TEXT,
    -- hex SHA-256 of the previous entry's hash and this entry's content.
    hash        TEXT    CHECK (hash IS NULL OR length(hash) = 64)
) STRICT;

CREATE INDEX audit_entry_record ON audit_entry (table_name, row_id);

-- Append-only: an entry is never deleted, and only its missing hash may be set.
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
WHEN OLD.hash IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_name IS NOT OLD.actor_name
  OR NEW.actor_role IS NOT OLD.actor_role OR NEW.table_name IS NOT OLD.table_name
  OR NEW.row_id IS NOT OLD.row_id OR NEW.action IS NOT OLD.action
  OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;
