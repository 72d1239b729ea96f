-- Plan LCD, partners, conventions and committees: the partner organisations
-- and their contacts, the conventions signed with them (partners, dates,
-- renewal, notice, each party's commitments), the committees they set up and
-- their meetings (organisations present, decisions, follow-up actions).
-- Released migrations are never edited: add a new numbered file instead.
-- Dates are ISO text. A convention's end, next renewal and notice deadline
-- are computed on reading from its start, duration and notice; nothing here
-- stores them, and no reminder is stored either.

CREATE TABLE partner (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 200),
    kind        TEXT    NOT NULL CHECK (kind IN ('state_service', 'independent_authority',
                    'training_body', 'network', 'association', 'company_network', 'commune', 'other')),
    siret       TEXT    CHECK (siret IS NULL OR (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*')),
    address     TEXT    NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    website     TEXT    NOT NULL DEFAULT '' CHECK (length(website) <= 300),
    notes       TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
) STRICT;

CREATE TABLE partner_contact (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partner (id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL CHECK (position >= 0),
    name        TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    role        TEXT    NOT NULL DEFAULT '' CHECK (length(role) <= 100),
    email       TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 200
                    AND (email = '' OR email GLOB '?*@?*.?*')),
    phone       TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 30)
) STRICT;

CREATE INDEX partner_contact_partner ON partner_contact (partner_id);

CREATE TABLE convention (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
    signed_on         TEXT    NOT NULL CHECK (date(signed_on) IS signed_on),
    starts_on         TEXT    NOT NULL CHECK (date(starts_on) IS starts_on),
    -- The duration of one term, in months; a tacit renewal starts a new term
    -- of the same length on the anniversary.
    duration_months   INTEGER NOT NULL CHECK (duration_months BETWEEN 1 AND 240),
    tacit_renewal     INTEGER NOT NULL CHECK (tacit_renewal IN (0, 1)),
    -- 0 when the convention says nothing of a notice period.
    notice_months     INTEGER NOT NULL DEFAULT 0 CHECK (notice_months >= 0
                          AND notice_months < duration_months),
    status            TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'denounced', 'ended')),
    file_location     TEXT    NOT NULL DEFAULT '' CHECK (length(file_location) <= 1000),
    notes             TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at        TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    updated_by        TEXT    NOT NULL
) STRICT;

CREATE TABLE convention_partner (
    convention_id  INTEGER NOT NULL REFERENCES convention (id) ON DELETE RESTRICT,
    partner_id     INTEGER NOT NULL REFERENCES partner (id) ON DELETE RESTRICT,
    PRIMARY KEY (convention_id, partner_id)
) STRICT;

CREATE INDEX convention_partner_partner ON convention_partner (partner_id);

CREATE TABLE convention_commitment (
    id                INTEGER PRIMARY KEY,
    convention_id     INTEGER NOT NULL REFERENCES convention (id) ON DELETE RESTRICT,
    position          INTEGER NOT NULL CHECK (position >= 0),
    -- The party that committed: one of the convention's partners, or NULL
    -- for the unit's own authority (la collectivité).
    party_partner_id  INTEGER REFERENCES partner (id) ON DELETE RESTRICT,
    text              TEXT    NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 1000),
    status            TEXT    NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    evidence          TEXT    NOT NULL DEFAULT '' CHECK (length(evidence) <= 2000)
) STRICT;

CREATE INDEX convention_commitment_convention ON convention_commitment (convention_id);
CREATE INDEX convention_commitment_party ON convention_commitment (party_partner_id);

-- A commitment's party is one of the convention's own partners.
CREATE TRIGGER convention_commitment_party_insert
BEFORE INSERT ON convention_commitment
WHEN NEW.party_partner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM convention_partner
        WHERE convention_id = NEW.convention_id AND partner_id = NEW.party_partner_id)
BEGIN
    SELECT RAISE(ABORT, 'the party of a commitment is not a partner of the convention');
END;

CREATE TRIGGER convention_commitment_party_update
BEFORE UPDATE OF party_partner_id, convention_id ON convention_commitment
WHEN NEW.party_partner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM convention_partner
        WHERE convention_id = NEW.convention_id AND partner_id = NEW.party_partner_id)
BEGIN
    SELECT RAISE(ABORT, 'the party of a commitment is not a partner of the convention');
END;

-- A partner leaves a convention only once none of its commitments names it.
CREATE TRIGGER convention_partner_keeps_commitments
BEFORE DELETE ON convention_partner
WHEN EXISTS (SELECT 1 FROM convention_commitment
        WHERE convention_id = OLD.convention_id AND party_partner_id = OLD.partner_id)
BEGIN
    SELECT RAISE(ABORT, 'a commitment still names this partner');
END;

CREATE TABLE committee (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    kind                TEXT    NOT NULL CHECK (kind IN ('steering', 'technical', 'other')),
    convention_id       INTEGER REFERENCES convention (id) ON DELETE RESTRICT,
    -- Meetings planned a year; 0 when it meets as needed.
    frequency_per_year  INTEGER NOT NULL CHECK (frequency_per_year IN (0, 1, 2, 3, 4, 6, 12)),
    notes               TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at          TEXT    NOT NULL,
    created_by          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    updated_by          TEXT    NOT NULL
) STRICT;

CREATE INDEX committee_convention ON committee (convention_id);

CREATE TABLE committee_meeting (
    id            INTEGER PRIMARY KEY,
    committee_id  INTEGER NOT NULL REFERENCES committee (id) ON DELETE RESTRICT,
    held_on       TEXT    NOT NULL CHECK (date(held_on) IS held_on),
    agenda        TEXT    NOT NULL DEFAULT '' CHECK (length(agenda) <= 5000),
    decisions     TEXT    NOT NULL DEFAULT '' CHECK (length(decisions) <= 5000),
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    updated_by    TEXT    NOT NULL
) STRICT;

CREATE INDEX committee_meeting_committee ON committee_meeting (committee_id, held_on);

CREATE TABLE meeting_attendance (
    meeting_id  INTEGER NOT NULL REFERENCES committee_meeting (id) ON DELETE RESTRICT,
    partner_id  INTEGER NOT NULL REFERENCES partner (id) ON DELETE RESTRICT,
    PRIMARY KEY (meeting_id, partner_id)
) STRICT;

CREATE INDEX meeting_attendance_partner ON meeting_attendance (partner_id);

CREATE TABLE meeting_follow_up (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES committee_meeting (id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL CHECK (position >= 0),
    text        TEXT    NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 1000),
    owner       TEXT    NOT NULL DEFAULT '' CHECK (length(owner) <= 200),
    due_on      TEXT    CHECK (due_on IS NULL OR date(due_on) IS due_on),
    status      TEXT    NOT NULL CHECK (status IN ('todo', 'done'))
) STRICT;

CREATE INDEX meeting_follow_up_meeting ON meeting_follow_up (meeting_id);
