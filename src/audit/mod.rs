//! The audit journal: who changed which record, when, with the values before
//! and after, for every table, in an append-only table whose entries are
//! chained by SHA-256 hashes.
//!
//! The journal is filled by triggers that [`install`] creates on every table
//! each time the app opens the database (TEMP triggers: they are regenerated
//! from the schema as it is, so a module's new table is journaled without
//! code of its own). [`crate::store::write`] tells the triggers who acts, and
//! seals the new entries' hashes before its transaction commits. [`verify`]
//! recomputes the chain and checks that every record is what its last entry
//! says, so that an edit made behind the app's back is detected.
//!
//! `store::write` seals the entries its own transaction wrote (a range of the
//! primary key): an older entry without a hash is never sealed, so a hash
//! cleared behind the app's back stays reported. An upgrade journals the
//! records the migrations brought ([`upgrade`]) in the migrations' own
//! transaction. [`redact`] is the journal's one opening, for a privacy purge:
//! while `audit_redaction` holds a row (only inside the purge's transaction),
//! recorded values may change; who, when and what never do, and the entries
//! from the first one redacted are sealed again. `reading.rs` reads the
//! journal in French for its page and its export.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;
use crate::rights::Actor;

pub mod reading;

/// Tables the journal does not follow: itself and its counts per kind and
/// person (kept by a trigger on it), the marker of a redaction in progress,
/// and SQLite's own.
fn journaled(table: &str) -> bool {
    !matches!(table, "audit_entry" | "audit_count" | "audit_redaction")
        && !table.starts_with("sqlite_")
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables the journal follows, with their columns.
fn tables(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut stmt =
        conn.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' ORDER BY name")?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for name in names.into_iter().filter(|n| journaled(n)) {
        let mut cols = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns: Vec<String> = cols
            .query_map([&name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.push((name, columns));
    }
    Ok(out)
}

/// `json_object('a', P."a", …)`: a row as the journal stores it.
fn row_json(prefix: &str, columns: &[String]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| format!("'{}', {prefix}.{}", c.replace('\'', "''"), quote(c)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// Creates the triggers that journal every change, for this connection.
pub fn install(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS audit_context (name TEXT NOT NULL, role TEXT NOT NULL, at TEXT NOT NULL,
             seal_from INTEGER NOT NULL, first_new INTEGER NOT NULL)",
    )?;
    let context =
        "coalesce((SELECT at FROM temp.audit_context), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        coalesce((SELECT name FROM temp.audit_context), '(hors application)'),
        coalesce((SELECT role FROM temp.audit_context), '')";
    for (table, columns) in tables(conn)? {
        let t = quote(&table);
        let lit = table.replace('\'', "''");
        let unchanged: Vec<String> = columns
            .iter()
            .map(|c| format!("OLD.{0} IS NEW.{0}", quote(c)))
            .collect();
        let statements = [
            (
                "insert",
                "INSERT",
                String::new(),
                "NEW.rowid",
                "NULL".to_string(),
                row_json("NEW", &columns),
            ),
            (
                "update",
                "UPDATE",
                format!("WHEN NOT ({})", unchanged.join(" AND ")),
                "NEW.rowid",
                row_json("OLD", &columns),
                row_json("NEW", &columns),
            ),
            (
                "delete",
                "DELETE",
                String::new(),
                "OLD.rowid",
                row_json("OLD", &columns),
                "NULL".to_string(),
            ),
        ];
        for (action, event, when, row_id, before, after) in statements {
            conn.execute_batch(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS {trigger} AFTER {event} ON main.{t} {when}
                 BEGIN
                     INSERT INTO main.audit_entry (at, actor_name, actor_role, table_name, row_id, action,
                         before_json, after_json)
                     VALUES ({context}, '{lit}', {row_id}, '{action}', {before}, {after});
                 END;",
                trigger = quote(&format!("audit_{table}_{action}")),
            ))?;
        }
    }
    Ok(())
}

/// Journals, when a database is upgraded, what the migrations brought: the
/// columns they added to journaled records ([`record_new_columns`]) and every
/// record that has no entry yet ([`baseline`]), then seals exactly those new
/// entries. [`crate::store::open`] runs it inside the migrations' own
/// transaction, so that an upgrade is whole or not at all: a crash can never
/// leave records without their first entry.
pub fn upgrade(conn: &Connection, at: &str) -> Result<()> {
    let from = next_id(conn)?;
    record_new_columns(conn, at)?;
    baseline(conn, at)?;
    seal(conn, from)
}

/// The id the next journal entry will get.
fn next_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM main.audit_entry",
        [],
        |r| r.get(0),
    )?)
}

