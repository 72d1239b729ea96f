//! Everything the file holds about one person, found by name or email, for
//! a request under articles 15 and 20 of the GDPR: shown in the window and
//! written as a JSON file (structured and machine-readable).

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{fold, FieldValue, CONTACT_SOURCES};
use crate::audit::reading;
use crate::error::{Error, FieldErrors, Result};
use crate::input::format_date_fr;

/// A record that names the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonRecord {
    /// What kind of record, in French.
    pub source: String,
    /// The record's name (the organisation, the session, the position).
    pub record: String,
    pub fields: Vec<FieldValue>,
}

/// A journal entry that names the person, as acting or as a recorded value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonJournalEntry {
    pub at: String,
    pub table_name: String,
    pub row_id: i64,
    /// The record's kind and name, as the journal page shows them:
    /// « Session de formation — Droit de la non-discrimination du 10/03/2026 ».
    pub record: String,
    pub action: String,
    /// `acting` when the person made the change, `recorded` when the entry
    /// holds a value that names them.
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonData {
    /// What was searched for, as typed.
    pub query: String,
    /// The day of the search, `dd/mm/yyyy`.
    pub searched_on: String,
    pub records: Vec<PersonRecord>,
    pub journal: Vec<PersonJournalEntry>,
}

/// One kind of record searched: the SQL gives the row id, the record's name
/// and the columns, in the order of `columns`; only the first, the person's
/// name, is searched.
struct PersonSource {
    label_fr: &'static str,
    sql: &'static str,
    columns: &'static [&'static str],
}

const OTHER_SOURCES: &[PersonSource] = &[
    PersonSource {
        label_fr: "Formateur ou formatrice d’une session de formation",
        sql: "SELECT id, title || ' (' || first_day || ')', trainer FROM training_session",
        columns: &["formateur ou formatrice"],
    },
    PersonSource {
        label_fr: "Poste de l’équipe (budget et ETP)",
        sql: "SELECT id, title, person, start_day, coalesce(end_day, '') FROM staff_position",
        columns: &["personne", "début", "fin"],
    },
    PersonSource {
        label_fr: "Porteur ou porteuse d’une action du plan",
        sql: "SELECT id, title, owner FROM plan_action",
        columns: &["porteur ou porteuse"],
    },
    PersonSource {
        label_fr: "Responsable d’une action de suivi (réunion de comité)",
        sql: "SELECT f.id, f.text, f.owner, coalesce(f.due_on, '') FROM meeting_follow_up f",
        columns: &["responsable", "échéance"],
    },
    PersonSource {
        label_fr: "Profil d’utilisateur de l’application",
        sql: "SELECT id, name, name, CASE role WHEN 'project_lead' THEN 'chef·fe de projet'
                WHEN 'assistant' THEN 'assistant·e' ELSE 'chef·fe de service' END,
                substr(last_used_at, 1, 10) FROM profile",
        columns: &["nom", "rôle", "dernière utilisation"],
    },
];

/// Finds every record and journal entry that holds `query` (a name or an
/// email, at least three characters), ignoring case.
pub fn find_person(conn: &Connection, query: &str, today: NaiveDate) -> Result<PersonData> {
    let q = query.trim();
    if q.chars().count() < 3 {
        let mut e = FieldErrors::new();
        e.add(
            "query",
            "Saisissez au moins trois caractères du nom ou du courriel.",
        );
        return Err(Error::Invalid(e));
    }
    let needle = fold(q);
    let hit = |s: &str| fold(s).contains(&needle);
    let mut records = Vec::new();
    for s in CONTACT_SOURCES {
        let columns = labels(s.columns);
        let searched = columns.len();
        collect(
            conn,
            s.record_sql,
            s.label_fr,
            &columns,
            searched,
            &hit,
            &mut records,
        )?;
    }
    for s in OTHER_SOURCES {
        collect(conn, s.sql, s.label_fr, s.columns, 1, &hit, &mut records)?;
    }
    let mut journal = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT at, table_name, row_id, action, actor_name,
                coalesce(before_json, ''), coalesce(after_json, '')
         FROM audit_entry ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let actor: String = r.get(4)?;
        let before: String = r.get(5)?;
        let after: String = r.get(6)?;
        let how = if hit(&actor) {
            "acting"
        } else if hit(&before) || hit(&after) {
            "recorded"
        } else {
            continue;
        };
        let table_name: String = r.get(1)?;
        let row_id: i64 = r.get(2)?;
        journal.push(PersonJournalEntry {
            at: r.get(0)?,
            record: format!(
                "{} — {}",
                reading::record_kind_label(&table_name),
                reading::record_name(conn, &table_name, row_id)?
            ),
            table_name,
            row_id,
            action: r.get(3)?,
            how: how.into(),
        });
    }
    Ok(PersonData {
        query: q.to_string(),
        searched_on: format_date_fr(today),
        records,
        journal,
    })
}

fn labels(columns: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    columns.iter().map(|(_, l)| *l).collect()
}

/// Runs `sql` (id, record name, columns…) and keeps the rows where one of
/// the first `searched` columns matches.
fn collect(
    conn: &Connection,
    sql: &str,
    source: &str,
    columns: &[&str],
    searched: usize,
    hit: &dyn Fn(&str) -> bool,
    out: &mut Vec<PersonRecord>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let record: String = r.get(1)?;
        let values: Vec<String> = (0..columns.len())
            .map(|i| r.get::<_, String>(i + 2))
            .collect::<rusqlite::Result<_>>()?;
        // Only the personal columns count as a match, never the record's name.
        if !values.iter().take(searched).any(|v| hit(v)) {
            continue;
        }
        out.push(PersonRecord {
            source: source.to_string(),
            record,
            fields: columns
                .iter()
                .zip(values)
                .filter(|(_, v)| !v.is_empty())
                .map(|(l, v)| FieldValue {
                    label: (*l).to_string(),
                    value: v,
                })
                .collect(),
        });
    }
    Ok(())
}

/// `donnees-personnelles-2026-11-23.json`.
pub fn person_file_name(today: NaiveDate) -> String {
    format!("donnees-personnelles-{}.json", today.format("%Y-%m-%d"))
}

/// Writes the search's result as indented JSON, flushed to disk.
pub fn write_person_json(data: &PersonData, path: &Path) -> Result<()> {
    let json = serde_json::to_string_pretty(data)
        .map_err(|e| Error::Refused(format!("Export impossible : {e}")))?;
    let mut file = std::fs::File::create(path)?;
    file.write_all(json.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(())
}
