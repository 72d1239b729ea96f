//! What every kind of import shares: the preview of a file under a mapping,
//! the import of its ready rows as one batch in one transaction, the list of
//! batches and their undo. A kind of record says only how a row becomes its
//! form, how it is checked and written, and what stands in the way of an undo
//! ([`Kind`]).

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::mapping::{normalize, propose, FieldSpec, Mapping, Source};
use super::read::{read_table, Table};
use super::{
    CellError, ImportKind, ImportOptions, ImportPreview, ImportReport, PreviewRow, RowStatus,
    StateChoice,
};
use serde::Deserialize;

use crate::error::{Error, FieldErrors, Result};
use crate::rights::{Actor, Permission};
use crate::store::{self, Columns, WriteCtx};
use rusqlite::types::Value;

code_enum! {
    /// What a long import is doing.
    ImportPhase {
        Reading = "reading" / "Lecture du fichier",
        Checking = "checking" / "Vérification des lignes",
        Writing = "writing" / "Enregistrement",
    }
}

/// Where a long import stands, for a progress bar: `done` rows of `total`
/// (both 0 while the file is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    pub done: u32,
    pub total: u32,
}

/// What a preview or an import tells its caller as it goes, and asks it:
/// `progress` hears where it stands (every [`PROGRESS_EVERY`] rows and at
/// each phase's end), `stopped` says whether the person stopped it.
pub struct Watch<'a> {
    pub progress: &'a (dyn Fn(ImportProgress) + Sync),
    pub stopped: &'a (dyn Fn() -> bool + Sync),
}

/// Nobody watching: no progress heard, never stopped.
pub const UNWATCHED: Watch<'static> = Watch {
    progress: &|_| {},
    stopped: &|| false,
};

/// How many rows between two progress reports.
pub const PROGRESS_EVERY: usize = 250;

impl Watch<'_> {
    /// Reports row `done` of `total` in `phase` (every [`PROGRESS_EVERY`]
    /// rows and the last), and refuses once the person stopped the import.
    fn step(&self, phase: ImportPhase, done: usize, total: usize) -> Result<()> {
        if done.is_multiple_of(PROGRESS_EVERY) || done == total {
            (self.progress)(ImportProgress {
                phase,
                done: done as u32,
                total: total as u32,
            });
            if (self.stopped)() {
                return Err(Error::Refused(
                    "Import arrêté : rien n’a été enregistré.".into(),
                ));
            }
        }
        Ok(())
    }
}

/// A kind of record an import brings in.
pub(crate) trait Kind {
    const KIND: ImportKind;
    /// The form's fields a file may fill, with the words headers use for them.
    fn fields() -> &'static [FieldSpec];
    /// A row checked and ready to write.
    type Valid;
    /// What checking the rows needs from the database, read once.
    type Context;

    fn context(
        conn: &Connection,
        options: &ImportOptions,
        today: NaiveDate,
    ) -> Result<Self::Context>;

    /// The states found in the file and what each becomes (none by default).
    fn states(_ctx: &Self::Context, _table: &Table, _mapping: &Mapping) -> Vec<StateChoice> {
        Vec::new()
    }

    /// One row as its form, checked: its place in the preview and, when
    /// ready or to update, what to write. `ctx` remembers the rows already
    /// seen, so that a row repeated in the file is « déjà présente ».
    /// `conn` is the database as it stands, for comparing a recorded
    /// record with its row when the person asked for updates.
    fn check(
        ctx: &mut Self::Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<Self::Valid>;

    /// Writes the valid rows of batch `batch`, in the import's transaction,
    /// calling `step` after each row (it reports progress, and fails when
    /// the person stopped the import: the transaction is then rolled back).
    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[Self::Valid],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()>;

    /// What stands in the way of taking batch `batch` (imported at
    /// `created_at`) back, in French; `None` when nothing does.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>>;

    /// Removes the records of batch `batch`; how many rows of the file they were.
    fn remove(tx: &Transaction, batch: i64) -> Result<u32>;
}

/// A row checked, with what to write when it is ready or to update.
pub(crate) struct Checked<V> {
    pub row: PreviewRow,
    pub valid: Option<V>,
}

impl<V> Checked<V> {
    /// A row the form's rules refuse.
    pub fn refused(line: u32, title: String, detail: String, errors: Vec<CellError>) -> Self {
        Checked {
            row: PreviewRow {
                line,
                title,
                detail,
                status: RowStatus::Error,
                errors,
                note: String::new(),
            },
            valid: None,
        }
    }

