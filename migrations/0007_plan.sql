-- The plan's axes and actions: each action's owner, status and period, its
-- indicators for a year (target and achieved, scaled by 100), and its links to
-- the trainings, events, grant applications and budget lines that carry it.
-- Roll-ups (share of indicators reaching their target, achieved against
-- target) are computed on reading; nothing here stores a total.

CREATE TABLE plan_axis (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL CHECK (position >= 0),
    title       TEXT    NOT NULL UNIQUE CHECK (length(trim(title)) BETWEEN 1 AND 300),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
) STRICT;

CREATE TABLE plan_action (
    id           INTEGER PRIMARY KEY,
    axis_id      INTEGER NOT NULL REFERENCES plan_axis (id) ON DELETE RESTRICT,
    position     INTEGER NOT NULL CHECK (position >= 0),
    title        TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
    owner        TEXT    NOT NULL DEFAULT '' CHECK (length(owner) <= 200),
    status       TEXT    NOT NULL CHECK (status IN ('to_start', 'in_progress', 'done',
                     'postponed', 'abandoned')),
    start_day    TEXT    CHECK (start_day IS NULL OR date(start_day) IS start_day),
    end_day      TEXT    CHECK (end_day IS NULL OR date(end_day) IS end_day),
    description  TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    created_at   TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL,
    CHECK (start_day IS NULL OR end_day IS NULL OR end_day >= start_day)
) STRICT;

CREATE INDEX plan_action_axis ON plan_action (axis_id);

CREATE TABLE plan_indicator (
    id                   INTEGER PRIMARY KEY,
    action_id            INTEGER NOT NULL REFERENCES plan_action (id) ON DELETE RESTRICT,
    position             INTEGER NOT NULL CHECK (position >= 0),
    year                 INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    label                TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 200),
    unit                 TEXT    NOT NULL DEFAULT '' CHECK (length(unit) <= 50),
    -- Numbers as typed with two decimals at most, times 100: 350 is 3,5.
    target_hundredths    INTEGER NOT NULL CHECK (target_hundredths BETWEEN 0 AND 100000000000),
    -- NULL while nothing is measured yet.
    achieved_hundredths  INTEGER CHECK (achieved_hundredths IS NULL
                             OR achieved_hundredths BETWEEN 0 AND 100000000000),
    created_at           TEXT    NOT NULL,
    created_by           TEXT    NOT NULL
) STRICT;

CREATE INDEX plan_indicator_action ON plan_indicator (action_id);
CREATE INDEX plan_indicator_year ON plan_indicator (year);

-- What carries an action: a training session, an event, a grant application
-- of the fund or a budget line. One table with the kind and the target's id;
-- the triggers below stand in for the foreign key each kind would have.
CREATE TABLE plan_link (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES plan_action (id) ON DELETE RESTRICT,
    kind        TEXT    NOT NULL CHECK (kind IN ('training', 'event', 'grant', 'budget_line')),
    target_id   INTEGER NOT NULL CHECK (target_id > 0),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    UNIQUE (action_id, kind, target_id)
) STRICT;

CREATE INDEX plan_link_target ON plan_link (kind, target_id);

-- A link always points at something that exists.
CREATE TRIGGER plan_link_target_exists
BEFORE INSERT ON plan_link
WHEN NOT CASE NEW.kind
    WHEN 'training' THEN EXISTS (SELECT 1 FROM training_session WHERE id = NEW.target_id)
    WHEN 'event' THEN EXISTS (SELECT 1 FROM event WHERE id = NEW.target_id)
    WHEN 'grant' THEN EXISTS (SELECT 1 FROM fund_application WHERE id = NEW.target_id)
    WHEN 'budget_line' THEN EXISTS (SELECT 1 FROM budget_line WHERE id = NEW.target_id)
    ELSE 0 END
BEGIN
    SELECT RAISE(ABORT, 'plan link to something that does not exist');
END;

-- A link is deleted and added again, never pointed elsewhere.
CREATE TRIGGER plan_link_no_update
BEFORE UPDATE ON plan_link
BEGIN
    SELECT RAISE(ABORT, 'a plan link is deleted and added again, never rewritten');
END;

-- When what carried an action is deleted in its own module, the link goes
-- with it: a link is a pointer, and a deleted session no longer carries
-- anything. The modules' own deletion rules stay as they are.
CREATE TRIGGER plan_link_training_deleted
AFTER DELETE ON training_session
BEGIN
    DELETE FROM plan_link WHERE kind = 'training' AND target_id = OLD.id;
END;

CREATE TRIGGER plan_link_event_deleted
AFTER DELETE ON event
BEGIN
    DELETE FROM plan_link WHERE kind = 'event' AND target_id = OLD.id;
END;

CREATE TRIGGER plan_link_grant_deleted
AFTER DELETE ON fund_application
BEGIN
    DELETE FROM plan_link WHERE kind = 'grant' AND target_id = OLD.id;
END;

CREATE TRIGGER plan_link_budget_line_deleted
AFTER DELETE ON budget_line
BEGIN
    DELETE FROM plan_link WHERE kind = 'budget_line' AND target_id = OLD.id;
END;
