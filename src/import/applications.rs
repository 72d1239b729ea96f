//! Grant applications and their organisations, from a unit's spreadsheet or
//! from the dossiers export of a call's procedure on Démarches Simplifiées
//! (DS, demarches.numerique.gouv.fr).
//!
//! DS documents the fixed columns of its dossiers export (XLSX, ODS, CSV):
//! « ID », « Email », « État du dossier », « Dernière mise à jour le »,
//! « Déposé le », « Passé en instruction le », « Traité le », « Motivation de
//! la décision », « Instructeurs », then the procedure's own fields; the
//! applicant's establishment comes as « Établissement SIRET », « Entreprise
//! raison sociale », « Association RNA », « Association titre » (DS's help,
//! « Télécharger les dossiers » / « Export des dossiers »). Those names are
//! the fields' synonyms below, so that a DS file needs no choosing of
//! columns beyond the procedure's own fields.
//!
//! Each row is two forms as typed: the organisation ([`OrganisationInput`],
//! checked by the organisation form's validator unless the file names one
//! already recorded, by SIRET, RNA or, when it gives neither, by name) and
//! the application ([`ApplicationInput`], checked by the application form's
//! validator) in the call chosen. The DS number is kept: a newer export of
//! the same procedure never adds its dossiers again, and brings them up to
//! date when the person asks (the fields the file has, over the stored
//! form, checked as an edit is). DS's state becomes a stage the person confirms ([`ImportStage`]):
//! received on « Déposé le », or a draft, or left out. An import never
//! decides: a dossier « Accepté » or « Refusé » on DS comes in received, and
//! its preview row says the decision is the project lead's to record.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{cell_errors, date_text, overlay, Checked, Kind};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::organisations::{
    self, field, import_field, organisation, organisation_id, Known, OrganisationRef,
};
use super::read::Table;
use super::{ImportKind, ImportOptions, ImportStage, RowStatus, StateChoice};
use crate::error::{Error, FieldErrors, Result};
use crate::fund::{
    application_form, insert_application, record_receipt, validate_application, write_update,
    ApplicationContext, ApplicationInput, Stage, ValidApplication,
};
use crate::store::WriteCtx;

/// Démarches Simplifiées' fixed columns: the dossier's number, state and
/// filing date.
const DOSSIER_FIELDS: &[FieldSpec] = &[
    field!(
        "ds_number",
        "N° de dossier DS",
        ["ID", "Numéro de dossier", "N° dossier", "Dossier n°"]
    ),
    field!(
        "state",
        "État du dossier",
        ["État", "Etat", "Statut", "Statut du dossier"]
    ),
    field!(
        "received_on",
        "Déposé le",
        ["Date de dépôt", "Reçu le", "Date de réception", "Déposé"]
    ),
];

/// The application form's fields.
const PROJECT_FIELDS: &[FieldSpec] = &[
    field!(
        "title",
        "Intitulé du projet",
        [
            "Titre du projet",
            "Nom du projet",
            "Projet",
            "Intitulé",
            "Nom de l’action",
        ]
    ),
    field!(
        "summary",
        "Résumé du projet",
        [
            "Résumé",
            "Description",
            "Description du projet",
            "Présentation du projet",
        ]
    ),
    field!(
        "public_concerned",
        "Public concerné",
        ["Public visé", "Public", "Bénéficiaires"]
    ),
    field!(
        "communes",
        "Communes concernées",
        ["Communes", "Territoire", "Commune du projet"]
    ),
    field!(
        "starts_on",
        "Début du projet",
        ["Date de début", "Début", "Date de début du projet"]
    ),
    field!(
        "ends_on",
        "Fin du projet",
        ["Date de fin", "Fin", "Date de fin du projet"]
    ),
    field!(
        "total_budget",
        "Budget total",
        [
            "Coût total",
            "Budget du projet",
            "Coût total du projet",
            "Budget prévisionnel",
        ]
    ),
    field!(
        "requested",
        "Montant demandé",
        [
            "Subvention demandée",
            "Montant sollicité",
            "Demande",
            "Montant de la subvention demandée",
        ]
    ),
    field!(
        "grant_share",
        "Part de la subvention (%)",
        ["Part", "Quote-part"]
    ),
];

