//! The SQLite store: where the file lives, how every connection is opened, the
//! migrations, the backup taken before them, and the single path every write
//! goes through.
//!
//! It owns connections, migrations and backups, nothing else: queries belong
//! to the domain modules.
//!
//! The file is found by `--db`, then `PLAN_LCD_DB`, then the platform's data
//! folder. Every connection enables foreign keys and a busy timeout; WAL with
//! `synchronous=NORMAL` on a local disk, the rollback journal with
//! `synchronous=FULL` on a network file system (Linux reads the mount table,
//! Windows recognises `\\server\share` paths). A file another app holds opens
//! read-only, every write refused in French; a file from a newer app is
//! refused before anything is written to it. Before any migration, the file is
//! copied with SQLite's online backup into `backups/<file name>/` beside it.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OpenFlags, Transaction};
use rusqlite_migration::{HookError, Migrations, M};

use crate::error::{Error, Result};
use crate::rights::{Actor, Permission};

/// Environment variable that points the app and the CLI at another file.
pub const DB_ENV: &str = "PLAN_LCD_DB";

/// The numbered migrations, in order. Released ones are never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_foundation.sql"),
    include_str!("../migrations/0002_audit.sql"),
    include_str!("../migrations/0003_events.sql"),
    include_str!("../migrations/0004_fund.sql"),
    include_str!("../migrations/0005_budget.sql"),
    include_str!("../migrations/0006_partners.sql"),
    include_str!("../migrations/0007_plan.sql"),
    include_str!("../migrations/0008_budget_forecast.sql"),
    include_str!("../migrations/0009_privacy.sql"),
    include_str!("../migrations/0010_grant_share.sql"),
    include_str!("../migrations/0011_budget_vote_and_closing.sql"),
    include_str!("../migrations/0012_agreement_setting.sql"),
    include_str!("../migrations/0013_journal_rebase.sql"),
    include_str!("../migrations/0014_import.sql"),
    include_str!("../migrations/0015_import_kinds.sql"),
    include_str!("../migrations/0016_journal_paging.sql"),
    include_str!("../migrations/0017_journal_changes.sql"),
    include_str!("../migrations/0018_open_commitments.sql"),
];

/// The schema version this build expects (SQLite's `user_version`).
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// Runs `migrations` with foreign keys off, as SQLite's procedure for
/// rebuilding a table asks ("Making Other Kinds Of Table Schema Changes",
/// sqlite.org/lang_altertable.html): each migration checks the keys itself
/// (`PRAGMA foreign_key_check`) before its transaction commits, and the keys
/// are on again afterwards, whatever the outcome.
fn migrate(conn: &mut Connection, migrations: Migrations<'static>) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = migrations.to_latest(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(done?)
}

/// The migrations for upgrading a file that holds records: the last one also
/// journals what the upgrade brought ([`crate::audit::upgrade`]).
/// `rusqlite_migration` runs every pending migration and its hooks in one
/// transaction, so an upgrade killed at any step leaves the file as it was.
fn upgrading_migrations(at: String, from_version: i64, trusted: bool) -> Migrations<'static> {
    let last = MIGRATIONS.len() - 1;
    Migrations::new(
        MIGRATIONS
            .iter()
            .enumerate()
            .map(|(i, sql)| {
                if i < last {
                    return M::up(sql).foreign_key_check();
                }
                let at = at.clone();
                M::up_with_hook(sql, move |tx: &Transaction| {
                    crate::audit::upgrade(tx, &at, from_version, trusted).map_err(|e| match e {
                        Error::Db(db) => HookError::RusqliteError(db),
                        other => HookError::Hook(other.to_string()),
                    })
                })
                .foreign_key_check()
            })
            .collect(),
    )
}

/// What a write knows about its context, handed to the closure by [`write`].
pub struct WriteCtx<'a> {
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
}

