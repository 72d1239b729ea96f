//! Training sessions from a unit's spreadsheet: each row becomes the
//! training form as typed ([`TrainingInput`]) and goes through the form's
//! own validator, so an import refuses exactly what the form refuses, with
//! the same French messages. A row whose title, first day and commune match
//! a recorded session is already present and is skipped.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::mapping::{normalize, propose, value_of, FieldSpec, Mapping, Source};
use super::read::{read_table, Table};
use crate::error::{Error, FieldErrors, Result};
use crate::rights::{Actor, Permission};
use crate::store;
use crate::territory::commune_exists;
use crate::trainings::{
    columns, validate, Audience, TrainingFormat, TrainingInput, TrainingStatus, ValidTraining,
};

/// The training form's fields an import fills, with the words a legacy
/// spreadsheet's header uses for them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "title",
        label: "Intitulé",
        synonyms: &[
            "Titre",
            "Nom de l’action",
            "Formation",
            "Intitulé de la formation",
            "Action",
        ],
    },
    FieldSpec {
        key: "theme",
        label: "Thème",
        synonyms: &["Thématique", "Sujet"],
    },
    FieldSpec {
        key: "audience",
        label: "Public",
        synonyms: &["Public cible", "Cible", "Publics"],
    },
    FieldSpec {
        key: "trainer",
        label: "Formateur",
        synonyms: &[
            "Formatrice",
            "Formateur·rice",
            "Intervenant",
            "Intervenante",
            "Organisme de formation",
            "Organisme",
        ],
    },
    FieldSpec {
        key: "format",
        label: "Format",
        synonyms: &["Modalité", "Modalités"],
    },
    FieldSpec {
        key: "first_day",
        label: "Premier jour",
        synonyms: &["Date", "Date de début", "Début", "Date de la session"],
    },
    FieldSpec {
        key: "last_day",
        label: "Dernier jour",
        synonyms: &["Date de fin", "Fin"],
    },
    FieldSpec {
        key: "hours",
        label: "Durée (heures)",
        synonyms: &["Durée", "Heures", "Nombre d’heures", "Nb heures"],
    },
    FieldSpec {
        key: "venue",
        label: "Lieu",
        synonyms: &["Salle", "Adresse"],
    },
    FieldSpec {
        key: "commune_insee",
        label: "Commune",
        synonyms: &["Ville", "Code INSEE", "INSEE"],
    },
    FieldSpec {
        key: "capacity",
        label: "Places",
        synonyms: &["Capacité", "Nombre de places"],
    },
    FieldSpec {
        key: "registered",
        label: "Inscrits",
        synonyms: &[
            "Inscrit·es",
            "Inscrites",
            "Nombre d’inscrits",
            "Nb inscrits",
        ],
    },
    FieldSpec {
        key: "attended_women",
        label: "Femmes",
        synonyms: &["Présentes femmes", "Nb femmes", "Participantes"],
    },
    FieldSpec {
        key: "attended_men",
        label: "Hommes",
        synonyms: &["Présents hommes", "Nb hommes", "Participants hommes"],
    },
    FieldSpec {
        key: "attended_unstated",
        label: "Non renseigné",
        synonyms: &["Sexe non renseigné", "NR", "Non précisé"],
    },
    FieldSpec {
        key: "planned_cost",
        label: "Coût prévu",
        synonyms: &["Budget prévu", "Coût prévisionnel"],
    },
    FieldSpec {
        key: "actual_cost",
        label: "Coût réel",
        synonyms: &["Coût", "Montant", "Coût réalisé"],
    },
    FieldSpec {
        key: "status",
        label: "Statut",
        synonyms: &["État", "Etat"],
    },
    FieldSpec {
        key: "cancel_reason",
        label: "Motif d’annulation",
        synonyms: &["Motif"],
    },
    FieldSpec {
        key: "satisfaction",
        label: "Satisfaction",
        synonyms: &["Note de satisfaction", "Note moyenne"],
    },
    FieldSpec {
        key: "notes",
        label: "Remarques",
        synonyms: &["Commentaires", "Observations", "Notes"],
    },
];

/// Where a row stands in the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    /// Valid and new: imported.
    Ready,
    /// Refused by the form's rules: not imported.
    Error,
    /// A recorded session has its title, first day and commune: skipped.
    Present,
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
    /// The session's title and first day as read (`dd/mm/yyyy` when the
    /// cell is a date), so that the person knows which row this is.
    pub title: String,
    pub first_day: String,
    pub status: RowStatus,
    pub errors: Vec<CellError>,
}

