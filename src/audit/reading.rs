//! The journal as people read it: each entry names its record the way the
//! app names it (« Ligne budgétaire Communication 2026 », « Dossier n° 12 —
//! Association Égalité »), each field by its form's label, each value as the
//! window shows it (`3 500,00 €`, `15/03/2026`, « En instruction »), from the
//! labels the core's enums own.
//!
//! Everything here reads the stored entries; nothing is written. A record an
//! entry refers to (a line's budget, an application's structure) is named
//! from its own newest journal entry, so a deleted record keeps its name.
//! Bookkeeping columns (`created_at`, `updated_by`, `last_used_at`…) are not
//! shown, and an update that changed only those is left out of the page and
//! of the export.

use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use super::{entry, object, record_at, Entry, ENTRY_COLUMNS};
use crate::budget::{LineKind, LineNature};
use crate::error::Result;
use crate::events::{CampaignKind, EventKind, EventPublic, EventStatus};
use crate::export::{self, Cell, SheetFormat};
use crate::fund::{Decision, OrganisationKind, Stage};
use crate::input::format_scaled;
use crate::partners::{
    CommitmentStatus, CommitteeKind, ConventionStatus, FollowUpStatus, PartnerKind,
};
use crate::plan::{ActionStatus, LinkKind};
use crate::reports::{count_fr, money_fr};
use crate::rights::Role;
use crate::sql::Paging;
use crate::trainings::{Audience, TrainingFormat, TrainingStatus};

/// What every entry's record is called, by table, in the filter's order.
/// [`record_kinds`] offers them all; a table missing here is a test failure.
pub const RECORD_KINDS: &[(&str, &str)] = &[
    ("unit", "Service"),
    ("profile", "Utilisateur"),
    ("commune", "Commune"),
    ("plan_axis", "Axe du plan"),
    ("plan_action", "Action du plan"),
    ("plan_indicator", "Indicateur d’action"),
    ("plan_link", "Lien d’une action"),
    ("training_session", "Session de formation"),
    ("week_edition", "Édition de la semaine"),
    ("event", "Événement"),
    ("event_cost", "Ligne de coût d’un événement"),
    ("campaign_item", "Élément de campagne"),
    ("fund_call", "Appel à projets"),
    ("fund_criterion", "Critère de notation"),
    ("fund_required_document", "Pièce demandée"),
    ("fund_organisation", "Structure"),
    ("fund_application", "Dossier de subvention"),
    ("fund_application_commune", "Commune d’un dossier"),
    ("fund_cofunder", "Autre financeur"),
    ("fund_indicator", "Indicateur de dossier"),
    ("fund_document_received", "Pièce reçue"),
    ("fund_score", "Note"),
    ("fund_step", "Étape de dossier"),
    ("fund_payment", "Versement"),
    ("budget_year", "Budget annuel"),
    ("budget_line", "Ligne budgétaire"),
    ("budget_amendment", "Décision modificative"),
    ("budget_commitment", "Engagement"),
    ("budget_payment", "Mandat"),
    ("staff_position", "Poste"),
    ("partner", "Partenaire"),
    ("partner_contact", "Contact d’un partenaire"),
    ("convention", "Convention"),
    ("convention_partner", "Signataire d’une convention"),
    ("convention_commitment", "Engagement d’une convention"),
    ("committee", "Instance"),
    ("committee_meeting", "Réunion d’instance"),
    ("meeting_attendance", "Présence à une réunion"),
    ("meeting_follow_up", "Action de suivi"),
    ("privacy_purge", "Purge de données personnelles"),
    ("journal_rebase", "Réécriture du journal"),
    ("import_batch", "Import de fichier"),
];

/// A kind of record the journal's filter offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordKind {
    /// The table's name, which the filter sends back.
    pub code: String,
    pub label: String,
}

/// Every kind of record, for the filter.
pub fn record_kinds() -> Vec<RecordKind> {
    RECORD_KINDS
        .iter()
        .map(|(code, label)| RecordKind {
            code: (*code).into(),
            label: (*label).into(),
        })
        .collect()
}

/// A table's French name; an unknown table is shown as is rather than hidden.
pub fn record_kind_label(table: &str) -> String {
    RECORD_KINDS
        .iter()
        .find(|(t, _)| *t == table)
        .map_or_else(|| table.to_string(), |(_, l)| (*l).to_string())
}

/// « Création », « Modification », « Suppression ».
pub fn action_label(action: &str) -> &str {
    match action {
        "insert" => "Création",
        "update" => "Modification",
        "delete" => "Suppression",
        other => other,
    }
}

/// One field an entry changed, by its label, with its values as shown
/// (`None` where the field had no value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One journal entry, in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalLine {
    pub id: i64,
    /// When, as stored: ISO 8601 in UTC.
    pub at: String,
    pub actor_name: String,
    /// The role's label, empty for the app's own entries.
    pub actor_role: String,
    /// `insert`, `update` or `delete`.
    pub action: String,
    pub action_label: String,
    /// The table, for a filter or a link.
    pub record_kind: String,
    pub record_kind_label: String,
    /// The record as the app names it: « Communication 2026 ».
    pub record: String,
    /// For an update, the fields that changed; for a creation or a
    /// deletion, the values recorded.
    pub changes: Vec<FieldChange>,
}

/// Which entries a page or an export shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalFilter {
    /// A table from [`RECORD_KINDS`]; `None` for every kind.
    pub record_kind: Option<String>,
    pub actor_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalQuery {
    pub filter: JournalFilter,
    /// 1-based; newest entries first.
    pub page: u32,
    pub page_size: u32,
    /// The page shown now, under the same filter: the page next to it is
    /// read from its first or last entry (by key), not by skipping entries.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<JournalCursor>,
}

/// A page of the journal as it was shown: its number and the ids of its
/// newest (`first_id`) and oldest (`last_id`) entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JournalCursor {
    pub page: u32,
    pub first_id: i64,
    pub last_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalPage {
    pub items: Vec<JournalLine>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    /// Every kind of record, for the filter.
    pub kinds: Vec<RecordKind>,
}

