//! What the window needs to know at start and after a switch of database:
//! whether setup is done, for which unit, who acts, which years exist.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::lock::HeldBy;
use crate::rights::Actor;
use crate::territory::{self, Unit};
use crate::trainings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    /// Setup has been done on this database.
    pub configured: bool,
    pub unit: Option<Unit>,
    /// The person the app acts for.
    pub actor: Option<Actor>,
    /// What that person may do on this file: the window offers nothing more.
    pub rights: crate::rights::Rights,
    /// The years the year switcher offers, oldest first.
    pub years: Vec<i32>,
    /// The year to show first: this year when offered, else the latest.
    pub current_year: i32,
    /// Another app holds the database: this one only reads it.
    pub read_only: bool,
    /// Who holds it, when another app does (the lock file may be gone by now).
    pub held_by: Option<HeldBy>,
    /// Why the file is read-only when no other app holds it (a
    /// write-protected file or folder), in French.
    pub read_only_reason: Option<String>,
    /// Something the user should know since the app started (a lock left by
    /// a crash taken back); the shell fills it.
    pub notice: Option<String>,
}

pub fn status(conn: &Connection, db_path: &Path, today: NaiveDate) -> Result<AppStatus> {
    let unit = territory::unit(conn)?;
    let actor = territory::current_actor(conn)?;
    let years = match &unit {
        Some(u) => trainings::years(conn, u.first_year, today)?,
        None => vec![today.year()],
    };
    let current_year = if years.contains(&today.year()) {
        today.year()
    } else {
        years.last().copied().unwrap_or(today.year())
    };
    let read_only = crate::store::is_read_only(conn);
    // This very app's own lock is not "another person".
    let held_by = if read_only {
        crate::lock::holder(db_path)?.filter(|h| {
            !(h.holder.host == crate::lock::host_name() && h.holder.pid == std::process::id())
        })
    } else {
        None
    };
    let read_only_reason = (read_only && held_by.is_none() && write_protected(db_path)).then(|| {
        "Le fichier ou son dossier est protégé en écriture : Plan LCD l’ouvre en lecture seule. \
         Demandez au service informatique le droit d’y écrire pour saisir."
            .to_string()
    });
    Ok(AppStatus {
        version: crate::VERSION.to_string(),
        db_path: db_path.display().to_string(),
        configured: unit.is_some(),
        unit,
        rights: crate::rights::Rights::of(actor.as_ref(), read_only),
        actor,
        years,
        current_year,
        read_only,
        held_by,
        read_only_reason,
        notice: None,
    })
}

/// Whether the system refuses writing to the file or to its folder (the
/// folder holds the lock and SQLite's side files): their permissions say
/// read-only.
fn write_protected(db_path: &Path) -> bool {
    let read_only = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().readonly());
    read_only(db_path) || db_path.parent().is_some_and(read_only)
}

/// What the IT department needs to look into a problem, as plain text the
/// user copies: versions, system, the file and its state, backups, logs.
/// Nothing from the records themselves.
pub fn diagnostics(conn: &Connection, db_path: &Path, log_dir: Option<&Path>) -> String {
    let version: String = conn
        .query_row("SELECT sqlite_version()", [], |r| r.get(0))
        .unwrap_or_default();
    let schema: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap_or(-1);
    let size = std::fs::metadata(db_path).map(|m| m.len()).unwrap_or(0);
    let backups = crate::backup::info(&crate::store::backup_dir(db_path));
    let holder = crate::lock::holder(db_path).ok().flatten();
    let mut lines = vec![
        format!("Plan LCD {}", crate::VERSION),
        format!(
            "Système : {} {}",
            std::env::consts::OS,
            std::env::consts::ARCH
        ),
        format!("SQLite : {version}"),
        format!("Base : {}", db_path.display()),
        format!(
            "Taille : {size} octets ; schéma {schema} (attendu {})",
            crate::store::schema_version()
        ),
        format!(
            "Journal SQLite : {} ; dossier réseau : {}",
            crate::store::journal_mode(conn).unwrap_or_default(),
            if crate::store::on_network_fs(db_path) {
                "oui"
            } else {
                "non"
            }
        ),
        format!(
            "Accès : {}",
            if crate::store::is_read_only(conn) {
                "lecture seule"
            } else {
                "lecture et écriture"
            }
        ),
        format!(
            "Verrou : {}",
            match holder {
                Some(h) => format!(
                    "poste {} depuis {}{}",
                    h.holder.host,
                    h.holder.since,
                    if h.stale { " (abandonné)" } else { "" }
                ),
                None => "aucun".into(),
            }
        ),
        format!(
            "Sauvegardes : {} ({} copies quotidiennes, la plus récente : {})",
            backups.folder,
            backups.daily_copies,
            backups.newest_daily.as_deref().unwrap_or("aucune")
        ),
    ];
    lines.push(format!(
        "Journaux : {}",
        log_dir
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "non disponibles".into())
    ));
    lines.join("\n")
}