/// What an import would do, row by row, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Whether `mapping` is the one chosen at the last import of a file
    /// with the same header (not asked for, not proposed from the words).
    pub mapping_remembered: bool,
    pub rows: Vec<PreviewRow>,
    pub ready: u32,
    pub in_error: u32,
    pub present: u32,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub batch_id: i64,
    pub imported: u32,
    pub in_error: u32,
    pub present: u32,
}

/// The preview of importing sheet `sheet` of `path` as training sessions
/// under `mapping` (when `None`: the columns chosen at the last import of a
/// file with the same header, else those proposed from its words). `today` is the
/// form's today: a session still to come cannot be « Réalisée ».
pub fn preview(
    conn: &Connection,
    path: &Path,
    sheet: Option<&str>,
    mapping: Option<Mapping>,
    today: NaiveDate,
) -> Result<ImportPreview> {
    let table = read_table(path, sheet)?;
    let (mapping, mapping_remembered) = match mapping {
        Some(m) => (m, false),
        None => match remembered(conn, &table.headers)? {
            Some(m) => (m, true),
            None => (propose(FIELDS, &table.headers), false),
        },
    };
    let checked = check_rows(conn, &table, &mapping, today)?;
    let count = |s: RowStatus| checked.iter().filter(|r| r.row.status == s).count() as u32;
    Ok(ImportPreview {
        ready: count(RowStatus::Ready),
        in_error: count(RowStatus::Error),
        present: count(RowStatus::Present),
        rows: checked.into_iter().map(|c| c.row).collect(),
        sheets: table.sheets,
        sheet: table.sheet,
        headers: table.headers,
        mapping,
        mapping_remembered,
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

/// The columns chosen at the last import of a file with the same header,
/// when they still fit it.
fn remembered(conn: &Connection, headers: &[String]) -> Result<Option<Mapping>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping_json FROM import_batch WHERE kind = 'trainings' AND headers_key = ?1
             ORDER BY id DESC LIMIT 1",
            [headers_key(headers)],
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

/// A row checked, with its valid session when ready.
struct Checked {
    row: PreviewRow,
    valid: Option<ValidTraining>,
}

fn check_rows(
    conn: &Connection,
    table: &Table,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<Checked>> {
    let communes = communes_by_name(conn)?;
    let exists = commune_exists(conn);
    // The sessions recorded, then each ready row of the file, by their key:
    // read once, not once a row.
    let mut seen = recorded_keys(conn)?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let input = form_of(mapping, &row.cells, &communes);
        let line = row.line as u32;
        let (status, errors, valid) = match validate(&input, today, &exists) {
            Err(e) => (RowStatus::Error, cell_errors(&e, mapping), None),
            Ok(v) => {
                let key = (normalize(&v.title), v.first_day, v.commune_insee.clone());
                if seen.insert(key) {
                    (RowStatus::Ready, Vec::new(), Some(v))
                } else {
                    (RowStatus::Present, Vec::new(), None)
                }
            }
        };
        out.push(Checked {
            row: PreviewRow {
                line,
                title: input.title.clone(),
                first_day: input.first_day.clone(),
                status,
                errors,
            },
            valid,
        });
    }
    Ok(out)
}

/// Each field's message, on the column the field was read from.
fn cell_errors(e: &FieldErrors, mapping: &Mapping) -> Vec<CellError> {
    e.fields()
        .map(|field| CellError {
            field: field.to_string(),
            column: match mapping.get(field) {
                Some(Source::Column(i)) => Some(*i as u32),
                _ => None,
            },
            message: e.get(field).unwrap_or_default().to_string(),
        })
        .collect()
}

/// A session's key for « already present »: its title as words, its first
/// day and its commune.
type SessionKey = (String, NaiveDate, Option<String>);

/// The keys of the sessions recorded.
fn recorded_keys(conn: &Connection) -> Result<std::collections::HashSet<SessionKey>> {
    Ok(crate::sql::all(
        conn,
        "SELECT title, first_day, commune_insee FROM training_session",
        [],
        |r| {
            let day: String = r.get(1)?;
            Ok((
                normalize(&r.get::<_, String>(0)?),
                crate::sql::from_iso(&day),
                r.get::<_, Option<String>>(2)?,
            ))
        },
    )?
    .into_iter()
    .filter_map(|(title, day, commune)| Some((title, day?, commune)))
    .collect())
}

/// The territory's communes by their name as words, for a file that names
/// the commune rather than giving its INSEE code.
fn communes_by_name(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(
        crate::sql::all(conn, "SELECT name, insee FROM commune", [], |r| {
            Ok((normalize(&r.get::<_, String>(0)?), r.get::<_, String>(1)?))
        })?
        .into_iter()
        .collect(),
    )
}

/// A row as the training form would have it typed.
fn form_of(
    mapping: &Mapping,
    cells: &[String],
    communes: &HashMap<String, String>,
) -> TrainingInput {
    let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
    let commune = v("commune_insee");
    TrainingInput {
        title: v("title"),
        theme: v("theme"),
        audience: code_of(&v("audience"), audience_code),
        trainer: v("trainer"),
        format: code_of(&v("format"), format_code),
        first_day: date_text(&v("first_day")),
        last_day: date_text(&v("last_day")),
        hours: v("hours"),
        venue: v("venue"),
        commune_insee: communes
            .get(&normalize(&commune))
            .cloned()
            .unwrap_or(commune),
        capacity: v("capacity"),
        registered: v("registered"),
        attended_women: v("attended_women"),
        attended_men: v("attended_men"),
        attended_unstated: v("attended_unstated"),
        planned_cost: v("planned_cost"),
        actual_cost: v("actual_cost"),
        status: code_of(&v("status"), status_code),
        cancel_reason: v("cancel_reason"),
        satisfaction: v("satisfaction"),
        notes: v("notes"),
    }
}

/// A closed list's code from a cell that holds the code, the app's label or
/// a word people use for it; the cell as written otherwise, which the
/// validator then refuses in French.
fn code_of(cell: &str, word: fn(&str) -> Option<&'static str>) -> String {
    word(&normalize(cell)).map_or_else(|| cell.to_string(), str::to_string)
}

fn audience_code(w: &str) -> Option<&'static str> {
    if let Some(a) = Audience::ALL
        .into_iter()
        .find(|a| w == a.code().replace('_', " ") || w == normalize(a.label_fr()))
    {
        return Some(a.code());
    }
    let a = match w {
        "agents" | "agent" | "agents de la collectivite" | "personnel" => Audience::OwnAgents,
        "encadrement" | "encadrants" | "managers" | "cadres" => Audience::OwnManagers,
        "elus" | "elu" | "elus es" | "elu es" | "elues" => Audience::ElectedOfficials,
        "professionnels" | "partenaires" | "professionnels exterieurs" => {
            Audience::OutsideProfessionals
        }
        "associations" | "benevoles" => Audience::VolunteersAssociations,
        "mixte" | "tous publics" | "tout public" => Audience::Mixed,
        _ => return None,
    };
    Some(a.code())
}

fn format_code(w: &str) -> Option<&'static str> {
    match w {
        "in person" | "presentiel" | "sur site" | "en presentiel" => {
            Some(TrainingFormat::InPerson.code())
        }
        "remote" | "a distance" | "distanciel" | "visio" | "visioconference" | "en ligne" => {
            Some(TrainingFormat::Remote.code())
        }
        _ => None,
    }
}

fn status_code(w: &str) -> Option<&'static str> {
    if let Some(s) = TrainingStatus::ALL
        .into_iter()
        .find(|s| w == s.code() || w == normalize(s.label_fr()))
    {
        return Some(s.code());
    }
    let s = match w {
        "realise" | "faite" | "fait" | "terminee" | "effectuee" => TrainingStatus::Held,
        "annule" => TrainingStatus::Cancelled,
        "prevu" | "a venir" | "planifiee" => TrainingStatus::Planned,
        "confirme" => TrainingStatus::Confirmed,
        _ => return None,
    };
    Some(s.code())
}

