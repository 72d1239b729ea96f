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
//!
//! Exactly one app holds the lock, however many start in the same instant.
//! Only three file operations are atomic on every file system the unit uses
//! (local disks, SMB and NFS shares): creating a hard link, which fails when
//! the name is taken; renaming; removing. So:
//!
//! - The lock is never created empty. A taker writes its holder to a file of
//!   its own beside the lock (a name no other taker uses), flushes it to disk,
//!   then links it as `<file>.lock`: of several takers, exactly one link
//!   succeeds, and the others read a complete lock. Its own file is removed in
//!   every case, so a full disk leaves nothing behind, only an error.
//! - An existing lock is changed (taken back, taken over, removed by its
//!   holder) only by the taker that holds the claim, `<file>.lock.claim`,
//!   created the same way. Under the claim the taker looks at the lock again
//!   and replaces it only if it is still the very lock it judged stale; the
//!   others wait a moment and start again, and then find the new holder. The
//!   lock name is free only between the removal and the link, and a taker
//!   that starts then and links first is the one owner: the claimer's link
//!   fails and it reports that holder. A claim lasts milliseconds; one older
//!   than [`CLAIM_STALE`] was left by an app that stopped mid-way and is
//!   removed. (Renaming the stale lock aside and putting it back when it
//!   turned out to be a fresh one, without a claim, would leave the name free
//!   during the putting back: a third taker could then link its own and two
//!   apps would write.)
//! - An unreadable lock (empty, cut short) is not removed on sight: it may be
//!   one an app of an older version, or one on a file system without hard
//!   links (a FAT USB key, where the lock is created then written), is
//!   writing. A taker waits a little for it to be complete; one older than
//!   [`UNREADABLE_GRACE`] was left by an app that stopped (an older version
//!   refused on a full disk leaves such a lock) and is taken back, holder
//!   unknown.
//! - A holder that finds at its refresh that its lock was taken over does not
//!   write it again; the app then only reads ([`LockGuard::refresh`]).
//!
//! What is left unguarded: an app of an older version, which deletes a lock it
//! reads as empty and writes over a stale one without a claim; a claim
//! broken as stale while its taker still runs (it would have to stall for
//! [`CLAIM_STALE`] in the middle of a take-over); and a holder closing while
//! the claim stays out of reach for two seconds, which then removes its lock
//! after one look without the claim.

use std::collections::hash_map::RandomState;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// How often a running app refreshes its lock.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// A lock not refreshed for this long was left by an app that stopped.
pub const STALE_AFTER: Duration = Duration::from_secs(5 * 60);
/// An unreadable lock this old was left by an app that stopped: writing a
/// lock takes milliseconds, even on a slow share.
pub const UNREADABLE_GRACE: Duration = Duration::from_secs(10);
/// A claim this old was left by an app that stopped while taking over.
pub const CLAIM_STALE: Duration = Duration::from_secs(10);
/// How many times a taker starts again when the lock changed under it, and
/// how long it waits for a claim or an unreadable lock in between: two
/// seconds at most in all.
const ATTEMPTS: u32 = 200;
const PAUSE: Duration = Duration::from_millis(10);

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
/// A lock this very process already holds (the file reopened) is its own; a
/// lock left by a crash on this PC, or unreadable for [`UNREADABLE_GRACE`],
/// is taken back.
pub fn acquire(db: &Path, name: &str, now: DateTime<Utc>) -> Result<Acquired> {
    take(db, name, now, |seen| {
        let held = &seen.held;
        if seen.readable {
            held.holder.host == host_name() && !process_alive(held.holder.pid)
        } else {
            held.stale
        }
    })
}

/// Takes over a lock left by an app that stopped. Refused when its holder is
/// still alive, or when another app took it over first: the user is then
/// told who holds it.
pub fn take_over(db: &Path, name: &str, now: DateTime<Utc>) -> Result<LockGuard> {
    match take(db, name, now, |seen| seen.held.stale)? {
        Acquired::Mine(guard) => Ok(guard),
        Acquired::Held(held) => Err(Error::Refused(format!(
            "{} utilise encore cette base (poste {}) : elle ne peut pas être reprise.",
            display_name(&held.holder),
            held.holder.host
        ))),
    }
}

