//! What is read from the events: the year's table (filtered, sorted and paged
//! in SQL), the week's programme day by day, the coverage by commune, the
//! edition's report, and the costs by year for the budget.

use chrono::Duration;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::event::{from_row, select_sql};
use super::{
    campaign, from_iso, get_edition, per_head, year_bounds, CampaignItem, Event, EventKind,
    EventPublic, EventStatus, WeekEdition,
};
use crate::error::Result;
use crate::sql::{Paging, Where};

/// The columns the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventSort {
    #[default]
    Day,
    Title,
    Kind,
    Commune,
    Status,
    Attended,
    Cost,
}

impl EventSort {
    fn column(self) -> &'static str {
        match self {
            EventSort::Day => "e.day",
            EventSort::Title => "e.title COLLATE NOCASE",
            EventSort::Kind => "e.kind",
            EventSort::Commune => "c.name COLLATE NOCASE",
            EventSort::Status => "e.status",
            EventSort::Attended => "coalesce(e.attended_total, -1)",
            EventSort::Cost => {
                "(SELECT coalesce(sum(k.amount_cents), 0) FROM event_cost k WHERE k.event_id = e.id)"
            }
        }
    }
}

/// Inside the week, outside it, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventScope {
    Week,
    Standalone,
}

/// What the table shows: one year, filtered, sorted and paged in SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventQuery {
    pub year: i32,
    pub scope: Option<EventScope>,
    pub kind: Option<EventKind>,
    pub public: Option<EventPublic>,
    pub status: Option<EventStatus>,
    pub commune_insee: Option<String>,
    /// Words looked for in the title, venue, organiser and partners.
    pub search: Option<String>,
    pub sort: EventSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl EventQuery {
    pub fn year(year: i32) -> Self {
        EventQuery {
            year,
            scope: None,
            kind: None,
            public: None,
            status: None,
            commune_insee: None,
            search: None,
            sort: EventSort::Day,
            descending: false,
            page: 1,
            page_size: 50,
        }
    }
}

/// Sums over every event the filters match, not only the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EventTotals {
    pub events: i64,
    pub held: i64,
    pub cancelled: i64,
    pub expected_attendance: i64,
    pub attended_total: i64,
    pub cost_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EventPage {
    pub items: Vec<Event>,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub totals: EventTotals,
}

fn filter(q: &EventQuery) -> Where {
    let (from, to) = year_bounds(q.year);
    let mut w = Where::new(
        "e.day BETWEEN ? AND ?",
        [Value::Text(from), Value::Text(to)],
    );
    match q.scope {
        Some(EventScope::Week) => w.clause("e.edition_id IS NOT NULL", []),
        Some(EventScope::Standalone) => w.clause("e.edition_id IS NULL", []),
        None => {}
    }
    w.equals("e.kind", q.kind.map(|k| k.code()));
    w.equals("e.public", q.public.map(|p| p.code()));
    w.equals("e.status", q.status.map(|s| s.code()));
    w.equals("e.commune_insee", q.commune_insee.as_deref());
    w.search(
        q.search.as_deref(),
        &["e.title", "e.venue", "e.organiser", "e.partners"],
    );
    w
}

pub fn list_events(conn: &Connection, q: &EventQuery) -> Result<EventPage> {
    let w = filter(q);
    let filter = w.sql();
    let totals = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(e.status = 'held'), 0), coalesce(sum(e.status = 'cancelled'), 0),
                coalesce(sum(e.expected_attendance), 0), coalesce(sum(e.attended_total), 0),
                coalesce(sum((SELECT sum(k.amount_cents) FROM event_cost k WHERE k.event_id = e.id)), 0)
             FROM event e LEFT JOIN commune c ON c.insee = e.commune_insee WHERE {filter}"
        ),
        params_from_iter(w.args.iter()),
        |r| {
            Ok(EventTotals {
                events: r.get(0)?,
                held: r.get(1)?,
                cancelled: r.get(2)?,
                expected_attendance: r.get(3)?,
                attended_total: r.get(4)?,
                cost_cents: r.get(5)?,
            })
        },
    )?;
    let Paging {
        page,
        page_size,
        page_count,
    } = Paging::of(totals.events, q.page, q.page_size);
    let direction = if q.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "{} WHERE {filter} ORDER BY {} {direction}, e.day {direction}, e.start_time {direction}, e.id {direction}",
        select_sql(),
        q.sort.column()
    );
    let items = crate::sql::page_of(conn, &sql, w.args, page as i64, page_size as i64, from_row)?;
    Ok(EventPage {
        items,
        page,
        page_size,
        page_count,
        totals,
    })
}

