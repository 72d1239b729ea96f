-- Plan LCD, annual initiative fund: the yearly call for projects with its
-- criteria and required documents, the applicant organisations, the grant
-- applications with their communes, other funders, indicators, documents
-- received, scores, payment tranches, and the dated history of every step.
-- Released migrations are never edited: add a new numbered file instead.
-- Dates are ISO text, money integer cents.

CREATE TABLE fund_call (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    name            TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    envelope_cents  INTEGER NOT NULL CHECK (envelope_cents > 0),
    opens_on        TEXT    NOT NULL CHECK (date(opens_on) IS opens_on),
    closes_on       TEXT    NOT NULL CHECK (date(closes_on) IS closes_on AND closes_on >= opens_on),
    -- The granting authority's SIRET, for the SCDL open-data export.
    grantor_siret   TEXT    CHECK (grantor_siret IS NULL OR (length(grantor_siret) = 14
                        AND grantor_siret NOT GLOB '*[^0-9]*')),
    notes           TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
) STRICT;

CREATE TABLE fund_criterion (
    id        INTEGER PRIMARY KEY,
    call_id   INTEGER NOT NULL REFERENCES fund_call (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL CHECK (position >= 0),
    label     TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 300),
    weight    INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    UNIQUE (call_id, position)
) STRICT;

CREATE TABLE fund_required_document (
    id        INTEGER PRIMARY KEY,
    call_id   INTEGER NOT NULL REFERENCES fund_call (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL CHECK (position >= 0),
    label     TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 200),
    UNIQUE (call_id, position)
) STRICT;