/// Columns that say when and by whom a record was saved: the entry itself
/// says that, so they are not listed as changes.
const BOOKKEEPING: &[&str] = &[
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "last_used_at",
];

/// The SQL that keeps an entry: every entry but an update of bookkeeping
/// columns alone (choosing a profile at start touches `last_used_at`).
pub(crate) fn shown_sql() -> String {
    let paths: Vec<String> = BOOKKEEPING.iter().map(|c| format!("'$.{c}'")).collect();
    let paths = paths.join(", ");
    format!(
        "(action <> 'update' OR json_remove(before_json, {paths}) IS NOT json_remove(after_json, {paths}))"
    )
}

const FILTER: &str = "(?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR actor_name = ?2)";

fn filter_params(f: &JournalFilter) -> (Option<&str>, Option<&str>) {
    (
        f.record_kind.as_deref().filter(|s| !s.is_empty()),
        f.actor_name.as_deref().filter(|s| !s.is_empty()),
    )
}

/// The page's conditions and their values: only the filters given, so that
/// SQLite takes the index of each (`audit_entry_kind`, `audit_entry_actor`,
/// `audit_entry_kind_actor`, migration 0016).
fn page_filter(kind: Option<&str>, actor: Option<&str>) -> (String, Vec<String>) {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    for (column, value) in [("table_name", kind), ("actor_name", actor)] {
        if let Some(v) = value {
            conditions.push(format!("{column} = ?{}", values.len() + 1));
            values.push(v.to_string());
        }
    }
    conditions.push(shown_sql());
    (conditions.join(" AND "), values)
}

/// How many entries the filter shows, from the counts the journal keeps per
/// kind and person (`audit_count`, migration 0016): a sum over a few rows.
pub fn shown_count(conn: &Connection, kind: Option<&str>, actor: Option<&str>) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(entries), 0) FROM audit_count
         WHERE (?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR actor_name = ?2)",
        params![kind, actor],
        |r| r.get(0),
    )?)
}

/// The SQL that reads page `page` of `page_count` (`total` entries) under
/// `filter`, and whether it reads the entries oldest first (to reverse).
/// The first and the last pages start at the journal's ends; from the page
/// shown next to it, a page starts after that page's last entry, or before
/// its first (by key: the primary key's order); a page further away skips
/// entries from the nearer end.
fn page_sql(
    filter: &str,
    paging: &Paging,
    total: i64,
    from: Option<JournalCursor>,
) -> (String, bool) {
    let Paging {
        page,
        page_size,
        page_count,
    } = *paging;
    let size = i64::from(page_size);
    let newer = i64::from(page - 1) * size;
    let on_page = size.min(total - newer).max(0);
    let older = (total - newer - on_page).max(0);
    let select = format!("SELECT {ENTRY_COLUMNS} FROM audit_entry WHERE {filter}");
    match from {
        // The first page is always the newest entries, whatever was shown.
        _ if page == 1 => (format!("{select} ORDER BY id DESC LIMIT {size}"), false),
        Some(c) if page == c.page + 1 && page < page_count => (
            format!(
                "{select} AND id < {} ORDER BY id DESC LIMIT {size}",
                c.last_id
            ),
            false,
        ),
        Some(c) if page + 1 == c.page && page > 1 => (
            format!(
                "{select} AND id > {} ORDER BY id ASC LIMIT {size}",
                c.first_id
            ),
            true,
        ),
        _ if page == page_count || older < newer => (
            format!("{select} ORDER BY id ASC LIMIT {on_page} OFFSET {older}"),
            true,
        ),
        _ => (
            format!("{select} ORDER BY id DESC LIMIT {size} OFFSET {newer}"),
            false,
        ),
    }
}

/// A page of the journal, newest first, in French. Its cost does not grow
/// with the journal for the first and last pages and for the pages next to
/// the one shown (`q.from`); the total comes from the counts kept per kind
/// and person.
pub fn page(conn: &Connection, q: &JournalQuery) -> Result<JournalPage> {
    let (kind, actor) = filter_params(&q.filter);
    let total = shown_count(conn, kind, actor)?;
    let paging = Paging::of(total, q.page, q.page_size);
    let (filter, values) = page_filter(kind, actor);
    let (sql, oldest_first) = page_sql(&filter, &paging, total, q.from);
    let mut stmt = conn.prepare(&sql)?;
    let mut raws = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if oldest_first {
        raws.reverse();
    }
    let items = raws.iter().map(|r| line(conn, r)).collect::<Result<_>>()?;
    Ok(JournalPage {
        items,
        total,
        page: paging.page,
        page_count: paging.page_count,
        kinds: record_kinds(),
    })
}

/// Every entry the filter keeps, newest first, in French.
pub fn all(conn: &Connection, filter: &JournalFilter) -> Result<Vec<JournalLine>> {
    let (kind, actor) = filter_params(filter);
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entry WHERE {FILTER} AND {} ORDER BY id DESC",
        shown_sql()
    ))?;
    let raws = stmt
        .query_map(params![kind, actor], entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raws.iter().map(|r| line(conn, r)).collect()
}

const EXPORT_HEADERS: &[&str] = &[
    "N° d’entrée",
    "Date et heure",
    "Personne",
    "Rôle",
    "Action",
    "Type d’enregistrement",
    "Enregistrement",
    "Changements",
];

/// `2026-03-15T09:30:00Z` → `15/03/2026 10:30`, in this computer's time
/// zone, as the window shows it.
pub fn datetime_fr(at: &str) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.with_timezone(&Local).format("%d/%m/%Y %H:%M").to_string(),
        Err(_) => at.to_string(),
    }
}

