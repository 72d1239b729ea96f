//! What is read from the plan: the roll-ups of the indicators, the plan of a
//! year by axis, the home dashboard and what the plan did in each commune.
//! Every figure about trainings, events, grants, budget and staff comes from
//! the function those modules' own screens call.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::{
    actions, axes, permille, year_bounds, ActionStatus, LinkKind, PlanAction, PlanAxis,
    PlanIndicator,
};
use crate::budget::Figures;
use crate::error::Result;

/// How a set of indicators did: how many reach their target, and achieved
/// against target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rollup {
    pub indicators: i64,
    /// Indicators with an achieved value.
    pub measured: i64,
    /// Indicators measured at or above their target.
    pub reached: i64,
    /// Reached over all indicators, in thousandths; `None` without indicators.
    pub reached_permille: Option<i64>,
    /// Mean of achieved over target, in thousandths, over the measured
    /// indicators with a target above zero, each capped at 1 000 so that an
    /// over-achievement does not hide a shortfall elsewhere; `None` when none.
    pub mean_rate_permille: Option<i64>,
}

/// The roll-up of `indicators`.
pub fn rollup<'a>(indicators: impl IntoIterator<Item = &'a PlanIndicator>) -> Rollup {
    let mut r = Rollup::default();
    let (mut rates, mut rated) = (0_i64, 0_i64);
    for i in indicators {
        r.indicators += 1;
        if i.achieved_hundredths.is_some() {
            r.measured += 1;
        }
        if i.reached {
            r.reached += 1;
        }
        if let Some(rate) = i.rate_permille {
            rates += rate.min(1000);
            rated += 1;
        }
    }
    r.reached_permille = permille(r.reached, r.indicators);
    r.mean_rate_permille = (rated > 0).then(|| (rates * 2 + rated) / (2 * rated));
    r
}

/// Whether an action's period meets `year` (an action without a period is
/// of every year).
fn in_year(a: &PlanAction, year: i32) -> bool {
    let (from, to) = year_bounds(year);
    a.start_day.as_deref().is_none_or(|s| s <= to.as_str())
        && a.end_day.as_deref().is_none_or(|e| e >= from.as_str())
}

/// An action seen in one year: its indicators of that year and their roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ActionYear {
    pub action: PlanAction,
    pub indicators: Vec<PlanIndicator>,
    pub rollup: Rollup,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AxisYear {
    pub axis: PlanAxis,
    pub actions: Vec<ActionYear>,
    /// Over the indicators of all its actions for the year.
    pub rollup: Rollup,
}

/// The plan of a year: the axes with the actions whose period meets the
/// year, each with the year's indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanYear {
    pub year: i32,
    pub axes: Vec<AxisYear>,
    pub rollup: Rollup,
}

pub fn plan_year(conn: &Connection, year: i32) -> Result<PlanYear> {
    let all = actions(conn)?;
    let mut out = Vec::new();
    for axis in axes(conn)? {
        let list: Vec<ActionYear> = all
            .iter()
            .filter(|a| a.axis_id == axis.id && in_year(a, year))
            .map(|a| {
                let indicators: Vec<PlanIndicator> = a
                    .indicators
                    .iter()
                    .filter(|i| i.year == year)
                    .cloned()
                    .collect();
                ActionYear {
                    rollup: rollup(&indicators),
                    indicators,
                    action: a.clone(),
                }
            })
            .collect();
        out.push(AxisYear {
            rollup: rollup(list.iter().flat_map(|a| a.indicators.iter())),
            actions: list,
            axis,
        });
    }
    Ok(PlanYear {
        year,
        rollup: rollup(
            out.iter()
                .flat_map(|x| x.actions.iter())
                .flat_map(|a| a.indicators.iter()),
        ),
        axes: out,
    })
}

/// Something an action may be linked to, for the form's pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LinkOption {
    pub kind: LinkKind,
    pub id: i64,
    pub label: String,
}