-- Applicants, reused from year to year. The contact is the only personal data.
CREATE TABLE fund_organisation (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    kind           TEXT    NOT NULL CHECK (kind IN ('association', 'commune', 'ccas', 'public_body',
                       'company', 'other')),
    siret          TEXT    UNIQUE CHECK (siret IS NULL OR (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*')),
    rna            TEXT    UNIQUE CHECK (rna IS NULL OR (kind = 'association'
                       AND rna GLOB 'W[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
    address        TEXT    NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    commune_insee  TEXT    REFERENCES commune (insee) ON DELETE RESTRICT,
    city           TEXT    NOT NULL DEFAULT '' CHECK (length(city) <= 100),
    contact_name   TEXT    NOT NULL DEFAULT '' CHECK (length(contact_name) <= 100),
    contact_role   TEXT    NOT NULL DEFAULT '' CHECK (length(contact_role) <= 100),
    contact_email  TEXT    NOT NULL DEFAULT '' CHECK (length(contact_email) <= 200),
    contact_phone  TEXT    NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 30),
    created_at     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    updated_by     TEXT    NOT NULL
) STRICT;

CREATE TABLE fund_application (
    id                       INTEGER PRIMARY KEY,
    call_id                  INTEGER NOT NULL REFERENCES fund_call (id) ON DELETE RESTRICT,
    organisation_id          INTEGER NOT NULL REFERENCES fund_organisation (id) ON DELETE RESTRICT,
    title                    TEXT    NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
    summary                  TEXT    NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
    public_concerned         TEXT    NOT NULL DEFAULT '' CHECK (length(public_concerned) <= 300),
    priority_neighbourhoods  INTEGER NOT NULL DEFAULT 0 CHECK (priority_neighbourhoods IN (0, 1)),
    starts_on                TEXT    NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on                  TEXT    NOT NULL CHECK (date(ends_on) IS ends_on AND ends_on >= starts_on),
    total_budget_cents       INTEGER NOT NULL CHECK (total_budget_cents > 0),
    requested_cents          INTEGER NOT NULL CHECK (requested_cents > 0 AND requested_cents <= total_budget_cents),
    stage                    TEXT    NOT NULL CHECK (stage IN ('draft', 'received', 'incomplete', 'complete',
                                 'under_review', 'granted', 'refused', 'withdrawn', 'agreement_signed',
                                 'report_received', 'closed')),
    -- What the committee decided; only 'granted' counts against the envelope.
    decision                 TEXT    CHECK (decision IS NULL OR decision IN ('granted', 'refused', 'withdrawn')),
    received_on              TEXT    CHECK (received_on IS NULL OR date(received_on) IS received_on),
    missing                  TEXT    NOT NULL DEFAULT '' CHECK (length(missing) <= 2000),
    -- Private notes of the review: never printed for the applicant.
    review_notes             TEXT    NOT NULL DEFAULT '' CHECK (length(review_notes) <= 5000),
    granted_cents            INTEGER CHECK (granted_cents IS NULL OR (granted_cents > 0
                                 AND granted_cents <= requested_cents)),
    decided_on               TEXT    CHECK (decided_on IS NULL OR (date(decided_on) IS decided_on
                                 AND received_on IS NOT NULL AND decided_on >= received_on)),
    decision_ref             TEXT    NOT NULL DEFAULT '' CHECK (length(decision_ref) <= 100),
    decision_reason          TEXT    NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 2000),
    agreement_signed_on      TEXT    CHECK (agreement_signed_on IS NULL OR date(agreement_signed_on) IS agreement_signed_on),
    report_due_on            TEXT    CHECK (report_due_on IS NULL OR date(report_due_on) IS report_due_on),
    report_received_on       TEXT    CHECK (report_received_on IS NULL OR date(report_received_on) IS report_received_on),
    closed_on                TEXT    CHECK (closed_on IS NULL OR date(closed_on) IS closed_on),
    created_at               TEXT    NOT NULL,
    created_by               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    updated_by               TEXT    NOT NULL,
    CHECK (decision IS NOT 'granted' OR granted_cents IS NOT NULL),
    CHECK (decision IS NOT 'refused' OR length(trim(decision_reason)) > 0),
    CHECK (stage = 'draft' OR received_on IS NOT NULL)
) STRICT;

CREATE INDEX fund_application_call ON fund_application (call_id, stage);
CREATE INDEX fund_application_organisation ON fund_application (organisation_id);

CREATE TABLE fund_application_commune (
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    commune_insee   TEXT    NOT NULL REFERENCES commune (insee) ON DELETE RESTRICT,
    PRIMARY KEY (application_id, commune_insee)
) STRICT;

CREATE TABLE fund_cofunder (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    position        INTEGER NOT NULL CHECK (position >= 0),
    name            TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    UNIQUE (application_id, position)
) STRICT;

CREATE TABLE fund_indicator (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    position        INTEGER NOT NULL CHECK (position >= 0),
    label           TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 200),
    target          INTEGER NOT NULL CHECK (target >= 0),
    achieved        INTEGER CHECK (achieved IS NULL OR achieved >= 0),
    UNIQUE (application_id, position)
) STRICT;

CREATE TABLE fund_document_received (
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    document_id     INTEGER NOT NULL REFERENCES fund_required_document (id) ON DELETE RESTRICT,
    received_on     TEXT    NOT NULL CHECK (date(received_on) IS received_on),
    PRIMARY KEY (application_id, document_id)
) STRICT;

CREATE TABLE fund_score (
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    criterion_id    INTEGER NOT NULL REFERENCES fund_criterion (id) ON DELETE RESTRICT,
    score           INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
    PRIMARY KEY (application_id, criterion_id)
) STRICT;

CREATE TABLE fund_payment (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    planned_on      TEXT    NOT NULL CHECK (date(planned_on) IS planned_on),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_on         TEXT    CHECK (paid_on IS NULL OR date(paid_on) IS paid_on),
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
) STRICT;

CREATE INDEX fund_payment_application ON fund_payment (application_id);

-- Every step of an application's life, payments included, appended and never
-- rewritten: an undo is a step of its own, with its reason.
CREATE TABLE fund_step (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES fund_application (id) ON DELETE RESTRICT,
    kind            TEXT    NOT NULL CHECK (kind IN ('create', 'forward', 'undo', 'payment', 'edit')),
    from_stage      TEXT    NOT NULL,
    to_stage        TEXT    NOT NULL,
    -- The date the step happened (receipt, committee, signature...), as stated.
    on_date         TEXT    CHECK (on_date IS NULL OR date(on_date) IS on_date),
    amount_cents    INTEGER,
    detail          TEXT    NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    at              TEXT    NOT NULL,
    actor_name      TEXT    NOT NULL,
    actor_role      TEXT    NOT NULL,
    CHECK (kind <> 'undo' OR length(trim(detail)) > 0)
) STRICT;

CREATE INDEX fund_step_application ON fund_step (application_id, id);

CREATE TRIGGER fund_step_no_update BEFORE UPDATE ON fund_step
BEGIN
    SELECT RAISE(ABORT, 'the fund history is append-only');
END;

-- Second walls behind the core's checks: the grants of a call never exceed
-- its envelope, and an application's tranches never exceed its grant.
CREATE TRIGGER fund_envelope_on_update AFTER UPDATE OF decision, granted_cents ON fund_application
WHEN NEW.decision = 'granted'
BEGIN
    SELECT RAISE(ABORT, 'fund envelope exceeded')
    WHERE (SELECT coalesce(sum(granted_cents), 0) FROM fund_application
           WHERE call_id = NEW.call_id AND decision = 'granted')
        > (SELECT envelope_cents FROM fund_call WHERE id = NEW.call_id);
END;

CREATE TRIGGER fund_envelope_on_insert AFTER INSERT ON fund_application
WHEN NEW.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an application is created undecided');
END;

CREATE TRIGGER fund_envelope_on_call_update AFTER UPDATE OF envelope_cents ON fund_call
BEGIN
    SELECT RAISE(ABORT, 'fund envelope exceeded')
    WHERE (SELECT coalesce(sum(granted_cents), 0) FROM fund_application
           WHERE call_id = NEW.id AND decision = 'granted') > NEW.envelope_cents;
END;

CREATE TRIGGER fund_payment_within_grant_insert AFTER INSERT ON fund_payment
BEGIN
    SELECT RAISE(ABORT, 'payments exceed the grant')
    WHERE (SELECT coalesce(sum(amount_cents), 0) FROM fund_payment WHERE application_id = NEW.application_id)
        > coalesce((SELECT granted_cents FROM fund_application
           WHERE id = NEW.application_id AND decision = 'granted'), 0);
END;

CREATE TRIGGER fund_payment_within_grant_update AFTER UPDATE OF amount_cents ON fund_payment
BEGIN
    SELECT RAISE(ABORT, 'payments exceed the grant')
    WHERE (SELECT coalesce(sum(amount_cents), 0) FROM fund_payment WHERE application_id = NEW.application_id)
        > coalesce((SELECT granted_cents FROM fund_application
           WHERE id = NEW.application_id AND decision = 'granted'), 0);
END;

-- Only a draft is ever deleted, with its history; a received application,
-- decided or not, stays, and so does every step of its history.
CREATE TRIGGER fund_application_keep_received BEFORE DELETE ON fund_application
WHEN OLD.stage <> 'draft' OR OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'only a draft application is deleted');
END;