/// Records a journal entry for every row that has none yet, as taken over by
/// the app: used once, when a database from before the journal is migrated.
fn baseline(conn: &Connection, at: &str) -> Result<()> {
    for (table, columns) in tables(conn)? {
        conn.execute(
            &format!(
                "INSERT INTO audit_entry (at, actor_name, actor_role, table_name, row_id, action, after_json)
                 SELECT ?1, '(reprise des données)', '', ?2, t.rowid, 'insert', {}
                 FROM main.{} t
                 WHERE NOT EXISTS (SELECT 1 FROM audit_entry a WHERE a.table_name = ?2 AND a.row_id = t.rowid)",
                row_json("t", &columns),
                quote(&table)
            ),
            params![at, table],
        )?;
    }
    Ok(())
}

/// Records, for every record whose last entry predates a column that a
/// migration added, one `update` entry that adds the new columns with the
/// values the migration gave them (`json_insert` adds only the missing keys:
/// the columns the journal already knew keep their journaled values, so an
/// edit made behind the app's back before the upgrade is still detected).
/// Used when a database is migrated, before [`baseline`].
fn record_new_columns(conn: &Connection, at: &str) -> Result<()> {
    for (table, columns) in tables(conn)? {
        let pairs: Vec<String> = columns
            .iter()
            .map(|c| format!("'$.\"{}\"', t.{}", c.replace('\'', "''"), quote(c)))
            .collect();
        let widened = format!("json_insert(a.after_json, {})", pairs.join(", "));
        conn.execute(
            &format!(
                "INSERT INTO audit_entry (at, actor_name, actor_role, table_name, row_id, action,
                    before_json, after_json)
                 SELECT ?1, '(mise à jour du schéma)', '', ?2, t.rowid, 'update', a.after_json, {widened}
                 FROM main.{q} t
                 JOIN audit_entry a ON a.table_name = ?2 AND a.row_id = t.rowid
                  AND a.id = (SELECT max(b.id) FROM audit_entry b
                              WHERE b.table_name = ?2 AND b.row_id = t.rowid)
                 WHERE a.action <> 'delete' AND a.after_json IS NOT NULL
                   AND {widened} IS NOT a.after_json
                 ORDER BY t.rowid",
                q = quote(&table)
            ),
            params![at, table],
        )?;
    }
    Ok(())
}

/// Tells the triggers who acts until [`end`], and notes where this
/// transaction's entries will start: [`end`] seals those and nothing older.
pub(crate) fn begin(tx: &Transaction, actor: &Actor, at: &str) -> Result<()> {
    tx.execute("DELETE FROM temp.audit_context", [])?;
    tx.execute(
        "INSERT INTO temp.audit_context (name, role, at, seal_from, first_new)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![actor.name, actor.role.code(), at, next_id(tx)?],
    )?;
    Ok(())
}

/// Seals the entries this transaction wrote and forgets the actor. An older
/// entry without a hash (a crash before this version sealed in the same
/// transaction, or a hash cleared behind the app's back) stays unsealed:
/// sealing never blesses what the app did not write itself, and `check`
/// keeps reporting it.
pub(crate) fn end(tx: &Transaction) -> Result<()> {
    let from: i64 = tx.query_row("SELECT seal_from FROM temp.audit_context", [], |r| r.get(0))?;
    seal(tx, from)?;
    tx.execute("DELETE FROM temp.audit_context", [])?;
    Ok(())
}