/// A change as one line of text: « Budget initial : 3 000,00 € → 3 500,00 € ».
pub fn change_text(action: &str, c: &FieldChange) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    match action {
        "update" => format!("{} : {} → {}", c.field, show(&c.before), show(&c.after)),
        "delete" => format!("{} : {}", c.field, show(&c.before)),
        _ => format!("{} : {}", c.field, show(&c.after)),
    }
}

/// Writes the entries `filter` keeps to `path`, one row per entry, read the
/// way the journal page reads. Returns the number of entries written.
pub fn export(
    conn: &Connection,
    filter: &JournalFilter,
    format: SheetFormat,
    path: &std::path::Path,
) -> Result<usize> {
    let lines = all(conn, filter)?;
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| {
            let changes: Vec<String> = l
                .changes
                .iter()
                .map(|c| change_text(&l.action, c))
                .collect();
            vec![
                Cell::Int(Some(l.id)),
                Cell::Text(datetime_fr(&l.at)),
                Cell::Text(l.actor_name.clone()),
                Cell::Text(l.actor_role.clone()),
                Cell::Text(l.action_label.clone()),
                Cell::Text(l.record_kind_label.clone()),
                Cell::Text(l.record.clone()),
                Cell::Text(changes.join("\n")),
            ]
        })
        .collect();
    export::write_table(path, format, "Journal", EXPORT_HEADERS, &rows)?;
    Ok(rows.len())
}

/// The file name the save dialog proposes: `journal-2026-12-01.csv`.
pub fn export_file_name(today: NaiveDate, format: SheetFormat) -> String {
    format!(
        "journal-{}.{}",
        today.format("%Y-%m-%d"),
        format.extension()
    )
}

fn line(conn: &Connection, r: &Entry) -> Result<JournalLine> {
    let before = object(r.before_json.as_deref());
    let after = object(r.after_json.as_deref());
    // An update holds the fields it changed: the record is named by its
    // values as they stood after it.
    let values = match r.action.as_str() {
        "delete" => before.clone(),
        "insert" => after.clone(),
        _ => record_at(conn, &r.table_name, r.row_id, r.id)?
            .map(|rec| rec.values)
            .unwrap_or_default(),
    };
    let record = name(conn, &r.table_name, r.row_id, &values, 0)?;
    let mut order: Vec<String> = conn
        .prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([&r.table_name], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    order.extend(before.keys().chain(after.keys()).cloned());
    let mut changes = Vec::new();
    for (column, label, how) in fields(&r.table_name, order.iter()) {
        let b = before.get(&column).unwrap_or(&Value::Null);
        let a = after.get(&column).unwrap_or(&Value::Null);
        let (b, a) = match r.action.as_str() {
            "update" if b == a => continue,
            "update" => (show(conn, how, b)?, show(conn, how, a)?),
            "delete" => (show(conn, how, b)?, None),
            _ => (None, show(conn, how, a)?),
        };
        if b.is_none() && a.is_none() {
            continue;
        }
        changes.push(FieldChange {
            field: label,
            before: b,
            after: a,
        });
    }
    Ok(JournalLine {
        id: r.id,
        at: r.at.clone(),
        actor_name: r.actor_name.clone(),
        actor_role: Role::from_code(&r.actor_role)
            .map_or_else(|| r.actor_role.clone(), |role| role.label_fr().into()),
        action: r.action.clone(),
        action_label: action_label(&r.action).into(),
        record_kind: r.table_name.clone(),
        record_kind_label: record_kind_label(&r.table_name),
        record,
        changes,
    })
}

/// How a column's value is shown.
#[derive(Clone, Copy)]
enum Shown {
    Text,
    Count,
    Money,
    Date,
    DateTime,
    YesNo,
    /// Hundredths shown as a decimal: FTE, an indicator's value.
    Hundredths,
    /// Hundredths of an hour.
    Hours,
    /// Tenths of a point out of 5.
    Satisfaction,
    /// Basis points as a percentage.
    BasisPoints,
    /// A code, shown by its label.
    Code(fn(&str) -> Option<&'static str>),
    /// The id of a record in this table, shown by its name.
    Ref(&'static str),
    /// An INSEE code, shown with the commune's name.
    Commune,
}

/// The columns of `keys` that people read, in the record's own column
/// order, each with its label and how its value is shown.
fn fields<'a>(table: &str, keys: impl Iterator<Item = &'a String>) -> Vec<(String, String, Shown)> {
    let mut seen = Vec::<String>::new();
    for k in keys {
        if !seen.contains(k) {
            seen.push(k.clone());
        }
    }
    seen.into_iter()
        .filter(|c| c != "id" && !BOOKKEEPING.contains(&c.as_str()))
        .filter_map(|c| field(table, &c).map(|(label, how)| (c, label.to_string(), how)))
        .collect()
}

fn code<T: Copy>(
    from: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
    c: &str,
) -> Option<&'static str> {
    from(c).map(label)
}

macro_rules! labels_of {
    ($t:ty) => {
        Shown::Code(|c| code(<$t>::from_code, <$t>::label_fr, c))
    };
}

fn import_kind(c: &str) -> Option<&'static str> {
    crate::import::ImportKind::from_code(c).map(crate::import::ImportKind::label_fr)
}

fn rebase_kind(c: &str) -> Option<&'static str> {
    match c {
        "restore" => Some("Restauration d’une copie"),
        "recovery" => Some("Reprise sur une copie après un fichier endommagé"),
        "purge" => Some("Purge de données personnelles"),
        "compaction" => Some("Journal réduit aux champs modifiés (mise à jour)"),
        _ => None,
    }
}

fn step_kind(c: &str) -> Option<&'static str> {
    match c {
        "create" => Some("Création du dossier"),
        "forward" => Some("Étape franchie"),
        "undo" => Some("Retour en arrière"),
        "payment" => Some("Versement"),
        "edit" => Some("Modification du dossier"),
        _ => None,
    }
}