CREATE TRIGGER fund_step_no_delete BEFORE DELETE ON fund_step
WHEN coalesce((SELECT stage FROM fund_application WHERE id = OLD.application_id), 'draft') <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the fund history is append-only');
END;

-- The other funders and the request never exceed the project's budget. The
-- core rewrites an application's funders after its row, so checking each
-- funder as it is written sees the final request and budget.
CREATE TRIGGER fund_cofunders_within_budget_insert AFTER INSERT ON fund_cofunder
BEGIN
    SELECT RAISE(ABORT, 'other funders and the request exceed the total budget')
    WHERE (SELECT coalesce(sum(amount_cents), 0) FROM fund_cofunder WHERE application_id = NEW.application_id)
        + (SELECT requested_cents FROM fund_application WHERE id = NEW.application_id)
        > (SELECT total_budget_cents FROM fund_application WHERE id = NEW.application_id);
END;

CREATE TRIGGER fund_cofunders_within_budget_update AFTER UPDATE OF amount_cents ON fund_cofunder
BEGIN
    SELECT RAISE(ABORT, 'other funders and the request exceed the total budget')
    WHERE (SELECT coalesce(sum(amount_cents), 0) FROM fund_cofunder WHERE application_id = NEW.application_id)
        + (SELECT requested_cents FROM fund_application WHERE id = NEW.application_id)
        > (SELECT total_budget_cents FROM fund_application WHERE id = NEW.application_id);
END;

-- A tranche is paid only after the decision that grants it.
CREATE TRIGGER fund_payment_after_decision_insert AFTER INSERT ON fund_payment
WHEN NEW.paid_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a payment precedes its decision')
    WHERE NEW.paid_on < coalesce((SELECT decided_on FROM fund_application WHERE id = NEW.application_id), '9999-12-31');
END;

CREATE TRIGGER fund_payment_after_decision_update AFTER UPDATE OF paid_on ON fund_payment
WHEN NEW.paid_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a payment precedes its decision')
    WHERE NEW.paid_on < coalesce((SELECT decided_on FROM fund_application WHERE id = NEW.application_id), '9999-12-31');
END;