/// The fields an applications file fills: the dossier, its organisation
/// (with DS's column names) and its project.
pub static FIELDS: LazyLock<Vec<FieldSpec>> =
    LazyLock::new(|| [DOSSIER_FIELDS, organisations::FIELDS, PROJECT_FIELDS].concat());

/// The history's detail of a receipt an import wrote: the undo knows its
/// own steps from those taken since.
const IMPORTED_RECEIPT: &str = "Date de dépôt lue dans le fichier importé";

/// Grant applications, as [`batch`](super::batch) imports them.
pub struct Applications;

/// A row ready to write.
#[derive(Debug, Clone)]
pub enum ValidRow {
    Create {
        organisation: OrganisationRef,
        application: Box<ValidApplication>,
        ds_number: Option<i64>,
        received_on: Option<NaiveDate>,
    },
    Update {
        id: i64,
        stage: Stage,
        application: Box<ValidApplication>,
        received_on: Option<NaiveDate>,
        /// The DS number of a dossier typed in Plan LCD before its export
        /// came in, recorded on it.
        ds_number: Option<i64>,
    },
}

/// An application already recorded in the call, as its update compares it.
struct Recorded {
    id: i64,
    stage: String,
    granted_cents: Option<i64>,
    content: Content,
}

/// What an update may change, compared with the row.
#[derive(PartialEq, Eq)]
struct Content {
    title: String,
    summary: String,
    public_concerned: String,
    starts_on: String,
    ends_on: String,
    total_budget_cents: i64,
    requested_cents: i64,
    grant_share_bp: i64,
    communes: String,
}

/// What checking applications needs, read once.
pub struct Context {
    today: NaiveDate,
    call_id: i64,
    known: Known,
    by_ds: HashMap<i64, Recorded>,
    /// The applications of the call without a DS number, by organisation
    /// and title as words.
    by_key: HashMap<(i64, String), Recorded>,
    /// The recorded applications a row of the file already names.
    claimed: HashSet<i64>,
    /// The applications of the call, then each ready row, by organisation
    /// and title as words.
    seen: HashSet<(String, String)>,
    seen_ds: HashSet<i64>,
    states: BTreeMap<String, ImportStage>,
    /// Whether an application already recorded is brought up to date.
    update_present: bool,
}