/// A column's label, as its form names it, and how its value is shown;
/// `None` for a column kept out of the journal's reading (an ordering
/// position). Every column of every journaled table is listed here or in
/// [`BOOKKEEPING`]: a test walks the schema.
fn field(table: &str, column: &str) -> Option<(&'static str, Shown)> {
    use Shown::*;
    let specific = match (table, column) {
        ("unit", "name") => ("Nom du service", Text),
        ("unit", "epci_siren") => ("SIREN de l’EPCI", Text),
        ("unit", "epci_name") => ("Nom de l’EPCI", Text),
        ("unit", "first_year") => ("Première année du plan", Text),
        ("unit", "is_demo") => ("Données de démonstration", YesNo),
        ("unit", "agreement_for_public_bodies") => {
            ("Convention exigée des organismes publics", YesNo)
        }
        ("profile", "role") => ("Rôle", labels_of!(Role)),
        ("commune", "insee") => ("Code INSEE", Text),
        ("commune", "population") => ("Population", Count),
        ("commune", "has_plcd") => ("Plan local (PLCD)", YesNo),
        ("commune", "has_officer") => ("Chargé·e de mission", YesNo),
        ("training_session", "audience") => ("Public", labels_of!(Audience)),
        ("training_session", "format") => ("Format", labels_of!(TrainingFormat)),
        ("training_session", "status") => ("Statut", labels_of!(TrainingStatus)),
        ("training_session", "trainer") => ("Intervenant ou organisme partenaire", Text),
        ("training_session", "hours_centi") => ("Durée totale", Hours),
        ("training_session", "satisfaction_tenths") => ("Satisfaction moyenne", Satisfaction),
        ("training_session", "registered") => ("Inscrit·es", Count),
        ("training_session", "attended_women") => ("Présentes (femmes)", Count),
        ("training_session", "attended_men") => ("Présents (hommes)", Count),
        ("training_session", "attended_unstated") => ("Présent·es (sexe non renseigné)", Count),
        ("event", "kind") => ("Type d’événement", labels_of!(EventKind)),
        ("event", "public") => ("Public", labels_of!(EventPublic)),
        ("event", "status") => ("Statut", labels_of!(EventStatus)),
        ("event", "partners") => ("Organisations partenaires", Text),
        ("event", "attended_total") => ("Participant·es (total)", Count),
        ("event", "attended_women") => ("Dont femmes", Count),
        ("event", "attended_men") => ("Dont hommes", Count),
        ("event", "attended_unstated") => ("Dont non renseigné", Count),
        ("event", "edition_id") => ("Rattachement", Ref("week_edition")),
        ("campaign_item", "kind") => ("Support", labels_of!(CampaignKind)),
        ("fund_organisation", "kind") => ("Type de structure", labels_of!(OrganisationKind)),
        ("fund_organisation", "name") => ("Nom de la structure", Text),
        ("fund_organisation", "commune_insee") => ("Commune du siège", Commune),
        ("fund_organisation", "city") => ("Ville (hors territoire)", Text),
        ("fund_application", "title") => ("Intitulé du projet", Text),
        ("fund_application", "summary") => ("Résumé du projet", Text),
        ("fund_application", "starts_on") => ("Début du projet", Date),
        ("fund_application", "ends_on") => ("Fin du projet", Date),
        ("fund_application", "stage") => ("Étape", labels_of!(Stage)),
        ("fund_application", "decision") => ("Décision", labels_of!(Decision)),
        ("fund_call", "name") => ("Nom de l’appel", Text),
        ("fund_call", "opens_on") => ("Ouverture du dépôt", Date),
        ("fund_call", "closes_on") => ("Clôture du dépôt", Date),
        ("fund_call", "envelope_cents") => ("Enveloppe", Money),
        ("fund_criterion", "label") => ("Critère", Text),
        ("fund_required_document", "label") => ("Pièce", Text),
        ("fund_indicator", "label") => ("Indicateur", Text),
        ("fund_indicator", "target") => ("Cible", Count),
        ("fund_indicator", "achieved") => ("Réalisé", Count),
        ("fund_step", "kind") => ("Nature de l’étape", Code(step_kind)),
        ("fund_step", "from_stage") => ("Étape de départ", labels_of!(Stage)),
        ("fund_step", "to_stage") => ("Étape d’arrivée", labels_of!(Stage)),
        ("fund_step", "at") => ("Enregistrée le", DateTime),
        ("fund_step", "actor_name") => ("Par", Text),
        ("fund_step", "actor_role") => ("Rôle", labels_of!(Role)),
        ("fund_payment", "planned_on") => ("Date prévue", Date),
        ("fund_payment", "paid_on") => ("Date du versement", Date),
        ("budget_year", "planned_fte_hundredths") => ("ETP prévus au plan", Hundredths),
        ("budget_year", "forecast_increase_cents") => ("Hausse prévue à partir de N+2", Money),
        ("budget_year", "voted_on") => ("Date du vote", Date),
        ("budget_year", "closed_on") => ("Clôturé le", Date),
        ("budget_year", "closed_by") => ("Clôturé par", Text),
        ("budget_line", "label") => ("Intitulé de la ligne", Text),
        ("budget_line", "kind") => ("Sens", labels_of!(LineKind)),
        ("budget_line", "nature") => ("Nature", labels_of!(LineNature)),
        ("budget_line", "initial_cents") => ("Budget initial", Money),
        ("budget_amendment", "day") => ("Date de la décision", Date),
        ("budget_amendment", "reason") => ("Motif", Text),
        ("budget_commitment", "day") => ("Date de l’engagement", Date),
        ("budget_commitment", "party") => ("Fournisseur ou bénéficiaire", Text),
        ("budget_commitment", "amount_cents") => ("Montant engagé", Money),
        ("budget_commitment", "over_commit") => ("Dépassement des crédits confirmé", YesNo),
        ("budget_payment", "day") => ("Date du mandat", Date),
        ("budget_payment", "amount_cents") => ("Montant mandaté", Money),
        ("budget_payment", "reference") => ("Référence du mandat", Text),
        ("staff_position", "title") => ("Intitulé du poste", Text),
        ("staff_position", "person") => ("Personne", Text),
        ("staff_position", "fte_hundredths") => ("Quotité du poste", Hundredths),
        ("staff_position", "plan_share_hundredths") => ("Part consacrée au plan", Hundredths),
        ("staff_position", "yearly_cost_cents") => ("Coût annuel", Money),
        ("partner", "kind") => ("Type de partenaire", labels_of!(PartnerKind)),
        ("partner", "website") => ("Site internet", Text),
        ("partner_contact", "role") => ("Fonction", Text),
        ("convention", "title") => ("Titre de la convention", Text),
        ("convention", "signed_on") => ("Date de signature", Date),
        ("convention", "starts_on") => ("Date de début", Date),
        ("convention", "duration_months") => ("Durée (mois)", Count),
        ("convention", "tacit_renewal") => ("Reconduction tacite", YesNo),
        ("convention", "notice_months") => ("Préavis (mois)", Count),
        ("convention", "status") => ("Situation", labels_of!(ConventionStatus)),
        ("convention", "file_location") => ("Emplacement du fichier signé", Text),
        ("convention_commitment", "party_partner_id") => ("Partie", Ref("partner")),
        ("convention_commitment", "text") => ("Engagement", Text),
        ("convention_commitment", "status") => ("État", labels_of!(CommitmentStatus)),
        ("convention_commitment", "evidence") => ("Preuve", Text),
        ("committee", "name") => ("Nom de l’instance", Text),
        ("committee", "kind") => ("Type d’instance", labels_of!(CommitteeKind)),
        ("committee", "convention_id") => ("Convention qui l’institue", Ref("convention")),
        ("committee", "frequency_per_year") => ("Fréquence prévue (par an)", Count),
        ("committee_meeting", "held_on") => ("Date de la réunion", Date),
        ("committee_meeting", "agenda") => ("Ordre du jour", Text),
        ("committee_meeting", "decisions") => ("Décisions", Text),
        ("meeting_follow_up", "text") => ("Action", Text),
        ("meeting_follow_up", "owner") => ("Responsable", Text),
        ("meeting_follow_up", "due_on") => ("Échéance", Date),
        ("meeting_follow_up", "status") => ("État", labels_of!(FollowUpStatus)),
        ("plan_axis", "title") => ("Intitulé de l’axe", Text),
        ("plan_action", "title") => ("Intitulé de l’action", Text),
        ("plan_action", "owner") => ("Porteur ou porteuse", Text),
        ("plan_action", "status") => ("Statut", labels_of!(ActionStatus)),
        ("plan_action", "start_day") => ("Début de la période", Date),
        ("plan_action", "end_day") => ("Fin de la période", Date),
        ("plan_indicator", "label") => ("Indicateur", Text),
        ("plan_indicator", "unit") => ("Unité", Text),
        ("plan_indicator", "target_hundredths") => ("Cible", Hundredths),
        ("plan_indicator", "achieved_hundredths") => ("Réalisé", Hundredths),
        ("plan_link", "kind") => ("Type", labels_of!(LinkKind)),
        ("plan_link", "target_id") => ("Élément lié (n°)", Text),
        ("privacy_purge", "at") => ("Faite le", DateTime),
        ("privacy_purge", "by_name") => ("Par", Text),
        ("privacy_purge", "contacts") => ("Contacts effacés", Count),
        ("privacy_purge", "summary") => ("Résumé", Text),
        ("journal_rebase", "kind") => ("Nature", Code(rebase_kind)),
        ("journal_rebase", "at") => ("Faite le", DateTime),
        ("journal_rebase", "by_name") => ("Par", Text),
        ("journal_rebase", "from_entry") => ("À partir de l’entrée n°", Count),
        ("journal_rebase", "to_entry") => ("Jusqu’à l’entrée n°", Count),
        ("journal_rebase", "source") => ("Copie", Text),
        ("import_batch", "kind") => ("Données importées", Code(import_kind)),
        ("import_batch", "file_name") => ("Fichier", Text),
        ("import_batch", "sha256") => ("Empreinte SHA-256 du fichier", Text),
        ("import_batch", "sheet") => ("Feuille", Text),
        ("import_batch", "mapping_json") => ("Colonnes choisies", Text),
        ("import_batch", "headers_key") => ("En-tête du fichier", Text),
        ("import_batch", "rows_read") => ("Lignes lues", Count),
        ("import_batch", "rows_imported") => ("Lignes importées", Count),
        ("import_batch", "rows_updated") => ("Lignes mises à jour", Count),
        ("import_batch", "undone_at") => ("Annulé le", DateTime),
        ("import_batch", "undone_by") => ("Annulé par", Text),
        (
            "training_session" | "fund_application" | "fund_organisation" | "partner" | "event"
            | "budget_commitment" | "budget_payment",
            "import_batch_id",
        ) => ("Import", Ref("import_batch")),
        ("fund_application", "ds_number") => ("N° de dossier Démarches Simplifiées", Count),
        (_, "position") => return None,
        _ => return common(column),
    };
    Some(specific)
}