/// Every event of a year in programme order, for exports.
pub fn events_of_year(conn: &Connection, year: i32) -> Result<Vec<Event>> {
    let (from, to) = year_bounds(year);
    let mut stmt = conn.prepare(&format!(
        "{} WHERE e.day BETWEEN ?1 AND ?2 ORDER BY e.day, e.start_time, e.id",
        select_sql()
    ))?;
    let rows = stmt.query_map([from, to], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every event of an edition in programme order, cancelled ones included.
pub fn events_of_edition(conn: &Connection, edition_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!(
        "{} WHERE e.edition_id = ?1 ORDER BY e.day, e.start_time, e.id",
        select_sql()
    ))?;
    let rows = stmt.query_map([edition_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One day of the week's programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProgrammeDay {
    /// ISO `yyyy-mm-dd`.
    pub day: String,
    /// The day's events by start time; cancelled ones are left out.
    pub events: Vec<Event>,
}

/// The week as a calendar: every day of the edition, even one with no event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Programme {
    pub edition: WeekEdition,
    pub days: Vec<ProgrammeDay>,
}

pub fn programme(conn: &Connection, edition_id: i64) -> Result<Programme> {
    let edition = get_edition(conn, edition_id)?;
    let events: Vec<Event> = events_of_edition(conn, edition_id)?
        .into_iter()
        .filter(|e| e.status != EventStatus::Cancelled)
        .collect();
    let mut days = Vec::new();
    if let (Some(first), Some(last)) = (from_iso(&edition.first_day), from_iso(&edition.last_day)) {
        let mut d = first;
        while d <= last {
            let iso = super::iso(d);
            days.push(ProgrammeDay {
                events: events.iter().filter(|e| e.day == iso).cloned().collect(),
                day: iso,
            });
            d += Duration::days(1);
        }
    }
    Ok(Programme { edition, days })
}

/// One commune's line in the coverage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CoverageRow {
    /// `None` for the events whose commune was not given.
    pub commune_insee: Option<String>,
    pub commune_name: Option<String>,
    pub has_plcd: bool,
    /// Events not cancelled.
    pub events: i64,
    pub held: i64,
    /// Actual attendance of the held events.
    pub participants: i64,
    /// Every cost line of the commune's events, cancelled ones included:
    /// money spent on a cancelled event is spent.
    pub cost_cents: i64,
    /// `cost_cents / participants`, rounded to the cent; `None` when nobody came.
    pub cost_per_participant_cents: Option<i64>,
}

/// Which communes had an event, how many people came, at what cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Coverage {
    pub rows: Vec<CoverageRow>,
    pub totals: CoverageRow,
    /// Communes with at least one event not cancelled.
    pub communes_reached: i64,
    pub communes_total: i64,
}