    /// A row with status `status` and no message.
    pub fn with(
        line: u32,
        title: String,
        detail: String,
        status: RowStatus,
        valid: Option<V>,
    ) -> Self {
        Checked {
            row: PreviewRow {
                line,
                title,
                detail,
                status,
                errors: Vec::new(),
                note: String::new(),
            },
            valid,
        }
    }
}

/// The preview of importing sheet `sheet` of `path` as records of kind `K`
/// under `mapping` (when `None`: the columns chosen at the last import of a
/// file with the same header, else those proposed from its words).
pub(crate) fn preview<K: Kind>(
    conn: &Connection,
    path: &Path,
    sheet: Option<&str>,
    mapping: Option<Mapping>,
    options: &ImportOptions,
    today: NaiveDate,
    watch: &Watch,
) -> Result<ImportPreview> {
    (watch.progress)(ImportProgress {
        phase: ImportPhase::Reading,
        done: 0,
        total: 0,
    });
    let table = read_table(path, sheet)?;
    let (mapping, mapping_remembered) = match mapping {
        Some(m) => (m, false),
        None => match remembered(conn, K::KIND, &table.headers)? {
            Some(m) => (m, true),
            None => (propose(K::fields(), &table.headers), false),
        },
    };
    let (states, checked) = check_rows::<K>(conn, &table, &mapping, options, today, watch)?;
    let count = |s: RowStatus| checked.iter().filter(|r| r.row.status == s).count() as u32;
    Ok(ImportPreview {
        kind: K::KIND,
        fields: K::fields()
            .iter()
            .map(|f| super::ImportField {
                key: f.key.to_string(),
                label: f.label.to_string(),
            })
            .collect(),
        ready: count(RowStatus::Ready),
        to_update: count(RowStatus::Update),
        in_error: count(RowStatus::Error),
        present: count(RowStatus::Present),
        skipped: count(RowStatus::Skipped),
        rows: checked.into_iter().map(|c| c.row).collect(),
        states,
        sheets: table.sheets,
        sheet: table.sheet,
        headers: table.headers,
        mapping,
        mapping_remembered,
    })
}

fn check_rows<K: Kind>(
    conn: &Connection,
    table: &Table,
    mapping: &Mapping,
    options: &ImportOptions,
    today: NaiveDate,
    watch: &Watch,
) -> Result<CheckedRows<K::Valid>> {
    let mut ctx = K::context(conn, options, today)?;
    let states = K::states(&ctx, table, mapping);
    let total = table.rows.len();
    let mut checked = Vec::with_capacity(total);
    for (i, row) in table.rows.iter().enumerate() {
        let mut c = match totals_label(&row.cells) {
            Some(label) => {
                let mut c = Checked::with(0, label, String::new(), RowStatus::Skipped, None);
                c.row.note = "Ligne de total du tableau : non importée.".into();
                c
            }
            None => K::check(&mut ctx, mapping, &row.cells, conn),
        };
        c.row.line = row.line as u32;
        checked.push(c);
        watch.step(ImportPhase::Checking, i + 1, total)?;
    }
    Ok((states, checked))
}

/// The label of a totals row a spreadsheet keeps under its table (its first
/// filled cell « Total », « Totaux », « Sous-total », « Total général »,
/// « Total 2025 »…), which is no record; `None` for any other row (a
/// partner named « Total Energies » is one).
fn totals_label(cells: &[String]) -> Option<String> {
    let first = cells.iter().map(|c| c.trim()).find(|c| !c.is_empty())?;
    let words = normalize(first);
    let mut w: Vec<&str> = words.split(' ').collect();
    if w.first() == Some(&"sous") {
        w.remove(0);
    }
    let head = w.first().copied().unwrap_or_default();
    let qualifier = |x: &&str| {
        matches!(
            *x,
            "general" | "generale" | "generaux" | "annuel" | "annuelle" | "global" | "globale"
        ) || x.bytes().all(|b| b.is_ascii_digit())
    };
    let is_total = matches!(head, "total" | "totaux" | "soustotal") && w[1..].iter().all(qualifier);
    is_total.then(|| first.to_string())
}

/// The states found in a file, and its rows checked.
type CheckedRows<V> = (Vec<StateChoice>, Vec<Checked<V>>);

/// Imports the ready rows (and the updates) of sheet `sheet` of `path` under
/// `mapping` as one batch, in one transaction: either every one is written,
/// or none. The mapping is kept with the batch and offered again for a file
/// with the same header. Rows in error, already present or left out are
/// counted. Refused when no row is ready.
#[allow(clippy::too_many_arguments)]
pub(crate) fn import<K: Kind>(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    path: &Path,
    sheet: Option<&str>,
    mapping: Mapping,
    options: &ImportOptions,
    watch: &Watch,
) -> Result<ImportReport> {
    (watch.progress)(ImportProgress {
        phase: ImportPhase::Reading,
        done: 0,
        total: 0,
    });
    let table = read_table(path, sheet)?;
    let (_, checked) = check_rows::<K>(conn, &table, &mapping, options, today, watch)?;
    let count = |s: RowStatus| checked.iter().filter(|r| r.row.status == s).count() as u32;
    let (imported, updated) = (count(RowStatus::Ready), count(RowStatus::Update));
    let (in_error, present, skipped) = (
        count(RowStatus::Error),
        count(RowStatus::Present),
        count(RowStatus::Skipped),
    );
    let valid: Vec<K::Valid> = checked.into_iter().filter_map(|c| c.valid).collect();
    if valid.is_empty() {
        return Err(Error::Refused(format!(
            "Aucune ligne n’est prête : {in_error} en erreur, {present} déjà présentes, {skipped} non importées. Rien n’a été importé."
        )));
    }
    let sha256 = format!("{:x}", Sha256::digest(std::fs::read(path)?));
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fichier")
        .to_string();
    let mapping_json =
        serde_json::to_string(&mapping).map_err(|e| Error::Refused(e.to_string()))?;
    let batch_id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        let batch = ctx.insert(
            tx,
            "import_batch",
            vec![
                ("kind", K::KIND.code().to_string().into()),
                ("file_name", file_name.clone().into()),
                ("sha256", sha256.clone().into()),
                ("sheet", table.sheet.clone().into()),
                ("mapping_json", mapping_json.clone().into()),
                ("headers_key", headers_key(&table.headers).into()),
                ("rows_read", (table.rows.len() as i64).into()),
                ("rows_imported", i64::from(imported).into()),
                ("rows_updated", i64::from(updated).into()),
            ],
        )?;
        let total = valid.len();
        let mut done = 0;
        K::write(tx, ctx, batch, &valid, &mut || {
            done += 1;
            watch.step(ImportPhase::Writing, done, total)
        })?;
        Ok(batch)
    })?;
    Ok(ImportReport {
        batch_id,
        imported,
        updated,
        in_error,
        present,
        skipped,
    })
}

