//! The audit journal: who changed which record, when, with the values before
//! and after, for every table, in an append-only table whose entries are
//! chained by SHA-256 hashes.
//!
//! What an entry holds: an insertion, the record's values (`after_json`); an
//! update, the fields that changed and nothing else, their values before and
//! after (`before_json`, `after_json`); a deletion, the record's last values
//! (`before_json`). A record's values at any entry are its entries folded in
//! order ([`Record`]). Journals written before migration 0017 kept whole rows
//! before and after each update; [`upgrade`] converts them, and a whole-row
//! update folds to the same values, so [`verify`] reads both alike.
//!
//! The journal is filled by triggers that [`install`] creates on every table
//! each time the app opens the database (TEMP triggers: they are regenerated
//! from the schema as it is, so a module's new table is journaled without
//! code of its own). [`crate::store::write`] tells the triggers who acts, and
//! seals the new entries' hashes before its transaction commits. [`verify`]
//! recomputes the chain and checks that every record is what its entries,
//! folded in order, say, so that an edit made behind the app's back is
//! detected.
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
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::Result;
use crate::rights::Actor;

pub mod reading;

/// Tables the journal does not follow: itself and its counts per kind and
/// person (kept by a trigger on it), the markers of a redaction or a
/// conversion in progress, the commitments and grants still open (kept by
/// triggers from the payments, migration 0018: no person writes them), and
/// SQLite's own.
fn journaled(table: &str) -> bool {
    !matches!(
        table,
        "audit_entry"
            | "audit_count"
            | "audit_redaction"
            | "audit_compaction"
            | "budget_commitment_open"
            | "fund_grant_open"
    ) && !table.starts_with("sqlite_")
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

/// `(SELECT json_group_object(…))` over the columns whose value an update
/// changed: `P`'s values (`OLD` or `NEW`) of those columns alone.
fn changed_json(prefix: &str, columns: &[String]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| {
            let q = quote(c);
            format!(
                "SELECT '{}' AS k, {prefix}.{q} AS v WHERE OLD.{q} IS NOT NEW.{q}",
                c.replace('\'', "''")
            )
        })
        .collect();
    format!(
        "(SELECT json_group_object(k, v) FROM ({}))",
        pairs.join(" UNION ALL ")
    )
}

/// Creates the triggers that journal every change, for this connection: an
/// insertion records the row, an update the fields it changed (before and
/// after), a deletion the row as it was.
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
                changed_json("OLD", &columns),
                changed_json("NEW", &columns),
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
///
/// First, a journal from before migration 0017 (`from_version`, the
/// file's schema before this upgrade, is under 17) has its whole-row
/// updates converted to the fields they changed ([`compact`]), unless an
/// anchor of the file disagrees with its journal (`trusted` is false): the
/// conversion seals the chain again and must not bless a chain recomputed
/// behind the app's back; the journal then stays as it is, and `check`
/// keeps reporting it.
pub fn upgrade(conn: &Connection, at: &str, from_version: i64, trusted: bool) -> Result<()> {
    if from_version < 17 && trusted {
        compact(conn, at)?;
    }
    let from = next_id(conn)?;
    record_new_columns(conn, at)?;
    baseline(conn, at)?;
    seal(conn, from)
}

/// Who the journal names for what an upgrade of the app records itself.
const SCHEMA_UPGRADE: &str = "(mise à jour du schéma)";

