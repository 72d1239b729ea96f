//! Backups of the database file, on the store's behalf: a copy at each start
//! (at most one a day) kept in rotation, a copy on demand, and the restore of
//! a copy after checking it.
//!
//! Copies are made with SQLite's online backup, so they are consistent even
//! while the app has the file open in WAL mode. They live in `backups/`
//! beside the database unless another folder is given.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::rights::{self, Permission};
use crate::store;

/// Daily copies kept, newest first.
pub const KEEP_DAILY: usize = 14;
/// Monthly copies kept beyond the daily ones: the newest copy of each month.
pub const KEEP_MONTHLY: usize = 12;

const DAILY_PREFIX: &str = "quotidienne-";

fn daily_name(day: NaiveDate) -> String {
    format!("{DAILY_PREFIX}{}.sqlite3", day.format("%Y-%m-%d"))
}

fn daily_date(file_name: &str) -> Option<NaiveDate> {
    let stem = file_name
        .strip_prefix(DAILY_PREFIX)?
        .strip_suffix(".sqlite3")?;
    NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()
}

/// Opens a copy (a file no app writes) to read it, without creating the
/// `-wal` and `-shm` files SQLite otherwise makes beside a file in WAL mode:
/// SQLite's `immutable` URI parameter (<https://www.sqlite.org/uri.html>).
pub fn open_copy(path: &Path) -> rusqlite::Result<Connection> {
    let text = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    Connection::open_with_flags(
        format!("file:{text}?immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
}

/// Writes a consistent copy of the open database to `target`.
pub fn save_copy(conn: &Connection, target: &Path) -> Result<()> {
    if let Some(dir) = target.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    // In one step: one read transaction over the whole file, so that a save
    // by another connection meanwhile (the app, while the day's copy is taken
    // beside it) neither restarts the copy nor waits for it in WAL mode.
    let mut copy = Connection::open(target)?;
    let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
    // Busy or locked: another connection holds the file a moment; tried
    // again for up to ten seconds.
    for _ in 0..200 {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            rusqlite::backup::StepResult::More => {}
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
    Err(crate::error::Error::Refused(
        "La base est restée occupée : la copie n’a pas pu être prise.".into(),
    ))
}

/// Takes today's copy into `dir` unless there is one already, then rotates.
/// Returns the new copy's path, if one was taken. The copy is written under
/// a `.partial` name and renamed when whole: a copy cut short (the app
/// closed, the machine stopped) is never taken for the day's.
pub fn daily(conn: &Connection, dir: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join(daily_name(today));
    let taken = if target.exists() {
        None
    } else {
        // What an earlier start left cut short, whatever its day.
        for e in std::fs::read_dir(dir)?.filter_map(|e| e.ok()) {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(DAILY_PREFIX) && name.ends_with(".partial") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        let partial = target.with_extension("partial");
        save_copy(conn, &partial)?;
        std::fs::rename(&partial, &target)?;
        Some(target)
    };
    rotate(dir)?;
    Ok(taken)
}

/// Keeps the [`KEEP_DAILY`] newest daily copies and, older than those, the
/// newest copy of each of the [`KEEP_MONTHLY`] latest months; deletes the
/// rest. Other files in the folder (copies taken before a migration or a
/// restore, a user's own files) are never touched.
pub fn rotate(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut days: Vec<NaiveDate> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(daily_date))
        .collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    let mut keep: BTreeSet<NaiveDate> = days.iter().take(KEEP_DAILY).copied().collect();
    let mut months = BTreeSet::new();
    for day in days.iter().skip(KEEP_DAILY) {
        // Newest first: the first copy met in a month is that month's newest.
        if months.len() < KEEP_MONTHLY && months.insert(day.format("%Y-%m").to_string()) {
            keep.insert(*day);
        }
    }
    let mut removed = Vec::new();
    for day in days.into_iter().filter(|d| !keep.contains(d)) {
        let path = dir.join(daily_name(day));
        std::fs::remove_file(&path)?;
        removed.push(path);
    }
    Ok(removed)
}

/// Checks that `copy` is a Plan LCD database this version can open: SQLite
/// says it is sound, its schema is not newer than the app's, and it was set
/// up. Nothing is changed.
pub fn check_copy(copy: &Path) -> Result<()> {
    let refused = |why: &str| {
        Err(Error::Refused(format!(
            "Cette copie ne peut pas être restaurée : {why}"
        )))
    };
    let conn = match open_copy(copy) {
        Ok(c) => c,
        Err(_) => return refused("le fichier ne s’ouvre pas."),
    };
    let integrity: String = match conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)) {
        Ok(s) => s,
        Err(_) => return refused("ce n’est pas une base Plan LCD lisible."),
    };
    if integrity != "ok" {
        return refused("le fichier est endommagé.");
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > store::schema_version() {
        return refused("elle vient d’une version plus récente de Plan LCD.");
    }
    let has_unit: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'unit'",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || has_unit == 0 {
        return refused("ce n’est pas une base Plan LCD.");
    }
    Ok(())
}

/// Replaces the database at `db_path` with `copy`: the project lead's
/// decision ([`rights::Permission::Decide`]). The copy must pass
/// [`check_copy`] and [`crate::check::problems_of_copy`] (its pages, its
/// schema, its journal), and a demo copy never replaces real data. The current
/// file is kept in `dir` first; the restore is then recorded in the restored
/// file's journal (`journal_rebase`: which entries of the replaced journal an
/// older anchor can no longer be compared with). The caller must have closed
/// its connection to `db_path` and reopens it with [`store::open`]. Returns
/// the path of the copy kept of the file as it was.
pub fn restore(
    db_path: &Path,
    copy: &Path,
    dir: &Path,
    actor: &rights::Actor,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    // Checked here, before the file is replaced: the restore is not a
    // `store::write` until the restored file records it.
    rights::require(actor, Permission::Decide)?;
    check_copy(copy)?;
    if let Some(problem) = crate::check::problems_of_copy(copy)?.into_iter().next() {
        return Err(Error::Refused(format!(
            "Cette copie ne peut pas être restaurée : elle ne passe pas la vérification. {problem}"
        )));
    }
    let is_demo = |path: &Path| -> Result<bool> {
        let conn = open_copy(path)?;
        Ok(conn
            .query_row("SELECT is_demo FROM unit", [], |r| r.get::<_, i64>(0))
            .optional()?
            == Some(1))
    };
    let copy_conn = open_copy(copy)?;
    std::fs::create_dir_all(dir)?;
    let kept = dir.join(format!(
        "avant-restauration-{}.sqlite3",
        now.format("%Y%m%d-%H%M%S")
    ));
    let (from, to) = {
        let current = Connection::open(db_path)?;
        let real = current
            .query_row("SELECT is_demo FROM unit", [], |r| r.get::<_, i64>(0))
            .optional()
            .ok()
            .flatten()
            == Some(0);
        if real && is_demo(copy)? {
            return Err(Error::Refused(
                "Cette copie est une base de démonstration : elle ne remplace pas vos données réelles. \
                 Rien n’a été modifié."
                    .into(),
            ));
        }
        let current_head = crate::anchor::head(&current)?.map_or(0, |h| h.entry);
        let common = crate::anchor::last_common_entry(&current, &copy_conn)?;
        current.backup(rusqlite::MAIN_DB, &kept, None)?;
        let mut target = current;
        target.restore(
            rusqlite::MAIN_DB,
            copy,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        // Entries after the replaced file's head never existed there.
        (common + 1, current_head)
    };
    let source = copy
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    record_rebase(db_path, actor, now, "restore", from, to, &source)?;
    Ok(kept)
}

/// Opens the file just put in place (migrating a copy from an older
/// version) and records in its journal that the chain was replaced from
/// entry `from` to entry `to` (see [`crate::anchor`]).
fn record_rebase(
    db_path: &Path,
    actor: &rights::Actor,
    now: DateTime<Utc>,
    kind: &str,
    from: i64,
    to: i64,
    source: &str,
) -> Result<()> {
    // The file was just replaced by a copy that passed the whole check: a
    // check still running on the file it replaced, or its verdict, no
    // longer holds its writes.
    store::writes_checked(db_path);
    clear_failed_check(db_path);
    let mut conn = store::open(db_path)?;
    store::write(&mut conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO journal_rebase (kind, at, by_name, from_entry, to_entry, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                kind,
                ctx.stamp(),
                actor.name,
                from,
                to.max(from - 1),
                source
            ],
        )?;
        Ok(())
    })
}

