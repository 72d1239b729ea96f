//! One writer at a time: a lock file beside the database, like LibreOffice's.
//!
//! The unit often keeps its database on a shared network folder that three
//! people open from their own PCs. SQLite's own locks are not reliable there,
//! so the app that opens the file first writes `<file>.lock` (who, which PC,
//! which process, since when) and refreshes it every minute while it runs; a
//! second app that finds a live lock opens the database read-only and says who
//! holds it. A lock of this PC whose process is gone was left by a crash and is
//! taken back at once (the app says so); a lock of another PC that has not
//! been refreshed for [`STALE_AFTER`] is reported as abandoned and can be
//! taken over once the user confirms, since only its age tells.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// How often a running app refreshes its lock.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// A lock not refreshed for this long was left by an app that stopped.
pub const STALE_AFTER: Duration = Duration::from_secs(5 * 60);

/// What a lock file says about the app that holds the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LockHolder {
    /// The person the holding app acts for ("" before its setup).
    pub name: String,
    /// The PC it runs on.
    pub host: String,
    #[ts(skip)]
    pub pid: u32,
    /// When it took the lock (RFC 3339, UTC).
    pub since: String,
}

/// A lock held by someone else, as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HeldBy {
    pub holder: LockHolder,
    /// The holder stopped without releasing it (crash, power cut): it may be taken over.
    pub stale: bool,
}

/// The lock this app holds; released (the file removed) when dropped.
#[derive(Debug)]
pub struct LockGuard {
    path: PathBuf,
    holder: LockHolder,
    /// The lock this one replaced: an app of this PC that had stopped without
    /// releasing it (a crash, a power cut).
    pub replaced: Option<LockHolder>,
}

/// The outcome of [`acquire`].
#[derive(Debug)]
pub enum Acquired {
    Mine(LockGuard),
    Held(HeldBy),
}

/// The lock file of the database at `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db.with_file_name(name)
}

/// This PC's name, as other PCs will read it.
pub fn host_name() -> String {
    let name = std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .unwrap_or_default();
    let name = name.trim();
    if name.is_empty() {
        "poste inconnu".into()
    } else {
        name.into()
    }
}

fn me(name: &str, now: DateTime<Utc>) -> LockHolder {
    LockHolder {
        name: name.into(),
        host: host_name(),
        pid: std::process::id(),
        since: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// Takes the lock of the database at `db` for `name`, or says who holds it.
/// A lock this very process already holds (the file reopened) is its own.
pub fn acquire(db: &Path, name: &str, now: DateTime<Utc>) -> Result<Acquired> {
    let path = lock_path(db);
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            fs::create_dir_all(dir)?;
        }
    }
    let holder = me(name, now);
    // `create_new` is atomic: of two apps starting together, one wins.
    match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut file) => {
            file.write_all(&serde_json::to_vec(&holder).map_err(json_err)?)?;
            file.sync_all()?;
            Ok(Acquired::Mine(LockGuard {
                path,
                holder,
                replaced: None,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match read(&path)? {
            Some(held) if is_this_process(&held.holder) => {
                let guard = LockGuard {
                    path,
                    holder: held.holder,
                    replaced: None,
                };
                Ok(Acquired::Mine(guard))
            }
            // An app of this PC whose process is gone: certainly stopped, so
            // the lock is taken back without asking; the app says so.
            Some(held) if held.holder.host == host_name() && !process_alive(held.holder.pid) => {
                let mut guard = replace(&path, name, now)?;
                guard.replaced = Some(held.holder);
                Ok(Acquired::Mine(guard))
            }
            Some(held) => Ok(Acquired::Held(held)),
            // Removed (or emptied by a crash mid-write) between our two looks.
            None => {
                let _ = fs::remove_file(&path);
                acquire(db, name, now)
            }
        },
        Err(e) => Err(e.into()),
    }
}

/// Who holds the lock of the file at `lock`, if anyone, and whether it is stale.
fn read(lock: &Path) -> Result<Option<HeldBy>> {
    let bytes = match fs::read(lock) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Ok(holder) = serde_json::from_slice::<LockHolder>(&bytes) else {
        return Ok(None);
    };
    let age = fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    let stale = age > STALE_AFTER || (holder.host == host_name() && !process_alive(holder.pid));
    Ok(Some(HeldBy { holder, stale }))
}

/// Who holds the database at `db` now, if anyone.
pub fn holder(db: &Path) -> Result<Option<HeldBy>> {
    read(&lock_path(db))
}

fn is_this_process(holder: &LockHolder) -> bool {
    holder.host == host_name() && holder.pid == std::process::id()
}

/// A process that has exited but not yet been reaped by its parent (a
/// zombie) still has its `/proc` entry: it counts as gone.
#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "pid (name) state …": the name may hold spaces and parentheses.
    let state = stat
        .rfind(')')
        .and_then(|i| stat[i + 1..].split_whitespace().next());
    !matches!(state, Some("Z") | Some("X") | None)
}

/// Elsewhere the process cannot be looked up cheaply: only the refresh says
/// whether its app still runs.
#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Takes over a lock left by an app that stopped. Refused when its holder is
/// still alive: the user is then told to retry later.
pub fn take_over(db: &Path, name: &str, now: DateTime<Utc>) -> Result<LockGuard> {
    let path = lock_path(db);
    match read(&path)? {
        Some(held) if !held.stale => Err(Error::Refused(format!(
            "{} utilise encore cette base (poste {}) : elle ne peut pas être reprise.",
            display_name(&held.holder),
            held.holder.host
        ))),
        previous => {
            let mut guard = replace(&path, name, now)?;
            guard.replaced = previous.map(|p| p.holder);
            Ok(guard)
        }
    }
}

/// Writes this app's lock over whatever is there, atomically.
fn replace(path: &Path, name: &str, now: DateTime<Utc>) -> Result<LockGuard> {
    let holder = me(name, now);
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".tmp");
    fs::write(&tmp, serde_json::to_vec(&holder).map_err(json_err)?)?;
    fs::rename(&tmp, path)?;
    Ok(LockGuard {
        path: path.to_path_buf(),
        holder,
        replaced: None,
    })
}

/// The holder's name, or a description when it had none yet.
pub fn display_name(holder: &LockHolder) -> String {
    if holder.name.trim().is_empty() {
        "Une autre personne".into()
    } else {
        holder.name.clone()
    }
}

impl LockGuard {
    /// Marks the lock as alive; the app calls it every [`REFRESH_EVERY`].
    /// Says so when the lock was taken over meanwhile.
    pub fn refresh(&self) -> Result<bool> {
        match read(&self.path)? {
            Some(held) if held.holder == self.holder => {
                let file = OpenOptions::new().write(true).open(&self.path)?;
                file.set_modified(SystemTime::now())?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Only our own lock is removed: one taken over meanwhile stays.
        if let Ok(Some(held)) = read(&self.path) {
            if held.holder == self.holder {
                let _ = fs::remove_file(&self.path);
            }
        }
    }
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Refused(format!("Verrou illisible : {e}"))
}