/// Converts the updates that a journal from before migration 0017 recorded
/// as whole rows, before and after, into the fields they changed, then seals
/// the chain again from the first entry converted and records that rebase
/// (`journal_rebase`, kind `compaction`): an anchor taken before is not
/// comparable from there (see [`crate::anchor`]). A record's values are
/// unchanged by it ([`Record`] folds both forms alike).
///
/// Nothing is converted when the chain is already broken: sealing again
/// would bless an entry changed behind the app's back, and `check` keeps
/// reporting it, on entries of both forms. Reads the whole journal, once,
/// inside the upgrade's transaction. Returns how many entries changed.
fn compact(conn: &Connection, at: &str) -> Result<usize> {
    let whole_rows = conn
        .query_row(
            "SELECT 1 FROM audit_entry WHERE action = 'update' LIMIT 1",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !whole_rows || first_broken_from(conn, 1)?.is_some() {
        return Ok(0);
    }
    // Record by record: an update is reduced only when its whole row before
    // is the record's values folded so far, so that every record folds to
    // what it folded to before. One that disagrees (its record changed
    // behind the app's back before it) stays whole, and `check` judges it
    // as it did before the upgrade.
    let mut reduced: Vec<(i64, String, String)> = Vec::new();
    for (table, _) in tables(conn)? {
        let mut stmt = conn.prepare(
            "SELECT id, row_id, action, before_json, after_json FROM audit_entry
             WHERE table_name = ?1 ORDER BY row_id, id",
        )?;
        let mut rows = stmt.query([&table])?;
        let (mut current, mut record) = (None, Record::default());
        while let Some(r) = rows.next()? {
            let (id, row_id, action): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (before, after): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
            if current != Some(row_id) {
                current = Some(row_id);
                record = Record::default();
            }
            if let (true, Some(b), Some(a)) = (action == "update", &before, &after) {
                let (mut old, mut new) = (object(Some(b)), object(Some(a)));
                let same: Vec<String> = old
                    .iter()
                    .filter(|(k, v)| new.get(*k) == Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect();
                if !same.is_empty() && !record.deleted && old == record.values {
                    for k in &same {
                        old.remove(k);
                        new.remove(k);
                    }
                    reduced.push((
                        id,
                        Value::Object(old).to_string(),
                        Value::Object(new).to_string(),
                    ));
                }
            }
            record.apply(&action, before.as_deref(), after.as_deref());
        }
    }
    let converted = reduced.len();
    let first = reduced.iter().map(|r| r.0).min();
    conn.execute(
        "INSERT INTO audit_compaction (started_at) VALUES (?1)",
        [at],
    )?;
    let mut write =
        conn.prepare("UPDATE audit_entry SET before_json = ?2, after_json = ?3 WHERE id = ?1")?;
    for (id, before, after) in reduced {
        write.execute(params![id, before, after])?;
    }
    if let Some(first) = first {
        let last = next_id(conn)? - 1;
        conn.execute("UPDATE audit_entry SET hash = NULL WHERE id >= ?1", [first])?;
        seal(conn, first)?;
        conn.execute(
            "INSERT INTO journal_rebase (kind, at, by_name, from_entry, to_entry, source)
             VALUES ('compaction', ?1, ?2, ?3, ?4, ?5)",
            params![
                at,
                SCHEMA_UPGRADE,
                first,
                last,
                format!("{converted} modifications réduites aux champs modifiés")
            ],
        )?;
    }
    conn.execute("DELETE FROM audit_compaction", [])?;
    Ok(converted)
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

/// Records, for every record whose journaled values lack a column that a
/// migration added, one `update` entry that adds the new columns with the
/// values the migration gave them (before: `{}`, the column did not exist).
/// The columns the journal already knew keep their journaled values, so an
/// edit made behind the app's back before the upgrade is still detected.
/// Used when a database is migrated, before [`baseline`]; reads the whole
/// journal, record by record.
fn record_new_columns(conn: &Connection, at: &str) -> Result<()> {
    for (table, columns) in tables(conn)? {
        let mut widened = Vec::new();
        let mut current = conn.prepare(&format!(
            "SELECT {} FROM main.{} t WHERE t.rowid = ?1",
            row_json("t", &columns),
            quote(&table)
        ))?;
        let mut journal = conn.prepare(RECORDS_SQL)?;
        let mut records = Records::new(journal.query([&table])?);
        while let Some((row_id, record)) = records.next()? {
            if record.deleted || columns.iter().all(|c| record.values.contains_key(c)) {
                continue;
            }
            let Some(now) = current
                .query_row([row_id], |r| r.get::<_, String>(0))
                .optional()?
            else {
                continue;
            };
            let added: Map<String, Value> = object(Some(&now))
                .into_iter()
                .filter(|(k, _)| !record.values.contains_key(k))
                .collect();
            widened.push((row_id, Value::Object(added).to_string()));
        }
        for (row_id, after) in widened {
            conn.execute(
                "INSERT INTO audit_entry (at, actor_name, actor_role, table_name, row_id, action,
                    before_json, after_json)
                 VALUES (?1, ?2, '', ?3, ?4, 'update', '{}', ?5)",
                params![at, SCHEMA_UPGRADE, table, row_id, after],
            )?;
        }
    }
    Ok(())
}

/// A JSON object as the journal stores it; empty when absent or not one.
pub(crate) fn object(json: Option<&str>) -> Map<String, Value> {
    match json.and_then(|j| serde_json::from_str::<Value>(j).ok()) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// A record's values as its journal holds them, its entries folded in
/// order: an insertion sets them, an update sets the fields it names (a
/// whole-row update from before migration 0017 names them all), a deletion
/// leaves the values it held.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Record {
    pub values: Map<String, Value>,
    /// Its last entry is a deletion.
    pub deleted: bool,
}

impl Record {
    pub(crate) fn apply(&mut self, action: &str, before: Option<&str>, after: Option<&str>) {
        match action {
            "insert" => {
                self.values = object(after);
                self.deleted = false;
            }
            "delete" => {
                self.values.extend(object(before));
                self.deleted = true;
            }
            _ => {
                self.values.extend(object(after));
                self.deleted = false;
            }
        }
    }
}

/// One table's entries, record by record (`?1`: the table), in the order
/// of the `audit_entry_record` index.
const RECORDS_SQL: &str = "SELECT row_id, action, before_json, after_json FROM audit_entry
     WHERE table_name = ?1 ORDER BY row_id, id";

/// The records of one table as [`RECORDS_SQL`] streams their entries, each
/// folded into its [`Record`], in row id order; one record in memory.
struct Records<'s> {
    rows: rusqlite::Rows<'s>,
    pending: Option<(i64, String, Option<String>, Option<String>)>,
}

impl<'s> Records<'s> {
    fn new(rows: rusqlite::Rows<'s>) -> Self {
        Records {
            rows,
            pending: None,
        }
    }

    fn read(&mut self) -> Result<Option<(i64, String, Option<String>, Option<String>)>> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        Ok(match self.rows.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            None => None,
        })
    }

    fn next(&mut self) -> Result<Option<(i64, Record)>> {
        let Some((id, action, before, after)) = self.read()? else {
            return Ok(None);
        };
        let mut record = Record::default();
        record.apply(&action, before.as_deref(), after.as_deref());
        while let Some(e) = self.read()? {
            if e.0 != id {
                self.pending = Some(e);
                break;
            }
            record.apply(&e.1, e.2.as_deref(), e.3.as_deref());
        }
        Ok(Some((id, record)))
    }
}

