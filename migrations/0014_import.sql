-- An import: the rows of one file brought in at once, as one batch, so that
-- the journal says who brought which file in (its name and SHA-256, the
-- sheet, the columns chosen) and the project lead can take the whole batch
-- back while nothing has been built on its records.

CREATE TABLE import_batch (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('trainings')),
    file_name     TEXT    NOT NULL CHECK (length(trim(file_name)) BETWEEN 1 AND 500),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    sheet         TEXT    NOT NULL DEFAULT '' CHECK (length(sheet) <= 200),
    mapping_json  TEXT    NOT NULL CHECK (json_valid(mapping_json)),
    -- The file's header as words: a file with the same header is offered
    -- the same columns again.
    headers_key   TEXT    NOT NULL DEFAULT '' CHECK (length(headers_key) <= 20000),
    rows_read     INTEGER NOT NULL CHECK (rows_read >= 1),
    rows_imported INTEGER NOT NULL CHECK (rows_imported BETWEEN 1 AND rows_read),
    undone_at     TEXT,
    undone_by     TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    updated_by    TEXT    NOT NULL,
    CHECK ((undone_at IS NULL) = (undone_by = ''))
) STRICT;

-- The batch a session came in with; empty for a session typed in the form.
ALTER TABLE training_session ADD COLUMN import_batch_id INTEGER REFERENCES import_batch (id);

CREATE INDEX import_batch_headers ON import_batch (kind, headers_key);

CREATE INDEX training_session_import_batch ON training_session (import_batch_id)
    WHERE import_batch_id IS NOT NULL;
