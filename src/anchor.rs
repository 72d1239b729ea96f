//! The journal's anchors: the head of its hash chain (the newest entry's
//! number and hash) kept outside the database file, so that `check` can tell
//! a journal rolled back or recomputed from scratch.
//!
//! A chain kept only inside the file can always be recomputed by whoever holds
//! the file. Each anchor is a head this app saw: the one the app records in its
//! own data folder after each save ([`record`]), and the one inside each backup
//! copy (a copy holds its own journal). The journal only grows, so every
//! anchor's entry must still be in the file with the same hash. An entry that
//! is gone means the file was replaced by an older copy or its newest records
//! were deleted with their entries; a different hash means the chain was
//! rewritten. When the app itself rewrites the chain (a restore, a recovery,
//! a purge of personal data), it records a `journal_rebase` row (migration
//! 0013) that names which entries an older anchor can no longer be compared
//! with, and `check` says so.
//!
//! What this cannot see: someone who controls the file *and* every anchor
//! (the data folder of every PC that opened it, and every backup copy).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;

/// The head of the journal's chain: its newest entry and that entry's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Head {
    /// The entry's number (`audit_entry.id`).
    pub entry: i64,
    /// Its SHA-256, in hex ("" while not sealed).
    pub hash: String,
}

impl Head {
    /// The *empreinte* printed on the reports: the entry and the first 16
    /// hex digits of its hash, e.g. « n° 1 234 · 3fa2c0d19b7e4f55 ».
    pub fn fingerprint(&self) -> String {
        format!(
            "n° {} · {}",
            self.entry,
            &self.hash[..self.hash.len().min(16)]
        )
    }
}

/// The journal's head in `conn`, if the journal has any entry.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    let has_journal: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_entry'",
        [],
        |r| r.get(0),
    )?;
    if has_journal == 0 {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT id, coalesce(hash, '') FROM audit_entry ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(Head {
                    entry: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Environment variable naming the folder of the app's anchors (tests use a
/// folder of their own).
pub const DIR_ENV: &str = "PLAN_LCD_ANCHOR_DIR";

/// The folder of this PC's anchors: `empreintes/` in the app's data folder,
/// or the folder `PLAN_LCD_ANCHOR_DIR` names.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("fr", "PlanLCD", "plan-lcd")
        .map(|d| d.data_dir().join("empreintes"))
}

/// One anchor file: the head seen for one database file.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Recorded {
    file: String,
    entry: i64,
    hash: String,
    at: String,
}

/// The anchor file of the database at `db`: named by a hash of its full path,
/// so that each database file has its own.
fn anchor_file(dir: &Path, db: &Path) -> PathBuf {
    let full = db
        .canonicalize()
        .unwrap_or_else(|_| std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf()));
    let digest = Sha256::digest(full.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.json"))
}

/// Records the journal's head of the database `conn` (the file at `db`) in
/// `dir`, replacing the previous one (written whole, then renamed), but only
/// when the file still agrees with the previous one ([`agrees`]): a file
/// edited behind the app's back, then opened, must not move the anchor past
/// the edit. Returns the head recorded, or `None` when nothing was: an empty
/// or unsealed journal, or a file the previous anchor contradicts (kept, so
/// that `check` goes on saying so until a restore or a recovery explains it).
pub fn record(
    conn: &Connection,
    db: &Path,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<Option<Head>> {
    let Some(head) = head(conn)? else {
        return Ok(None);
    };
    if head.hash.is_empty() {
        return Ok(None);
    }
    let target = anchor_file(dir, db);
    if let Some(previous) = read_recorded(&target) {
        if !agrees(conn, &previous)? {
            return Ok(None);
        }
    }
    std::fs::create_dir_all(dir)?;
    let recorded = Recorded {
        file: db.display().to_string(),
        entry: head.entry,
        hash: head.hash.clone(),
        at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let mut tmp = target.as_os_str().to_os_string();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let json = serde_json::to_vec(&recorded)
        .map_err(|e| crate::Error::Refused(format!("Empreinte illisible : {e}")))?;
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, &target)?;
    Ok(Some(head))
}

/// This PC's anchor in the file `target`, if any.
fn read_recorded(target: &Path) -> Option<Anchor> {
    let r = serde_json::from_slice::<Recorded>(&std::fs::read(target).ok()?).ok()?;
    Some(Anchor {
        source: format!("l’empreinte gardée par ce poste le {}", day_fr(&r.at)),
        head: Head {
            entry: r.entry,
            hash: r.hash,
        },
        at: r.at,
    })
}

/// An anchor `check` compares the journal with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Where it was read, in French: « l’empreinte gardée par ce poste (…) »,
    /// « la copie quotidienne-2026-11-29.sqlite3 ».
    pub source: String,
    pub head: Head,
    /// When it was taken (RFC 3339, UTC): a rewrite of the chain the app
    /// recorded explains only the anchors taken before it.
    pub at: String,
}

/// The anchors of the database at `db`: this PC's, from `dir`, and the head
/// of each readable copy in the file's backup folder.
pub fn anchors(db: &Path, dir: Option<&Path>) -> Vec<Anchor> {
    let mut out = Vec::new();
    if let Some(anchor) = dir.and_then(|d| read_recorded(&anchor_file(d, db))) {
        out.push(anchor);
    }
    let backups = crate::store::backup_dir(db);
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&backups)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
                .collect()
        })
        .unwrap_or_default();
    copies.sort();
    // A damaged file set aside by a recovery is no anchor: what it holds
    // is unknown, and the recovery accounts for it.
    copies.retain(|c| {
        !c.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .starts_with(crate::backup::DAMAGED_PREFIX)
        })
    });
    for copy in copies {
        let taken = crate::backup::open_copy(&copy).ok().and_then(|c| {
            let head = head(&c).ok().flatten()?;
            let at: String = c
                .query_row(
                    "SELECT at FROM audit_entry WHERE id = ?1",
                    [head.entry],
                    |r| r.get(0),
                )
                .ok()?;
            Some((head, at))
        });
        if let Some((head, at)) = taken {
            let name = copy.file_name().unwrap_or_default().to_string_lossy();
            out.push(Anchor {
                source: format!("la copie de sauvegarde {name}"),
                head,
                at,
            });
        }
    }
    out
}