/// The trainings, events, grant applications (not drafts) and budget lines
/// of `year`, for the form's pickers.
pub fn link_options(conn: &Connection, year: i32) -> Result<Vec<LinkOption>> {
    let (from, to) = year_bounds(year);
    let queries: [(LinkKind, &str); 4] = [
        (
            LinkKind::Training,
            "SELECT id FROM training_session WHERE first_day BETWEEN ?1 AND ?2 ORDER BY first_day, id",
        ),
        (
            LinkKind::Event,
            "SELECT id FROM event WHERE day BETWEEN ?1 AND ?2 ORDER BY day, start_time, id",
        ),
        (
            LinkKind::Grant,
            "SELECT a.id FROM fund_application a JOIN fund_call f ON f.id = a.call_id
             WHERE f.year BETWEEN CAST(substr(?1, 1, 4) AS INTEGER) AND CAST(substr(?2, 1, 4) AS INTEGER)
               AND a.stage <> 'draft'
             ORDER BY a.id",
        ),
        (
            LinkKind::BudgetLine,
            "SELECT l.id FROM budget_line l JOIN budget_year b ON b.id = l.budget_id
             WHERE b.year BETWEEN CAST(substr(?1, 1, 4) AS INTEGER) AND CAST(substr(?2, 1, 4) AS INTEGER)
             ORDER BY l.position, l.id",
        ),
    ];
    let mut out = Vec::new();
    for (kind, sql) in queries {
        let mut stmt = conn.prepare(sql)?;
        let ids: Vec<i64> = stmt
            .query_map(params![from, to], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            if let Some(label) = super::link_label(conn, kind, id)? {
                out.push(LinkOption { kind, id, label });
            }
        }
    }
    Ok(out)
}

/// How many of the year's actions stand at one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: ActionStatus,
    pub count: i64,
}

/// The year at a glance, for the home page and the yearly report. Each figure
/// is the one its module's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    pub year: i32,
    /// Actions whose period meets the year.
    pub actions_total: i64,
    /// Every status, in the list's order, zero counts included.
    pub actions_by_status: Vec<StatusCount>,
    /// The year's indicators over all actions.
    pub indicators: Rollup,
    /// `trainings::stats`: sessions held and their participants by sex.
    pub trainings_held: i64,
    pub training_participants: i64,
    pub training_women: i64,
    pub training_men: i64,
    pub training_unstated: i64,
    /// `fund::dashboard` of the year's call: applications granted.
    pub grants_count: i64,
    /// `fund::amounts_by_year`: granted by the year's call, tranches paid in
    /// the year (the budget's fund line).
    pub grants_granted_cents: i64,
    pub grants_paid_cents: i64,
    pub fund_envelope_cents: i64,
    /// `events::coverage`: events held in the year and their participants.
    pub events_held: i64,
    pub event_participants: i64,
    /// `budget::budget_view` totals; `None` when the year has no budget.
    pub budget: Option<Figures>,
    /// `budget::staff_year`: the plan's FTE (prorated) and the FTE planned.
    pub plan_fte_hundredths: i64,
    pub planned_fte_hundredths: i64,
}

pub fn dashboard(conn: &Connection, year: i32, today: NaiveDate) -> Result<Dashboard> {
    let plan = plan_year(conn, year)?;
    let year_actions: Vec<&PlanAction> = plan
        .axes
        .iter()
        .flat_map(|x| x.actions.iter().map(|a| &a.action))
        .collect();
    let actions_by_status = ActionStatus::ALL
        .iter()
        .map(|&s| StatusCount {
            status: s,
            count: year_actions.iter().filter(|a| a.status == s).count() as i64,
        })
        .collect();

    let t = crate::trainings::stats(conn, year)?;
    let fund = crate::fund::amounts_of_year(conn, year)?;
    let grants_count = match crate::fund::call_of_year(conn, year)? {
        Some(call) => crate::fund::dashboard(conn, call.id, today)?.granted_count,
        None => 0,
    };
    let coverage = crate::events::coverage(conn, year)?;
    let budget = crate::budget::budget_view(conn, year, today)?.map(|v| v.total);
    let staff = crate::budget::staff_year(conn, year)?;

    Ok(Dashboard {
        year,
        actions_total: year_actions.len() as i64,
        actions_by_status,
        indicators: plan.rollup,
        trainings_held: t.sessions_held,
        training_participants: t.participants,
        training_women: t.women,
        training_men: t.men,
        training_unstated: t.unstated,
        grants_count,
        grants_granted_cents: fund.as_ref().map_or(0, |f| f.granted_cents),
        grants_paid_cents: fund.as_ref().map_or(0, |f| f.paid_cents),
        fund_envelope_cents: fund.as_ref().map_or(0, |f| f.envelope_cents),
        events_held: coverage.totals.held,
        event_participants: coverage.totals.participants,
        budget,
        plan_fte_hundredths: staff.plan_fte_hundredths,
        planned_fte_hundredths: staff.planned_fte_hundredths,
    })
}