/// Labels of the columns that mean the same in every table.
fn common(column: &str) -> Option<(&'static str, Shown)> {
    use Shown::*;
    Some(match column {
        "title" => ("Intitulé", Text),
        "name" => ("Nom", Text),
        "label" => ("Intitulé", Text),
        "theme" => ("Thème", Text),
        "notes" => ("Notes", Text),
        "description" => ("Description", Text),
        "venue" => ("Lieu", Text),
        "organiser" => ("Organisateur", Text),
        "supplier" => ("Prestataire", Text),
        "object" => ("Objet", Text),
        "reference" => ("Référence", Text),
        "address" => ("Adresse", Text),
        "email" => ("Courriel", Text),
        "phone" => ("Téléphone", Text),
        "siret" => ("SIRET", Text),
        "rna" => ("Numéro RNA", Text),
        "contact_name" => ("Nom du contact", Text),
        "contact_role" => ("Fonction du contact", Text),
        "contact_email" => ("Courriel du contact", Text),
        "contact_phone" => ("Téléphone du contact", Text),
        "public_concerned" => ("Public concerné", Text),
        "priority_neighbourhoods" => ("Quartiers prioritaires de la politique de la ville", YesNo),
        "total_budget_cents" => ("Budget total du projet", Money),
        "requested_cents" => ("Montant demandé", Money),
        "granted_cents" => ("Montant accordé", Money),
        "grant_share_bp" => ("Part de la subvention pour cette structure", BasisPoints),
        "received_on" => ("Reçu le", Date),
        "missing" => ("Pièces manquantes", Text),
        "review_notes" => ("Notes d’instruction", Text),
        "decided_on" => ("Date de la décision", Date),
        "decision_ref" => ("Référence de la décision", Text),
        "decision_reason" => ("Motif de la décision", Text),
        "agreement_signed_on" => ("Convention signée le", Date),
        "report_due_on" => ("Bilan attendu le", Date),
        "report_received_on" => ("Bilan reçu le", Date),
        "closed_on" => ("Clôturé le", Date),
        "grantor_siret" => ("SIRET de la collectivité", Text),
        "year" => ("Année", Text),
        "aims" => ("Objectifs", Text),
        "first_day" => ("Premier jour", Date),
        "last_day" => ("Dernier jour", Date),
        "start_day" => ("Début", Date),
        "end_day" => ("Fin", Date),
        "day" => ("Date", Date),
        "on_date" => ("Date", Date),
        "start_time" => ("Début", Text),
        "end_time" => ("Fin", Text),
        "hours_centi" => ("Durée", Hours),
        "capacity" => ("Capacité", Count),
        "expected_attendance" => ("Participation attendue", Count),
        "registration_required" => ("Sur inscription", YesNo),
        "planned_cost_cents" => ("Coût prévu", Money),
        "actual_cost_cents" => ("Coût réel", Money),
        "cost_cents" => ("Coût", Money),
        "amount_cents" => ("Montant", Money),
        "cancel_reason" => ("Motif d’annulation", Text),
        "satisfaction_tenths" => ("Satisfaction", Satisfaction),
        "reach" => ("Portée", Count),
        "weight" => ("Poids", Count),
        "score" => ("Note", Count),
        "detail" => ("Détail", Text),
        "commune_insee" => ("Commune", Commune),
        "edition_id" => ("Édition", Ref("week_edition")),
        "event_id" => ("Événement", Ref("event")),
        "call_id" => ("Appel à projets", Ref("fund_call")),
        "organisation_id" => ("Structure porteuse", Ref("fund_organisation")),
        "application_id" => ("Dossier", Ref("fund_application")),
        "criterion_id" => ("Critère", Ref("fund_criterion")),
        "document_id" => ("Pièce", Ref("fund_required_document")),
        "budget_id" => ("Budget", Ref("budget_year")),
        "line_id" => ("Ligne", Ref("budget_line")),
        "commitment_id" => ("Engagement", Ref("budget_commitment")),
        "partner_id" => ("Partenaire", Ref("partner")),
        "convention_id" => ("Convention", Ref("convention")),
        "committee_id" => ("Instance", Ref("committee")),
        "meeting_id" => ("Réunion", Ref("committee_meeting")),
        "axis_id" => ("Axe du plan", Ref("plan_axis")),
        "action_id" => ("Action du plan", Ref("plan_action")),
        _ => return None,
    })
}