impl Kind for Applications {
    const KIND: ImportKind = ImportKind::Applications;
    fn fields() -> &'static [FieldSpec] {
        &FIELDS
    }
    type Valid = ValidRow;
    type Context = Context;

    fn context(conn: &Connection, options: &ImportOptions, today: NaiveDate) -> Result<Context> {
        let call_id = options
            .call_id
            .filter(|id| crate::sql::row_exists(conn, "fund_call")(*id))
            .ok_or_else(|| {
                Error::Refused(
                    "Choisissez l’appel à projets dans lequel ces dossiers sont déposés.".into(),
                )
            })?;
        let seen = crate::sql::all(
            conn,
            "SELECT organisation_id, title FROM fund_application WHERE call_id = ?1",
            [call_id],
            |r| {
                Ok((
                    format!("id:{}", r.get::<_, i64>(0)?),
                    normalize(&r.get::<_, String>(1)?),
                ))
            },
        )?
        .into_iter()
        .collect();
        let (by_ds, by_key) = recorded_applications(conn, call_id)?;
        Ok(Context {
            today,
            call_id,
            known: Known::read(conn)?,
            by_ds,
            by_key,
            claimed: HashSet::new(),
            seen,
            seen_ds: HashSet::new(),
            states: options.states.clone(),
            update_present: options.update_present,
        })
    }

    fn states(ctx: &Context, table: &Table, mapping: &Mapping) -> Vec<StateChoice> {
        let mut out: Vec<StateChoice> = Vec::new();
        for row in &table.rows {
            let state = value_of(mapping, "state", &row.cells).trim();
            let key = normalize(state);
            if key.is_empty() {
                continue;
            }
            match out.iter_mut().find(|c| c.key == key) {
                Some(c) => c.rows += 1,
                None => out.push(StateChoice {
                    state: state.to_string(),
                    stage: stage_of(&ctx.states, &key),
                    key,
                    rows: 1,
                }),
            }
        }
        out
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<ValidRow> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (v("title"), v("organisation"));
        let state = v("state");
        let key = normalize(&state);
        let stage = if key.is_empty() {
            if v("received_on").is_empty() {
                ImportStage::Draft
            } else {
                ImportStage::Received
            }
        } else {
            stage_of(&ctx.states, &key)
        };
        if stage == ImportStage::Skip {
            let mut c = Checked::with(0, title, detail, RowStatus::Skipped, None);
            c.row.note = format!("État « {state} » : non importé.");
            return c;
        }
        match check_row(ctx, mapping, cells, stage, conn) {
            Err(e) => Checked::refused(0, title, detail, cell_errors(&e, mapping, import_field)),
            Ok((status, valid)) => {
                let mut c = Checked::with(0, title, detail, status, valid);
                if matches!(
                    key.as_str(),
                    "accepte" | "refuse" | "sans suite" | "classe sans suite"
                ) && status != RowStatus::Present
                {
                    c.row.note = format!(
                        "« {state} » sur Démarches Simplifiées : la décision reste à enregistrer dans Plan LCD par la ou le chef de projet."
                    );
                }
                c
            }
        }
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[ValidRow],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        let mut created = HashMap::new();
        let detail = IMPORTED_RECEIPT;
        for row in rows {
            match row {
                ValidRow::Create {
                    organisation,
                    application,
                    ds_number,
                    received_on,
                } => {
                    let organisation_id =
                        organisation_id(tx, ctx, batch, &mut created, organisation)?;
                    let mut a = (**application).clone();
                    a.organisation_id = organisation_id;
                    let extra = vec![
                        ("ds_number", (*ds_number).into()),
                        ("import_batch_id", batch.into()),
                    ];
                    let id = insert_application(tx, ctx, &a, extra)?;
                    if let Some(on) = received_on {
                        record_receipt(tx, ctx, id, *on, detail)?;
                    }
                }
                ValidRow::Update {
                    id,
                    stage,
                    application: a,
                    received_on,
                    ds_number,
                } => {
                    write_update(tx, ctx, *id, *stage, a)?;
                    if let Some(n) = ds_number {
                        let number = vec![("ds_number", (*n).into())];
                        ctx.update(tx, "fund_application", *id, number)?;
                    }
                    if let Some(on) = received_on {
                        record_receipt(tx, ctx, *id, *on, detail)?;
                    }
                }
            }
            step()?;
        }
        Ok(())
    }

    /// An application of the batch changed, moved on or built on since the
    /// import; an organisation of the batch changed or given another
    /// application since.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        // ?1 the batch, ?2 when it was imported, ?3 its receipts' detail:
        // each query takes the first ones it names.
        let values: [&dyn rusqlite::ToSql; 3] = [&batch, &created_at, &IMPORTED_RECEIPT];
        let first = |sql: &str| -> Result<Option<String>> {
            let mut stmt = conn.prepare(sql)?;
            let n = stmt.parameter_count();
            Ok(stmt.query_row(&values[..n], |r| r.get(0)).optional()?)
        };
        let checks = [
            (
                "SELECT title FROM fund_application WHERE import_batch_id = ?1 AND updated_at > ?2 LIMIT 1",
                "Le dossier « {} » a été modifié ou a avancé depuis l’import",
            ),
            (
                "SELECT a.title FROM fund_application a WHERE a.import_batch_id = ?1 AND EXISTS
                    (SELECT 1 FROM fund_step s WHERE s.application_id = a.id AND (s.at > ?2
                        OR NOT (s.kind = 'create' OR (s.kind = 'forward' AND s.detail = ?3))))
                 LIMIT 1",
                "Le dossier « {} » a avancé depuis l’import",
            ),
            (
                "SELECT a.title FROM fund_application a WHERE a.import_batch_id = ?1 AND (
                    EXISTS (SELECT 1 FROM fund_payment p WHERE p.application_id = a.id)
                    OR EXISTS (SELECT 1 FROM fund_score s WHERE s.application_id = a.id)
                    OR EXISTS (SELECT 1 FROM fund_document_received d WHERE d.application_id = a.id)
                    OR EXISTS (SELECT 1 FROM plan_link l WHERE l.kind = 'grant' AND l.target_id = a.id))
                 LIMIT 1",
                "Le dossier « {} » a depuis des pièces, une notation, des versements ou un lien au plan",
            ),
            (
                "SELECT name FROM fund_organisation WHERE import_batch_id = ?1 AND updated_at > ?2 LIMIT 1",
                "La structure « {} » a été modifiée depuis l’import",
            ),
            (
                "SELECT o.name FROM fund_organisation o JOIN fund_application a ON a.organisation_id = o.id
                 WHERE o.import_batch_id = ?1 AND a.import_batch_id IS NOT ?1 LIMIT 1",
                "La structure « {} » a depuis un autre dossier",
            ),
        ];
        for (sql, message) in checks {
            if let Some(name) = first(sql)? {
                return Ok(Some(format!(
                    "{} : l’import ne peut plus être annulé en bloc.",
                    message.replace("{}", &name)
                )));
            }
        }
        Ok(None)
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        for table in [
            "fund_application_commune",
            "fund_cofunder",
            "fund_indicator",
            "fund_step",
        ] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE application_id IN
                        (SELECT id FROM fund_application WHERE import_batch_id = ?1)"
                ),
                [batch],
            )?;
        }
        let n = tx.execute(
            "DELETE FROM fund_application WHERE import_batch_id = ?1",
            [batch],
        )?;
        tx.execute(
            "DELETE FROM fund_organisation WHERE import_batch_id = ?1",
            [batch],
        )?;
        Ok(n as u32)
    }
}

