//! Several years: the plan's forecast for its years N, N+1 and N+2, and a
//! year compared with the one before.
//!
//! Year N is the plan's first budget (the earliest year entered). Its
//! initial credits (BP) are the forecast of N and of N+1; from N+2 the
//! forecast adds the increase the project lead foresees, an amount in euros
//! stored on that first budget (seed 004: 60 000 € the first year, rising
//! from year N+2). Only that amount is stored: the forecast and the voted
//! credits it is compared with are computed on reading.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{budget_view, parsed, Figures};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store;

/// One year of the forecast, beside what was voted for it if its budget exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ForecastYear {
    pub year: i32,
    /// 0 for N, 1 for N+1, 2 for N+2.
    pub offset: i32,
    pub forecast_cents: i64,
    /// The year's voted credits (initial plus amendments), when its budget exists.
    pub voted_cents: Option<i64>,
    /// Voted minus forecast.
    pub gap_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Forecast {
    /// Year N, the plan's first budget.
    pub first_year: i32,
    /// The first budget's initial credits: the forecast of N and N+1.
    pub base_cents: i64,
    /// The increase foreseen from N+2.
    pub increase_cents: i64,
    pub years: Vec<ForecastYear>,
}

/// The forecast form: the increase foreseen from year N+2, in euros.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastInput {
    pub increase: String,
}

/// The plan's forecast, or `None` while no budget exists.
/// The voted credits of `year` (initial budget plus amendments), or `None`
/// when the year has no budget.
fn voted_total(conn: &Connection, year: i32) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT coalesce((SELECT sum(l.initial_cents) FROM budget_line l WHERE l.budget_id = b.id), 0)
                  + coalesce((SELECT sum(a.amount_cents) FROM budget_amendment a
                              JOIN budget_line l ON l.id = a.line_id WHERE l.budget_id = b.id), 0)
             FROM budget_year b WHERE b.year = ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn forecast(conn: &Connection) -> Result<Option<Forecast>> {
    let first: Option<(i64, i32, i64)> = conn
        .query_row(
            "SELECT id, year, forecast_increase_cents FROM budget_year ORDER BY year LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, first_year, increase)) = first else {
        return Ok(None);
    };
    let base: i64 = conn.query_row(
        "SELECT coalesce(sum(initial_cents), 0) FROM budget_line WHERE budget_id = ?1",
        params![id],
        |r| r.get(0),
    )?;
    let mut years = Vec::new();
    for offset in 0..3 {
        let year = first_year + offset;
        let forecast = if offset >= 2 { base + increase } else { base };
        let voted = voted_total(conn, year)?;
        years.push(ForecastYear {
            year,
            offset,
            forecast_cents: forecast,
            voted_cents: voted,
            gap_cents: voted.map(|v| v - forecast),
        });
    }
    Ok(Some(Forecast {
        first_year,
        base_cents: base,
        increase_cents: increase,
        years,
    }))
}

/// Sets the increase foreseen from year N+2, on the plan's first budget: a
/// decision of the project lead.
pub fn set_forecast_increase(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &ForecastInput,
) -> Result<Forecast> {
    let mut e = FieldErrors::new();
    let increase = parsed(&mut e, "increase", input::money_cents(&input.increase)).unwrap_or(0);
    // The schema's bound: a billion euros, far above any plan's budget.
    if increase > 100_000_000_000 {
        e.add(
            "increase",
            "La hausse ne peut pas dépasser 1 000 000 000 €.",
        );
    }
    e.into_result()?;
    let id: i64 = conn
        .query_row(
            "SELECT id FROM budget_year ORDER BY year LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::Refused("Créez d’abord le budget de la première année.".into()))?;
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE budget_year SET forecast_increase_cents = ?2, updated_at = ?3, updated_by = ?4
             WHERE id = ?1",
            params![id, increase, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(())
    })?;
    forecast(conn)?.ok_or(Error::NotFound("Budget"))
}

/// One figure of a year beside the same figure of the year before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ComparedFigure {
    pub label: String,
    pub current_cents: i64,
    /// `None` when the line did not exist the year before.
    pub previous_cents: Option<i64>,
    pub change_cents: Option<i64>,
    /// The change over the previous figure, in thousandths; `None` when the
    /// previous figure is missing or zero.
    pub change_permille: Option<i64>,
}

/// A year beside the one before: the totals, and each line's voted credits
/// (lines are matched by their label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct YearComparison {
    pub year: i32,
    pub previous_year: i32,
    pub totals: Vec<ComparedFigure>,
    pub lines: Vec<ComparedFigure>,
}

/// `change / base` in thousandths, rounded half away from zero.
fn change_permille(change: i64, base: i64) -> Option<i64> {
    (base > 0).then(|| {
        let n = change.abs() * 2000 + base;
        change.signum() * (n / (2 * base))
    })
}

fn compared(label: &str, current: i64, previous: Option<i64>) -> ComparedFigure {
    let change = previous.map(|p| current - p);
    ComparedFigure {
        label: label.into(),
        current_cents: current,
        previous_cents: previous,
        change_cents: change,
        change_permille: previous
            .zip(change)
            .and_then(|(p, c)| change_permille(c, p)),
    }
}

fn totals(c: &Figures, p: &Figures) -> Vec<ComparedFigure> {
    vec![
        compared("Crédits votés", c.voted_cents, Some(p.voted_cents)),
        compared("Engagé", c.committed_cents, Some(p.committed_cents)),
        compared("Mandaté", c.paid_cents, Some(p.paid_cents)),
        compared(
            "Restes à réaliser",
            c.left_to_pay_cents,
            Some(p.left_to_pay_cents),
        ),
    ]
}

/// `year` beside `year - 1`, or `None` when either has no budget.
pub fn year_comparison(
    conn: &Connection,
    year: i32,
    today: NaiveDate,
) -> Result<Option<YearComparison>> {
    let (Some(current), Some(previous)) = (
        budget_view(conn, year, today)?,
        budget_view(conn, year - 1, today)?,
    ) else {
        return Ok(None);
    };
    let lines = current
        .lines
        .iter()
        .map(|l| {
            let before = previous
                .lines
                .iter()
                .find(|p| p.line.label == l.line.label)
                .map(|p| p.figures.voted_cents);
            compared(&l.line.label, l.figures.voted_cents, before)
        })
        .collect();
    Ok(Some(YearComparison {
        year,
        previous_year: year - 1,
        totals: totals(&current.total, &previous.total),
        lines,
    }))
}
