//! Sessions written and read: one write path per change, checked by the form.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::{validate, Audience, TrainingFormat, TrainingInput, TrainingStatus, ValidTraining};
use crate::error::{Error, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::sql::iso;
use crate::store::{self, Columns};
use crate::territory::commune_exists;

/// A stored session, as lists and pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingSession {
    pub id: i64,
    pub title: String,
    pub theme: String,
    pub audience: Audience,
    pub trainer: String,
    pub format: TrainingFormat,
    /// ISO date `yyyy-mm-dd`.
    pub first_day: String,
    pub last_day: String,
    pub hours_centi: i64,
    pub venue: String,
    pub commune_insee: Option<String>,
    pub commune_name: Option<String>,
    pub capacity: Option<i64>,
    pub registered: Option<i64>,
    pub attended_women: i64,
    pub attended_men: i64,
    pub attended_unstated: i64,
    pub attended_total: i64,
    /// More people attended than the capacity allows: allowed, but flagged.
    pub over_capacity: bool,
    pub planned_cost_cents: Option<i64>,
    pub actual_cost_cents: Option<i64>,
    pub status: TrainingStatus,
    pub cancel_reason: String,
    pub satisfaction_tenths: Option<i64>,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

pub(super) const SELECT: &str = "SELECT t.id, t.title, t.theme, t.audience, t.trainer, t.format, t.first_day, t.last_day,
    t.hours_centi, t.venue, t.commune_insee, c.name, t.capacity, t.registered, t.attended_women,
    t.attended_men, t.attended_unstated, t.planned_cost_cents, t.actual_cost_cents, t.status,
    t.cancel_reason, t.satisfaction_tenths, t.notes, t.created_at, t.created_by, t.updated_at, t.updated_by
    FROM training_session t LEFT JOIN commune c ON c.insee = t.commune_insee";

pub(super) fn from_row(r: &Row) -> rusqlite::Result<TrainingSession> {
    let bad = |i: usize| {
        rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text)
    };
    let audience = Audience::from_code(&r.get::<_, String>(3)?).ok_or_else(|| bad(3))?;
    let format = TrainingFormat::from_code(&r.get::<_, String>(5)?).ok_or_else(|| bad(5))?;
    let status = TrainingStatus::from_code(&r.get::<_, String>(19)?).ok_or_else(|| bad(19))?;
    let capacity: Option<i64> = r.get(12)?;
    let (w, m, u): (i64, i64, i64) = (r.get(14)?, r.get(15)?, r.get(16)?);
    Ok(TrainingSession {
        id: r.get(0)?,
        title: r.get(1)?,
        theme: r.get(2)?,
        audience,
        trainer: r.get(4)?,
        format,
        first_day: r.get(6)?,
        last_day: r.get(7)?,
        hours_centi: r.get(8)?,
        venue: r.get(9)?,
        commune_insee: r.get(10)?,
        commune_name: r.get(11)?,
        capacity,
        registered: r.get(13)?,
        attended_women: w,
        attended_men: m,
        attended_unstated: u,
        attended_total: w + m + u,
        over_capacity: capacity.is_some_and(|c| w + m + u > c),
        planned_cost_cents: r.get(17)?,
        actual_cost_cents: r.get(18)?,
        status,
        cancel_reason: r.get(20)?,
        satisfaction_tenths: r.get(21)?,
        notes: r.get(22)?,
        created_at: r.get(23)?,
        created_by: r.get(24)?,
        updated_at: r.get(25)?,
        updated_by: r.get(26)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<TrainingSession> {
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Session de formation"))
}

/// Creates a session; nothing is saved when any field is wrong.
pub fn create(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    input: &TrainingInput,
) -> Result<TrainingSession> {
    let v = validate(input, today, commune_exists(conn)).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.insert(tx, "training_session", columns(&v))
    })?;
    get(conn, id)
}

/// A valid session's stored columns, for its insert and its update (an
/// import adds the batch it came in with).
pub(crate) fn columns(v: &ValidTraining) -> Columns {
    vec![
        ("title", v.title.clone().into()),
        ("theme", v.theme.clone().into()),
        ("audience", v.audience.code().to_string().into()),
        ("trainer", v.trainer.clone().into()),
        ("format", v.format.code().to_string().into()),
        ("first_day", iso(v.first_day).into()),
        ("last_day", iso(v.last_day).into()),
        ("hours_centi", v.hours_centi.into()),
        ("venue", v.venue.clone().into()),
        ("commune_insee", v.commune_insee.clone().into()),
        ("capacity", v.capacity.into()),
        ("registered", v.registered.into()),
        ("attended_women", v.attended_women.into()),
        ("attended_men", v.attended_men.into()),
        ("attended_unstated", v.attended_unstated.into()),
        ("planned_cost_cents", v.planned_cost_cents.into()),
        ("actual_cost_cents", v.actual_cost_cents.into()),
        ("status", v.status.code().to_string().into()),
        ("cancel_reason", v.cancel_reason.clone().into()),
        ("satisfaction_tenths", v.satisfaction_tenths.into()),
        ("notes", v.notes.clone().into()),
    ]
}

/// Replaces a session's fields; nothing is saved when any field is wrong.
pub fn update(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    input: &TrainingInput,
) -> Result<TrainingSession> {
    get(conn, id)?;
    let v = validate(input, today, commune_exists(conn)).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.update(tx, "training_session", id, columns(&v))
    })?;
    get(conn, id)
}

pub fn delete(conn: &mut Connection, actor: &Actor, now: DateTime<Utc>, id: i64) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        match tx.execute("DELETE FROM training_session WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Session de formation")),
            _ => Ok(()),
        }
    })
}

/// The stored session written back as the form shows it, for editing.
pub fn form(conn: &Connection, id: i64) -> Result<TrainingInput> {
    let s = get(conn, id)?;
    let date = |iso: &str| {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map(input::format_date_fr)
            .unwrap_or_default()
    };
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let money = |v: Option<i64>| v.map(input::format_cents).unwrap_or_default();
    let count = |n: i64| {
        if s.status == TrainingStatus::Held {
            n.to_string()
        } else {
            String::new()
        }
    };
    Ok(TrainingInput {
        title: s.title.clone(),
        theme: s.theme.clone(),
        audience: s.audience.code().into(),
        trainer: s.trainer.clone(),
        format: s.format.code().into(),
        first_day: date(&s.first_day),
        last_day: date(&s.last_day),
        hours: input::format_scaled(s.hours_centi, 2),
        venue: s.venue.clone(),
        commune_insee: s.commune_insee.clone().unwrap_or_default(),
        capacity: opt(s.capacity),
        registered: opt(s.registered),
        attended_women: count(s.attended_women),
        attended_men: count(s.attended_men),
        attended_unstated: count(s.attended_unstated),
        planned_cost: money(s.planned_cost_cents),
        actual_cost: money(s.actual_cost_cents),
        status: s.status.code().into(),
        cancel_reason: s.cancel_reason.clone(),
        satisfaction: s
            .satisfaction_tenths
            .map(|t| input::format_scaled(t, 1))
            .unwrap_or_default(),
        notes: s.notes.clone(),
    })
}