/// A header as the key of the columns chosen for it: its words, in order.
fn headers_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalize(h))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The columns chosen at the last import of this kind of a file with the
/// same header, when they still fit it.
fn remembered(conn: &Connection, kind: ImportKind, headers: &[String]) -> Result<Option<Mapping>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping_json FROM import_batch WHERE kind = ?1 AND headers_key = ?2
             ORDER BY id DESC LIMIT 1",
            params![kind.code(), headers_key(headers)],
            |r| r.get(0),
        )
        .optional()?;
    let mapping = json.and_then(|j| serde_json::from_str::<Mapping>(&j).ok());
    Ok(mapping.filter(|m| {
        m.values().all(|s| match s {
            Source::Column(i) => *i < headers.len(),
            Source::Value(_) => true,
        })
    }))
}

/// Each field's message, on the column the field was read from; `rename`
/// gives the import's field for a form's field when they differ.
pub(crate) fn cell_errors(
    e: &FieldErrors,
    mapping: &Mapping,
    rename: impl Fn(&str) -> String,
) -> Vec<CellError> {
    e.fields()
        .map(|f| {
            let field = rename(f);
            CellError {
                column: match mapping.get(&field) {
                    Some(Source::Column(i)) => Some(*i as u32),
                    _ => None,
                },
                message: e.get(f).unwrap_or_default().to_string(),
                field,
            }
        })
        .collect()
}

/// A closed list's code from a cell that holds the code, the app's label or
/// a word people use for it; the cell as written otherwise, which the
/// validator then refuses in French.
pub(crate) fn code_of(cell: &str, word: fn(&str) -> Option<&'static str>) -> String {
    word(&normalize(cell)).map_or_else(|| cell.to_string(), str::to_string)
}

