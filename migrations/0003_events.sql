-- Plan LCD, awareness week and events: the yearly edition of the week, the
-- events (inside an edition or standalone), their cost lines, and the
-- edition's communication campaign.
-- Released migrations are never edited: add a new numbered file instead.
-- Dates are ISO text, times `HH:MM` text, money integer cents.

-- One edition of the week per year. The year is stored so that uniqueness is
-- a constraint, and checked against the first day so that it cannot drift.
CREATE TABLE week_edition (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL UNIQUE CHECK (year = CAST(substr(first_day, 1, 4) AS INTEGER)),
    theme       TEXT    NOT NULL CHECK (length(trim(theme)) BETWEEN 1 AND 200),
    first_day   TEXT    NOT NULL CHECK (date(first_day) IS first_day),
    last_day    TEXT    NOT NULL CHECK (date(last_day) IS last_day AND last_day >= first_day
                            AND julianday(last_day) - julianday(first_day) <= 30),
    aims        TEXT    NOT NULL DEFAULT '' CHECK (length(aims) <= 2000),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
) STRICT;

CREATE TABLE event (
    id                     INTEGER PRIMARY KEY,
    -- NULL: a standalone event, outside the week.
    edition_id             INTEGER REFERENCES week_edition (id) ON DELETE RESTRICT,
    title                  TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    kind                   TEXT    NOT NULL CHECK (kind IN ('conference', 'workshop', 'festive',
                               'exhibition', 'screening_debate', 'school_youth', 'training_related', 'other')),
    day                    TEXT    NOT NULL CHECK (date(day) IS day),
    start_time             TEXT    NOT NULL CHECK (length(start_time) = 5 AND time(start_time || ':00') IS start_time || ':00'),
    end_time               TEXT    NOT NULL CHECK (length(end_time) = 5 AND time(end_time || ':00') IS end_time || ':00'
                               AND end_time > start_time),
    venue                  TEXT    NOT NULL DEFAULT '' CHECK (length(venue) <= 200),
    commune_insee          TEXT    REFERENCES commune (insee) ON DELETE RESTRICT,
    organiser              TEXT    NOT NULL DEFAULT '' CHECK (length(organiser) <= 200),
    partners               TEXT    NOT NULL DEFAULT '' CHECK (length(partners) <= 500),
    public                 TEXT    NOT NULL CHECK (public IN ('general_public', 'children', 'young_people',
                               'adults', 'agents', 'professionals')),
    registration_required  INTEGER NOT NULL DEFAULT 0 CHECK (registration_required IN (0, 1)),
    capacity               INTEGER CHECK (capacity IS NULL OR capacity > 0),
    expected_attendance    INTEGER CHECK (expected_attendance IS NULL OR expected_attendance >= 0),
    -- Actual attendance: a total, optionally split by sex (all three or none).
    attended_total         INTEGER CHECK (attended_total IS NULL OR attended_total >= 0),
    attended_women         INTEGER CHECK (attended_women IS NULL OR attended_women >= 0),
    attended_men           INTEGER CHECK (attended_men IS NULL OR attended_men >= 0),
    attended_unstated      INTEGER CHECK (attended_unstated IS NULL OR attended_unstated >= 0),
    status                 TEXT    NOT NULL CHECK (status IN ('planned', 'confirmed', 'held', 'cancelled')),
    cancel_reason          TEXT    NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 500),
    description            TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at             TEXT    NOT NULL,
    created_by             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    updated_by             TEXT    NOT NULL,
    CHECK ((attended_women IS NULL) = (attended_men IS NULL)
       AND (attended_men IS NULL) = (attended_unstated IS NULL)),
    -- `IS`, not `=`: a split without its total must fail, not compare to NULL.
    CHECK (attended_women IS NULL
       OR attended_total IS attended_women + attended_men + attended_unstated),
    CHECK (status = 'held' OR (attended_total IS NULL AND attended_women IS NULL)),
    CHECK (status <> 'cancelled' OR length(trim(cancel_reason)) > 0),
    CHECK (status = 'cancelled' OR cancel_reason = '')
) STRICT;

-- An event of the week falls on one of its days, and an edition's days keep
-- its events inside them. The core checks both first and answers in French;
-- these triggers are the second wall, also against two users saving at once.
CREATE TRIGGER event_inside_its_edition_insert BEFORE INSERT ON event
WHEN NEW.edition_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM week_edition w
    WHERE w.id = NEW.edition_id AND NEW.day BETWEEN w.first_day AND w.last_day)
BEGIN
    SELECT RAISE(ABORT, 'an event of the week falls on one of its days');
END;

CREATE TRIGGER event_inside_its_edition_update BEFORE UPDATE OF edition_id, day ON event
WHEN NEW.edition_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM week_edition w
    WHERE w.id = NEW.edition_id AND NEW.day BETWEEN w.first_day AND w.last_day)
BEGIN
    SELECT RAISE(ABORT, 'an event of the week falls on one of its days');
END;

CREATE TRIGGER edition_keeps_its_events BEFORE UPDATE OF first_day, last_day ON week_edition
WHEN EXISTS (
    SELECT 1 FROM event e
    WHERE e.edition_id = NEW.id AND (e.day < NEW.first_day OR e.day > NEW.last_day))
BEGIN
    SELECT RAISE(ABORT, 'the events of an edition stay inside its days');
END;

CREATE INDEX event_day ON event (day);
CREATE INDEX event_edition ON event (edition_id);
CREATE INDEX event_commune ON event (commune_insee);

-- What an event cost, line by line; a line belongs to its event and goes with it.
CREATE TABLE event_cost (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES event (id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL CHECK (position >= 0),
    object      TEXT    NOT NULL CHECK (length(trim(object)) BETWEEN 1 AND 200),
    supplier    TEXT    NOT NULL DEFAULT '' CHECK (length(supplier) <= 200),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    UNIQUE (event_id, position)
) STRICT;

-- The edition's communication campaign: posters, press, radio, social media...
CREATE TABLE campaign_item (
    id           INTEGER PRIMARY KEY,
    edition_id   INTEGER NOT NULL REFERENCES week_edition (id) ON DELETE RESTRICT,
    kind         TEXT    NOT NULL CHECK (kind IN ('posters', 'leaflets', 'press', 'radio', 'social_media',
                     'website', 'other')),
    description  TEXT    NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 200),
    supplier     TEXT    NOT NULL DEFAULT '' CHECK (length(supplier) <= 200),
    first_day    TEXT    CHECK (first_day IS NULL OR date(first_day) IS first_day),
    last_day     TEXT    CHECK (last_day IS NULL OR (date(last_day) IS last_day AND first_day IS NOT NULL
                     AND last_day >= first_day)),
    cost_cents   INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
    -- People reached (copies printed, listeners, views), when known.
    reach        INTEGER CHECK (reach IS NULL OR reach >= 0),
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL
) STRICT;

CREATE INDEX campaign_item_edition ON campaign_item (edition_id);
