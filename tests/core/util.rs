//! Shared fixtures: a migrated database, a set-up unit, a valid session form.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::store;
use plan_lcd::territory::{self, SetupInput, AMP_SIREN};
use plan_lcd::trainings::{self, TrainingInput, TrainingSession};
use rusqlite::Connection;

/// Tests pin the date: 15 June 2026.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 9, 30, 0).unwrap()
}

pub fn assistant() -> Actor {
    Actor {
        name: "Nadia Benali".into(),
        role: Role::Assistant,
    }
}

/// The project lead: the one role that decides and deletes.
pub fn lead() -> Actor {
    Actor {
        name: "Camille Martin".into(),
        role: Role::ProjectLead,
    }
}

pub fn setup_input() -> SetupInput {
    SetupInput {
        unit_name: "Mission LCD".into(),
        epci_siren: AMP_SIREN.into(),
        first_year: "2026".into(),
        user_name: "Nadia Benali".into(),
        user_role: "assistant".into(),
    }
}

/// An in-memory database set up for the Métropole d'Aix-Marseille-Provence.
pub fn amp_db() -> Connection {
    let mut conn = store::open_in_memory().unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    conn
}

/// A valid held session on 10/03/2026 in Marseille.
pub fn held() -> TrainingInput {
    TrainingInput {
        title: "Droit de la non-discrimination".into(),
        theme: "Cadre juridique".into(),
        audience: "own_agents".into(),
        trainer: "Défenseur des droits".into(),
        format: "in_person".into(),
        first_day: "10/03/2026".into(),
        last_day: "10/03/2026".into(),
        hours: "7".into(),
        venue: "Hôtel de la Métropole".into(),
        commune_insee: "13055".into(),
        capacity: "20".into(),
        registered: "18".into(),
        attended_women: "10".into(),
        attended_men: "6".into(),
        attended_unstated: "1".into(),
        planned_cost: "1 000".into(),
        actual_cost: "850,50".into(),
        status: "held".into(),
        cancel_reason: String::new(),
        satisfaction: "4,5".into(),
        notes: String::new(),
    }
}

pub fn create(conn: &mut Connection, input: &TrainingInput) -> TrainingSession {
    trainings::create(conn, &assistant(), today(), now(), input).expect("a valid session is saved")
}

pub fn count_sessions(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM training_session", [], |r| r.get(0))
        .unwrap()
}

/// Recomputes every hash of the journal from the first entry, as whoever
/// holds the file can (the hash rule is public, in `src/audit.rs`): what an
/// app of an earlier schema sealed, or what a forger does to hide an edit.
pub fn recompute_chain(conn: &Connection) {
    use sha2::{Digest, Sha256};
    let entries: Vec<[String; 9]> = conn
        .prepare(
            "SELECT id, at, actor_name, actor_role, table_name, row_id, action,
                    coalesce(before_json, char(0)), coalesce(after_json, char(0))
             FROM audit_entry ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok([
                r.get::<_, i64>(0)?.to_string(),
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, i64>(5)?.to_string(),
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ])
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The journal's own rule forbids rewriting a hash: a forger drops it.
    conn.execute_batch("DROP TRIGGER IF EXISTS audit_entry_no_update")
        .unwrap();
    let mut previous = String::new();
    for e in entries {
        let mut h = Sha256::new();
        h.update(previous.as_bytes());
        h.update([0x1f]);
        for part in &e {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        conn.execute(
            "UPDATE audit_entry SET hash = ?2 WHERE id = ?1",
            rusqlite::params![e[0], hash],
        )
        .unwrap();
        previous = hash;
    }
}

/// Puts back the journal's rule that [`recompute_chain`] dropped, as the
/// migration `sql` wrote it, so that only the chain differs.
pub fn restore_journal_rule(conn: &Connection, sql: &str) {
    restore_trigger(conn, sql, "audit_entry_no_update");
}

/// Puts back the trigger `name` exactly as the migration `sql` created it.
pub fn restore_trigger(conn: &Connection, sql: &str, name: &str) {
    let start = sql.find(&format!("CREATE TRIGGER {name}")).unwrap();
    let end = start + sql[start..].find("END;").unwrap() + 4;
    conn.execute_batch(&sql[start..end]).unwrap();
}

/// The CSV file at `csv` (`;` or `,`, UTF-8) retyped as an XLSX workbook in
/// `dir`, as a person would in Excel: a `dd/mm/yyyy` cell as a date
/// cell, a `hh:mm` cell as a time cell, a short whole or French decimal
/// number (`7`, `3,5`) as a number; anything else, a phone number with its
/// leading zero or a SIRET among them, as text.
pub fn as_xlsx(csv: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text = std::fs::read_to_string(csv).unwrap();
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let (date, time) = (
        Format::new().set_num_format("dd/mm/yyyy"),
        Format::new().set_num_format("hh:mm"),
    );
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let parts: Vec<&str> = cell.split(['/', ':']).collect();
            let all_digits = |p: &[&str]| {
                p.iter()
                    .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
            };
            if r > 0
                && parts.len() == 3
                && cell.contains('/')
                && all_digits(&parts)
                && parts[2].len() == 4
            {
                let [d, m, y] = [parts[0], parts[1], parts[2]].map(|x| x.parse::<u16>().unwrap());
                match ExcelDateTime::from_ymd(y, m as u8, d as u8) {
                    Ok(day) => sheet.write_datetime_with_format(r, c, &day, &date).unwrap(),
                    Err(_) => sheet.write_string(r, c, cell).unwrap(),
                };
            } else if r > 0 && parts.len() == 2 && cell.contains(':') && all_digits(&parts) {
                let t = ExcelDateTime::from_hms(
                    parts[0].parse().unwrap(),
                    parts[1].parse().unwrap(),
                    0,
                )
                .unwrap();
                sheet.write_datetime_with_format(r, c, &t, &time).unwrap();
            } else if let Some(n) = (r > 0 && cell.len() <= 9 && !cell.starts_with('0'))
                .then(|| cell.replace(',', ".").parse::<f64>().ok())
                .flatten()
            {
                sheet.write_number(r, c, n).unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    let path = dir.join(csv.with_extension("xlsx").file_name().unwrap());
    book.save(&path).unwrap();
    path
}

/// The preview of `path` equals `expected`'s (the same file as CSV): the
/// same mapping, and each row the same status, title, detail and messages
/// on the same columns.
pub fn same_preview(
    expected: &plan_lcd::import::ImportPreview,
    got: &plan_lcd::import::ImportPreview,
    what: &str,
) {
    let json = |p: &plan_lcd::import::ImportPreview| serde_json::json!({ "mapping": p.mapping, "headers": p.headers, "rows": p.rows });
    assert_eq!(json(got), json(expected), "{what}");
}