/// One record's values as its journal holds them at entry `upto` (its
/// entries up to that id, folded); `None` when it has no entry by then.
/// Reads that record's entries through the `audit_entry_record` index.
pub(crate) fn record_at(
    conn: &Connection,
    table: &str,
    row_id: i64,
    upto: i64,
) -> Result<Option<Record>> {
    let mut stmt = conn.prepare_cached(
        "SELECT action, before_json, after_json FROM audit_entry
         WHERE table_name = ?1 AND row_id = ?2 AND id <= ?3 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![table, row_id, upto])?;
    let mut record: Option<Record> = None;
    while let Some(r) = rows.next()? {
        let (action, before, after): (String, Option<String>, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        record.get_or_insert_with(Record::default).apply(
            &action,
            before.as_deref(),
            after.as_deref(),
        );
    }
    Ok(record)
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
        "SELECT id, action, before_json, after_json FROM audit_entry
         WHERE table_name = ?1 AND row_id = ?2 ORDER BY id",
    )?;
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = stmt
        .query_map(params![table, row_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Whose record each entry is about: an update records only the fields
    // it changed, so the owner is read from the record's values folded up
    // to that entry, before or after it.
    let mut record = Record::default();
    let owned: Vec<bool> = rows
        .iter()
        .map(|(_, action, before, after)| {
            let Some((column, id)) = owner else {
                return true;
            };
            let holds = |r: &Record| r.values.get(column).and_then(Value::as_i64) == Some(id);
            // A deleted record's values are not those of the record a
            // later insertion puts under the same row id.
            let held_before = !record.deleted && holds(&record);
            record.apply(action, before.as_deref(), after.as_deref());
            held_before || holds(&record)
        })
        .collect();
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
        .zip(owned)
        .filter(|(_, owned)| *owned)
        .filter_map(|((id, _, before, after), _)| {
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
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_entry WHERE id >= ?1 ORDER BY id LIMIT 5000"
    ))?;
    let mut next = from;
    loop {
        let pending: Vec<Entry> = stmt
            .query_map([next], entry)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(last) = pending.last() else {
            return Ok(());
        };
        next = last.id + 1;
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
    }
}

/// Adds to `out`, as `table #rowid`, up to 50 records of `table` that differ
/// from their journaled values: changed, inserted or deleted behind the
/// app's back. Walks the table and its entries side by side, in row id
/// order (the `audit_entry_record` index), one record in memory.
fn altered_in(
    conn: &Connection,
    table: &str,
    columns: &[String],
    out: &mut Vec<String>,
) -> Result<()> {
    const SHOWN: usize = 50;
    let mut journal = conn.prepare(RECORDS_SQL)?;
    let mut records = Records::new(journal.query([table])?);
    let mut stmt = conn.prepare(&format!(
        "SELECT t.rowid, {} FROM main.{} t ORDER BY t.rowid",
        row_json("t", columns),
        quote(table)
    ))?;
    let mut rows = stmt.query([])?;
    let row = |rows: &mut rusqlite::Rows| -> Result<Option<(i64, Map<String, Value>)>> {
        Ok(match rows.next()? {
            Some(r) => Some((r.get(0)?, object(Some(&r.get::<_, String>(1)?)))),
            None => None,
        })
    };
    let (mut j, mut t) = (records.next()?, row(&mut rows)?);
    let mut altered = Vec::new();
    while altered.len() < SHOWN {
        use std::cmp::Ordering;
        let order = match (&j, &t) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((jid, _)), Some((tid, _))) => jid.cmp(tid),
        };
        match (order, &j, &t) {
            (Ordering::Equal, Some((_, record)), Some((tid, values))) => {
                if record.deleted || &record.values != values {
                    altered.push(*tid);
                }
                j = records.next()?;
                t = row(&mut rows)?;
            }
            (Ordering::Less, Some((jid, record)), _) => {
                // Journaled, and not in the table: deleted behind the
                // app's back unless its last entry is the deletion.
                if !record.deleted {
                    altered.push(*jid);
                }
                j = records.next()?;
            }
            (_, _, Some((tid, _))) => {
                // In the table with no entry: inserted behind the app's back.
                altered.push(*tid);
                t = row(&mut rows)?;
            }
            _ => break,
        }
    }
    out.extend(altered.into_iter().map(|id| format!("{table} #{id}")));
    Ok(())
}

