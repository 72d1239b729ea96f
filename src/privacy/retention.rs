//! The retention of contact details: which ones are past their period on a
//! given day ([`purge_plan`]), and the purge of exactly those the user saw
//! listed ([`purge`]), from the records and from the audit journal.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ContactSource, CONTACT_SOURCES};
use crate::error::{Error, Result};
use crate::input::format_date_fr;
use crate::rights::{Actor, Permission};
use crate::store;

/// Contact details are kept three years after the last exchange with the
/// person's organisation (the CNIL's usual period for professional contacts).
pub const CONTACT_RETENTION_MONTHS: u32 = 36;

/// One record whose contact details are past their retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PurgeItem {
    pub key: PurgeKey,
    /// What kind of record, in French.
    pub source: String,
    /// The record's name (the organisation, the partner).
    pub record: String,
    /// The French labels of the details that will be removed.
    pub fields: Vec<String>,
    /// The last exchange, `dd/mm/yyyy`.
    pub last_activity: String,
    /// The end of the retention period, `dd/mm/yyyy`.
    pub due_on: String,
}

/// Names one record of the plan, so that a purge removes exactly what was listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PurgeKey {
    pub table: String,
    pub row_id: i64,
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PurgeDone {
    pub contacts: i64,
    /// Journal entries whose recorded values were replaced by « [effacé] ».
    pub journal_entries: i64,
}

/// The last day of the retention period after the exchange of
/// `last_activity`: a period after an event ([`crate::dates::period_after`]),
/// so the same-numbered day three years later, or the month's last day.
/// The purge lists the details from that day on.
pub fn retention_end(last_activity: NaiveDate) -> NaiveDate {
    crate::dates::period_after(last_activity, CONTACT_RETENTION_MONTHS).unwrap_or(NaiveDate::MAX)
}

fn source(table: &str) -> Option<&'static ContactSource> {
    CONTACT_SOURCES.iter().find(|s| s.table == table)
}

/// The contact details past their retention period on `today`, oldest first.
/// A record whose last activity cannot be read is kept (never purged by guess).
pub fn purge_plan(conn: &Connection, today: NaiveDate) -> Result<Vec<PurgeItem>> {
    let mut items = Vec::new();
    for s in CONTACT_SOURCES {
        let mut stmt = conn.prepare(s.activity_sql)?;
        let rows: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row_id, record, last) in rows {
            let Ok(last) = NaiveDate::parse_from_str(&last, "%Y-%m-%d") else {
                continue;
            };
            let due = retention_end(last);
            if today < due {
                continue;
            }
            items.push((
                last,
                PurgeItem {
                    key: PurgeKey {
                        table: s.table.into(),
                        row_id,
                    },
                    source: s.label_fr.into(),
                    record,
                    fields: filled_fields(conn, s, row_id)?,
                    last_activity: format_date_fr(last),
                    due_on: format_date_fr(due),
                },
            ));
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.key.cmp(&b.1.key)));
    Ok(items.into_iter().map(|(_, item)| item).collect())
}

/// The French labels of the record's personal columns that hold something.
fn filled_fields(conn: &Connection, s: &ContactSource, row_id: i64) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (column, label) in s.columns {
        let value: String = conn.query_row(
            &format!("SELECT \"{column}\" FROM \"{}\" WHERE rowid = ?1", s.table),
            [row_id],
            |r| r.get(0),
        )?;
        if !value.is_empty() {
            out.push((*label).to_string());
        }
    }
    Ok(out)
}

