//! Imports: the data a unit already has comes in, checked, all or nothing.
//!
//! `read.rs` reads a file (XLSX, XLS, ODS, CSV) into a table of text cells;
//! `mapping.rs` says which column feeds which form field, proposed from the
//! header's words; each kind of record then turns a row into its form as
//! typed (`*Input`) and checks it with the form's own validator, so that an
//! import refuses what the form refuses, in the same words. The preview
//! writes nothing; the import writes the ready rows as one batch
//! (`import_batch`, journaled with the file's name and SHA-256, the sheet
//! and the mapping) in one transaction, and the project lead can take a
//! batch back while nothing has been built on it (`batch.rs`).
//!
//! Kinds: training sessions (`trainings.rs`); grant applications with their
//! organisations, from a spreadsheet or a Démarches Simplifiées export
//! (`applications.rs`); the fund's organisations alone (`organisations.rs`);
//! partners and their contacts (`partners.rs`); events (`events.rs`); the
//! budget's commitments and payments (`budget.rs`).

pub mod applications;
pub mod batch;
pub mod budget;
pub mod events;
pub mod mapping;
pub mod organisations;
pub mod partners;
pub mod read;
pub mod trainings;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use batch::{batches, undo_batch, ImportBatch, ImportPhase, ImportProgress, Watch, UNWATCHED};
pub use mapping::{Mapping, Source};

code_enum! {
    /// What a file brings in.
    ImportKind {
        Trainings = "trainings" / "Sessions de formation",
        Applications = "applications" / "Dossiers de subvention",
        Organisations = "organisations" / "Structures du fonds",
        Partners = "partners" / "Partenaires et contacts",
        Events = "events" / "Événements",
        Commitments = "commitments" / "Engagements du budget",
        Payments = "payments" / "Mandats du budget",
    }
}

impl ImportKind {
    /// A record of this kind, singular and plural, as a count says it.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            ImportKind::Trainings => ("session", "sessions"),
            ImportKind::Applications => ("dossier", "dossiers"),
            ImportKind::Organisations => ("structure", "structures"),
            ImportKind::Partners => ("ligne de partenaire", "lignes de partenaires"),
            ImportKind::Events => ("événement", "événements"),
            ImportKind::Commitments => ("engagement", "engagements"),
            ImportKind::Payments => ("mandat", "mandats"),
        }
    }

    /// The title of the open dialog that chooses the file.
    pub fn dialog_title(self) -> String {
        format!("Importer des {}", self.label_fr().to_lowercase())
    }
}

code_enum! {
    /// What an import makes of a dossier in a given state on Démarches
    /// Simplifiées (or in a spreadsheet's status column). An import never
    /// takes a decision: granting and refusing stay the project lead's act.
    ImportStage {
        Received = "received" / "Reçu (date de dépôt)",
        Draft = "draft" / "Brouillon",
        Skip = "skip" / "Non importé",
    }
}

/// Where a row stands in the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    /// Valid and new: imported.
    Ready,
    /// Valid, and the record it names is already there with other values
    /// (a Démarches Simplifiées dossier seen in an earlier export): brought
    /// up to date.
    Update,
    /// Refused by the form's rules: not imported.
    Error,
    /// Already recorded as it is: skipped.
    Present,
    /// Left out on purpose (its state is set to « Non importé »).
    Skipped,
}

/// A field's French message on a row, and the column it was read from
/// (`None` when the field takes one value for every row, or none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CellError {
    pub field: String,
    pub column: Option<u32>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// The row's number in the spreadsheet program.
    pub line: u32,
    /// What names the row for the person, as read: a session's title, a
    /// project's title.
    pub title: String,
    /// A second hint: a session's first day (`dd/mm/yyyy` when the cell is a
    /// date), an application's organisation.
    pub detail: String,
    pub status: RowStatus,
    pub errors: Vec<CellError>,
    /// What the person should know about a valid row (empty when nothing):
    /// a decision on Démarches Simplifiées left to the project lead.
    pub note: String,
}

/// A state found in the file's state column, how many rows have it, and
/// what the import makes of it: shown for the person to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StateChoice {
    /// The state as the file writes it (its first spelling).
    pub state: String,
    /// The state as words, the key of [`ImportOptions::states`].
    pub key: String,
    pub rows: u32,
    pub stage: ImportStage,
}

/// What an import needs besides the file and its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// The call for projects the applications are filed in.
    #[serde(default)]
    pub call_id: Option<i64>,
    /// The year whose budget the commitments and payments belong to.
    #[serde(default)]
    pub budget_year: Option<i32>,
    /// A row naming a record already there (a session or an event: same
    /// title, day and commune; a partner: SIRET or name; a structure: SIRET,
    /// RNA or name; an application: DS number, or structure and title)
    /// brings it up to date instead of being skipped, when its other values
    /// differ; a blank cell erases nothing.
    #[serde(default)]
    pub update_present: bool,
    /// For each state of the file (as words, see [`StateChoice::key`]) what
    /// the import makes of it; a state not listed takes its usual stage.
    #[serde(default)]
    pub states: BTreeMap<String, ImportStage>,
}