fn coverage_where(conn: &Connection, scope: &str, args: &[Value]) -> Result<Coverage> {
    let mut stmt = conn.prepare(&format!(
        "SELECT e.commune_insee, c.name, coalesce(c.has_plcd, 0),
            coalesce(sum(e.status <> 'cancelled'), 0), coalesce(sum(e.status = 'held'), 0),
            coalesce(sum(CASE WHEN e.status = 'held' THEN e.attended_total END), 0),
            coalesce(sum((SELECT sum(k.amount_cents) FROM event_cost k WHERE k.event_id = e.id)), 0)
         FROM event e LEFT JOIN commune c ON c.insee = e.commune_insee
         WHERE {scope}
         GROUP BY e.commune_insee
         ORDER BY e.commune_insee IS NULL, c.name COLLATE NOCASE"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            let participants: i64 = r.get(5)?;
            let cost_cents: i64 = r.get(6)?;
            Ok(CoverageRow {
                commune_insee: r.get(0)?,
                commune_name: r.get(1)?,
                has_plcd: r.get::<_, i64>(2)? != 0,
                events: r.get(3)?,
                held: r.get(4)?,
                participants,
                cost_cents,
                cost_per_participant_cents: per_head(cost_cents, participants),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let participants: i64 = rows.iter().map(|r| r.participants).sum();
    let cost_cents: i64 = rows.iter().map(|r| r.cost_cents).sum();
    let totals = CoverageRow {
        commune_insee: None,
        commune_name: None,
        has_plcd: false,
        events: rows.iter().map(|r| r.events).sum(),
        held: rows.iter().map(|r| r.held).sum(),
        participants,
        cost_cents,
        cost_per_participant_cents: per_head(cost_cents, participants),
    };
    let communes_reached = rows
        .iter()
        .filter(|r| r.commune_insee.is_some() && r.events > 0)
        .count() as i64;
    Ok(Coverage {
        rows,
        totals,
        communes_reached,
        communes_total: crate::territory::commune_count(conn)?,
    })
}

/// The coverage of every event of `year`, in the week or outside it.
pub fn coverage(conn: &Connection, year: i32) -> Result<Coverage> {
    let (from, to) = year_bounds(year);
    coverage_where(
        conn,
        "e.day BETWEEN ? AND ?",
        &[Value::Text(from), Value::Text(to)],
    )
}

/// Held events and participants of one kind, in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KindFigures {
    pub kind: EventKind,
    pub held: i64,
    pub participants: i64,
}

/// The edition's report: what was held, who came, where, at what cost, and
/// the campaign that went with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Bilan {
    pub edition: WeekEdition,
    pub events: Vec<Event>,
    pub events_held: i64,
    /// Planned or confirmed: not held yet, not cancelled.
    pub events_pending: i64,
    pub events_cancelled: i64,
    pub participants: i64,
    /// Attendance split by sex, over the held events where it was counted.
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
    /// Participants of held events whose attendance was not split by sex.
    pub participants_without_split: i64,
    pub by_kind: Vec<KindFigures>,
    pub coverage: Coverage,
    pub events_cost_cents: i64,
    pub campaign: Vec<CampaignItem>,
    pub campaign_cost_cents: i64,
    pub campaign_reach: i64,
    pub total_cost_cents: i64,
    /// Events and campaign together, over the participants.
    pub cost_per_participant_cents: Option<i64>,
}

pub fn bilan(conn: &Connection, edition_id: i64) -> Result<Bilan> {
    let edition = get_edition(conn, edition_id)?;
    let events = events_of_edition(conn, edition_id)?;
    let held: Vec<&Event> = events
        .iter()
        .filter(|e| e.status == EventStatus::Held)
        .collect();
    let participants: i64 = held.iter().filter_map(|e| e.attended_total).sum();
    let women: i64 = held.iter().filter_map(|e| e.attended_women).sum();
    let men: i64 = held.iter().filter_map(|e| e.attended_men).sum();
    let unstated: i64 = held.iter().filter_map(|e| e.attended_unstated).sum();
    let by_kind = EventKind::ALL
        .iter()
        .filter_map(|&k| {
            let of: Vec<&&Event> = held.iter().filter(|e| e.kind == k).collect();
            (!of.is_empty()).then(|| KindFigures {
                kind: k,
                held: of.len() as i64,
                participants: of.iter().filter_map(|e| e.attended_total).sum(),
            })
        })
        .collect();
    let campaign = campaign(conn, edition_id)?;
    let campaign_cost_cents: i64 = campaign.iter().filter_map(|c| c.cost_cents).sum();
    let events_cost_cents: i64 = events.iter().map(|e| e.cost_cents).sum();
    let total_cost_cents = events_cost_cents + campaign_cost_cents;
    Ok(Bilan {
        events_held: held.len() as i64,
        events_pending: events
            .iter()
            .filter(|e| matches!(e.status, EventStatus::Planned | EventStatus::Confirmed))
            .count() as i64,
        events_cancelled: events
            .iter()
            .filter(|e| e.status == EventStatus::Cancelled)
            .count() as i64,
        participants,
        women,
        men,
        unstated,
        participants_without_split: participants - women - men - unstated,
        by_kind,
        coverage: coverage_where(conn, "e.edition_id = ?", &[Value::Integer(edition_id)])?,
        events_cost_cents,
        campaign_reach: campaign.iter().filter_map(|c| c.reach).sum(),
        campaign,
        campaign_cost_cents,
        total_cost_cents,
        cost_per_participant_cents: per_head(total_cost_cents, participants),
        events,
        edition,
    })
}

/// The years that hold an event or an edition, for the year switcher.
pub fn event_years(conn: &Connection) -> Result<Vec<i32>> {
    let mut stmt = conn.prepare(
        "SELECT CAST(substr(day, 1, 4) AS INTEGER) FROM event
         UNION SELECT year FROM week_edition ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, i32>(0))?;
    let years: Vec<i32> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(years)
}
