//! The paged list, the year's statistics by sex and audience, the years offered.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::storage::{from_row, SELECT};
use super::{Audience, TrainingSession, TrainingStatus};
use crate::error::Result;
use crate::sql::{year_bounds, Paging, Where};

/// The columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingSort {
    #[default]
    FirstDay,
    Title,
    Audience,
    Commune,
    Status,
    Attended,
    ActualCost,
}

impl TrainingSort {
    fn column(self) -> &'static str {
        match self {
            TrainingSort::FirstDay => "t.first_day",
            TrainingSort::Title => "t.title COLLATE NOCASE",
            TrainingSort::Audience => "t.audience",
            TrainingSort::Commune => "c.name COLLATE NOCASE",
            TrainingSort::Status => "t.status",
            TrainingSort::Attended => "(t.attended_women + t.attended_men + t.attended_unstated)",
            TrainingSort::ActualCost => "t.actual_cost_cents",
        }
    }
}

/// What the list shows: one year, filtered, sorted and paged in SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingQuery {
    pub year: i32,
    pub status: Option<TrainingStatus>,
    pub audience: Option<Audience>,
    pub commune_insee: Option<String>,
    /// Words looked for in the title and the trainer.
    pub search: Option<String>,
    pub sort: TrainingSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl TrainingQuery {
    pub fn year(year: i32) -> Self {
        TrainingQuery {
            year,
            status: None,
            audience: None,
            commune_insee: None,
            search: None,
            sort: TrainingSort::FirstDay,
            descending: false,
            page: 1,
            page_size: 50,
        }
    }
}

/// Sums over every session the filters match, not only the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingTotals {
    pub sessions: i64,
    pub hours_centi: i64,
    pub registered: i64,
    pub attended_women: i64,
    pub attended_men: i64,
    pub attended_unstated: i64,
    pub attended_total: i64,
    pub planned_cost_cents: i64,
    pub actual_cost_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingPage {
    pub items: Vec<TrainingSession>,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub totals: TrainingTotals,
}

pub fn list(conn: &Connection, q: &TrainingQuery) -> Result<TrainingPage> {
    let (from, to) = year_bounds(q.year);
    let mut w = Where::new(
        "t.first_day BETWEEN ? AND ?",
        [Value::Text(from), Value::Text(to)],
    );
    w.equals("t.status", q.status.map(|s| s.code()));
    w.equals("t.audience", q.audience.map(|a| a.code()));
    w.equals("t.commune_insee", q.commune_insee.as_deref());
    w.search(q.search.as_deref(), &["t.title", "t.trainer"]);
    let filter = w.sql();
    let totals = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(t.hours_centi), 0), coalesce(sum(t.registered), 0),
                coalesce(sum(t.attended_women), 0), coalesce(sum(t.attended_men), 0),
                coalesce(sum(t.attended_unstated), 0), coalesce(sum(t.planned_cost_cents), 0),
                coalesce(sum(t.actual_cost_cents), 0)
             FROM training_session t LEFT JOIN commune c ON c.insee = t.commune_insee WHERE {filter}"
        ),
        params_from_iter(w.args.iter()),
        |r| {
            let (w, m, u): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            Ok(TrainingTotals {
                sessions: r.get(0)?,
                hours_centi: r.get(1)?,
                registered: r.get(2)?,
                attended_women: w,
                attended_men: m,
                attended_unstated: u,
                attended_total: w + m + u,
                planned_cost_cents: r.get(6)?,
                actual_cost_cents: r.get(7)?,
            })
        },
    )?;
    let Paging {
        page,
        page_size,
        page_count,
    } = Paging::of(totals.sessions, q.page, q.page_size);
    let direction = if q.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "{SELECT} WHERE {filter} ORDER BY {} {direction}, t.first_day {direction}, t.id {direction}",
        q.sort.column()
    );
    let items = crate::sql::page_of(conn, &sql, w.args, page as i64, page_size as i64, from_row)?;
    Ok(TrainingPage {
        items,
        page,
        page_size,
        page_count,
        totals,
    })
}

/// Every session of a year in date order, for exports.
pub fn all_of_year(conn: &Connection, year: i32) -> Result<Vec<TrainingSession>> {
    let (from, to) = year_bounds(year);
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE t.first_day BETWEEN ?1 AND ?2 ORDER BY t.first_day, t.id"
    ))?;
    let rows = stmt.query_map([from, to], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Participants of one audience, among held sessions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AudienceStats {
    pub audience: Audience,
    pub sessions: i64,
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
    pub total: i64,
    /// This audience's share of all participants, 0 to 1.
    pub share: f64,
}

/// A year's statistics, over the sessions held that year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TrainingStats {
    pub year: i32,
    pub sessions_held: i64,
    pub sessions_planned: i64,
    pub sessions_confirmed: i64,
    pub sessions_cancelled: i64,
    pub hours_delivered_centi: i64,
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
    pub participants: i64,
    /// Shares of participants, 0 to 1; `None` when nobody attended.
    pub share_women: Option<f64>,
    pub share_men: Option<f64>,
    pub share_unstated: Option<f64>,
    pub by_audience: Vec<AudienceStats>,
    /// Participants over capacity, among held sessions whose capacity is known.
    pub fill_rate: Option<f64>,
    /// Actual cost over participant-hours, among held sessions whose actual
    /// cost is known; in cents, rounded to the nearest cent.
    pub cost_per_participant_hour_cents: Option<i64>,
    /// Sum of `participants × hours` over held sessions, in hundredths of an hour.
    pub participant_hours_centi: i64,
    pub actual_cost_cents: i64,
    /// Mean of the sessions' satisfaction scores, 1 to 5.
    pub satisfaction_average: Option<f64>,
    pub communes_reached: i64,
    pub communes_total: i64,
}