/// The newest daily copy in `dir` that passes [`check_copy`], for recovery
/// when the database is damaged or missing.
pub fn newest_good(dir: &Path) -> Option<(NaiveDate, PathBuf)> {
    let mut days: Vec<NaiveDate> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(daily_date))
        .collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.into_iter()
        .map(|d| (d, dir.join(daily_name(d))))
        .find(|(_, p)| {
            check_copy(p).is_ok()
                && crate::check::problems_of_copy(p).is_ok_and(|problems| problems.is_empty())
        })
}

/// Puts the newest good copy in place of a damaged or missing database: the
/// damaged file, if any, is moved into `dir` first, never deleted. The
/// recovery is recorded in the recovered file's journal: the entries after
/// the copy's, up to this PC's anchor in `anchor_dir` (the damaged file's
/// last known head), are no longer comparable. Returns the date of the copy
/// put back.
pub fn recover(
    db_path: &Path,
    dir: &Path,
    anchor_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<NaiveDate> {
    let (day, copy) = newest_good(dir).ok_or_else(|| {
        Error::Refused("Aucune copie de sauvegarde utilisable n’a été trouvée.".into())
    })?;
    // The last entry known of the file being replaced: from the anchors,
    // and from the damaged file itself when it still reads.
    let damaged_head = open_copy(db_path)
        .ok()
        .and_then(|c| crate::anchor::head(&c).ok().flatten())
        .map_or(0, |h| h.entry);
    let known = crate::anchor::anchors(db_path, anchor_dir)
        .iter()
        .map(|a| a.head.entry)
        .max()
        .unwrap_or(0)
        .max(damaged_head);
    if db_path.exists() {
        let aside = dir.join(format!(
            "{DAMAGED_PREFIX}{}.sqlite3",
            now.format("%Y%m%d-%H%M%S")
        ));
        std::fs::rename(db_path, &aside)?;
    }
    // A damaged file's journal files belong to it, not to the copy.
    for suffix in ["-wal", "-shm"] {
        let mut side = db_path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::copy(&copy, db_path)?;
    let copy_head = {
        let conn = open_copy(db_path)?;
        crate::anchor::head(&conn)?.map_or(0, |h| h.entry)
    };
    let source = copy
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let recovering = rights::Actor {
        name: RECOVERY_ACTOR.into(),
        role: rights::Role::ProjectLead,
    };
    record_rebase(
        db_path,
        &recovering,
        now,
        "recovery",
        copy_head + 1,
        known.max(copy_head),
        &source,
    )?;
    Ok(day)
}

/// Starts a new, empty database at `db_path` where the file was missing and
/// the user chose not to put a copy back: the new file's journal records it
/// (`journal_rebase`, kind `recovery`, over the entries this PC's anchor in
/// `anchor_dir` and the file's backup copies knew of), so that `check`
/// explains those anchors rather than reporting them.
pub fn start_afresh(db_path: &Path, anchor_dir: Option<&Path>, now: DateTime<Utc>) -> Result<()> {
    let known = crate::anchor::anchors(db_path, anchor_dir)
        .iter()
        .map(|a| a.head.entry)
        .max()
        .unwrap_or(0);
    if known == 0 {
        return Ok(());
    }
    let starting = rights::Actor {
        name: RECOVERY_ACTOR.into(),
        role: rights::Role::ProjectLead,
    };
    record_rebase(
        db_path,
        &starting,
        now,
        "recovery",
        1,
        known,
        "nouvelle base vide, sans reprise des copies",
    )
}

/// How a damaged file set aside by [`recover`] is named (then the time).
pub const DAMAGED_PREFIX: &str = "endommagee-";

/// The name the journal gives the recovery at start, which the app makes
/// before anyone is chosen.
pub const RECOVERY_ACTOR: &str = "(récupération au démarrage)";

/// Opens the file and asks SQLite for a quick check of its pages: a file can
/// open although it is damaged, and the app must notice at start.
pub fn is_sound(db_path: &Path) -> bool {
    Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            // Beside the window, the app's own connection may hold the file
            // a moment (a checkpoint): wait rather than call it damaged.
            c.busy_timeout(std::time::Duration::from_secs(10))?;
            c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
        })
        .is_ok_and(|s| s == "ok")
}