/// A date as the form takes it (`dd/mm/yyyy`): a spreadsheet's date is
/// already read so, a serial number (days since 30/12/1899, as Excel and
/// LibreOffice count them) is turned into one, `yyyy-mm-dd` too; other text
/// is left for the validator to answer.
fn date_text(cell: &str) -> String {
    if let Ok(serial) = cell.parse::<i64>() {
        if (1..=2_958_465).contains(&serial) {
            if let Some(d) = NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_signed(Duration::days(serial)))
            {
                return d.format("%d/%m/%Y").to_string();
            }
        }
    }
    match NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => cell.to_string(),
    }
}

/// A batch of sessions imported, as the trainings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportBatch {
    pub id: i64,
    pub file_name: String,
    pub sheet: String,
    pub rows_imported: u32,
    /// RFC 3339, and who imported it.
    pub created_at: String,
    pub created_by: String,
    /// When it was taken back, if it was.
    pub undone_at: Option<String>,
    pub undone_by: String,
}

/// The batches of sessions imported, newest first.
pub fn batches(conn: &Connection) -> Result<Vec<ImportBatch>> {
    Ok(crate::sql::all(
        conn,
        "SELECT id, file_name, sheet, rows_imported, created_at, created_by, undone_at, undone_by
         FROM import_batch WHERE kind = 'trainings' ORDER BY id DESC",
        [],
        |r| {
            Ok(ImportBatch {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sheet: r.get(2)?,
                rows_imported: r.get(3)?,
                created_at: r.get(4)?,
                created_by: r.get(5)?,
                undone_at: r.get(6)?,
                undone_by: r.get(7)?,
            })
        },
    )?)
}

