//! The yearly edition of the week: its theme, its days and its aims.
//!
//! The budget line an edition draws on waits for the budget module.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{form_date, iso, parsed, text_field};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store;

/// The longest edition accepted: a week, or a month at most.
pub const MAX_EDITION_DAYS: i64 = 31;

/// The edition form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EditionInput {
    pub theme: String,
    /// `dd/mm/yyyy`.
    pub first_day: String,
    /// `dd/mm/yyyy`.
    pub last_day: String,
    pub aims: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEdition {
    pub theme: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub aims: String,
}

/// Checks the form on its own; the checks that need the database (one edition
/// a year, events still inside the days) are made by [`create_edition`] and
/// [`update_edition`].
pub fn validate_edition(input: &EditionInput) -> std::result::Result<ValidEdition, FieldErrors> {
    let mut e = FieldErrors::new();
    let theme = text_field(&mut e, "theme", &input.theme, 200);
    if theme.is_empty() && e.get("theme").is_none() {
        e.add("theme", "Le thème de l’édition est obligatoire.");
    }
    let aims = text_field(&mut e, "aims", &input.aims, 2000);
    let first_day = parsed(&mut e, "first_day", input::date_fr(&input.first_day));
    if first_day.is_none() && e.get("first_day").is_none() {
        e.add("first_day", "Le premier jour est obligatoire.");
    }
    let last_day = parsed(&mut e, "last_day", input::date_fr(&input.last_day));
    if last_day.is_none() && e.get("last_day").is_none() {
        e.add("last_day", "Le dernier jour est obligatoire.");
    }
    if let (Some(f), Some(l)) = (first_day, last_day) {
        if l < f {
            e.add(
                "last_day",
                "Le dernier jour ne peut pas précéder le premier.",
            );
        } else if (l - f).num_days() + 1 > MAX_EDITION_DAYS {
            e.add(
                "last_day",
                format!("Une édition dure {MAX_EDITION_DAYS} jours au plus."),
            );
        }
    }
    match (first_day, last_day) {
        (Some(first_day), Some(last_day)) if e.is_empty() => Ok(ValidEdition {
            theme,
            first_day,
            last_day,
            aims,
        }),
        _ => Err(e),
    }
}

/// A stored edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WeekEdition {
    pub id: i64,
    pub year: i32,
    pub theme: String,
    /// ISO `yyyy-mm-dd`.
    pub first_day: String,
    pub last_day: String,
    pub aims: String,
    /// Events attached to the edition, cancelled ones included.
    pub event_count: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT w.id, w.year, w.theme, w.first_day, w.last_day, w.aims,
    (SELECT count(*) FROM event e WHERE e.edition_id = w.id),
    w.created_at, w.created_by, w.updated_at, w.updated_by FROM week_edition w";

fn from_row(r: &Row) -> rusqlite::Result<WeekEdition> {
    Ok(WeekEdition {
        id: r.get(0)?,
        year: r.get(1)?,
        theme: r.get(2)?,
        first_day: r.get(3)?,
        last_day: r.get(4)?,
        aims: r.get(5)?,
        event_count: r.get(6)?,
        created_at: r.get(7)?,
        created_by: r.get(8)?,
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
    })
}

pub fn get_edition(conn: &Connection, id: i64) -> Result<WeekEdition> {
    conn.query_row(&format!("{SELECT} WHERE w.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Édition de la semaine"))
}

/// The edition of `year`, if the unit has prepared one.
pub fn edition_of_year(conn: &Connection, year: i32) -> Result<Option<WeekEdition>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE w.year = ?1"), [year], from_row)
        .optional()?)
}

/// Every edition, the latest first.
pub fn editions(conn: &Connection) -> Result<Vec<WeekEdition>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY w.year DESC"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The days of an edition, for checking an event's date.
pub(crate) fn edition_days(conn: &Connection, id: i64) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let days: Option<(String, String)> = conn
        .query_row(
            "SELECT first_day, last_day FROM week_edition WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(days.and_then(|(f, l)| Some((super::from_iso(&f)?, super::from_iso(&l)?))))
}

/// The rules that need the database: one edition a year, and the events
/// already attached still inside the new days.
fn check_against_store(
    conn: &Connection,
    id: Option<i64>,
    v: &ValidEdition,
) -> std::result::Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    let year = v.first_day.year();
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM week_edition WHERE year = ?1 AND id IS NOT ?2",
            params![year, id],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or(None);
    if taken.is_some() {
        e.add(
            "first_day",
            format!("Une édition de la semaine existe déjà pour {year}."),
        );
    }
    if let Some(id) = id {
        let outside: i64 = conn
            .query_row(
                "SELECT count(*) FROM event WHERE edition_id = ?1 AND (day < ?2 OR day > ?3)",
                params![id, iso(v.first_day), iso(v.last_day)],
                |r| r.get(0),
            )
            .unwrap_or(0);
        if outside > 0 {
            e.add(
                "last_day",
                if outside == 1 {
                    "1 événement de l’édition tomberait hors de ces dates : déplacez-le d’abord."
                        .to_string()
                } else {
                    format!(
                        "{outside} événements de l’édition tomberaient hors de ces dates : \
                         déplacez-les d’abord."
                    )
                },
            );
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

pub fn create_edition(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &EditionInput,
) -> Result<WeekEdition> {
    let v = validate_edition(input).map_err(Error::Invalid)?;
    check_against_store(conn, None, &v).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO week_edition (year, theme, first_day, last_day, aims, created_at, created_by,
                updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
            params![
                v.first_day.year(),
                v.theme,
                iso(v.first_day),
                iso(v.last_day),
                v.aims,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get_edition(conn, id)
}

pub fn update_edition(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &EditionInput,
) -> Result<WeekEdition> {
    get_edition(conn, id)?;
    let v = validate_edition(input).map_err(Error::Invalid)?;
    check_against_store(conn, Some(id), &v).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE week_edition SET year = ?2, theme = ?3, first_day = ?4, last_day = ?5, aims = ?6,
                updated_at = ?7, updated_by = ?8 WHERE id = ?1",
            params![
                id,
                v.first_day.year(),
                v.theme,
                iso(v.first_day),
                iso(v.last_day),
                v.aims,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        Ok(())
    })?;
    get_edition(conn, id)
}

/// Deletes an empty edition. One that still holds events or campaign items is
/// refused: they are the unit's record of the week and go first, one by one.
pub fn delete_edition(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let edition = get_edition(conn, id)?;
    let items: i64 = conn.query_row(
        "SELECT count(*) FROM campaign_item WHERE edition_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if edition.event_count > 0 || items > 0 {
        return Err(Error::Refused(format!(
            "L’édition {} contient encore {} et {} de campagne : supprimez-les d’abord.",
            edition.year,
            crate::reports::quantity_fr(edition.event_count, "événement", "événements"),
            crate::reports::quantity_fr(items, "élément", "éléments")
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM week_edition WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The stored edition written back as the form shows it.
pub fn edition_form(conn: &Connection, id: i64) -> Result<EditionInput> {
    let w = get_edition(conn, id)?;
    Ok(EditionInput {
        theme: w.theme,
        first_day: form_date(&w.first_day),
        last_day: form_date(&w.last_day),
        aims: w.aims,
    })
}