/// Whether the file opens as a SQLite database and its schema reads, and
/// no migration is pending: enough to open it at start while the full check
/// ([`is_sound`]) runs beside the window, with every write held until it
/// answers (`store::hold_writes`). A file whose header or schema is gone is
/// caught here; a damaged page further in, by the full check. `false` sends
/// the start to the full check first: a migration never runs on a file that
/// was not checked whole, nor does a file whose last check failed
/// ([`record_failed_check`]) open without one.
pub fn opens_for_a_later_check(db_path: &Path) -> bool {
    if failed_check_marker(db_path).exists() {
        return false;
    }
    Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
            c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        })
        .is_ok_and(|v| v == crate::store::schema_version())
}

/// The file beside the copies that says the last check of `db_path` found it
/// damaged: the next start checks it whole before opening, and offers the
/// newest good copy.
fn failed_check_marker(db_path: &Path) -> PathBuf {
    crate::store::backup_dir(db_path).join("verification-echouee.txt")
}

/// Records that the check beside the window found `db_path` damaged (`what`:
/// the check that did), so that the next start checks it before opening.
pub fn record_failed_check(db_path: &Path, what: &str) -> Result<()> {
    let marker = failed_check_marker(db_path);
    if let Some(dir) = marker.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(marker, what)?;
    Ok(())
}

/// Forgets a failed check: the file passed one since.
pub fn clear_failed_check(db_path: &Path) {
    let _ = std::fs::remove_file(failed_check_marker(db_path));
}

/// What the settings page says about backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub folder: String,
    /// ISO date of the newest daily copy, if any.
    pub newest_daily: Option<String>,
    pub daily_copies: i64,
}

pub fn info(dir: &Path) -> BackupInfo {
    let mut days: Vec<NaiveDate> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().to_str().and_then(daily_date))
                .collect()
        })
        .unwrap_or_default();
    days.sort_unstable();
    BackupInfo {
        folder: dir.display().to_string(),
        newest_daily: days.last().map(|d| d.format("%Y-%m-%d").to_string()),
        daily_copies: days.len() as i64,
    }
}
