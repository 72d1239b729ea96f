-- When the app itself rewrites the journal's chain from some entry on, so that
-- an older head of the chain kept outside the file (an anchor: the app's data
-- folder, a backup copy, a printed report) can no longer match it: a restore
-- of an older copy, a recovery at start, a personal-data purge (which redacts
-- values and seals the entries again). Entries `from_entry` to `to_entry` of
-- an older anchor are then not comparable; `check` says so and names this row.
-- Journaled like every table, and never rewritten.

CREATE TABLE journal_rebase (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('restore', 'recovery', 'purge')),
    at          TEXT    NOT NULL,
    by_name     TEXT    NOT NULL CHECK (length(trim(by_name)) > 0),
    from_entry  INTEGER NOT NULL CHECK (from_entry >= 1),
    to_entry    INTEGER NOT NULL CHECK (to_entry >= from_entry - 1),
    source      TEXT    NOT NULL DEFAULT '' CHECK (length(source) <= 500)
) STRICT;

CREATE TRIGGER journal_rebase_no_update BEFORE UPDATE ON journal_rebase
BEGIN
    SELECT RAISE(ABORT, 'a rebase of the journal, once recorded, is never rewritten');
END;

CREATE TRIGGER journal_rebase_no_delete BEFORE DELETE ON journal_rebase
BEGIN
    SELECT RAISE(ABORT, 'a rebase of the journal, once recorded, is never removed');
END;
