//! Committees (steering, technical, other), optionally set up by a
//! convention, with their planned frequency; their meetings, the partners
//! present, the agenda, the decisions and the follow-up actions.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    bad_code, fr, from_iso, iso, optional_date, required_date, required_text, text_field,
    CommitteeKind, FollowUpStatus, PartnerRef, FREQUENCIES,
};
use crate::dates::period_after;
use crate::error::{Error, FieldErrors, Result};
use crate::rights::{Actor, Permission};
use crate::sql::row_exists;
use crate::store::{self, Columns};

/// The committee form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommitteeInput {
    pub name: String,
    /// A [`CommitteeKind`] code.
    pub kind: String,
    /// The convention that set it up, if any.
    pub convention_id: Option<i64>,
    /// Meetings planned a year: `1`, `2`, `3`, `4`, `6`, `12`, or `0` for
    /// "as needed".
    pub frequency_per_year: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCommittee {
    pub name: String,
    pub kind: CommitteeKind,
    pub convention_id: Option<i64>,
    pub frequency_per_year: i64,
    pub notes: String,
}

pub fn validate_committee(
    input: &CommitteeInput,
    convention_exists: impl Fn(i64) -> bool,
) -> std::result::Result<ValidCommittee, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        200,
        "Nommez l’instance, par exemple « Comité technique CGET – Défenseur des droits ».",
    );
    let kind = CommitteeKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choisissez le type d’instance.");
    }
    if let Some(id) = input.convention_id {
        if !convention_exists(id) {
            e.add("convention_id", "Cette convention n’existe plus.");
        }
    }
    let frequency = match input.frequency_per_year.trim().parse::<i64>() {
        Ok(f) if FREQUENCIES.contains(&f) => f,
        _ => {
            e.add(
                "frequency_per_year",
                "Choisissez la fréquence prévue : 1, 2, 3, 4, 6 ou 12 réunions par an, ou selon les besoins.",
            );
            0
        }
    };
    let notes = text_field(&mut e, "notes", &input.notes, 5000);
    match kind {
        Some(kind) if e.is_empty() => Ok(ValidCommittee {
            name,
            kind,
            convention_id: input.convention_id,
            frequency_per_year: frequency,
            notes,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Committee {
    pub id: i64,
    pub name: String,
    pub kind: CommitteeKind,
    pub convention_id: Option<i64>,
    pub convention_title: Option<String>,
    pub frequency_per_year: i64,
    pub notes: String,
    pub meetings: i64,
    /// The last meeting held on or before today (ISO).
    pub last_meeting: Option<String>,
    /// The next meeting already recorded after today (ISO).
    pub next_planned: Option<String>,
    /// Computed: when the next meeting is due by the planned frequency (ISO);
    /// `None` for a committee that meets as needed or has a meeting planned.
    pub next_due: Option<String>,
}

/// When a committee's next meeting is due on `today`: 12 / frequency months
/// after the last meeting held, a period after an event
/// ([`crate::dates::period_after`]: a quarterly committee that met on 30
/// November is due on 28 February, not in March); with no meeting held yet,
/// today. `None` when
/// it meets as needed, or when a meeting after today is already recorded.
pub fn committee_due(
    frequency_per_year: i64,
    last_held: Option<NaiveDate>,
    next_planned: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if !FREQUENCIES.contains(&frequency_per_year) || frequency_per_year == 0 {
        return None;
    }
    if next_planned.is_some() {
        return None;
    }
    match last_held {
        Some(last) => period_after(last, (12 / frequency_per_year) as u32),
        None => Some(today),
    }
}

const SELECT: &str = "SELECT co.id, co.name, co.kind, co.convention_id, c.title,
    co.frequency_per_year, co.notes,
    (SELECT count(*) FROM committee_meeting m WHERE m.committee_id = co.id),
    (SELECT max(held_on) FROM committee_meeting m WHERE m.committee_id = co.id AND m.held_on <= ?1),
    (SELECT min(held_on) FROM committee_meeting m WHERE m.committee_id = co.id AND m.held_on > ?1)
    FROM committee co LEFT JOIN convention c ON c.id = co.convention_id";

fn from_row(r: &Row, today: NaiveDate) -> rusqlite::Result<Committee> {
    let frequency: i64 = r.get(5)?;
    let last: Option<String> = r.get(8)?;
    let next: Option<String> = r.get(9)?;
    let due = committee_due(
        frequency,
        last.as_deref().and_then(from_iso),
        next.as_deref().and_then(from_iso),
        today,
    );
    Ok(Committee {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: CommitteeKind::from_code(&r.get::<_, String>(2)?).ok_or_else(|| bad_code(2))?,
        convention_id: r.get(3)?,
        convention_title: r.get(4)?,
        frequency_per_year: frequency,
        notes: r.get(6)?,
        meetings: r.get(7)?,
        last_meeting: last,
        next_planned: next,
        next_due: due.map(iso),
    })
}

pub fn get_committee(conn: &Connection, id: i64, today: NaiveDate) -> Result<Committee> {
    conn.query_row(
        &format!("{SELECT} WHERE co.id = ?2"),
        params![iso(today), id],
        |r| from_row(r, today),
    )
    .optional()?
    .ok_or(Error::NotFound("Instance"))
}

/// Every committee, steering first, then by name.
pub fn list_committees(conn: &Connection, today: NaiveDate) -> Result<Vec<Committee>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY CASE co.kind WHEN 'steering' THEN 0 WHEN 'technical' THEN 1 ELSE 2 END,
         co.name COLLATE NOCASE, co.id"
    ))?;
    let rows = stmt.query_map([iso(today)], |r| from_row(r, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn committee_form(conn: &Connection, id: i64) -> Result<CommitteeInput> {
    let c = get_committee(conn, id, NaiveDate::MIN)?;
    Ok(CommitteeInput {
        name: c.name,
        kind: c.kind.code().into(),
        convention_id: c.convention_id,
        frequency_per_year: c.frequency_per_year.to_string(),
        notes: c.notes,
    })
}

/// A valid committee's stored columns, for its insert and its update.
fn columns(v: &ValidCommittee) -> Columns {
    vec![
        ("name", v.name.clone().into()),
        ("kind", v.kind.code().to_string().into()),
        ("convention_id", v.convention_id.into()),
        ("frequency_per_year", v.frequency_per_year.into()),
        ("notes", v.notes.clone().into()),
    ]
}

pub fn create_committee(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
    input: &CommitteeInput,
) -> Result<Committee> {
    let v = validate_committee(input, row_exists(conn, "convention")).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.insert(tx, "committee", columns(&v))
    })?;
    get_committee(conn, id, today)
}

pub fn update_committee(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
    id: i64,
    input: &CommitteeInput,
) -> Result<Committee> {
    get_committee(conn, id, today)?;
    let v = validate_committee(input, row_exists(conn, "convention")).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.update(tx, "committee", id, columns(&v))?;
        Ok(())
    })?;
    get_committee(conn, id, today)
}