/// Records, inside a purge's transaction, that its redactions rewrote the
/// chain from the first entry they changed to the last entry before the
/// purge: an anchor taken before the purge is not comparable there
/// (`journal_rebase`, see [`crate::anchor`]). Nothing when nothing changed.
pub(crate) fn record_purge_rebase(tx: &Transaction, summary: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO journal_rebase (kind, at, by_name, from_entry, to_entry, source)
         SELECT 'purge', at, name, seal_from, first_new - 1, ?1 FROM temp.audit_context
         WHERE seal_from < first_new",
        [summary.chars().take(500).collect::<String>()],
    )?;
    Ok(())
}

/// What replaces a personal value that a purge removed from the journal.
pub const REDACTED: &str = "[effacé]";

/// Replaces, in every journal entry of one record, the non-empty values of
/// `columns` with [`REDACTED`], inside the purge's transaction (`purge_id`
/// is the purge recorded in `privacy_purge`). With `owner` (a column and its
/// value), only the entries that recorded that owner are touched: a row id
/// freed by a deletion may since hold another owner's record. The entries from the first one
/// changed onwards lose their hash, and [`end`] seals them again, so that
/// `plan-lcd check` still finds an unbroken chain. Returns how many entries
/// changed.
pub(crate) fn redact(
    tx: &Transaction,
    purge_id: i64,
    table: &str,
    row_id: i64,
    columns: &[&str],
    owner: Option<(&str, i64)>,
) -> Result<usize> {
    let mut stmt = tx.prepare(
        "SELECT id, before_json, after_json FROM audit_entry
         WHERE table_name = ?1 AND row_id = ?2 ORDER BY id",
    )?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = stmt
        .query_map(params![table, row_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let was_shown = |id: i64| -> Result<bool> {
        Ok(tx.query_row(
            &format!(
                "SELECT {} FROM audit_entry WHERE id = ?1",
                reading::shown_sql()
            ),
            [id],
            |r| r.get(0),
        )?)
    };
    let scrub = |json: &Option<String>| -> Option<String> {
        let mut value: serde_json::Value = serde_json::from_str(json.as_deref()?).ok()?;
        if let Some((column, id)) = owner {
            if value.get(column).and_then(serde_json::Value::as_i64) != Some(id) {
                return None;
            }
        }
        let mut changed = false;
        for c in columns {
            if let Some(v) = value.get_mut(*c) {
                if v.as_str().is_some_and(|s| !s.is_empty() && s != REDACTED) {
                    *v = serde_json::Value::String(REDACTED.into());
                    changed = true;
                }
            }
        }
        changed.then(|| value.to_string())
    };
    let changes: Vec<(i64, Option<String>, Option<String>)> = rows
        .iter()
        .filter_map(|(id, before, after)| {
            let (b, a) = (scrub(before), scrub(after));
            (b.is_some() || a.is_some()).then(|| {
                (
                    *id,
                    b.or_else(|| before.clone()),
                    a.or_else(|| after.clone()),
                )
            })
        })
        .collect();
    let Some(first) = changes.first().map(|c| c.0) else {
        return Ok(0);
    };
    tx.execute(
        "INSERT INTO audit_redaction (purge_id) VALUES (?1)",
        [purge_id],
    )?;
    for (id, before, after) in &changes {
        let shown_before = was_shown(*id)?;
        tx.execute(
            "UPDATE audit_entry SET before_json = ?2, after_json = ?3 WHERE id = ?1",
            params![id, before, after],
        )?;
        // An update whose only changes were personal values may now show
        // nothing: the page's counts follow.
        if shown_before && !was_shown(*id)? {
            tx.execute(
                "UPDATE audit_count SET entries = entries - 1 WHERE table_name = ?1
                 AND actor_name = (SELECT actor_name FROM audit_entry WHERE id = ?2)",
                params![table, id],
            )?;
        }
    }
    tx.execute("UPDATE audit_entry SET hash = NULL WHERE id >= ?1", [first])?;
    tx.execute("DELETE FROM audit_redaction", [])?;
    // The purge rewrote these entries itself: [`end`] seals them again.
    tx.execute(
        "UPDATE temp.audit_context SET seal_from = min(seal_from, ?1)",
        [first],
    )?;
    Ok(changes.len())
}

/// One stored entry, as `audit_entry` holds it.
pub(crate) struct Entry {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub actor_role: String,
    pub table_name: String,
    pub row_id: i64,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub hash: Option<String>,
}

pub(crate) const ENTRY_COLUMNS: &str =
    "id, at, actor_name, actor_role, table_name, row_id, action, before_json, after_json, hash";

pub(crate) fn entry(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor_name: r.get(2)?,
        actor_role: r.get(3)?,
        table_name: r.get(4)?,
        row_id: r.get(5)?,
        action: r.get(6)?,
        before_json: r.get(7)?,
        after_json: r.get(8)?,
        hash: r.get(9)?,
    })
}

