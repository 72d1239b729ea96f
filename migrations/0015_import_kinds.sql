-- Every kind of record a unit keeps in spreadsheets comes in from a file: grant
-- applications and their organisations (from a unit's spreadsheet or from a
-- Démarches Simplifiées (DS) export of the call's procedure), the fund's
-- organisations alone, partners with their contacts, events, and the budget's
-- commitments and payments. The DS number
-- of a dossier is kept, so that a newer export of the same procedure updates
-- its applications instead of adding them again.
--
-- `import_batch.kind` takes the new kind: SQLite cannot change a CHECK in
-- place, so the table is rebuilt with the same rows and ids (SQLite's
-- "making other kinds of table schema changes", run with foreign keys off
-- and checked before the commit).

CREATE TABLE import_batch_new (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('trainings', 'applications', 'organisations',
                      'partners', 'events', 'commitments', 'payments')),
    file_name     TEXT    NOT NULL CHECK (length(trim(file_name)) BETWEEN 1 AND 500),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    sheet         TEXT    NOT NULL DEFAULT '' CHECK (length(sheet) <= 200),
    mapping_json  TEXT    NOT NULL CHECK (json_valid(mapping_json)),
    headers_key   TEXT    NOT NULL DEFAULT '' CHECK (length(headers_key) <= 20000),
    rows_read     INTEGER NOT NULL CHECK (rows_read >= 1),
    rows_imported INTEGER NOT NULL CHECK (rows_imported BETWEEN 0 AND rows_read),
    -- Records already there that the file brought up to date (a DS dossier
    -- seen in an earlier export); a batch with updates is not undone in bloc.
    rows_updated  INTEGER NOT NULL DEFAULT 0 CHECK (rows_updated BETWEEN 0 AND rows_read),
    undone_at     TEXT,
    undone_by     TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    updated_by    TEXT    NOT NULL,
    CHECK ((undone_at IS NULL) = (undone_by = '')),
    CHECK (rows_imported + rows_updated BETWEEN 1 AND rows_read)
) STRICT;

INSERT INTO import_batch_new (id, kind, file_name, sha256, sheet, mapping_json, headers_key,
        rows_read, rows_imported, undone_at, undone_by, created_at, created_by, updated_at, updated_by)
    SELECT id, kind, file_name, sha256, sheet, mapping_json, headers_key,
        rows_read, rows_imported, undone_at, undone_by, created_at, created_by, updated_at, updated_by
    FROM import_batch;

DROP TABLE import_batch;
ALTER TABLE import_batch_new RENAME TO import_batch;
CREATE INDEX import_batch_headers ON import_batch (kind, headers_key);

-- The dossier's number on Démarches Simplifiées, once in a call.
ALTER TABLE fund_application ADD COLUMN ds_number INTEGER CHECK (ds_number IS NULL OR ds_number > 0);
ALTER TABLE fund_application ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);
ALTER TABLE fund_organisation ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);
ALTER TABLE partner ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);
ALTER TABLE event ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);
ALTER TABLE budget_commitment ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);
ALTER TABLE budget_payment ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);

CREATE UNIQUE INDEX fund_application_ds_number ON fund_application (call_id, ds_number)
    WHERE ds_number IS NOT NULL;
CREATE INDEX fund_application_import_batch ON fund_application (import_batch_id)
    WHERE import_batch_id IS NOT NULL;
CREATE INDEX fund_organisation_import_batch ON fund_organisation (import_batch_id)
    WHERE import_batch_id IS NOT NULL;
CREATE INDEX partner_import_batch ON partner (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX event_import_batch ON event (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX budget_commitment_import_batch ON budget_commitment (import_batch_id)
    WHERE import_batch_id IS NOT NULL;
CREATE INDEX budget_payment_import_batch ON budget_payment (import_batch_id)
    WHERE import_batch_id IS NOT NULL;

-- A received application stays, with its history; except when the import
-- that brought it in is taken back whole (the batch is marked undone first,
-- in the same transaction, and the journal keeps every deleted row).
DROP TRIGGER fund_application_keep_received;
CREATE TRIGGER fund_application_keep_received BEFORE DELETE ON fund_application
WHEN (OLD.stage <> 'draft' OR OLD.decision IS NOT NULL)
    AND NOT (OLD.decision IS NULL AND OLD.stage = 'received'
        AND (SELECT undone_at FROM import_batch WHERE id = OLD.import_batch_id) IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'only a draft application is deleted');
END;

DROP TRIGGER fund_step_no_delete;
CREATE TRIGGER fund_step_no_delete BEFORE DELETE ON fund_step
WHEN coalesce((SELECT stage FROM fund_application WHERE id = OLD.application_id), 'draft') <> 'draft'
    AND (SELECT b.undone_at FROM fund_application a JOIN import_batch b ON b.id = a.import_batch_id
         WHERE a.id = OLD.application_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'the fund history is append-only');
END;