/// What `plan-lcd check` says of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JournalReport {
    pub entries: i64,
    /// The first entry whose hash does not follow from the one before.
    pub broken_at: Option<i64>,
    /// Records that differ from what their journal entries say (folded in
    /// order), as `table #rowid`: changed behind the app's back.
    pub altered_records: Vec<String>,
}

impl JournalReport {
    pub fn is_ok(&self) -> bool {
        self.broken_at.is_none() && self.altered_records.is_empty()
    }
}

/// Recomputes the chain and compares every record with its journaled values
/// ([`Record`]).
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
        altered_in(conn, &table, &columns, &mut altered_records)?;
    }
    Ok(JournalReport {
        entries,
        broken_at,
        altered_records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::Role;

    fn journal_of_note(conn: &Connection) -> Vec<(Option<String>, Option<String>)> {
        conn.prepare(
            "SELECT before_json, after_json FROM audit_entry WHERE table_name = 'note' ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    }

    /// Redacts `note` #1's e-mail for the owner `owner`, in a purge's
    /// transaction as `privacy::purge` runs it.
    fn purge_note(conn: &mut Connection, owner: i64) -> usize {
        let tx = conn.transaction().unwrap();
        let actor = Actor {
            name: "Camille Martin".into(),
            role: Role::ProjectLead,
        };
        begin(&tx, &actor, "2030-06-01T08:00:00Z").unwrap();
        tx.execute(
            "INSERT INTO privacy_purge (at, by_name, contacts, summary)
             VALUES ('2030-06-01T08:00:00Z', 'Camille Martin', 1, 'Test')",
            [],
        )
        .unwrap();
        let purge = tx.last_insert_rowid();
        let n = redact(&tx, purge, "note", 1, &["email"], Some(("owner", owner))).unwrap();
        end(&tx).unwrap();
        tx.commit().unwrap();
        n
    }

    /// An update records the fields it changed, not the owner: whose record
    /// it was is read from the record's values folded up to it, so a purge
    /// for that owner reaches the e-mail the update changed.
    #[test]
    fn a_purge_reaches_the_values_an_update_changed() {
        let mut conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE note (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, email TEXT NOT NULL) STRICT;",
        )
        .unwrap();
        install(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO note VALUES (1, 7, 'a@x.example');
             UPDATE note SET email = 'b@x.example';",
        )
        .unwrap();
        assert_eq!(
            journal_of_note(&conn)[1],
            (
                Some(r#"{"email":"a@x.example"}"#.into()),
                Some(r#"{"email":"b@x.example"}"#.into())
            ),
            "the update holds the e-mail alone"
        );
        assert_eq!(
            purge_note(&mut conn, 9),
            0,
            "another owner's purge leaves it"
        );
        assert_eq!(purge_note(&mut conn, 7), 2);
        let text = format!("{:?}", journal_of_note(&conn));
        assert!(!text.contains("@x.example"), "{text}");
    }

    /// A record's values are its entries folded in order, whole-row updates
    /// (before migration 0017) and reduced ones alike.
    #[test]
    fn a_record_folds_entries_of_both_forms() {
        let mut r = Record::default();
        r.apply("insert", None, Some(r#"{"id":1,"a":1,"b":"x"}"#));
        r.apply(
            "update",
            Some(r#"{"id":1,"a":1,"b":"x"}"#),
            Some(r#"{"id":1,"a":2,"b":"x"}"#),
        );
        r.apply("update", Some(r#"{"b":"x"}"#), Some(r#"{"b":null}"#));
        assert_eq!(
            Value::Object(r.values.clone()).to_string(),
            r#"{"a":2,"b":null,"id":1}"#
        );
        assert!(!r.deleted);
        r.apply("delete", Some(r#"{"id":1,"a":2,"b":null}"#), None);
        assert!(r.deleted);
    }
}
