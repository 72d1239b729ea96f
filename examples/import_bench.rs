//! Times the import of 10 000 training sessions from an XLSX workbook: the
//! preview (file read, columns proposed, every row checked by the training
//! form's rules and against the sessions already recorded) and the import
//! (the same, then the ready rows written as one batch).
//!
//! Run in a release build: `cargo run --release --example import_bench`.

use std::time::Instant;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use plan_lcd::import::{self, ImportKind, ImportOptions};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::store;
use plan_lcd::territory::{self, SetupInput, AMP_SIREN};
use rust_xlsxwriter::Workbook;

const ROWS: u32 = 10_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).ok_or("date")?;
    let now = Utc
        .with_ymd_and_hms(2026, 12, 31, 9, 0, 0)
        .single()
        .ok_or("time")?;
    let lead = Actor {
        name: "Camille Martin".into(),
        role: Role::ProjectLead,
    };
    let dir = std::env::temp_dir().join(format!("plan-lcd-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("plan.sqlite3");
    let mut conn = store::open(&db)?;
    territory::setup(
        &mut conn,
        &SetupInput {
            unit_name: "Mission LCD".into(),
            epci_siren: AMP_SIREN.into(),
            first_year: "2024".into(),
            user_name: lead.name.clone(),
            user_role: "project_lead".into(),
        },
        today,
        now,
    )?;
    let file = dir.join("formations.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "Intitulé",
        "Date",
        "Durée",
        "Public",
        "Format",
        "Commune",
        "Femmes",
        "Hommes",
        "Statut",
        "Coût réel",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write(0, c as u16, *h)?;
    }
    let communes = [
        "Marseille",
        "Aix-en-Provence",
        "La Ciotat",
        "Vitrolles",
        "Martigues",
    ];
    let first = NaiveDate::from_ymd_opt(2024, 1, 8).ok_or("date")?;
    for i in 0..ROWS {
        let r = i + 1;
        let day = first + Duration::days(i64::from(i % 1000));
        sheet.write(r, 0, format!("Session n° {i}"))?;
        sheet.write(r, 1, day.format("%d/%m/%Y").to_string())?;
        sheet.write(r, 2, 3.5)?;
        sheet.write(r, 3, "Agents")?;
        sheet.write(r, 4, "Présentiel")?;
        sheet.write(r, 5, communes[i as usize % communes.len()])?;
        sheet.write(r, 6, 8)?;
        sheet.write(r, 7, 6)?;
        sheet.write(r, 8, "Réalisée")?;
        sheet.write(r, 9, "1 200,50 €")?;
    }
    book.save(&file)?;

    let start = Instant::now();
    let options = ImportOptions::default();
    let preview = import::preview(
        &conn,
        ImportKind::Trainings,
        &file,
        None,
        None,
        &options,
        today,
    )?;
    let previewed = start.elapsed();
    assert_eq!(
        preview.ready,
        ROWS,
        "{:?}",
        preview.rows.iter().find(|r| !r.errors.is_empty())
    );
    let start = Instant::now();
    let report = import::import(
        &mut conn,
        &lead,
        today,
        now,
        ImportKind::Trainings,
        &file,
        None,
        preview.mapping,
        &options,
    )?;
    let imported = start.elapsed();
    assert_eq!(report.imported, ROWS);
    println!(
        "{ROWS} sessions from XLSX: preview {:.2} s, import {:.2} s",
        previewed.as_secs_f64(),
        imported.as_secs_f64()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
