-- Plan LCD, schema version 1: the unit, its people, its communes and its training sessions.
-- Released migrations are never edited: add a new numbered file instead.

CREATE TABLE unit (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    epci_siren  TEXT    NOT NULL CHECK (length(epci_siren) = 9 AND epci_siren NOT GLOB '*[^0-9]*'),
    epci_name   TEXT    NOT NULL CHECK (length(epci_name) > 0),
    first_year  INTEGER NOT NULL CHECK (first_year BETWEEN 2000 AND 2100),
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
) STRICT;

-- The people who use the app (a name and a role), not a login: see docs/ARCHITECTURE.md.
CREATE TABLE profile (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    role          TEXT    NOT NULL CHECK (role IN ('project_lead', 'assistant', 'manager')),
    created_at    TEXT    NOT NULL,
    last_used_at  TEXT    NOT NULL,
    UNIQUE (name, role)
) STRICT;

-- The member communes of the unit's EPCI, copied from the reference data at setup.
CREATE TABLE commune (
    insee        TEXT    PRIMARY KEY CHECK (length(insee) = 5),
    name         TEXT    NOT NULL CHECK (length(name) > 0),
    population   INTEGER NOT NULL CHECK (population >= 0),
    has_plcd     INTEGER NOT NULL DEFAULT 0 CHECK (has_plcd IN (0, 1)),
    has_officer  INTEGER NOT NULL DEFAULT 0 CHECK (has_officer IN (0, 1)),
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL
) STRICT;

CREATE TABLE training_session (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    theme                TEXT    NOT NULL DEFAULT '' CHECK (length(theme) <= 200),
    audience             TEXT    NOT NULL CHECK (audience IN ('own_agents', 'own_managers',
                             'elected_officials', 'outside_professionals',
                             'volunteers_associations', 'mixed')),
    trainer              TEXT    NOT NULL DEFAULT '' CHECK (length(trainer) <= 200),
    format               TEXT    NOT NULL CHECK (format IN ('in_person', 'remote')),
    first_day            TEXT    NOT NULL CHECK (date(first_day) IS first_day),
    last_day             TEXT    NOT NULL CHECK (date(last_day) IS last_day AND last_day >= first_day),
    -- Hours are stored in hundredths so that 3,5 h stays exact.
    hours_centi          INTEGER NOT NULL CHECK (hours_centi > 0 AND hours_centi <=
                             2400 * (CAST(julianday(last_day) - julianday(first_day) AS INTEGER) + 1)),
    venue                TEXT    NOT NULL DEFAULT '' CHECK (length(venue) <= 200),
    commune_insee        TEXT    REFERENCES commune (insee) ON DELETE RESTRICT,
    capacity             INTEGER CHECK (capacity IS NULL OR capacity > 0),
    registered           INTEGER CHECK (registered IS NULL OR registered >= 0),
    attended_women       INTEGER NOT NULL DEFAULT 0 CHECK (attended_women >= 0),
    attended_men         INTEGER NOT NULL DEFAULT 0 CHECK (attended_men >= 0),
    attended_unstated    INTEGER NOT NULL DEFAULT 0 CHECK (attended_unstated >= 0),
    planned_cost_cents   INTEGER CHECK (planned_cost_cents IS NULL OR planned_cost_cents >= 0),
    actual_cost_cents    INTEGER CHECK (actual_cost_cents IS NULL OR actual_cost_cents >= 0),
    status               TEXT    NOT NULL CHECK (status IN ('planned', 'confirmed', 'held', 'cancelled')),
    cancel_reason        TEXT    NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 500),
    -- Average of the evaluation forms, in tenths: 42 means 4,2 / 5.
    satisfaction_tenths  INTEGER CHECK (satisfaction_tenths IS NULL OR satisfaction_tenths BETWEEN 10 AND 50),
    notes                TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at           TEXT    NOT NULL,
    created_by           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    updated_by           TEXT    NOT NULL,
    CHECK (status <> 'cancelled' OR length(trim(cancel_reason)) > 0),
    CHECK (status = 'held' OR attended_women + attended_men + attended_unstated = 0),
    CHECK (status = 'cancelled' OR cancel_reason = '')
) STRICT;

CREATE INDEX training_session_first_day ON training_session (first_day);
CREATE INDEX training_session_commune ON training_session (commune_insee);
