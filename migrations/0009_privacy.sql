-- Privacy (GDPR): the purges of contact details kept past their retention
-- period, and the one opening in the audit journal that a purge needs: the
-- personal values an entry recorded are replaced by a marker and the chain
-- is sealed again from the first entry changed (src/privacy/, src/audit.rs).

-- Who purged, when, how many contacts: never the values removed.
CREATE TABLE privacy_purge (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    by_name   TEXT    NOT NULL CHECK (length(trim(by_name)) > 0),
    contacts  INTEGER NOT NULL CHECK (contacts > 0),
    summary   TEXT    NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000)
) STRICT;

CREATE TRIGGER privacy_purge_no_update BEFORE UPDATE ON privacy_purge
BEGIN
    SELECT RAISE(ABORT, 'a purge, once recorded, is never rewritten');
END;

CREATE TRIGGER privacy_purge_no_delete BEFORE DELETE ON privacy_purge
BEGIN
    SELECT RAISE(ABORT, 'a purge, once recorded, is never removed');
END;

-- Holds a row only inside a purge's transaction: while it does, the journal's
-- recorded values may be redacted and the hashes after them recomputed.
CREATE TABLE audit_redaction (
    purge_id  INTEGER NOT NULL REFERENCES privacy_purge (id) ON DELETE RESTRICT
) STRICT;

DROP TRIGGER audit_entry_no_update;

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_name IS NOT OLD.actor_name
  OR NEW.actor_role IS NOT OLD.actor_role OR NEW.table_name IS NOT OLD.table_name
  OR NEW.row_id IS NOT OLD.row_id OR NEW.action IS NOT OLD.action
  OR (NOT EXISTS (SELECT 1 FROM audit_redaction)
      AND (OLD.hash IS NOT NULL
           OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json))
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;