/// "15/06/2026" from an RFC 3339 time.
pub(crate) fn day_fr(at: &str) -> String {
    chrono::NaiveDate::parse_from_str(at.get(..10).unwrap_or(at), "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// A rewrite of the chain the app recorded itself (`journal_rebase`).
struct Rebase {
    kind: String,
    at: String,
    by_name: String,
    from_entry: i64,
    to_entry: i64,
    source: String,
}

fn rebases(conn: &Connection) -> Result<Vec<Rebase>> {
    let exists: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'journal_rebase'",
        [],
        |r| r.get(0),
    )?;
    if exists == 0 {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT kind, at, by_name, from_entry, to_entry, source FROM journal_rebase ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Rebase {
                kind: r.get(0)?,
                at: r.get(1)?,
                by_name: r.get(2)?,
                from_entry: r.get(3)?,
                to_entry: r.get(4)?,
                source: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What comparing the journal with its anchors found, in French.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Anchors the journal contradicts: each one a problem.
    pub problems: Vec<String>,
    /// Anchors a rewrite by the app explains: said, not a problem.
    pub notes: Vec<String>,
}

/// What the journal says of one anchor.
enum Verdict<'a> {
    /// The anchor's entry is there, with the anchor's hash.
    Holds,
    /// A rewrite the app recorded after the anchor was taken covers it.
    Explained(&'a Rebase),
    /// The entry is gone (`None`) or has another hash.
    Contradicted(Option<Option<String>>),
}

fn verdict<'a>(conn: &Connection, rebases: &'a [Rebase], a: &Anchor) -> Result<Verdict<'a>> {
    let found: Option<Option<String>> = conn
        .query_row(
            "SELECT hash FROM audit_entry WHERE id = ?1",
            [a.head.entry],
            |r| r.get(0),
        )
        .optional()?;
    if found
        .as_ref()
        .is_some_and(|h| h.as_deref() == Some(a.head.hash.as_str()))
    {
        return Ok(Verdict::Holds);
    }
    // Entry numbers are reused after a rewrite: only an anchor taken
    // before the rewrite is explained by it.
    Ok(
        match rebases.iter().rev().find(|r| {
            r.from_entry <= a.head.entry
                && a.head.entry <= r.to_entry
                && a.at.as_str() <= r.at.as_str()
        }) {
            Some(r) => Verdict::Explained(r),
            None => Verdict::Contradicted(found),
        },
    )
}

/// Whether the journal of `conn` agrees with `anchor`, or a rewrite the app
/// recorded after it explains why it cannot.
pub fn agrees(conn: &Connection, anchor: &Anchor) -> Result<bool> {
    let rebases = rebases(conn)?;
    Ok(!matches!(
        verdict(conn, &rebases, anchor)?,
        Verdict::Contradicted(_)
    ))
}

/// Compares the journal of `conn` with each anchor.
pub fn compare(conn: &Connection, anchors: &[Anchor]) -> Result<Comparison> {
    let rebases = rebases(conn)?;
    let mut out = Comparison::default();
    for a in anchors {
        let found = match verdict(conn, &rebases, a)? {
            Verdict::Holds => continue,
            Verdict::Contradicted(found) => found,
            Verdict::Explained(r) => {
                let what = match r.kind.as_str() {
                    "restore" => "la restauration d’une copie",
                    "recovery" => "la récupération de la base au démarrage",
                    "compaction" => "la mise à jour qui a réduit le journal aux champs modifiés",
                    _ => "une purge de données personnelles",
                };
                let source = if r.source.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.source)
                };
                out.notes.push(format!(
                "L’entrée n° {} du journal relevée dans {} n’est plus comparable : {what}{source} \
                 l’a remplacée le {} (par {}).",
                a.head.entry,
                a.source,
                day_fr(&r.at),
                r.by_name
            ));
                continue;
            }
        };
        out.problems.push(match found {
            None => format!(
                "Le journal n’a plus d’entrée n° {} ({} l’a relevée) : la base a été remplacée par une \
                 copie plus ancienne, ou ses dernières entrées ont été supprimées hors de l’application.",
                a.head.entry, a.source
            ),
            Some(_) => format!(
                "L’entrée n° {} du journal ne porte plus l’empreinte {} relevée dans {} : le journal a \
                 été réécrit hors de l’application.",
                a.head.entry,
                &a.head.hash[..a.head.hash.len().min(16)],
                a.source
            ),
        });
    }
    Ok(out)
}

/// The last entry two journals share: their chains agree up to it and
/// differ after it (each hash covers every entry before it). Found by
/// bisection, so a few lookups whatever the journals' length.
pub fn last_common_entry(a: &Connection, b: &Connection) -> Result<i64> {
    let hash_at = |conn: &Connection, id: i64| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT hash FROM audit_entry WHERE id = ?1", [id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten())
    };
    let top = head(a)?
        .map_or(0, |h| h.entry)
        .min(head(b)?.map_or(0, |h| h.entry));
    let (mut lo, mut hi) = (0, top);
    while lo < hi {
        let mid = lo + (hi - lo + 1) / 2;
        let same = match (hash_at(a, mid)?, hash_at(b, mid)?) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        };
        if same {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(lo)
}