/// The hash of an entry: SHA-256 over the previous hash and every field,
/// separated by a unit separator so that no two entries can collide by
/// shifting text between fields.
fn hash(previous: &str, e: &Entry) -> String {
    let mut h = Sha256::new();
    for part in [
        previous,
        &e.id.to_string(),
        &e.at,
        &e.actor_name,
        &e.actor_role,
        &e.table_name,
        &e.row_id.to_string(),
        &e.action,
        e.before_json.as_deref().unwrap_or("\u{0}"),
        e.after_json.as_deref().unwrap_or("\u{0}"),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses, in a purge's transaction and before any redaction, when the
/// journal written before this transaction is already broken: the purge
/// seals the entries it redacts again, and must not bless an entry changed,
/// or stripped of its hash, behind the app's back. Reads the whole journal:
/// a purge is rare.
pub(crate) fn refuse_purge_over_broken_chain(tx: &Transaction) -> Result<()> {
    let first_new: i64 =
        tx.query_row("SELECT first_new FROM temp.audit_context", [], |r| r.get(0))?;
    match first_broken_from(tx, 1)? {
        Some(broken) if broken < first_new => Err(crate::Error::Refused(format!(
            "Le journal est rompu à l’entrée n° {broken} : la purge, qui le scelle à nouveau, \
             ne peut pas se faire. Lancez « Vérifier la base » (Paramètres) et restaurez une copie \
             saine ; rien n’a été effacé."
        ))),
        _ => Ok(()),
    }
}

/// The hash of the entry before id `from` ("" for the first entry, or when
/// that entry has none): the link the entries from `from` on chain to.
fn hash_before(conn: &Connection, from: i64) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM audit_entry WHERE id < ?1 ORDER BY id DESC LIMIT 1",
            [from],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        .unwrap_or_default())
}

/// The first entry from id `from` on whose hash does not follow from the
/// entry before it, if any.
fn first_broken_from(conn: &Connection, from: i64) -> Result<Option<i64>> {
    let mut previous = hash_before(conn, from)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entry WHERE id >= ?1 ORDER BY id"
    ))?;
    for e in stmt.query_map([from], entry)? {
        let e = e?;
        if e.hash.as_deref() != Some(hash(&previous, &e).as_str()) {
            return Ok(Some(e.id));
        }
        previous = e.hash.unwrap_or_default();
    }
    Ok(None)
}