/// Imports the ready rows of sheet `sheet` of `path` under `mapping` as one
/// batch, in one transaction: either every ready row is written, or none.
/// The mapping is kept with the batch and offered again for a file with the
/// same header.
/// Rows in error and rows already present are left out and counted. Refused
/// when no row is ready.
pub fn import(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    path: &Path,
    sheet: Option<&str>,
    mapping: Mapping,
) -> Result<ImportReport> {
    let table = read_table(path, sheet)?;
    let checked = check_rows(conn, &table, &mapping, today)?;
    let count = |s: RowStatus| checked.iter().filter(|r| r.row.status == s).count() as u32;
    let (in_error, present) = (count(RowStatus::Error), count(RowStatus::Present));
    let valid: Vec<ValidTraining> = checked.into_iter().filter_map(|c| c.valid).collect();
    if valid.is_empty() {
        return Err(Error::Refused(format!(
            "Aucune ligne n’est prête : {} en erreur, {} déjà présentes. Rien n’a été importé.",
            in_error, present
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
                ("kind", "trainings".to_string().into()),
                ("file_name", file_name.clone().into()),
                ("sha256", sha256.clone().into()),
                ("sheet", table.sheet.clone().into()),
                ("mapping_json", mapping_json.clone().into()),
                ("headers_key", headers_key(&table.headers).into()),
                ("rows_read", (table.rows.len() as i64).into()),
                ("rows_imported", (valid.len() as i64).into()),
            ],
        )?;
        for v in &valid {
            let mut cols = columns(v);
            cols.push(("import_batch_id", batch.into()));
            ctx.insert(tx, "training_session", cols)?;
        }
        Ok(batch)
    })?;
    Ok(ImportReport {
        batch_id,
        imported: valid.len() as u32,
        in_error,
        present,
    })
}

/// Takes a whole batch back: its sessions are deleted and the batch is
/// marked undone, in one transaction. The project lead's decision; refused,
/// naming what stands in the way, once a session of the batch was changed
/// after the import or is linked to an action of the plan.
pub fn undo_batch(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    batch_id: i64,
) -> Result<u32> {
    crate::rights::require(actor, Permission::Decide)?;
    let batch: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT created_at, undone_at FROM import_batch WHERE id = ?1",
            [batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((created_at, undone_at)) = batch else {
        return Err(Error::NotFound("Import"));
    };
    if undone_at.is_some() {
        return Err(Error::Refused("Cet import a déjà été annulé.".into()));
    }
    let changed: Option<String> = conn
        .query_row(
            "SELECT title FROM training_session WHERE import_batch_id = ?1 AND updated_at > ?2 LIMIT 1",
            params![batch_id, created_at],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(title) = changed {
        return Err(Error::Refused(format!(
            "La session « {title} » a été modifiée depuis l’import : l’import ne peut plus être annulé en bloc."
        )));
    }
    let linked: Option<String> = conn
        .query_row(
            "SELECT t.title FROM training_session t
             JOIN plan_link l ON l.kind = 'training' AND l.target_id = t.id
             WHERE t.import_batch_id = ?1 LIMIT 1",
            [batch_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(title) = linked {
        return Err(Error::Refused(format!(
            "La session « {title} » est rattachée à une action du plan : retirez ce lien avant d’annuler l’import."
        )));
    }
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        let n = tx.execute(
            "DELETE FROM training_session WHERE import_batch_id = ?1",
            [batch_id],
        )?;
        tx.execute(
            "UPDATE import_batch SET undone_at = ?2, undone_by = ?3, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![batch_id, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(n as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            date_text("31/02/2026"),
            "31/02/2026",
            "left for the validator"
        );
    }

    #[test]
    fn labels_and_common_words_give_the_codes() {
        assert_eq!(
            code_of("Agents de la collectivité", audience_code),
            "own_agents"
        );
        assert_eq!(code_of("Élus", audience_code), "elected_officials");
        assert_eq!(code_of("Visio", format_code), "remote");
        assert_eq!(code_of("Réalisée", status_code), "held");
        assert_eq!(code_of("held", status_code), "held");
        assert_eq!(code_of("Peut-être", status_code), "Peut-être");
    }
}