/// A date as the forms take it (`dd/mm/yyyy`): a spreadsheet's date is
/// already read so, a serial number (days since 30/12/1899, as Excel and
/// LibreOffice count them) is turned into one, `yyyy-mm-dd` too (with a
/// time after it, as Démarches Simplifiées writes « Déposé le »); other text
/// is left for the validator to answer.
pub(crate) fn date_text(cell: &str) -> String {
    if let Ok(serial) = cell.parse::<i64>() {
        if (1..=2_958_465).contains(&serial) {
            if let Some(d) = NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_signed(Duration::days(serial)))
            {
                return d.format("%d/%m/%Y").to_string();
            }
        }
    }
    let day = cell.get(..10).unwrap_or(cell);
    let rest = cell.get(10..).unwrap_or("");
    let time_after = rest.is_empty() || rest.starts_with([' ', 'T']);
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) if time_after => d.format("%d/%m/%Y").to_string(),
        _ => match NaiveDate::parse_from_str(day, "%d/%m/%Y") {
            Ok(d) if !rest.is_empty() && time_after => d.format("%d/%m/%Y").to_string(),
            _ => cell.to_string(),
        },
    }
}

/// A row to write: a new record, or a recorded one (its id) brought up to
/// date when the person asked for updates.
#[derive(Debug, Clone)]
pub enum Write<V> {
    Insert(V),
    Update(i64, V),
}

/// Writes each row into `table` from the columns `columns` gives it: a new
/// record with its batch, or the recorded one brought up to date; `step`
/// after each row.
pub(crate) fn write_rows<V>(
    tx: &Transaction,
    ctx: &WriteCtx,
    batch: i64,
    rows: &[Write<V>],
    table: &str,
    columns: impl Fn(&V) -> Columns,
    step: &mut dyn FnMut() -> Result<()>,
) -> Result<()> {
    for row in rows {
        match row {
            Write::Insert(v) => {
                let mut cols = columns(v);
                cols.push(("import_batch_id", batch.into()));
                ctx.insert(tx, table, cols)?;
            }
            Write::Update(id, v) => {
                ctx.update(tx, table, *id, columns(v))?;
            }
        }
        step()?;
    }
    Ok(())
}

/// Where a valid row stands, by its `key`: a repeat of an earlier row of the
/// file is present; a record not yet there is ready; a recorded one is
/// present, or to update when the person asked (`update`) and `updated`,
/// given its id, returns the record as the row changes it (`None` when it
/// changes nothing; the form's messages when the record with the row's
/// values over it is refused, so the row shows them instead of passing as
/// present).
pub(crate) fn place<K: std::hash::Hash + Eq + Clone, V>(
    seen: &mut std::collections::HashSet<K>,
    recorded: &HashMap<K, i64>,
    key: K,
    update: bool,
    updated: impl FnOnce(i64) -> std::result::Result<Option<V>, FieldErrors>,
    valid: V,
) -> std::result::Result<(RowStatus, Option<Write<V>>), FieldErrors> {
    if !seen.insert(key.clone()) {
        return Ok((RowStatus::Present, None));
    }
    Ok(match recorded.get(&key) {
        None => (RowStatus::Ready, Some(Write::Insert(valid))),
        Some(_) if !update => (RowStatus::Present, None),
        Some(&id) => match updated(id)? {
            Some(v) => (RowStatus::Update, Some(Write::Update(id, v))),
            None => (RowStatus::Present, None),
        },
    })
}

/// The stored record's form (`stored`) with the row's values (`row`) over
/// it, for the fields the mapping fills and no other: the form as the
/// person would see it had they typed the row's values into the record's
/// own form. A blank cell (an empty text or list) erases nothing: what was
/// typed in Plan LCD stays, since an export leaves a cell empty as often for
/// "not asked" as for "none". `form_fields` gives the form's fields an
/// import field fills (« F/H » fills the women and the men present; a
/// structure's commune, its INSEE code or the name of a town outside the
/// territory): a cell that says something sets them all.
pub(crate) fn overlay<T: Serialize + serde::de::DeserializeOwned>(
    stored: T,
    row: &T,
    mapping: &Mapping,
    form_fields: impl Fn(&str) -> Vec<&str>,
) -> Option<T> {
    let mut merged = serde_json::to_value(stored).ok()?;
    let row = serde_json::to_value(row).ok()?;
    let blank = |v: &serde_json::Value| match v {
        serde_json::Value::String(t) => t.trim().is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        _ => false,
    };
    for key in mapping.keys() {
        // The fields one cell fills go together (a commune's code and the
        // name of a town outside the territory; the women and the men of a
        // « F/H » cell): all of them when the cell says something.
        let fields = form_fields(key);
        if fields.iter().all(|f| row.get(*f).is_none_or(blank)) {
            continue;
        }
        for field in fields {
            if let Some(value) = row.get(field) {
                merged[field] = value.clone();
            }
        }
    }
    serde_json::from_value(merged).ok()
}