/// Links this app's lock in place, or replaces a lock `replaceable` judges
/// stale; otherwise says who holds it. Starts again, a bounded number of
/// times, whenever the lock changed between two looks.
fn take(
    db: &Path,
    name: &str,
    now: DateTime<Utc>,
    replaceable: impl Fn(&Seen) -> bool,
) -> Result<Acquired> {
    let path = lock_path(db);
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            fs::create_dir_all(dir)?;
        }
    }
    let holder = me(name, now);
    let bytes = serde_json::to_vec(&holder).map_err(json_err)?;
    // Written once, complete and on disk, before any attempt; removed on return.
    let mine = Scratch::write(&path, &bytes)?;
    let guard = |replaced| LockGuard {
        path: path.clone(),
        holder: holder.clone(),
        replaced,
    };
    let mut last = None;
    for _ in 0..ATTEMPTS {
        if link_new(&mine.0, &path, &bytes)? {
            return Ok(Acquired::Mine(guard(None)));
        }
        // Released between the link and this look: start again.
        let Some(seen) = look(&path)? else { continue };
        if seen.readable && is_this_process(&seen.held.holder) {
            return Ok(Acquired::Mine(LockGuard {
                path,
                holder: seen.held.holder,
                replaced: None,
            }));
        }
        if replaceable(&seen) {
            if replace_stale(&path, &seen, &mine, &bytes)? {
                let replaced = seen.readable.then_some(seen.held.holder);
                return Ok(Acquired::Mine(guard(replaced)));
            }
        } else if seen.readable {
            return Ok(Acquired::Held(seen.held));
        } else {
            // Being written by an app that creates it first: wait for it.
            std::thread::sleep(PAUSE);
        }
        last = Some(seen.held);
    }
    last.map(Acquired::Held).ok_or_else(|| {
        Error::Refused("Le verrou de la base change sans cesse : réessayez dans un instant.".into())
    })
}

/// Replaces the lock judged stale in `seen` by this taker's file `mine`,
/// under the claim. False when the lock changed meanwhile, the claim is
/// another taker's, or another taker linked its lock first: the caller
/// looks again.
fn replace_stale(path: &Path, seen: &Seen, mine: &Scratch, bytes: &[u8]) -> Result<bool> {
    let Some(_claim) = Claim::take(path)? else {
        std::thread::sleep(PAUSE);
        return Ok(false);
    };
    // Under the claim no other taker changes the lock, but its holder may
    // have refreshed it (then it is no longer stale) or released it.
    match look(path)? {
        Some(now) if now.bytes == seen.bytes && now.held.stale => {}
        _ => return Ok(false),
    }
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    Ok(link_new(&mine.0, path, bytes)?)
}

/// One look at a lock file: its bytes and what they say.
struct Seen {
    bytes: Vec<u8>,
    held: HeldBy,
    /// It names its holder; an unreadable one (empty, cut short) does not.
    readable: bool,
}

/// Who holds the lock `lock`, if anyone, and whether it is stale. The bytes
/// and the age come from one opening, so they describe the same file.
fn look(lock: &Path) -> Result<Option<Seen>> {
    let mut file = match File::open(lock) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    let age = modified
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    let seen = match serde_json::from_slice::<LockHolder>(&bytes) {
        Ok(holder) => {
            let stale =
                age > STALE_AFTER || (holder.host == host_name() && !process_alive(holder.pid));
            Seen {
                bytes,
                held: HeldBy { holder, stale },
                readable: true,
            }
        }
        Err(_) => Seen {
            bytes,
            held: HeldBy {
                holder: unknown_holder(modified),
                stale: age > UNREADABLE_GRACE,
            },
            readable: false,
        },
    };
    Ok(Some(seen))
}