/// A field an import may fill, as the page that chooses columns shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportField {
    pub key: String,
    pub label: String,
}

/// What an import would do, row by row, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub kind: ImportKind,
    /// The fields of this kind, in the form's order.
    pub fields: Vec<ImportField>,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Whether `mapping` is the one chosen at the last import of a file
    /// with the same header (not asked for, not proposed from the words).
    pub mapping_remembered: bool,
    /// The states found in the file and what each becomes (applications;
    /// empty for other kinds).
    pub states: Vec<StateChoice>,
    pub rows: Vec<PreviewRow>,
    pub ready: u32,
    pub to_update: u32,
    pub in_error: u32,
    pub present: u32,
    pub skipped: u32,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub batch_id: i64,
    pub imported: u32,
    pub updated: u32,
    pub in_error: u32,
    pub present: u32,
    pub skipped: u32,
}

/// Runs `$f::<K>($args)` for the kind `$kind`'s type `K`.
macro_rules! for_kind {
    ($kind:expr, $($f:ident)::+, ($($args:expr),*)) => {
        match $kind {
            $crate::import::ImportKind::Trainings => $($f)::+::<$crate::import::trainings::Sessions>($($args),*),
            $crate::import::ImportKind::Applications => $($f)::+::<$crate::import::applications::Applications>($($args),*),
            $crate::import::ImportKind::Organisations => $($f)::+::<$crate::import::organisations::Organisations>($($args),*),
            $crate::import::ImportKind::Partners => $($f)::+::<$crate::import::partners::Partners>($($args),*),
            $crate::import::ImportKind::Events => $($f)::+::<$crate::import::events::Events>($($args),*),
            $crate::import::ImportKind::Commitments => $($f)::+::<$crate::import::budget::Commitments>($($args),*),
            $crate::import::ImportKind::Payments => $($f)::+::<$crate::import::budget::Payments>($($args),*),
        }
    };
}
pub(crate) use for_kind;

/// The fields a kind of import fills, with the words headers use for them.
pub fn fields(kind: ImportKind) -> &'static [mapping::FieldSpec] {
    fn of<K: batch::Kind>() -> &'static [mapping::FieldSpec] {
        K::fields()
    }
    for_kind!(kind, of, ())
}

/// The preview of importing sheet `sheet` of the file at `path` (the first
/// sheet when `None`) as records of kind `kind`, under `mapping` (when
/// `None`: the columns chosen at the last import of a file with the same
/// header, else those proposed from its words). Writes nothing. `today` is
/// the forms' today (a session still to come cannot be « Réalisée », a
/// dossier cannot be filed tomorrow). Errors: the file's own, in French
/// ([`read::read_table`]); a call that does not exist.
pub fn preview(
    conn: &rusqlite::Connection,
    kind: ImportKind,
    path: &std::path::Path,
    sheet: Option<&str>,
    mapping: Option<Mapping>,
    options: &ImportOptions,
    today: chrono::NaiveDate,
) -> crate::Result<ImportPreview> {
    preview_watched(conn, kind, path, sheet, mapping, options, today, &UNWATCHED)
}

/// [`preview`], telling `watch` where it stands and stopping when it says so.
#[allow(clippy::too_many_arguments)]
pub fn preview_watched(
    conn: &rusqlite::Connection,
    kind: ImportKind,
    path: &std::path::Path,
    sheet: Option<&str>,
    mapping: Option<Mapping>,
    options: &ImportOptions,
    today: chrono::NaiveDate,
    watch: &Watch,
) -> crate::Result<ImportPreview> {
    for_kind!(
        kind,
        batch::preview,
        (conn, path, sheet, mapping, options, today, watch)
    )
}

/// Imports what the preview under the same arguments shows as ready or to
/// update, as one batch in one transaction (see [`batch`]). Refused when
/// nothing is ready, or when the person may not enter records.
#[allow(clippy::too_many_arguments)]
pub fn import(
    conn: &mut rusqlite::Connection,
    actor: &crate::rights::Actor,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    kind: ImportKind,
    path: &std::path::Path,
    sheet: Option<&str>,
    mapping: Mapping,
    options: &ImportOptions,
) -> crate::Result<ImportReport> {
    import_watched(
        conn, actor, today, now, kind, path, sheet, mapping, options, &UNWATCHED,
    )
}

/// [`import`], telling `watch` where it stands and stopping when it says so:
/// stopped before or while writing, nothing is written (the transaction is
/// rolled back).
#[allow(clippy::too_many_arguments)]
pub fn import_watched(
    conn: &mut rusqlite::Connection,
    actor: &crate::rights::Actor,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    kind: ImportKind,
    path: &std::path::Path,
    sheet: Option<&str>,
    mapping: Mapping,
    options: &ImportOptions,
    watch: &Watch,
) -> crate::Result<ImportReport> {
    for_kind!(
        kind,
        batch::import,
        (conn, actor, today, now, path, sheet, mapping, options, watch)
    )
}
