//! Staff positions given to the plan: title, optional name, the position's
//! FTE share, the share of it given to the plan, dates and yearly cost. The
//! FTE of a year is prorated by the days the position is held in it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{from_iso, iso, parsed, required_date, text_field};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store;

/// The position form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PositionInput {
    pub title: String,
    /// Optional: a position may be vacant.
    pub person: String,
    /// The position's FTE share, between 0 and 1, e.g. `1` or `0,8`.
    pub fte: String,
    /// The share of the position given to the plan, between 0 and 1.
    pub plan_share: String,
    /// `dd/mm/yyyy`.
    pub start_day: String,
    /// `dd/mm/yyyy`, optional.
    pub end_day: String,
    /// Euros, optional.
    pub yearly_cost: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPosition {
    pub title: String,
    pub person: String,
    pub fte_hundredths: i64,
    pub plan_share_hundredths: i64,
    pub start_day: NaiveDate,
    pub end_day: Option<NaiveDate>,
    pub yearly_cost_cents: Option<i64>,
}

/// A share between 0 and 1 in hundredths; `positive` refuses zero.
fn share(e: &mut FieldErrors, field: &str, raw: &str, positive: bool) -> i64 {
    match parsed(e, field, input::scaled(raw, 2)) {
        Some(v) if v > 100 => {
            e.add(
                field,
                "Une part est comprise entre 0 et 1 (1 = temps plein).",
            );
            0
        }
        Some(0) if positive => {
            e.add(field, "La quotité doit être supérieure à 0.");
            0
        }
        Some(v) => v,
        None => {
            if e.get(field).is_none() {
                e.add(field, "Indiquez une part entre 0 et 1, par exemple 0,5.");
            }
            0
        }
    }
}

pub fn validate_position(input: &PositionInput) -> std::result::Result<ValidPosition, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = text_field(&mut e, "title", &input.title, 200);
    if title.is_empty() && e.get("title").is_none() {
        e.add("title", "Indiquez l’intitulé du poste.");
    }
    let person = text_field(&mut e, "person", &input.person, 200);
    let fte = share(&mut e, "fte", &input.fte, true);
    let plan_share = share(&mut e, "plan_share", &input.plan_share, false);
    let start = required_date(
        &mut e,
        "start_day",
        &input.start_day,
        "Indiquez la date de début.",
    );
    let end = parsed(&mut e, "end_day", input::date_fr(&input.end_day));
    if let (Some(s), Some(en)) = (start, end) {
        if en <= s {
            e.add("end_day", "La date de fin doit suivre la date de début.");
        }
    }
    let cost = parsed(
        &mut e,
        "yearly_cost",
        input::money_cents(&input.yearly_cost),
    );
    match start {
        Some(start_day) if e.is_empty() => Ok(ValidPosition {
            title,
            person,
            fte_hundredths: fte,
            plan_share_hundredths: plan_share,
            start_day,
            end_day: end,
            yearly_cost_cents: cost,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StaffPosition {
    pub id: i64,
    pub title: String,
    pub person: String,
    pub fte_hundredths: i64,
    pub plan_share_hundredths: i64,
    /// ISO dates.
    pub start_day: String,
    pub end_day: Option<String>,
    pub yearly_cost_cents: Option<i64>,
}

const SELECT: &str = "SELECT id, title, person, fte_hundredths, plan_share_hundredths, start_day,
    end_day, yearly_cost_cents FROM staff_position";

fn from_row(r: &Row) -> rusqlite::Result<StaffPosition> {
    Ok(StaffPosition {
        id: r.get(0)?,
        title: r.get(1)?,
        person: r.get(2)?,
        fte_hundredths: r.get(3)?,
        plan_share_hundredths: r.get(4)?,
        start_day: r.get(5)?,
        end_day: r.get(6)?,
        yearly_cost_cents: r.get(7)?,
    })
}

pub fn get_position(conn: &Connection, id: i64) -> Result<StaffPosition> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Poste"))
}

/// Every position, by start date.
pub fn positions(conn: &Connection) -> Result<Vec<StaffPosition>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY start_day, id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn save(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: Option<i64>,
    input: &PositionInput,
) -> Result<StaffPosition> {
    if let Some(id) = id {
        get_position(conn, id)?;
    }
    let v = validate_position(input).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        let (start, end) = (iso(v.start_day), v.end_day.map(iso));
        let stamp = ctx.stamp();
        match id {
            None => {
                tx.execute(
                    "INSERT INTO staff_position (title, person, fte_hundredths, plan_share_hundredths,
                        start_day, end_day, yearly_cost_cents, created_at, created_by, updated_at,
                        updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)",
                    params![
                        v.title,
                        v.person,
                        v.fte_hundredths,
                        v.plan_share_hundredths,
                        start,
                        end,
                        v.yearly_cost_cents,
                        stamp,
                        ctx.actor.name
                    ],
                )?;
                Ok(tx.last_insert_rowid())
            }
            Some(id) => {
                tx.execute(
                    "UPDATE staff_position SET title = ?1, person = ?2, fte_hundredths = ?3,
                        plan_share_hundredths = ?4, start_day = ?5, end_day = ?6,
                        yearly_cost_cents = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?10",
                    params![
                        v.title,
                        v.person,
                        v.fte_hundredths,
                        v.plan_share_hundredths,
                        start,
                        end,
                        v.yearly_cost_cents,
                        stamp,
                        ctx.actor.name,
                        id
                    ],
                )?;
                Ok(id)
            }
        }
    })?;
    get_position(conn, id)
}