/// The form fields of the import fields that differ from them: a
/// « F/H » or « H/F » cell fills the women and the men present.
pub(crate) fn attendance_fields(key: &str) -> Vec<&str> {
    match key {
        "attended_fh" | "attended_hf" => vec!["attended_women", "attended_men"],
        other => vec![other],
    }
}

/// Whether the stored row `id` of `table` differs from `columns` (the
/// values a form's row would store).
pub(crate) fn differs(conn: &Connection, table: &str, id: i64, columns: &Columns) -> Result<bool> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let stored: Vec<Value> = conn.query_row(
        &format!("SELECT {} FROM {table} WHERE id = ?1", names.join(", ")),
        [id],
        |r| (0..names.len()).map(|i| r.get::<_, Value>(i)).collect(),
    )?;
    Ok(stored.iter().zip(columns).any(|(a, (_, b))| a != b))
}

/// Attendance by sex typed in one cell, « 12/3 » (or « 12 / 3 »), as women
/// then men when `women_first`, men then women otherwise (a « H/F » or
/// « M/F » column); `None` when the cell is empty.
pub(crate) fn split_by_sex(
    cell: &str,
    women_first: bool,
) -> std::result::Result<Option<(String, String)>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = cell.split('/').map(str::trim).collect();
    match parts.as_slice() {
        [a, b] if [a, b].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) => {
            let (a, b) = (a.to_string(), b.to_string());
            Ok(Some(if women_first { (a, b) } else { (b, a) }))
        }
        _ => Err(format!(
            "Écrivez les présent·es par sexe sous la forme 12/3 ({}) ; la cellule contient « {cell} ».",
            if women_first { "femmes/hommes" } else { "hommes/femmes" }
        )),
    }
}

/// The fields of attendance by sex in one cell, in the order their header
/// says: « F/H », then « H/F » (or « M/F »).
pub(crate) const SPLIT_FIELDS: [(&str, bool); 2] = [("attended_fh", true), ("attended_hf", false)];

/// The women and men present as the form takes them: their own columns, or
/// else a « F/H » or « H/F » cell split in two; with the message of such a
/// cell that cannot be read, on its column.
pub(crate) fn attendance_by_sex(
    mapping: &Mapping,
    cells: &[String],
) -> (String, String, Option<CellError>) {
    let v = |key: &str| {
        super::mapping::value_of(mapping, key, cells)
            .trim()
            .to_string()
    };
    let (mut women, mut men) = (v("attended_women"), v("attended_men"));
    let mut error = None;
    for (key, women_first) in SPLIT_FIELDS {
        match split_by_sex(&v(key), women_first) {
            Ok(Some((w, m))) if women.is_empty() && men.is_empty() => (women, men) = (w, m),
            Ok(_) => {}
            Err(message) => {
                error = Some(CellError {
                    field: key.to_string(),
                    column: match mapping.get(key) {
                        Some(Source::Column(i)) => Some(*i as u32),
                        _ => None,
                    },
                    message,
                })
            }
        }
    }
    (women, men, error)
}

/// The territory's communes by their name as words, for a file that names
/// the commune rather than giving its INSEE code.
pub(crate) fn communes_by_name(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(
        crate::sql::all(conn, "SELECT name, insee FROM commune", [], |r| {
            Ok((normalize(&r.get::<_, String>(0)?), r.get::<_, String>(1)?))
        })?
        .into_iter()
        .collect(),
    )
}

/// A commune given by name or INSEE code, as its INSEE code when the name
/// is one of the territory's; the cell as written otherwise.
pub(crate) fn commune_code(communes: &HashMap<String, String>, cell: &str) -> String {
    communes
        .get(&normalize(cell))
        .cloned()
        .unwrap_or_else(|| cell.to_string())
}