fn share(part: i64, total: i64) -> Option<f64> {
    (total > 0).then(|| part as f64 / total as f64)
}

/// Participants of the held sessions by audience, for the audiences that
/// had any session; `share` is of all `participants`.
fn by_audience(held: &[&TrainingSession], participants: i64) -> Vec<AudienceStats> {
    Audience::ALL
        .into_iter()
        .filter_map(|a| {
            let of: Vec<&TrainingSession> =
                held.iter().copied().filter(|t| t.audience == a).collect();
            if of.is_empty() {
                return None;
            }
            let (w, m, u) = of.iter().fold((0, 0, 0), |acc, t| {
                (
                    acc.0 + t.attended_women,
                    acc.1 + t.attended_men,
                    acc.2 + t.attended_unstated,
                )
            });
            Some(AudienceStats {
                audience: a,
                sessions: of.len() as i64,
                women: w,
                men: m,
                unstated: u,
                total: w + m + u,
                share: share(w + m + u, participants).unwrap_or(0.0),
            })
        })
        .collect()
}

/// The actual cost per participant-hour, in cents, over the held sessions
/// whose actual cost is known; `None` when they counted no participant-hour.
fn cost_per_participant_hour(held: &[&TrainingSession]) -> Option<i64> {
    let costed: Vec<&TrainingSession> = held
        .iter()
        .copied()
        .filter(|t| t.actual_cost_cents.is_some())
        .collect();
    let costed_cents: i64 = costed.iter().filter_map(|t| t.actual_cost_cents).sum();
    let costed_ph_centi: i64 = costed
        .iter()
        .map(|t| t.attended_total * t.hours_centi)
        .sum();
    // cents / (centi-hours / 100), rounded half up, in integers.
    (costed_ph_centi > 0)
        .then(|| (costed_cents * 100 * 2 + costed_ph_centi) / (2 * costed_ph_centi))
}

/// The year's training figures: sessions by status, participants by sex
/// and by audience, fill rate, hours, costs, satisfaction and reach.
pub fn stats(conn: &Connection, year: i32) -> Result<TrainingStats> {
    let sessions = all_of_year(conn, year)?;
    let count_status = |s: TrainingStatus| sessions.iter().filter(|t| t.status == s).count() as i64;
    let held: Vec<&TrainingSession> = sessions
        .iter()
        .filter(|t| t.status == TrainingStatus::Held)
        .collect();
    let women: i64 = held.iter().map(|t| t.attended_women).sum();
    let men: i64 = held.iter().map(|t| t.attended_men).sum();
    let unstated: i64 = held.iter().map(|t| t.attended_unstated).sum();
    let participants = women + men + unstated;

    let by_audience = by_audience(&held, participants);

    let with_capacity: Vec<&&TrainingSession> =
        held.iter().filter(|t| t.capacity.is_some()).collect();
    let capacity: i64 = with_capacity.iter().filter_map(|t| t.capacity).sum();
    let filled: i64 = with_capacity.iter().map(|t| t.attended_total).sum();

    let cost_per_participant_hour_cents = cost_per_participant_hour(&held);

    let scores: Vec<i64> = held.iter().filter_map(|t| t.satisfaction_tenths).collect();
    let mut reached: Vec<&str> = held
        .iter()
        .filter_map(|t| t.commune_insee.as_deref())
        .collect();
    reached.sort_unstable();
    reached.dedup();

    Ok(TrainingStats {
        year,
        sessions_held: held.len() as i64,
        sessions_planned: count_status(TrainingStatus::Planned),
        sessions_confirmed: count_status(TrainingStatus::Confirmed),
        sessions_cancelled: count_status(TrainingStatus::Cancelled),
        hours_delivered_centi: held.iter().map(|t| t.hours_centi).sum(),
        women,
        men,
        unstated,
        participants,
        share_women: share(women, participants),
        share_men: share(men, participants),
        share_unstated: share(unstated, participants),
        by_audience,
        fill_rate: share(filled, capacity),
        cost_per_participant_hour_cents,
        participant_hours_centi: held.iter().map(|t| t.attended_total * t.hours_centi).sum(),
        actual_cost_cents: held.iter().filter_map(|t| t.actual_cost_cents).sum(),
        satisfaction_average: (!scores.is_empty())
            .then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64 / 10.0),
        communes_reached: reached.len() as i64,
        communes_total: crate::territory::commune_count(conn)?,
    })
}

/// The years the app offers: from the plan's first year to next year, and any
/// year that holds a session.
pub fn years(conn: &Connection, first_year: i32, today: NaiveDate) -> Result<Vec<i32>> {
    let mut years: Vec<i32> =
        (first_year.min(today.year())..=today.year().max(first_year) + 1).collect();
    let mut stmt = conn.prepare(
        "SELECT DISTINCT CAST(substr(first_day, 1, 4) AS INTEGER) FROM training_session",
    )?;
    for y in stmt.query_map([], |r| r.get::<_, i32>(0))? {
        years.push(y?);
    }
    years.sort_unstable();
    years.dedup();
    Ok(years)
}