/// Removes the contact details listed in `expected`, which must be exactly
/// the plan of `today` (the list the user read and confirmed): if the plan
/// changed since, nothing is removed and the user is asked to read it again.
/// The details go from the records and from every journal entry that
/// recorded them; the purge itself is recorded (who, when, how many), never
/// the values. Only the project lead purges.
pub fn purge(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    expected: &[PurgeKey],
) -> Result<PurgeDone> {
    if expected.is_empty() {
        return Err(Error::Refused(
            "Aucune coordonnée n’a dépassé sa durée de conservation : rien à effacer.".into(),
        ));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, ctx| {
        let plan = purge_plan(tx, today)?;
        let mut listed: Vec<&PurgeKey> = plan.iter().map(|i| &i.key).collect();
        let mut confirmed: Vec<&PurgeKey> = expected.iter().collect();
        listed.sort();
        confirmed.sort();
        confirmed.dedup();
        if listed != confirmed {
            return Err(Error::Refused(
                "La liste des coordonnées à effacer a changé depuis son affichage : \
                 relisez-la avant de confirmer. Rien n’a été effacé."
                    .into(),
            ));
        }
        crate::audit::refuse_purge_over_broken_chain(tx)?;
        let summary = summary_fr(&plan);
        tx.execute(
            "INSERT INTO privacy_purge (at, by_name, contacts, summary) VALUES (?1, ?2, ?3, ?4)",
            params![ctx.stamp(), actor.name, plan.len() as i64, summary],
        )?;
        let purge_id = tx.last_insert_rowid();
        let mut journal_entries = 0;
        for item in &plan {
            let Some(s) = source(&item.key.table) else {
                continue;
            };
            // The rows whose journal entries to redact, and the owner they
            // must name (a row id may have served another owner since).
            let (rows, owner): (Vec<i64>, Option<(&str, i64)>) = match s.journal_owner {
                None => (vec![item.key.row_id], None),
                Some((column, owner_sql)) => {
                    let owner: i64 = tx.query_row(owner_sql, [item.key.row_id], |r| r.get(0))?;
                    let mut stmt = tx.prepare(&format!(
                        "SELECT DISTINCT row_id FROM audit_entry WHERE table_name = ?1
                           AND json_extract(coalesce(after_json, before_json), '$.{column}') = ?2"
                    ))?;
                    let ids = stmt.query_map(params![s.table, owner], |r| r.get(0))?;
                    (ids.collect::<rusqlite::Result<_>>()?, Some((column, owner)))
                }
            };
            remove(tx, s, item.key.row_id, ctx.stamp(), &actor.name)?;
            let columns: Vec<&str> = s.columns.iter().map(|(c, _)| *c).collect();
            for row_id in rows {
                journal_entries +=
                    crate::audit::redact(tx, purge_id, s.table, row_id, &columns, owner)? as i64;
            }
        }
        crate::audit::record_purge_rebase(tx, &summary)?;
        Ok(PurgeDone {
            contacts: plan.len() as i64,
            journal_entries,
        })
    })
}

/// Empties the record's personal columns, or deletes the record.
fn remove(tx: &Transaction, s: &ContactSource, row_id: i64, at: String, by: &str) -> Result<()> {
    if s.delete_row {
        tx.execute(
            &format!("DELETE FROM \"{}\" WHERE rowid = ?1", s.table),
            [row_id],
        )?;
        return Ok(());
    }
    let sets: Vec<String> = s
        .columns
        .iter()
        .map(|(c, _)| format!("\"{c}\" = ''"))
        .collect();
    tx.execute(
        &format!(
            "UPDATE \"{}\" SET {}, updated_at = ?2, updated_by = ?3 WHERE rowid = ?1",
            s.table,
            sets.join(", ")
        ),
        params![row_id, at, by],
    )?;
    Ok(())
}

/// « 2 contacts d’un porteur de projet (fonds d’initiative) » and so on: counts
/// by kind, never a name.
fn summary_fr(plan: &[PurgeItem]) -> String {
    let mut parts = Vec::new();
    for s in CONTACT_SOURCES {
        let n = plan.iter().filter(|i| i.key.table == s.table).count();
        if n > 0 {
            parts.push(format!("{n} × {}", s.label_fr));
        }
    }
    parts.join(" ; ")
}