/// Computes the hashes of the entries from id `from` on that have none yet,
/// in order, each chained to the entry before it. Reads only those entries
/// (a range of the primary key): its cost does not grow with the journal.
fn seal(conn: &Connection, from: i64) -> Result<()> {
    let mut previous = hash_before(conn, from)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entry WHERE id >= ?1 ORDER BY id"
    ))?;
    let pending: Vec<Entry> = stmt
        .query_map([from], entry)?
        .collect::<rusqlite::Result<_>>()?;
    for e in pending {
        if let Some(h) = &e.hash {
            previous = h.clone();
            continue;
        }
        let h = hash(&previous, &e);
        conn.execute(
            "UPDATE audit_entry SET hash = ?2 WHERE id = ?1",
            params![e.id, h],
        )?;
        previous = h;
    }
    Ok(())
}

/// What `plan-lcd check` says of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalReport {
    pub entries: i64,
    /// The first entry whose hash does not follow from the one before.
    pub broken_at: Option<i64>,
    /// Records that differ from what their last journal entry says, as
    /// `table #rowid`: changed behind the app's back.
    pub altered_records: Vec<String>,
}

impl JournalReport {
    pub fn is_ok(&self) -> bool {
        self.broken_at.is_none() && self.altered_records.is_empty()
    }
}

/// Recomputes the chain and compares every record with its last entry.
pub fn verify(conn: &Connection) -> Result<JournalReport> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entry ORDER BY id"
    ))?;
    let mut previous = String::new();
    let mut entries = 0;
    let mut broken_at = None;
    for e in stmt.query_map([], entry)? {
        let e = e?;
        entries += 1;
        let expected = hash(&previous, &e);
        if broken_at.is_none() && e.hash.as_deref() != Some(expected.as_str()) {
            broken_at = Some(e.id);
        }
        previous = e.hash.unwrap_or_default();
    }
    let mut altered_records = Vec::new();
    // The journal page's counts (`audit_count`, kept by a trigger) against
    // the journal itself; a copy from before migration 0016 has none.
    let counted = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_count'",
        [],
        |r| r.get::<_, i64>(0),
    )? > 0;
    let miscounted: Option<String> = if !counted {
        None
    } else {
        conn.query_row(
            &format!(
                "SELECT coalesce(k.table_name, c.table_name) FROM
                   (SELECT table_name, actor_name, count(*) AS n FROM audit_entry
                    WHERE {} GROUP BY table_name, actor_name) k
                 FULL JOIN audit_count c USING (table_name, actor_name)
                 WHERE c.entries IS NOT k.n AND NOT (k.n IS NULL AND c.entries = 0) LIMIT 1",
                reading::shown_sql()
            ),
            [],
            |r| r.get(0),
        )
        .optional()?
    };
    if let Some(table) = miscounted {
        altered_records.push(format!("audit_count ({table})"));
    }
    for (table, columns) in tables(conn)? {
        let current = row_json("t", &columns);
        let last = |alias: &str| {
            format!(
                "(SELECT a.after_json FROM audit_entry a WHERE a.table_name = ?1 AND a.row_id = {alias}
                  ORDER BY a.id DESC LIMIT 1)"
            )
        };
        // Rows whose content is not their last entry's, and rows deleted
        // behind the app's back (their last entry is not a deletion).
        let sql = format!(
            "SELECT t.rowid FROM main.{q} t WHERE {current} IS NOT {last_t}
             UNION
             SELECT a.row_id FROM audit_entry a
             WHERE a.table_name = ?1 AND a.id = (SELECT max(b.id) FROM audit_entry b
                   WHERE b.table_name = a.table_name AND b.row_id = a.row_id)
               AND a.action <> 'delete' AND NOT EXISTS (SELECT 1 FROM main.{q} t WHERE t.rowid = a.row_id)
             ORDER BY 1 LIMIT 50",
            q = quote(&table),
            last_t = last("t.rowid"),
        );
        let mut s = conn.prepare(&sql)?;
        for id in s.query_map([&table], |r| r.get::<_, i64>(0))? {
            altered_records.push(format!("{table} #{}", id?));
        }
    }
    Ok(JournalReport {
        entries,
        broken_at,
        altered_records,
    })
}