/// A record's stored columns and their values, in one list that both its
/// `INSERT` ([`WriteCtx::insert`]) and its `UPDATE` ([`WriteCtx::update`])
/// read, so that the two cannot drift apart. Column names come from the
/// code, never from what a person typed.
pub type Columns = Vec<(&'static str, Value)>;

impl WriteCtx<'_> {
    /// The timestamp stored in `created_at` / `updated_at` columns.
    pub fn stamp(&self) -> String {
        self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// Inserts a row of `table` with `columns`, created and last updated
    /// now by the acting person; returns the row's id.
    pub fn insert(&self, tx: &Connection, table: &str, columns: Columns) -> Result<i64> {
        let (names, mut values): (Vec<&str>, Vec<Value>) = columns.into_iter().unzip();
        let n = names.len();
        let placeholders: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let (at, by) = (n + 1, n + 2);
        let sql = format!(
            "INSERT INTO {table} ({}, created_at, created_by, updated_at, updated_by)
             VALUES ({}, ?{at}, ?{by}, ?{at}, ?{by})",
            names.join(", "),
            placeholders.join(", ")
        );
        values.push(Value::Text(self.stamp()));
        values.push(Value::Text(self.actor.name.clone()));
        tx.execute(&sql, params_from_iter(values))?;
        Ok(tx.last_insert_rowid())
    }

    /// Sets `columns` of row `id` of `table`, last updated now by the acting
    /// person; returns how many rows changed (0: no such row).
    pub fn update(&self, tx: &Connection, table: &str, id: i64, columns: Columns) -> Result<usize> {
        let (names, mut values): (Vec<&str>, Vec<Value>) = columns.into_iter().unzip();
        let n = names.len();
        let set: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {}, updated_at = ?{}, updated_by = ?{} WHERE id = ?{}",
            set.join(", "),
            n + 1,
            n + 2,
            n + 3
        );
        values.push(Value::Text(self.stamp()));
        values.push(Value::Text(self.actor.name.clone()));
        values.push(Value::Integer(id));
        Ok(tx.execute(&sql, params_from_iter(values))?)
    }
}

/// The one path every write takes: the acting person's right to the write
/// ([`crate::rights::require`], the rule in one file), then a single
/// transaction, committed only when the closure succeeds, which the audit
/// journal records under that person's name.
pub fn write<T>(
    conn: &mut Connection,
    actor: &Actor,
    permission: Permission,
    now: DateTime<Utc>,
    f: impl FnOnce(&Transaction, &WriteCtx) -> Result<T>,
) -> Result<T> {
    if actor.name.trim().is_empty() {
        return Err(Error::Refused(
            "Aucun utilisateur n’est choisi : rien n’a été enregistré.".into(),
        ));
    }
    crate::rights::require(actor, permission)?;
    let ctx = WriteCtx { actor, now };
    with_tx(conn, |tx| {
        crate::audit::begin(tx, actor, &ctx.stamp())?;
        let value = f(tx, &ctx)?;
        crate::audit::end(tx)?;
        Ok(value)
    })
    .map_err(budget_rule_in_french)
}

/// The budget's rule triggers (migration 0011) are the second wall behind the
/// core's own checks; when one fires, the user still reads why in French.
fn budget_rule_in_french(err: Error) -> Error {
    let Error::Db(db) = &err else { return err };
    let text = db.to_string();
    if text.contains("closed year") {
        Error::Refused(
            "Cet exercice est clos : rien ne peut plus y être daté ni modifié, et rien n’a été enregistré."
                .into(),
        )
    } else if text.contains("voted budget") {
        Error::Refused(
            "Le budget de cette année est voté : ses crédits ne changent plus que par une décision modificative datée et motivée."
                .into(),
        )
    } else {
        err
    }
}