/// A value as the window shows it; `None` for no value.
fn show(conn: &Connection, how: Shown, v: &Value) -> Result<Option<String>> {
    let text = match v {
        Value::Null => return Ok(None),
        Value::String(s) if s.is_empty() => return Ok(None),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let int = v.as_i64();
    Ok(Some(match (how, int) {
        (Shown::Count, Some(n)) => count_fr(n),
        (Shown::Money, Some(n)) => money_fr(n),
        (Shown::YesNo, Some(n)) => if n != 0 { "Oui" } else { "Non" }.into(),
        (Shown::Hundredths, Some(n)) => format_scaled(n, 2),
        (Shown::Hours, Some(n)) => format!("{}\u{a0}h", format_scaled(n, 2)),
        (Shown::Satisfaction, Some(n)) => format!("{}\u{a0}/\u{a0}5", format_scaled(n, 1)),
        (Shown::BasisPoints, Some(n)) => format!("{}\u{a0}%", format_scaled(n, 2)),
        (Shown::Ref(table), Some(id)) => reference(conn, table, id)?,
        (Shown::Date, _) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_or(text, |d| d.format("%d/%m/%Y").to_string()),
        (Shown::DateTime, _) => datetime_fr(&text),
        (Shown::Code(label), _) => label(&text).map_or(text, str::to_string),
        (Shown::Commune, _) => commune(conn, &text)?,
        _ => text,
    }))
}

/// « Lyon (69123) »: a commune by its INSEE code.
fn commune(conn: &Connection, insee: &str) -> Result<String> {
    let name: Option<String> = conn
        .query_row("SELECT name FROM commune WHERE insee = ?1", [insee], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(name.map_or_else(|| insee.to_string(), |n| format!("{n} ({insee})")))
}

/// The values of a record as its newest journal entry holds them: a deleted
/// record's last values, so that it keeps its name.
fn last_values(conn: &Connection, table: &str, id: i64) -> Result<Map<String, Value>> {
    Ok(record_at(conn, table, id, i64::MAX)?
        .map(|rec| rec.values)
        .unwrap_or_default())
}

/// How deep names follow references: a payment names its commitment, which
/// names its line, which names its year.
const NAME_DEPTH: u8 = 3;

/// A record by its name, from its newest journal entry: « Communication
/// 2026 » for a budget line; « n° 12 » when the journal has none.
pub fn record_name(conn: &Connection, table: &str, id: i64) -> Result<String> {
    reference(conn, table, id)
}

/// A record another one refers to, by its name.
fn reference(conn: &Connection, table: &str, id: i64) -> Result<String> {
    reference_at(conn, table, id, 1)
}

fn reference_at(conn: &Connection, table: &str, id: i64, depth: u8) -> Result<String> {
    let values = last_values(conn, table, id)?;
    name(conn, table, id, &values, depth)
}

fn text_of(values: &Map<String, Value>, key: &str) -> Option<String> {
    match values.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn date_of(values: &Map<String, Value>, key: &str) -> Option<String> {
    let raw = text_of(values, key)?;
    Some(
        NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
            .map_or(raw, |d| d.format("%d/%m/%Y").to_string()),
    )
}

fn money_of(values: &Map<String, Value>, key: &str) -> Option<String> {
    values.get(key)?.as_i64().map(money_fr)
}

/// A journaled record being named: its values, and how deep the naming of
/// its parents may still go ([`NAME_DEPTH`]).
struct Named<'a> {
    conn: &'a Connection,
    values: &'a Map<String, Value>,
    depth: u8,
}

impl Named<'_> {
    fn t(&self, key: &str) -> Option<String> {
        text_of(self.values, key)
    }

    fn d(&self, key: &str) -> Option<String> {
        date_of(self.values, key)
    }

    fn money(&self, key: &str) -> Option<String> {
        money_of(self.values, key)
    }

    /// A record named by its own words: its title, name, label or object.
    fn titled(&self) -> Option<String> {
        self.t("title")
            .or_else(|| self.t("name"))
            .or_else(|| self.t("label"))
            .or_else(|| self.t("object"))
    }

    /// The parent record `key` points to in `table`, by its name while the
    /// depth allows, else by its number.
    fn parent(&self, table: &str, key: &str) -> Result<Option<String>> {
        match self.values.get(key).and_then(Value::as_i64) {
            Some(pid) if self.depth < NAME_DEPTH => {
                reference_at(self.conn, table, pid, self.depth + 1).map(Some)
            }
            Some(pid) => Ok(Some(format!("n° {pid}"))),
            None => Ok(None),
        }
    }
}

/// `a` and `b` joined by `sep` when both are known, else the one known.
fn join(a: Option<String>, b: Option<String>, sep: &str) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}{sep}{b}")),
        (a, b) => a.or(b),
    }
}