/// The holder of an unreadable lock, as the app shows it: nobody known,
/// since the file was last written.
fn unknown_holder(modified: Option<SystemTime>) -> LockHolder {
    LockHolder {
        name: String::new(),
        host: "inconnu".into(),
        pid: 0,
        since: modified
            .map(|t| DateTime::<Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default(),
    }
}

/// Who holds the database at `db` now, if anyone.
pub fn holder(db: &Path) -> Result<Option<HeldBy>> {
    Ok(look(&lock_path(db))?.map(|seen| seen.held))
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

/// A name no other taker uses, on this PC or another: the process and a
/// random number.
fn unique() -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("{}-{:016x}", std::process::id(), hasher.finish())
}

/// A file of this taker's own beside the lock, complete and on disk; removed
/// when dropped, whatever happened.
struct Scratch(PathBuf);

impl Scratch {
    fn write(lock: &Path, bytes: &[u8]) -> io::Result<Scratch> {
        let mut name = lock.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}.tmp", unique()));
        let path = lock.with_file_name(name);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        // From here on the file is ours: dropping the scratch removes it,
        // also when the disk is full.
        let scratch = Scratch(path);
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(scratch)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Links `from`, which holds `bytes`, as `to` unless `to` exists: false then.
/// Where the file system has no hard links (a FAT USB key), `to` is created
/// exclusively, then written: it is empty for an instant, which readers wait
/// out, and removed if the writing fails.
fn link_new(from: &Path, to: &Path, bytes: &[u8]) -> io::Result<bool> {
    match fs::hard_link(from, to) {
        Ok(()) => return Ok(true),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(_) => {}
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(to) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    };
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = fs::remove_file(to);
        return Err(e);
    }
    Ok(true)
}

/// The right to change an existing lock; given back when dropped.
struct Claim {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Claim {
    fn path(lock: &Path) -> PathBuf {
        let mut name = lock.file_name().unwrap_or_default().to_os_string();
        name.push(".claim");
        lock.with_file_name(name)
    }

    /// The claim on `lock`, or None while another taker holds it. A claim
    /// left by an app that stopped is removed, for the next attempt.
    fn take(lock: &Path) -> Result<Option<Claim>> {
        let path = Claim::path(lock);
        if path.exists() {
            remove_stale_claim(lock, &path);
            return Ok(None);
        }
        let bytes = format!("{} {}", host_name(), unique()).into_bytes();
        let scratch = Scratch::write(lock, &bytes)?;
        if link_new(&scratch.0, &path, &bytes)? {
            return Ok(Some(Claim { path, bytes }));
        }
        remove_stale_claim(lock, &path);
        Ok(None)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if fs::read(&self.path).is_ok_and(|b| b == self.bytes) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Removes the claim at `path` if it is older than [`CLAIM_STALE`]: it is
/// renamed aside first, and put back if it turns out to be a fresh claim
/// that replaced the old one meanwhile.
fn remove_stale_claim(lock: &Path, path: &Path) {
    let Ok(mut file) = File::open(path) else {
        return;
    };
    let mut old = Vec::new();
    let young = file.read_to_end(&mut old).is_err()
        || file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_none_or(|age| age <= CLAIM_STALE);
    drop(file);
    if young {
        return;
    }
    let mut name = lock.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.aside", unique()));
    let aside = lock.with_file_name(name);
    if fs::rename(path, &aside).is_err() {
        return;
    }
    if let Ok(now) = fs::read(&aside) {
        if now != old {
            let _ = link_new(&aside, path, &now);
        }
    }
    let _ = fs::remove_file(&aside);
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
    /// False when the lock was taken over meanwhile: the app must then stop
    /// writing. The lock is read and touched through one opening, so a lock
    /// that is no longer ours is never touched, written or created again.
    pub fn refresh(&self) -> Result<bool> {
        let mut file = match OpenOptions::new().read(true).write(true).open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        if serde_json::from_slice::<LockHolder>(&bytes).ok().as_ref() != Some(&self.holder) {
            return Ok(false);
        }
        file.set_modified(SystemTime::now())?;
        Ok(true)
    }

    pub fn holder(&self) -> &LockHolder {
        &self.holder
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Only our own lock is removed: one taken over meanwhile stays. Under
        // the claim no taker replaces it between the look and the removal;
        // when the claim cannot be had in time, the look still guards.
        let claim = (0..ATTEMPTS).find_map(|_| match Claim::take(&self.path) {
            Ok(Some(claim)) => Some(Some(claim)),
            Ok(None) => {
                std::thread::sleep(PAUSE);
                None
            }
            Err(_) => Some(None),
        });
        if let Ok(Some(seen)) = look(&self.path) {
            if seen.readable && seen.held.holder == self.holder {
                let _ = fs::remove_file(&self.path);
            }
        }
        drop(claim);
    }
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Refused(format!("Verrou illisible : {e}"))
}