/// Runs `f` in one transaction: committed if it returns `Ok`, rolled back
/// otherwise. Waits first while the file's integrity check holds its writes
/// ([`hold_writes`]), and refuses when that check found it damaged.
pub fn with_tx<T>(conn: &mut Connection, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
    if is_read_only(conn) {
        return Err(Error::Refused(READ_ONLY.into()));
    }
    wait_until_checked(conn)?;
    let tx = conn.transaction()?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

/// A file whose writes wait for its integrity check: `verdict` is `None`
/// while the check runs, then the French message that refuses every write
/// when it found the file damaged. `hold` tells one check from a later one.
struct Held {
    path: PathBuf,
    hold: u64,
    verdict: Option<std::result::Result<(), String>>,
}

static HELD: Mutex<Vec<Held>> = Mutex::new(Vec::new());
static ANSWERED: Condvar = Condvar::new();
static HOLDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn held() -> std::sync::MutexGuard<'static, Vec<Held>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Holds every write to the file at `path` ([`with_tx`], so [`write`] too)
/// until [`release_writes`] gives the verdict of its integrity check, and
/// returns the hold that verdict names. The app calls it at start before its
/// window can send a write, then runs the check beside the window: the
/// window and the home page do not wait for a check that reads the whole
/// file (about a second at twenty years, docs/PERFORMANCE.md), and no write reaches a
/// file before it passed.
pub fn hold_writes(path: &Path) -> u64 {
    let hold = HOLDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut held = held();
    held.retain(|h| !same_file(&h.path, path));
    held.push(Held {
        path: path.to_path_buf(),
        hold,
        verdict: None,
    });
    hold
}

/// Gives the verdict of the check that `hold` ([`hold_writes`]) waits for:
/// `Ok` lets the writes go; `Err(message)` refuses each one with that French
/// message. A verdict on a hold already lifted (the file was replaced by a
/// checked copy since, [`writes_checked`]) changes nothing.
pub fn release_writes(path: &Path, hold: u64, verdict: std::result::Result<(), String>) {
    let mut held = held();
    match verdict {
        Ok(()) => held.retain(|h| !(h.hold == hold && same_file(&h.path, path))),
        Err(m) => {
            for h in held
                .iter_mut()
                .filter(|h| h.hold == hold && same_file(&h.path, path))
            {
                h.verdict = Some(Err(m.clone()));
            }
        }
    }
    ANSWERED.notify_all();
}

/// Lifts any hold on the file at `path`: it was just replaced by a copy that
/// passed the whole check (a restore, a recovery).
pub fn writes_checked(path: &Path) {
    held().retain(|h| !same_file(&h.path, path));
    ANSWERED.notify_all();
}

/// Waits while the file at `path` is held ([`hold_writes`]), and refuses
/// when its check found it damaged. For the shell, before it takes the lock
/// of its connection: reads go on meanwhile.
pub fn wait_for_check(path: &Path) -> Result<()> {
    let mut held = held();
    loop {
        match held.iter().find(|h| same_file(&h.path, path)) {
            None => return Ok(()),
            Some(Held {
                verdict: Some(Err(m)),
                ..
            }) => return Err(Error::Refused(m.clone())),
            Some(_) => {
                held = ANSWERED.wait(held).unwrap_or_else(|e| e.into_inner());
            }
        }
    }
}

/// Waits while the file of `conn` is held, and refuses when its check
/// found it damaged ([`wait_for_check`]). Immediate for any other file (an
/// in-memory one too).
fn wait_until_checked(conn: &Connection) -> Result<()> {
    match conn.path().filter(|p| !p.is_empty()) {
        Some(path) => wait_for_check(Path::new(path)),
        None => Ok(()),
    }
}

/// The default database file, in the platform's data folder.
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("fr", "PlanLCD", "plan-lcd").ok_or_else(|| {
        Error::Refused("Impossible de trouver le dossier de données de l’utilisateur.".into())
    })?;
    Ok(dirs.data_dir().join("plan-lcd.sqlite3"))
}

/// The file to use: an explicit path first, then `PLAN_LCD_DB`, then the default.
pub fn resolve_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p);
    }
    match std::env::var_os(DB_ENV) {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => default_path(),
    }
}

/// Whether the file sits on a network file system (a shared folder), where
/// SQLite's WAL mode does not work: its shared memory needs one machine.
/// Linux reads the mount table; Windows knows a `\\server\share` path (a
/// mapped drive letter is not recognised, so the shared folder should be
/// opened by its network path).
pub fn on_network_fs(path: &Path) -> bool {
    let path = path
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .unwrap_or_else(|| path.to_path_buf());
    if path.to_string_lossy().starts_with(r"\\") {
        return true;
    }
    let Ok(mounts) = std::fs::read_to_string("/proc/self/mounts") else {
        return false;
    };
    network_mount_for(&path, &mounts)
}

/// Whether the mount that holds `path` in a `/proc/mounts` table is a network one.
pub fn network_mount_for(path: &Path, mounts: &str) -> bool {
    const NETWORK: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "davfs",
        "fuse.davfs2",
        "ncpfs",
        "fuse.rclone",
    ];
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let _device = fields.next()?;
            // Spaces in mount points are written \040.
            let point = fields.next()?.replace("\\040", " ");
            let kind = fields.next()?;
            Some((point, kind.to_string()))
        })
        .filter(|(point, _)| path.starts_with(point))
        .max_by_key(|(point, _)| point.len())
        .is_some_and(|(_, kind)| NETWORK.contains(&kind.as_str()))
}

/// Sets what every connection needs. On a local disk, WAL keeps readers and
/// the writer apart and survives a crash at any moment with the last commit
/// readable; on a shared folder, the rollback journal with full syncs does.
fn configure(conn: &Connection, network: bool) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if network {
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    } else {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// The journal mode the file is in (`wal` or `delete`).
pub fn journal_mode(conn: &Connection) -> Result<String> {
    Ok(conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?)
}

/// Opens the database at `path` read-only, as a second app does while
/// another one holds it: nothing is migrated, nothing can be written.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(Error::Refused(format!(
            "Le fichier {} n’existe pas.",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "query_only", "ON")?;
    let current = user_version(&conn)?;
    if current != schema_version() {
        return Err(Error::Refused(format!(
            "Cette base est au schéma {current} et cette version de Plan LCD attend le schéma {} : \
             elle ne peut pas être lue pendant qu’une autre personne l’utilise. Réessayez quand elle l’aura fermée.",
            schema_version()
        )));
    }
    Ok(conn)
}

