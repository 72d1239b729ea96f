//! The year's sessions as a spreadsheet (CSV or XLSX, see [`crate::export`]).

use std::path::Path;

use rusqlite::Connection;

use super::{all_of_year, TrainingSession};
use crate::error::Result;
use crate::export::{write_table, Cell, SheetFormat};
use crate::sql::from_iso;

const TRAINING_HEADERS: &[&str] = &[
    "Intitulé",
    "Thème",
    "Public",
    "Intervenant ou organisme",
    "Format",
    "Premier jour",
    "Dernier jour",
    "Heures",
    "Lieu",
    "Commune",
    "Code INSEE",
    "Capacité",
    "Inscrit·es",
    "Présentes (femmes)",
    "Présents (hommes)",
    "Présent·es (non renseigné)",
    "Présent·es (total)",
    "Coût prévu (€)",
    "Coût réel (€)",
    "Statut",
    "Motif d’annulation",
    "Satisfaction (sur 5)",
    "Notes",
];

fn training_row(t: &TrainingSession) -> Vec<Cell> {
    vec![
        Cell::Text(t.title.clone()),
        Cell::Text(t.theme.clone()),
        Cell::Text(t.audience.label_fr().into()),
        Cell::Text(t.trainer.clone()),
        Cell::Text(t.format.label_fr().into()),
        Cell::Date(from_iso(&t.first_day)),
        Cell::Date(from_iso(&t.last_day)),
        Cell::Centi(t.hours_centi),
        Cell::Text(t.venue.clone()),
        Cell::Text(t.commune_name.clone().unwrap_or_default()),
        Cell::Text(t.commune_insee.clone().unwrap_or_default()),
        Cell::Int(t.capacity),
        Cell::Int(t.registered),
        Cell::Int(Some(t.attended_women)),
        Cell::Int(Some(t.attended_men)),
        Cell::Int(Some(t.attended_unstated)),
        Cell::Int(Some(t.attended_total)),
        Cell::Cents(t.planned_cost_cents),
        Cell::Cents(t.actual_cost_cents),
        Cell::Text(t.status.label_fr().into()),
        Cell::Text(t.cancel_reason.clone()),
        Cell::Tenths(t.satisfaction_tenths),
        Cell::Text(t.notes.clone()),
    ]
}

/// Writes every session of `year` to `path`; returns how many.
pub fn export_sheet(
    conn: &Connection,
    year: i32,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let sessions = all_of_year(conn, year)?;
    let rows: Vec<Vec<Cell>> = sessions.iter().map(training_row).collect();
    write_table(
        path,
        format,
        &format!("Formations {year}"),
        TRAINING_HEADERS,
        &rows,
    )?;
    Ok(rows.len())
}

/// The file name the save dialog proposes: `formations-2026.xlsx`.
pub fn sheet_file_name(year: i32, format: SheetFormat) -> String {
    format!("formations-{year}.{}", format.extension())
}