/// The stage a state of the file becomes: the person's choice, else the
/// usual one. DS's states (« En construction », « En instruction »,
/// « Accepté », « Refusé », « Classé sans suite ») and a spreadsheet's
/// common words; a state not known is left out until the person says.
fn stage_of(chosen: &BTreeMap<String, ImportStage>, key: &str) -> ImportStage {
    if let Some(s) = chosen.get(key) {
        return *s;
    }
    match key {
        "en construction" | "en instruction" | "accepte" | "refuse" | "recu" | "depose"
        | "received" => ImportStage::Received,
        "brouillon" | "draft" => ImportStage::Draft,
        _ => ImportStage::Skip,
    }
}

/// The applications recorded in the call: those with a DS number by their
/// number, the others by organisation and title as words.
#[allow(clippy::type_complexity)]
fn recorded_applications(
    conn: &Connection,
    call_id: i64,
) -> Result<(HashMap<i64, Recorded>, HashMap<(i64, String), Recorded>)> {
    let rows = crate::sql::all(
        conn,
        "SELECT a.ds_number, a.organisation_id, a.id, a.stage,
            CASE WHEN a.decision = 'granted' THEN a.granted_cents END,
            a.title, a.summary, a.public_concerned, a.starts_on, a.ends_on, a.total_budget_cents,
            a.requested_cents, a.grant_share_bp,
            coalesce((SELECT group_concat(commune_insee, ',') FROM
                (SELECT commune_insee FROM fund_application_commune c
                 WHERE c.application_id = a.id ORDER BY commune_insee)), '')
         FROM fund_application a WHERE a.call_id = ?1",
        [call_id],
        |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, i64>(1)?,
                Recorded {
                    id: r.get(2)?,
                    stage: r.get(3)?,
                    granted_cents: r.get(4)?,
                    content: Content {
                        title: r.get(5)?,
                        summary: r.get(6)?,
                        public_concerned: r.get(7)?,
                        starts_on: r.get(8)?,
                        ends_on: r.get(9)?,
                        total_budget_cents: r.get(10)?,
                        requested_cents: r.get(11)?,
                        grant_share_bp: r.get(12)?,
                        communes: r.get(13)?,
                    },
                },
            ))
        },
    )?;
    let (mut by_ds, mut by_key) = (HashMap::new(), HashMap::new());
    for (ds, organisation, r) in rows {
        match ds {
            Some(n) => {
                by_ds.insert(n, r);
            }
            None => {
                by_key.insert((organisation, normalize(&r.content.title)), r);
            }
        }
    }
    Ok((by_ds, by_key))
}