/// Whether the connection can only read (the database is held by another app).
pub fn is_read_only(conn: &Connection) -> bool {
    conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
        || conn
            .pragma_query_value(None, "query_only", |r| r.get::<_, i64>(0))
            .is_ok_and(|v| v == 1)
}

/// The refusal every write meets on a read-only database.
pub const READ_ONLY: &str =
    "Cette base est ouverte en lecture seule (une autre personne l’utilise, ou le fichier est \
     protégé en écriture) : rien n’a été enregistré.";

/// Opens (creating if needed) the database at `path`, backs it up when
/// migrations are pending, and migrates it. A file from a newer app is refused
/// before anything is written to it (not even its journal mode).
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let current = user_version(&conn)?;
    if current > schema_version() {
        return Err(Error::Refused(format!(
            "Cette base a été créée par une version plus récente de Plan LCD (schéma {current}, \
             cette version connaît le schéma {}). Elle n’a pas été modifiée.",
            schema_version()
        )));
    }
    configure(&conn, on_network_fs(path))?;
    let migrating = current < schema_version() && has_tables(&conn)?;
    if migrating {
        backup_before_migration(&conn, path, current)?;
        let trusted = journal_agrees_with_anchors(&conn, path)?;
        // Rows that exist before the journal (or that a migration wrote)
        // get their entries in the migrations' transaction.
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        migrate(
            &mut conn,
            upgrading_migrations(now.clone(), current, trusted),
        )?;
        give_back_space_after_compaction(&conn, &now)?;
    } else {
        migrate(&mut conn, migrations())?;
    }
    crate::audit::install(&conn)?;
    Ok(conn)
}

/// Whether the journal of the file at `path` agrees with every anchor of it
/// (this PC's, the backup copies', [`crate::anchor`]), or a rewrite the app
/// recorded explains why not. The upgrade that converts the journal seals
/// it again ([`crate::audit::upgrade`]): it must not bless a chain
/// recomputed behind the app's back, which only the anchors can see.
fn journal_agrees_with_anchors(conn: &Connection, path: &Path) -> Result<bool> {
    let journal: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_entry'",
        [],
        |r| r.get(0),
    )?;
    if journal == 0 {
        return Ok(true);
    }
    for anchor in crate::anchor::anchors(path, crate::anchor::default_dir().as_deref()) {
        if !crate::anchor::agrees(conn, &anchor)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rewrites the file (`VACUUM`) when the upgrade that just ran (at `at`)
/// reduced the journal's updates to the fields they changed: the space they
/// held stays inside the journal's pages (about half of a 3-year file,
/// measured in `docs/PERFORMANCE.md`) until the file is rewritten, and
/// SQLite never does that by itself. Once, after that upgrade.
fn give_back_space_after_compaction(conn: &Connection, at: &str) -> Result<()> {
    let compacted: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM journal_rebase WHERE kind = 'compaction' AND at = ?1)",
        [at],
        |r| r.get(0),
    )?;
    if compacted {
        // It needs about the file's size again on the disk: when it cannot
        // run, the upgrade stands and the space is reused by later writes.
        if let Err(e) = conn.execute_batch("VACUUM") {
            crate::log::failure("vacuum after the journal's conversion", &e.into());
        }
    }
    Ok(())
}

/// An in-memory database with every migration applied, for tests.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    migrate(&mut conn, migrations())?;
    crate::audit::install(&conn)?;
    Ok(conn)
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// The folder that holds a file's backups: `backups/<file name>/` beside it.
/// Each file has its own, so that a copy of one is never offered for another
/// kept in the same folder (the demo, a colleague's, a test's).
pub fn backup_dir(db_path: &Path) -> PathBuf {
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("plan-lcd");
    db_path
        .parent()
        .unwrap_or(Path::new("."))
        .join("backups")
        .join(stem)
}

/// Copies the database, through SQLite's online backup, before migrating it
/// from `from_version`. Returns the copy's path.
fn backup_before_migration(
    conn: &Connection,
    db_path: &Path,
    from_version: i64,
) -> Result<PathBuf> {
    let dir = backup_dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("plan-lcd");
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let target = dir.join(format!(
        "{stem}-avant-migration-v{from_version}-{stamp}.sqlite3"
    ));
    conn.backup(rusqlite::MAIN_DB, &target, None)?;
    Ok(target)
}

pub use crate::check::CheckReport;

/// Checks a database file without migrating or changing it, against this
/// PC's anchors and the file's backup copies: see [`crate::check`].
pub fn check(path: &Path) -> Result<CheckReport> {
    crate::check::check(path, crate::anchor::default_dir().as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations()
            .validate()
            .expect("every migration applies to an empty database");
    }
}
