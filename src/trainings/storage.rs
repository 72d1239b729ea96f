//! Sessions written and read: one write path per change, checked by the form.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::{validate, Audience, TrainingFormat, TrainingInput, TrainingStatus};
use crate::error::{Error, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::sql::iso;
use crate::store;
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
        tx.execute(
            "INSERT INTO training_session (title, theme, audience, trainer, format, first_day, last_day,
                hours_centi, venue, commune_insee, capacity, registered, attended_women, attended_men,
                attended_unstated, planned_cost_cents, actual_cost_cents, status, cancel_reason,
                satisfaction_tenths, notes, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                ?19, ?20, ?21, ?22, ?23, ?22, ?23)",
            params![
                v.title,
                v.theme,
                v.audience.code(),
                v.trainer,
                v.format.code(),
                iso(v.first_day),
                iso(v.last_day),
                v.hours_centi,
                v.venue,
                v.commune_insee,
                v.capacity,
                v.registered,
                v.attended_women,
                v.attended_men,
                v.attended_unstated,
                v.planned_cost_cents,
                v.actual_cost_cents,
                v.status.code(),
                v.cancel_reason,
                v.satisfaction_tenths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name,
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get(conn, id)
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
        tx.execute(
            "UPDATE training_session SET title = ?2, theme = ?3, audience = ?4, trainer = ?5, format = ?6,
                first_day = ?7, last_day = ?8, hours_centi = ?9, venue = ?10, commune_insee = ?11,
                capacity = ?12, registered = ?13, attended_women = ?14, attended_men = ?15,
                attended_unstated = ?16, planned_cost_cents = ?17, actual_cost_cents = ?18, status = ?19,
                cancel_reason = ?20, satisfaction_tenths = ?21, notes = ?22, updated_at = ?23, updated_by = ?24
             WHERE id = ?1",
            params![
                id,
                v.title,
                v.theme,
                v.audience.code(),
                v.trainer,
                v.format.code(),
                iso(v.first_day),
                iso(v.last_day),
                v.hours_centi,
                v.venue,
                v.commune_insee,
                v.capacity,
                v.registered,
                v.attended_women,
                v.attended_men,
                v.attended_unstated,
                v.planned_cost_cents,
                v.actual_cost_cents,
                v.status.code(),
                v.cancel_reason,
                v.satisfaction_tenths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name,
            ],
        )?;
        Ok(())
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