/// Deletes a committee that has no meeting recorded: meetings are its
/// history, deleted one by one first.
pub fn delete_committee(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let c = get_committee(conn, id, NaiveDate::MIN)?;
    if c.meetings > 0 {
        return Err(Error::Refused(format!(
            "L’instance « {} » ne peut pas être supprimée : {} {} enregistrée{}. Supprimez-{} d’abord.",
            c.name,
            crate::reports::quantity_fr(c.meetings, "réunion", "réunions"),
            if c.meetings < 2 { "y est" } else { "y sont" },
            if c.meetings < 2 { "" } else { "s" },
            if c.meetings < 2 { "la" } else { "les" }
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM committee WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// One follow-up action of the meeting form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpInput {
    pub text: String,
    /// Who carries it: a name, as typed.
    pub owner: String,
    /// `dd/mm/yyyy`, or empty.
    pub due_on: String,
    /// A [`FollowUpStatus`] code.
    pub status: String,
}

/// The meeting form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingInput {
    pub committee_id: i64,
    /// `dd/mm/yyyy`.
    pub held_on: String,
    /// The partner organisations present.
    pub partner_ids: Vec<i64>,
    pub agenda: String,
    pub decisions: String,
    pub follow_ups: Vec<FollowUpInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFollowUp {
    pub text: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: FollowUpStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMeeting {
    pub committee_id: i64,
    pub held_on: NaiveDate,
    pub partner_ids: Vec<i64>,
    pub agenda: String,
    pub decisions: String,
    pub follow_ups: Vec<ValidFollowUp>,
}

/// Checks every field at once; a follow-up's fields are keyed
/// `follow_ups.<index>.<field>`.
pub fn validate_meeting(
    input: &MeetingInput,
    partner_exists: impl Fn(i64) -> bool,
) -> std::result::Result<ValidMeeting, FieldErrors> {
    let mut e = FieldErrors::new();
    let held_on = required_date(
        &mut e,
        "held_on",
        &input.held_on,
        "Indiquez la date de la réunion.",
    );
    let mut partner_ids: Vec<i64> = Vec::new();
    for id in &input.partner_ids {
        if !partner_ids.contains(id) {
            partner_ids.push(*id);
        }
    }
    if partner_ids.iter().any(|id| !partner_exists(*id)) {
        e.add("partner_ids", "Un des partenaires cochés n’existe plus.");
    }
    let agenda = text_field(&mut e, "agenda", &input.agenda, 5000);
    let decisions = text_field(&mut e, "decisions", &input.decisions, 5000);
    if input.follow_ups.len() > 100 {
        e.add("follow_ups", "100 actions de suivi au plus.");
    }
    let mut follow_ups = Vec::new();
    for (i, f) in input.follow_ups.iter().enumerate() {
        let key = |x: &str| format!("follow_ups.{i}.{x}");
        let text = required_text(
            &mut e,
            &key("text"),
            &f.text,
            1000,
            "Décrivez l’action de suivi.",
        );
        let owner = text_field(&mut e, &key("owner"), &f.owner, 200);
        let due_on = optional_date(&mut e, &key("due_on"), &f.due_on);
        if let (Some(due), Some(held)) = (due_on, held_on) {
            if due < held {
                e.add(
                    &key("due_on"),
                    format!("L’échéance ne peut pas précéder la réunion ({}).", fr(held)),
                );
            }
        }
        let status = FollowUpStatus::from_code(f.status.trim());
        if status.is_none() {
            e.add(&key("status"), "Choisissez où en est l’action.");
        }
        if let Some(status) = status {
            follow_ups.push(ValidFollowUp {
                text,
                owner,
                due_on,
                status,
            });
        }
    }
    match held_on {
        Some(held_on) if e.is_empty() => Ok(ValidMeeting {
            committee_id: input.committee_id,
            held_on,
            partner_ids,
            agenda,
            decisions,
            follow_ups,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FollowUp {
    pub id: i64,
    pub text: String,
    pub owner: String,
    /// ISO date.
    pub due_on: Option<String>,
    pub status: FollowUpStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommitteeMeeting {
    pub id: i64,
    pub committee_id: i64,
    /// ISO date.
    pub held_on: String,
    pub partners: Vec<PartnerRef>,
    pub agenda: String,
    pub decisions: String,
    pub follow_ups: Vec<FollowUp>,
    pub updated_at: String,
    pub updated_by: String,
}

fn meeting_from_row(r: &Row) -> rusqlite::Result<CommitteeMeeting> {
    Ok(CommitteeMeeting {
        id: r.get(0)?,
        committee_id: r.get(1)?,
        held_on: r.get(2)?,
        partners: Vec::new(),
        agenda: r.get(3)?,
        decisions: r.get(4)?,
        follow_ups: Vec::new(),
        updated_at: r.get(5)?,
        updated_by: r.get(6)?,
    })
}

fn fill_meeting(conn: &Connection, m: &mut CommitteeMeeting) -> Result<()> {
    m.partners = super::partner_refs(
        conn,
        "SELECT p.id, p.name FROM meeting_attendance a JOIN partner p ON p.id = a.partner_id
         WHERE a.meeting_id = ?1 ORDER BY p.name COLLATE NOCASE",
        m.id,
    )?;
    let mut stmt = conn.prepare(
        "SELECT id, text, owner, due_on, status FROM meeting_follow_up
         WHERE meeting_id = ?1 ORDER BY position, id",
    )?;
    m.follow_ups = stmt
        .query_map([m.id], |r| {
            Ok(FollowUp {
                id: r.get(0)?,
                text: r.get(1)?,
                owner: r.get(2)?,
                due_on: r.get(3)?,
                status: FollowUpStatus::from_code(&r.get::<_, String>(4)?)
                    .ok_or_else(|| bad_code(4))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

const SELECT_MEETING: &str = "SELECT id, committee_id, held_on, agenda, decisions, updated_at,
    updated_by FROM committee_meeting";

pub fn get_meeting(conn: &Connection, id: i64) -> Result<CommitteeMeeting> {
    let mut m = conn
        .query_row(
            &format!("{SELECT_MEETING} WHERE id = ?1"),
            [id],
            meeting_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound("Réunion"))?;
    fill_meeting(conn, &mut m)?;
    Ok(m)
}

/// The meetings of a committee, the latest first.
pub fn list_meetings(conn: &Connection, committee_id: i64) -> Result<Vec<CommitteeMeeting>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_MEETING} WHERE committee_id = ?1 ORDER BY held_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([committee_id], meeting_from_row)?;
    let mut list: Vec<CommitteeMeeting> = rows.collect::<rusqlite::Result<_>>()?;
    for m in &mut list {
        fill_meeting(conn, m)?;
    }
    Ok(list)
}

pub fn meeting_form(conn: &Connection, id: i64) -> Result<MeetingInput> {
    let m = get_meeting(conn, id)?;
    let date = |s: &str| from_iso(s).map(fr).unwrap_or_default();
    Ok(MeetingInput {
        committee_id: m.committee_id,
        held_on: date(&m.held_on),
        partner_ids: m.partners.iter().map(|p| p.id).collect(),
        agenda: m.agenda,
        decisions: m.decisions,
        follow_ups: m
            .follow_ups
            .into_iter()
            .map(|f| FollowUpInput {
                text: f.text,
                owner: f.owner,
                due_on: f.due_on.as_deref().map(date).unwrap_or_default(),
                status: f.status.code().into(),
            })
            .collect(),
    })
}

fn write_meeting_children(tx: &rusqlite::Transaction, id: i64, v: &ValidMeeting) -> Result<()> {
    tx.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?1", [id])?;
    tx.execute("DELETE FROM meeting_follow_up WHERE meeting_id = ?1", [id])?;
    for p in &v.partner_ids {
        tx.execute(
            "INSERT INTO meeting_attendance (meeting_id, partner_id) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    for (position, f) in v.follow_ups.iter().enumerate() {
        tx.execute(
            "INSERT INTO meeting_follow_up (meeting_id, position, text, owner, due_on, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                position as i64,
                f.text,
                f.owner,
                f.due_on.map(iso),
                f.status.code()
            ],
        )?;
    }
    Ok(())
}

/// A valid meeting's stored columns but its committee, which a meeting
/// keeps once created.
fn meeting_columns(v: &ValidMeeting) -> Columns {
    vec![
        ("held_on", iso(v.held_on).into()),
        ("agenda", v.agenda.clone().into()),
        ("decisions", v.decisions.clone().into()),
    ]
}

pub fn create_meeting(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &MeetingInput,
) -> Result<CommitteeMeeting> {
    get_committee(conn, input.committee_id, NaiveDate::MIN)?;
    let v = validate_meeting(input, row_exists(conn, "partner")).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        let mut columns = meeting_columns(&v);
        columns.push(("committee_id", v.committee_id.into()));
        let id = ctx.insert(tx, "committee_meeting", columns)?;
        write_meeting_children(tx, id, &v)?;
        Ok(id)
    })?;
    get_meeting(conn, id)
}

/// Changes a meeting (its committee stays): attendance and follow-ups are
/// replaced by the form's.
pub fn update_meeting(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &MeetingInput,
) -> Result<CommitteeMeeting> {
    let current = get_meeting(conn, id)?;
    let v = validate_meeting(
        &MeetingInput {
            committee_id: current.committee_id,
            ..input.clone()
        },
        row_exists(conn, "partner"),
    )
    .map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.update(tx, "committee_meeting", id, meeting_columns(&v))?;
        write_meeting_children(tx, id, &v)?;
        Ok(())
    })?;
    get_meeting(conn, id)
}

/// Deletes a meeting with its attendance and follow-up actions.
pub fn delete_meeting(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    get_meeting(conn, id)?;
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?1", [id])?;
        tx.execute("DELETE FROM meeting_follow_up WHERE meeting_id = ?1", [id])?;
        tx.execute("DELETE FROM committee_meeting WHERE id = ?1", [id])?;
        Ok(())
    })
}