/// The name of the record `values` describes, the way its page names it:
/// « Communication 2026 » for a budget line, « Dossier n° 12 — Association
/// Égalité » for an application. Falls back to « n° 12 ».
fn name(
    conn: &Connection,
    table: &str,
    id: i64,
    values: &Map<String, Value>,
    depth: u8,
) -> Result<String> {
    let r = Named {
        conn,
        values,
        depth,
    };
    let named = if table.starts_with("fund_") {
        fund_name(&r, table, id)?
    } else if table.starts_with("budget_") {
        budget_name(&r, table)?
    } else {
        other_name(&r, table)?
    };
    Ok(named.unwrap_or_else(|| format!("n° {id}")))
}

/// The names of the initiative fund's records.
fn fund_name(r: &Named, table: &str, id: i64) -> Result<Option<String>> {
    let of_application = |what: Option<String>| -> Result<Option<String>> {
        Ok(join(
            what,
            r.parent("fund_application", "application_id")?,
            " — ",
        ))
    };
    Ok(match table {
        "fund_application" => Some(match r.parent("fund_organisation", "organisation_id")? {
            Some(org) => format!("Dossier n° {id} — {org}"),
            None => format!("Dossier n° {id}"),
        }),
        "fund_payment" => of_application(join(
            r.money("amount_cents"),
            r.d("planned_on"),
            " prévu le ",
        ))?,
        "fund_step" => of_application(
            r.t("kind")
                .map(|k| step_kind(&k).map_or(k.clone(), str::to_string)),
        )?,
        "fund_score" => of_application(r.parent("fund_criterion", "criterion_id")?)?,
        "fund_document_received" => {
            of_application(r.parent("fund_required_document", "document_id")?)?
        }
        "fund_application_commune" => of_application(match r.t("commune_insee") {
            Some(insee) => Some(commune(r.conn, &insee)?),
            None => None,
        })?,
        "fund_cofunder" | "fund_indicator" => of_application(r.t("name").or_else(|| r.t("label")))?,
        "fund_criterion" | "fund_required_document" => {
            join(r.t("label"), r.parent("fund_call", "call_id")?, " — ")
        }
        _ => r.titled(),
    })
}

/// The names of the budget's records.
fn budget_name(r: &Named, table: &str) -> Result<Option<String>> {
    Ok(match table {
        "budget_year" => r.t("year").map(|y| format!("Budget {y}")),
        "budget_line" => {
            let year = match r.values.get("budget_id").and_then(Value::as_i64) {
                Some(b) => text_of(&last_values(r.conn, "budget_year", b)?, "year"),
                None => None,
            };
            join(r.t("label"), year, " ")
        }
        "budget_commitment" => join(r.t("object"), r.parent("budget_line", "line_id")?, " — "),
        "budget_amendment" => join(
            join(r.money("amount_cents"), r.d("day"), " du "),
            r.parent("budget_line", "line_id")?,
            " — ",
        ),
        "budget_payment" => join(
            join(r.money("amount_cents"), r.d("day"), " du "),
            r.parent("budget_commitment", "commitment_id")?,
            " — ",
        ),
        _ => r.titled(),
    })
}