pub fn create_position(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &PositionInput,
) -> Result<StaffPosition> {
    save(conn, actor, now, None, input)
}

pub fn update_position(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &PositionInput,
) -> Result<StaffPosition> {
    save(conn, actor, now, Some(id), input)
}

pub fn delete_position(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        match tx.execute("DELETE FROM staff_position WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Poste")),
            _ => Ok(()),
        }
    })
}

pub fn position_form(conn: &Connection, id: i64) -> Result<PositionInput> {
    let p = get_position(conn, id)?;
    let date = |s: &str| from_iso(s).map(input::format_date_fr).unwrap_or_default();
    Ok(PositionInput {
        title: p.title,
        person: p.person,
        fte: input::format_scaled(p.fte_hundredths, 2),
        plan_share: input::format_scaled(p.plan_share_hundredths, 2),
        start_day: date(&p.start_day),
        end_day: p.end_day.as_deref().map(date).unwrap_or_default(),
        yearly_cost: p
            .yearly_cost_cents
            .map(input::format_cents)
            .unwrap_or_default(),
    })
}

/// A position seen over one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionYear {
    pub position: StaffPosition,
    /// Days of the year the position is held.
    pub days_held: i64,
    /// The position's FTE over the year, prorated by days, in hundredths.
    pub fte_hundredths: i64,
    /// The plan's share of it, prorated by days, in hundredths.
    pub plan_fte_hundredths: i64,
    /// The plan's share of the yearly cost, prorated, in cents.
    pub plan_cost_cents: Option<i64>,
}

/// The staff of a year: positions held in it, the plan's FTE against what was
/// planned, and a warning for anyone over one FTE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StaffYear {
    pub year: i32,
    pub positions: Vec<PositionYear>,
    /// Sum of the positions' plan FTE, as shown rounded.
    pub plan_fte_hundredths: i64,
    /// From the year's budget; 0 when there is none.
    pub planned_fte_hundredths: i64,
    pub plan_cost_cents: i64,
    /// In French, one per person over one FTE at some date of the year.
    pub warnings: Vec<String>,
}

fn round_div(n: i64, d: i64) -> i64 {
    (n * 2 + d) / (2 * d)
}

/// Days of `[start, end]` (inclusive, `end` open when `None`) that fall in `year`.
pub fn days_in_year(start: NaiveDate, end: Option<NaiveDate>, year: i32) -> i64 {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return 0;
    };
    let from = start.max(first);
    let to = end.map_or(last, |e| e.min(last));
    if to < from {
        0
    } else {
        (to - from).num_days() + 1
    }
}

pub fn staff_year(conn: &Connection, year: i32) -> Result<StaffYear> {
    let year_days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    };
    let all = positions(conn)?;
    let mut out = Vec::new();
    for p in &all {
        let (Some(start), end) = (
            from_iso(&p.start_day),
            p.end_day.as_deref().and_then(from_iso),
        ) else {
            continue;
        };
        let days = days_in_year(start, end, year);
        if days == 0 {
            continue;
        }
        out.push(PositionYear {
            days_held: days,
            fte_hundredths: round_div(p.fte_hundredths * days, year_days),
            plan_fte_hundredths: round_div(
                p.fte_hundredths * p.plan_share_hundredths * days,
                100 * year_days,
            ),
            plan_cost_cents: p
                .yearly_cost_cents
                .map(|c| round_div(c * p.plan_share_hundredths * days, 100 * year_days)),
            position: p.clone(),
        });
    }
    let planned = conn
        .query_row(
            "SELECT planned_fte_hundredths FROM budget_year WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    Ok(StaffYear {
        year,
        plan_fte_hundredths: out.iter().map(|p| p.plan_fte_hundredths).sum(),
        plan_cost_cents: out.iter().filter_map(|p| p.plan_cost_cents).sum(),
        planned_fte_hundredths: planned,
        warnings: over_one_fte(&all, year),
        positions: out,
    })
}

/// For each named person, the dates in `year` at which their positions held
/// together exceed one FTE. The total only rises when a position starts, so
/// the start dates (and the year's first day) are the only ones to check.
fn over_one_fte(all: &[StaffPosition], year: i32) -> Vec<String> {
    let mut people: Vec<String> = all
        .iter()
        .map(|p| p.person.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    people.sort();
    people.dedup();
    let mut warnings = Vec::new();
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return warnings;
    };
    for who in people {
        let held: Vec<(&StaffPosition, NaiveDate, Option<NaiveDate>)> = all
            .iter()
            .filter(|p| p.person.trim().to_lowercase() == who)
            .filter_map(|p| {
                Some((
                    p,
                    from_iso(&p.start_day)?,
                    p.end_day.as_deref().and_then(from_iso),
                ))
            })
            .collect();
        let mut days: Vec<NaiveDate> = held.iter().map(|h| h.1.max(first)).collect();
        days.retain(|d| d.year() == year);
        days.sort();
        for day in days {
            let total: i64 = held
                .iter()
                .filter(|(_, s, e)| *s <= day && e.is_none_or(|e| e >= day))
                .map(|(p, _, _)| p.fte_hundredths)
                .sum();
            if total > 100 {
                let name = held[0].0.person.trim();
                warnings.push(format!(
                    "{name} dépasse 1 ETP à partir du {} ({} ETP).",
                    input::format_date_fr(day),
                    input::format_scaled(total, 2)
                ));
                break;
            }
        }
    }
    warnings
}