/// What the plan did in one commune during a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommuneActivity {
    pub insee: String,
    pub name: String,
    pub has_plcd: bool,
    pub has_officer: bool,
    /// Training sessions held in the commune, and their participants.
    pub trainings_held: i64,
    pub training_participants: i64,
    /// Events held in the commune, and their participants (`events::coverage`).
    pub events_held: i64,
    pub event_participants: i64,
    /// Applications to the year's call concerning the commune, and the
    /// amounts granted and paid, shared cent by cent between the communes of
    /// an application (`fund::dashboard`).
    pub grant_applications: i64,
    pub granted_cents: i64,
    pub paid_cents: i64,
}

impl CommuneActivity {
    fn reached(&self) -> bool {
        self.trainings_held > 0 || self.events_held > 0 || self.grant_applications > 0
    }
}

/// Every commune of the territory with what the plan did there, and the
/// totals over the communes (actions without a commune are not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommuneYear {
    pub year: i32,
    pub rows: Vec<CommuneActivity>,
    pub totals: CommuneActivity,
    /// Communes with at least one held training, held event or application.
    pub communes_reached: i64,
}

pub fn communes_year(conn: &Connection, year: i32, today: NaiveDate) -> Result<CommuneYear> {
    let sessions = crate::trainings::all_of_year(conn, year)?;
    let coverage = crate::events::coverage(conn, year)?;
    let by_commune = match crate::fund::call_of_year(conn, year)? {
        Some(call) => crate::fund::dashboard(conn, call.id, today)?.by_commune,
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    let mut totals = CommuneActivity {
        name: "Total".into(),
        ..CommuneActivity::default()
    };
    for c in crate::territory::communes(conn)? {
        let mut row = CommuneActivity {
            insee: c.insee.clone(),
            name: c.name.clone(),
            has_plcd: c.has_plcd,
            has_officer: c.has_officer,
            ..CommuneActivity::default()
        };
        for s in sessions.iter().filter(|s| {
            s.status == crate::trainings::TrainingStatus::Held
                && s.commune_insee.as_deref() == Some(c.insee.as_str())
        }) {
            row.trainings_held += 1;
            row.training_participants += s.attended_women + s.attended_men + s.attended_unstated;
        }
        if let Some(e) = coverage
            .rows
            .iter()
            .find(|r| r.commune_insee.as_deref() == Some(c.insee.as_str()))
        {
            row.events_held = e.held;
            row.event_participants = e.participants;
        }
        if let Some(g) = by_commune.iter().find(|b| b.key == c.insee) {
            row.grant_applications = g.applications;
            row.granted_cents = g.granted_cents;
            row.paid_cents = g.paid_cents;
        }
        totals.trainings_held += row.trainings_held;
        totals.training_participants += row.training_participants;
        totals.events_held += row.events_held;
        totals.event_participants += row.event_participants;
        totals.grant_applications += row.grant_applications;
        totals.granted_cents += row.granted_cents;
        totals.paid_cents += row.paid_cents;
        rows.push(row);
    }
    Ok(CommuneYear {
        year,
        communes_reached: rows.iter().filter(|r| r.reached()).count() as i64,
        rows,
        totals,
    })
}