/// A batch imported, as the page that imports it lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportBatch {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub sheet: String,
    pub rows_imported: u32,
    pub rows_updated: u32,
    /// RFC 3339, and who imported it.
    pub created_at: String,
    pub created_by: String,
    /// When it was taken back, if it was.
    pub undone_at: Option<String>,
    pub undone_by: String,
}

/// The batches of kind `kind` imported, newest first.
pub fn batches(conn: &Connection, kind: ImportKind) -> Result<Vec<ImportBatch>> {
    Ok(crate::sql::all(
        conn,
        "SELECT id, file_name, sheet, rows_imported, rows_updated, created_at, created_by,
            undone_at, undone_by
         FROM import_batch WHERE kind = ?1 ORDER BY id DESC",
        [kind.code()],
        |r| {
            Ok(ImportBatch {
                id: r.get(0)?,
                kind,
                file_name: r.get(1)?,
                sheet: r.get(2)?,
                rows_imported: r.get(3)?,
                rows_updated: r.get(4)?,
                created_at: r.get(5)?,
                created_by: r.get(6)?,
                undone_at: r.get(7)?,
                undone_by: r.get(8)?,
            })
        },
    )?)
}

/// Takes a whole batch back: its records are deleted and the batch is
/// marked undone, in one transaction; returns how many rows of the file
/// they were. The project lead's decision; refused, naming what stands in
/// the way, once a record of the batch was changed or built on after the
/// import, or when the batch brought records already there up to date.
pub fn undo_batch(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<u32> {
    crate::rights::require(actor, Permission::Decide)?;
    let batch: Option<(String, String, Option<String>, i64)> = conn
        .query_row(
            "SELECT kind, created_at, undone_at, rows_updated FROM import_batch WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((kind, created_at, undone_at, updated)) = batch else {
        return Err(Error::NotFound("Import"));
    };
    if undone_at.is_some() {
        return Err(Error::Refused("Cet import a déjà été annulé.".into()));
    }
    if updated > 0 {
        return Err(Error::Refused(format!(
            "Cet import a mis à jour {updated} enregistrement(s) déjà présents : il ne peut pas être annulé en bloc. Corrigez ces fiches une par une."
        )));
    }
    let kind = ImportKind::from_code(&kind).ok_or(Error::NotFound("Import"))?;
    super::for_kind!(kind, undo, (conn, actor, now, id, &created_at))
}

fn undo<K: Kind>(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    created_at: &str,
) -> Result<u32> {
    if let Some(reason) = K::obstacle(conn, id, created_at)? {
        return Err(Error::Refused(reason));
    }
    // The batch is marked undone first: the schema lets a received
    // application go only with its batch taken back.
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE import_batch SET undone_at = ?2, undone_by = ?3, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![id, ctx.stamp(), ctx.actor.name],
        )?;
        K::remove(tx, id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_totals_row_is_known_by_its_first_cell() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        for label in [
            "Total",
            "TOTAUX",
            "Sous-total",
            "Total général",
            "  total 2025",
        ] {
            assert!(
                totals_label(&row(&["", label, "24,5"])).is_some(),
                "{label}"
            );
        }
        for label in [
            "Totalement inclusif",
            "Total des formations de l’année en 2025 bis",
            "Total Energies",
            "Total respect",
            "Accueil",
            "Sous le pont",
        ] {
            assert!(totals_label(&row(&[label, "24,5"])).is_none(), "{label}");
        }
    }

    #[test]
    fn dates_come_as_people_and_spreadsheets_write_them() {
        assert_eq!(date_text("14/03/2026"), "14/03/2026");
        assert_eq!(
            date_text("46095"),
            "14/03/2026",
            "Excel's serial of 14 March 2026"
        );
        assert_eq!(date_text("2026-03-14"), "14/03/2026");
        assert_eq!(
            date_text("2026-03-14 10:32:05"),
            "14/03/2026",
            "DS « Déposé le »"
        );
        assert_eq!(date_text("14/03/2026 10:32"), "14/03/2026");
        assert_eq!(
            date_text("31/02/2026"),
            "31/02/2026",
            "left for the validator"
        );
        assert_eq!(
            date_text("2026-03-14x"),
            "2026-03-14x",
            "left for the validator"
        );
    }
}