/// A row checked against both forms: new, to update or already there.
fn check_row(
    ctx: &mut Context,
    mapping: &Mapping,
    cells: &[String],
    stage: ImportStage,
    conn: &Connection,
) -> std::result::Result<(RowStatus, Option<ValidRow>), FieldErrors> {
    let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
    let mut e = FieldErrors::new();
    let ds_number = ds_number(&mut e, &v("ds_number"));
    let received_on = match stage {
        ImportStage::Received => receipt(&mut e, &v("received_on"), ctx.today),
        _ => None,
    };
    let organisation = organisation(&mut ctx.known, &mut e, &v);
    // A dossier of an earlier export by its DS number; else one typed in
    // Plan LCD, by its organisation and title, that no earlier row named.
    let by_ds = ds_number.and_then(|n| ctx.by_ds.get(&n));
    let by_key = match (&organisation, by_ds) {
        (Some(OrganisationRef::Recorded(o)), None) => ctx
            .by_key
            .get(&(*o, normalize(&v("title"))))
            .filter(|r| !ctx.claimed.contains(&r.id)),
        _ => None,
    };
    let recorded = by_ds.or(by_key);
    let communes: Vec<String> = v("communes")
        .split([',', ';', '\n'])
        .map(|c| ctx.known.commune(c.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    let input = ApplicationInput {
        call_id: ctx.call_id.to_string(),
        organisation_id: "0".into(),
        title: v("title"),
        summary: v("summary"),
        public_concerned: v("public_concerned"),
        priority_neighbourhoods: false,
        communes: communes.clone(),
        starts_on: date_text(&v("starts_on")),
        ends_on: date_text(&v("ends_on")),
        total_budget: v("total_budget"),
        requested: v("requested"),
        grant_share: v("grant_share"),
        cofunders: Vec::new(),
        indicators: Vec::new(),
    };
    let insee = &ctx.known.insee;
    let application = validate_application(
        &input,
        &ApplicationContext {
            call_exists: &|_| true,
            organisation_exists: &|_| true,
            commune_exists: &|c: &str| insee.contains(c),
            granted_cents: recorded.and_then(|r| r.granted_cents),
        },
    );
    let application = match application {
        Err(more) => {
            for f in more.fields() {
                e.add(f, more.get(f).unwrap_or_default());
            }
            return Err(e);
        }
        Ok(a) if e.is_empty() => a,
        Ok(_) => return Err(e),
    };
    let Some(organisation) = organisation else {
        return Err(e);
    };
    if let Some(n) = ds_number {
        if !ctx.seen_ds.insert(n) {
            return Ok((RowStatus::Present, None));
        }
    }
    if let Some(r) = recorded {
        if ctx.claimed.contains(&r.id) {
            return Ok((RowStatus::Present, None));
        }
        if !ctx.update_present {
            ctx.claimed.insert(r.id);
            return Ok((RowStatus::Present, None));
        }
        let ds_number = ds_number.filter(|_| by_key.is_some());
        let update = update_of(conn, r, &input, mapping, insee, received_on, ds_number)?;
        ctx.claimed.insert(r.id);
        return Ok(update);
    }
    let who = match &organisation {
        OrganisationRef::Recorded(id) => format!("id:{id}"),
        OrganisationRef::New(key, _) => format!("new:{key}"),
    };
    // A DS number names its dossier: another dossier of the same structure
    // and title (a second filing) is not a repeat.
    if !ctx.seen.insert((who, normalize(&application.title))) && ds_number.is_none() {
        return Ok((RowStatus::Present, None));
    }
    Ok((
        RowStatus::Ready,
        Some(ValidRow::Create {
            organisation,
            application: Box::new(application),
            ds_number,
            received_on,
        }),
    ))
}

/// A dossier seen in an earlier export or typed in Plan LCD (when it is
/// given the DS number `ds_number`), when the person asked for updates:
/// its stored form with the row's values over it for the fields the file
/// has (the other funders and indicators typed in Plan LCD stay), checked by
/// the application form's validator as an edit is, and brought up to date
/// when that says something else (and received when it was a draft); left
/// as it is when not, or when it is closed.
fn update_of(
    conn: &Connection,
    r: &Recorded,
    row: &ApplicationInput,
    mapping: &Mapping,
    insee: &HashSet<String>,
    received_on: Option<NaiveDate>,
    ds_number: Option<i64>,
) -> std::result::Result<(RowStatus, Option<ValidRow>), FieldErrors> {
    let stored = application_form(conn, r.id).ok();
    let merged = stored.and_then(|s| overlay(s, row, mapping, |k| vec![k]));
    let Some(merged) = merged else {
        return Ok((RowStatus::Present, None));
    };
    let a = validate_application(
        &merged,
        &ApplicationContext {
            call_exists: &|_| true,
            organisation_exists: &|_| true,
            commune_exists: &|c: &str| insee.contains(c),
            granted_cents: r.granted_cents,
        },
    )?;
    let content = Content {
        title: a.title.clone(),
        summary: a.summary.clone(),
        public_concerned: a.public_concerned.clone(),
        starts_on: crate::sql::iso(a.starts_on),
        ends_on: crate::sql::iso(a.ends_on),
        total_budget_cents: a.total_budget_cents,
        requested_cents: a.requested_cents,
        grant_share_bp: a.grant_share_bp,
        communes: a.communes.join(","),
    };
    let received_on = received_on.filter(|_| r.stage == "draft");
    let stage = Stage::from_code(&r.stage).unwrap_or(Stage::Draft);
    let same = content == r.content && received_on.is_none() && ds_number.is_none();
    if stage == Stage::Closed || same {
        return Ok((RowStatus::Present, None));
    }
    Ok((
        RowStatus::Update,
        Some(ValidRow::Update {
            id: r.id,
            stage,
            application: Box::new(a),
            received_on,
            ds_number,
        }),
    ))
}

/// The DS number: a whole number, or nothing.
fn ds_number(e: &mut FieldErrors, raw: &str) -> Option<i64> {
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            e.add(
                "ds_number",
                "Le numéro de dossier est un nombre entier, par exemple 12345678.",
            );
            None
        }
    }
}

/// « Déposé le » of a dossier received: a date, not in the future.
fn receipt(e: &mut FieldErrors, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    let d = crate::input::required_date(
        e,
        "received_on",
        &date_text(raw),
        "La date de dépôt est obligatoire pour un dossier reçu.",
    )?;
    if d > today {
        e.add("received_on", "Cette date est dans le futur.");
        return None;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ds_states_become_stages_and_decisions_are_not_taken() {
        let none = BTreeMap::new();
        for (state, stage) in [
            ("En construction", ImportStage::Received),
            ("en_instruction", ImportStage::Received),
            ("Accepté", ImportStage::Received),
            ("Refusé", ImportStage::Received),
            ("Classé sans suite", ImportStage::Skip),
            ("Brouillon", ImportStage::Draft),
            ("Peut-être", ImportStage::Skip),
        ] {
            assert_eq!(stage_of(&none, &normalize(state)), stage, "{state}");
        }
        let chosen = BTreeMap::from([("accepte".to_string(), ImportStage::Skip)]);
        assert_eq!(stage_of(&chosen, "accepte"), ImportStage::Skip);
    }
}