/// The names of the other records: trainings, the week, partners, the plan,
/// staff, the territory and the journal's own operations.
fn other_name(r: &Named, table: &str) -> Result<Option<String>> {
    Ok(match table {
        "training_session" => join(r.t("title"), r.d("first_day"), " du "),
        "event" => join(r.t("title"), r.d("day"), " du "),
        "week_edition" => r.t("year").map(|y| format!("Semaine {y}")),
        "event_cost" => join(r.t("object"), r.parent("event", "event_id")?, " — "),
        "campaign_item" => join(
            r.t("description"),
            r.parent("week_edition", "edition_id")?,
            " — ",
        ),
        "partner_contact" => join(r.t("name"), r.parent("partner", "partner_id")?, " — "),
        "convention_partner" => join(
            r.parent("partner", "partner_id")?,
            r.parent("convention", "convention_id")?,
            " — ",
        ),
        "convention_commitment" => {
            join(r.t("text"), r.parent("convention", "convention_id")?, " — ")
        }
        "committee_meeting" => join(
            r.parent("committee", "committee_id")?,
            r.d("held_on"),
            ", réunion du ",
        ),
        "meeting_attendance" => join(
            r.parent("partner", "partner_id")?,
            r.parent("committee_meeting", "meeting_id")?,
            " — ",
        ),
        "meeting_follow_up" => join(
            r.t("text"),
            r.parent("committee_meeting", "meeting_id")?,
            " — ",
        ),
        "plan_indicator" => join(
            join(r.t("label"), r.t("year"), " "),
            r.parent("plan_action", "action_id")?,
            " — ",
        ),
        "plan_link" => join(
            r.t("kind")
                .map(|k| LinkKind::from_code(&k).map_or(k.clone(), |l| l.label_fr().into())),
            r.parent("plan_action", "action_id")?,
            " — ",
        ),
        "staff_position" => join(r.t("title"), r.t("person"), " — "),
        "import_batch" => r.t("file_name").map(|f| format!("« {f} »")),
        "commune" => join(r.t("name"), r.t("insee").map(|i| format!("({i})")), " "),
        "privacy_purge" | "journal_rebase" => r.t("at").map(|a| format!("du {}", datetime_fr(&a))),
        _ => r.titled(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each way `page` reads a page (each filter; the first, last, next,
    /// previous and a far page) goes through the filter's index, or the
    /// table in its key's order, and never sorts the journal: reading stops
    /// at the page's end.
    #[test]
    fn every_page_query_reads_through_an_index() {
        let conn = crate::store::open_in_memory().unwrap();
        let cursor = Some(JournalCursor {
            page: 5,
            first_id: 900,
            last_id: 876,
        });
        for (kind, actor, index) in [
            // No filter: the table itself, in its key's order (SCAN, or
            // SEARCH by the key from a cursor), stopped at the page's end.
            (None, None, " audit_entry"),
            (Some("training_session"), None, "audit_entry_kind "),
            (None, Some("Nadia Benali"), "audit_entry_actor "),
            (
                Some("profile"),
                Some("Nadia Benali"),
                "audit_entry_kind_actor",
            ),
        ] {
            let (filter, values) = page_filter(kind, actor);
            for (page, from) in [
                (1, None),
                (10, None),
                (6, cursor),
                (4, cursor),
                (3, None),
                (8, None),
            ] {
                let paging = Paging::of(250, page, 25);
                let (sql, _) = page_sql(&filter, &paging, 250, from);
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let plan: Vec<String> = stmt
                    .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(3))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                let plan = plan.join(" | ");
                assert!(
                    plan.contains(index),
                    "{kind:?} {actor:?} page {page}: {plan}"
                );
                assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
            }
        }
    }

    #[test]
    fn every_record_kind_has_a_distinct_label() {
        let mut labels: Vec<&str> = RECORD_KINDS.iter().map(|(_, l)| *l).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), RECORD_KINDS.len());
    }

    /// A column a migration adds must get its label here, or the journal
    /// would show its database name.
    #[test]
    fn every_column_of_every_journaled_table_has_a_label() {
        let conn = crate::store::open_in_memory().unwrap();
        let mut unlabelled = Vec::new();
        let mut tables = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let tables: Vec<String> = tables
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for table in tables.iter().filter(|t| super::super::journaled(t)) {
            assert!(
                RECORD_KINDS.iter().any(|(t, _)| t == table),
                "{table} has a kind"
            );
            let mut cols = conn
                .prepare("SELECT name FROM pragma_table_info(?1)")
                .unwrap();
            let cols: Vec<String> = cols
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for c in cols {
                let hidden = c == "id" || c == "position" || BOOKKEEPING.contains(&c.as_str());
                if !hidden && field(table, &c).is_none() {
                    unlabelled.push(format!("{table}.{c}"));
                }
            }
        }
        assert!(unlabelled.is_empty(), "no label for {unlabelled:?}");
    }

    #[test]
    fn values_are_shown_as_the_window_shows_them() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE commune (insee TEXT, name TEXT); CREATE TABLE audit_entry (id INTEGER, table_name TEXT, row_id INTEGER, action TEXT, before_json TEXT, after_json TEXT)")
            .unwrap();
        let s = |how, v: Value| show(&conn, how, &v).unwrap();
        assert_eq!(
            s(Shown::Money, 350000.into()).unwrap(),
            "3\u{202f}500,00\u{a0}€"
        );
        assert_eq!(s(Shown::Date, "2026-03-15".into()).unwrap(), "15/03/2026");
        assert_eq!(s(Shown::YesNo, 1.into()).unwrap(), "Oui");
        assert_eq!(s(Shown::Hundredths, 113.into()).unwrap(), "1,13");
        assert_eq!(s(Shown::Hours, 350.into()).unwrap(), "3,5\u{a0}h");
        assert_eq!(
            s(Shown::Satisfaction, 42.into()).unwrap(),
            "4,2\u{a0}/\u{a0}5"
        );
        assert_eq!(s(Shown::BasisPoints, 2500.into()).unwrap(), "25\u{a0}%");
        assert_eq!(
            s(labels_of!(Stage), "under_review".into()).unwrap(),
            "En instruction"
        );
        assert_eq!(s(Shown::Text, "".into()), None);
        assert_eq!(s(Shown::Money, Value::Null), None);
        assert_eq!(s(Shown::Ref("fund_call"), 7.into()).unwrap(), "n° 7");
    }
}
