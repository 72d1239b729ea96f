//! `plan-lcd check` and the window's « Vérifier la base »: everything that
//! says whether a database file is what the app wrote, each problem named in
//! French (which table and record, which journal entry, which rule).
//!
//! What it checks, in order: SQLite's page-level integrity; the foreign keys;
//! the schema version; the schema itself (every table, index and rule trigger
//! exactly as the migrations create them); the journal's hash chain and every
//! record against its journal entries ([`crate::audit::verify`]); the chain against
//! the anchors kept outside the file ([`crate::anchor`]). The guarantees and
//! their limits are stated in `docs/ARCHITECTURE.md`.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    /// `ok`, or SQLite's list of problems.
    pub integrity: String,
    pub foreign_key_violations: i64,
    pub schema_version: i64,
    pub expected_schema_version: i64,
    /// The audit journal's chain and records; `None` before the journal existed.
    pub journal: Option<crate::audit::JournalReport>,
    /// How many anchors (this PC's, the backup copies') the chain was compared with.
    pub anchors: i64,
    /// Every problem found, one French sentence each; none when the file is sound.
    pub problems: Vec<String>,
    /// What the check saw and explained (an anchor older than a restore).
    pub notes: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The problems of a copy offered for a restore: those of [`check`] without
/// anchors, except an older schema (the copy is migrated once restored).
pub fn problems_of_copy(copy: &Path) -> Result<Vec<String>> {
    Ok(run(copy, None, true)?.problems)
}

/// Checks the database file at `path`, read-only, against the anchors of
/// `anchor_dir` (see [`crate::anchor::anchors`]) and its backup copies.
/// Refused when the file does not exist; nothing is created or changed.
pub fn check(path: &Path, anchor_dir: Option<&Path>) -> Result<CheckReport> {
    run(path, anchor_dir, false)
}

fn run(path: &Path, anchor_dir: Option<&Path>, copy: bool) -> Result<CheckReport> {
    if !path.is_file() {
        return Err(Error::Refused(format!(
            "Le fichier {} n’existe pas.",
            path.display()
        )));
    }
    let conn = if copy {
        crate::backup::open_copy(path)
    } else {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(|_| not_a_database(path))?;
    let lines: Vec<String> = match conn.prepare("PRAGMA integrity_check") {
        Ok(mut stmt) => stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|_| not_a_database(path))?,
        Err(_) => return Err(not_a_database(path)),
    };
    let integrity = lines.join("\n");
    let mut problems = Vec::new();
    if integrity != "ok" {
        problems.push(format!(
            "Le fichier est endommagé : SQLite y trouve {}, dont « {} ».",
            crate::reports::quantity_fr(lines.len() as i64, "défaut", "défauts"),
            lines[0]
        ));
    }
    let fk = foreign_keys(&conn)?;
    problems.extend(fk.iter().map(|(table, row, parent)| {
        format!("L’enregistrement {table} n° {row} renvoie à un enregistrement de {parent} qui n’existe pas.")
    }));
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let expected = crate::store::schema_version();
    if copy && version < expected {
        // An older copy: its schema is the migrations' up to its version.
    } else if version != expected {
        problems.push(format!(
            "La base est au schéma {version} ; cette version de Plan LCD attend le schéma {expected}."
        ));
    } else {
        problems.extend(schema_differences(&conn)?);
    }
    let has_journal: bool = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_entry'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0;
    let journal = if has_journal {
        Some(crate::audit::verify(&conn)?)
    } else {
        None
    };
    if let Some(j) = &journal {
        problems.extend(journal_problems(&conn, j)?);
    }
    problems.extend(crate::budget::open_amounts_problems(&conn)?);
    let anchors = if copy {
        Vec::new()
    } else {
        crate::anchor::anchors(path, anchor_dir)
    };
    let compared = if has_journal {
        crate::anchor::compare(&conn, &anchors)?
    } else {
        Default::default()
    };
    problems.extend(compared.problems);
    Ok(CheckReport {
        integrity,
        foreign_key_violations: fk.len() as i64,
        schema_version: version,
        expected_schema_version: expected,
        journal,
        anchors: if has_journal { anchors.len() as i64 } else { 0 },
        problems,
        notes: compared.notes,
    })
}

fn not_a_database(path: &Path) -> Error {
    Error::Refused(format!(
        "Le fichier {} n’est pas une base Plan LCD lisible, ou il est endommagé au point de ne pas s’ouvrir.",
        path.display()
    ))
}

/// The rows whose foreign key points nowhere: (table, rowid, parent table).
fn foreign_keys(conn: &Connection) -> Result<Vec<(String, i64, String)>> {
    let mut stmt =
        conn.prepare("SELECT \"table\", coalesce(rowid, 0), parent FROM pragma_foreign_key_check")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The schema objects of a database: (type, name) → the SQL that made it.
fn schema_objects(conn: &Connection) -> Result<BTreeMap<(String, String), Option<String>>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM main.sqlite_schema
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Compares the file's tables, indexes and rule triggers with those the
/// migrations create: a dropped table or rule, or one rewritten, is named.
fn schema_differences(conn: &Connection) -> Result<Vec<String>> {
    let expected = schema_objects(&crate::store::open_in_memory()?)?;
    let actual = schema_objects(conn)?;
    let kind = |t: &str| match t {
        "table" => "la table",
        "index" => "l’index",
        "trigger" => "la règle (déclencheur)",
        "view" => "la vue",
        _ => "l’objet",
    };
    let mut out = Vec::new();
    for ((t, name), sql) in &expected {
        match actual.get(&(t.clone(), name.clone())) {
            None => out.push(format!(
                "Le schéma n’a plus {} {name} : cette suppression a été faite hors de l’application.",
                kind(t)
            )),
            Some(found) if found != sql => out.push(format!(
                "La définition de {} {name} a été modifiée hors de l’application.",
                kind(t)
            )),
            Some(_) => {}
        }
    }
    for (t, name) in actual.keys().filter(|k| !expected.contains_key(*k)) {
        out.push(format!(
            "Le schéma contient {} {name}, que Plan LCD ne crée pas : cet ajout a été fait hors de l’application.",
            kind(t)
        ));
    }
    Ok(out)
}

/// The journal's findings, each entry and record named.
fn journal_problems(conn: &Connection, j: &crate::audit::JournalReport) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if let Some(id) = j.broken_at {
        let entry: Option<(String, i64, String)> = conn
            .query_row(
                "SELECT table_name, row_id, at FROM audit_entry WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let what = entry
            .map(|(t, r, at)| format!(" ({t} n° {r}, {})", crate::anchor::day_fr(&at)))
            .unwrap_or_default();
        out.push(format!(
            "Le journal est rompu à l’entrée n° {id}{what} : cette entrée ou la précédente a été \
             modifiée, supprimée ou privée de son empreinte hors de l’application."
        ));
    }
    for record in &j.altered_records {
        let (table, row) = record.split_once(" #").unwrap_or((record, "?"));
        out.push(format!(
            "L’enregistrement {table} n° {row} ne correspond pas à sa dernière entrée du journal : \
             il a été modifié ou supprimé hors de l’application."
        ));
    }
    Ok(out)
}
