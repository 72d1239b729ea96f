//! What is read from the fund: an application's page, the call's table
//! (filtered, sorted and paged in SQL), the board by stage, the weighted
//! ranking for the committee, the call's dashboard, and the amounts by year
//! the budget module reads.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lifecycle::{actions_from, agreement_required, facts, standing_steps, StepAction};
use super::{from_iso, Decision, OrganisationKind, Stage, AGREEMENT_THRESHOLD_CENTS};
use crate::error::{Error, Result};
pub(crate) use crate::sql::like_pattern;
use crate::sql::{all, Paging, Where};

/// One line of the table, and one card of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationRow {
    pub id: i64,
    pub call_id: i64,
    pub title: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_kind: OrganisationKind,
    pub stage: Stage,
    pub received_on: Option<String>,
    /// Received after the call closed (or before it opened).
    pub late: bool,
    pub requested_cents: i64,
    /// Only while the grant stands (not refused, not withdrawn).
    pub granted_cents: Option<i64>,
    pub paid_cents: i64,
    /// Weighted score on 5, in hundredths; `None` until every criterion is scored.
    pub score_centi: Option<i64>,
    /// Names of the communes concerned, joined.
    pub communes: String,
    pub has_local_plan: bool,
    pub priority_neighbourhoods: bool,
}

/// The weighted score of every application, in hundredths of a point on 5,
/// only when each of its call's criteria is scored.
const SCORE_SQL: &str = "(SELECT CASE WHEN count(s.score) = (SELECT count(*) FROM fund_criterion k WHERE k.call_id = a.call_id)
        AND count(s.score) > 0
      THEN (sum(s.score * c.weight) * 100 * 2 + sum(c.weight)) / (2 * sum(c.weight)) END
     FROM fund_score s JOIN fund_criterion c ON c.id = s.criterion_id WHERE s.application_id = a.id)";

const PAID_SQL: &str = "(SELECT coalesce(sum(p.amount_cents), 0) FROM fund_payment p
     WHERE p.application_id = a.id AND p.paid_on IS NOT NULL)";

const PLAN_SQL: &str =
    "EXISTS (SELECT 1 FROM fund_application_commune ac JOIN commune m ON m.insee = ac.commune_insee
     WHERE ac.application_id = a.id AND m.has_plcd = 1)";

fn row_select() -> String {
    format!(
        "SELECT a.id, a.call_id, a.title, o.id, o.name, o.kind, a.stage, a.received_on,
            (a.received_on IS NOT NULL AND (a.received_on > f.closes_on OR a.received_on < f.opens_on)),
            a.requested_cents, CASE WHEN a.decision = 'granted' THEN a.granted_cents END,
            {PAID_SQL}, {SCORE_SQL},
            coalesce((SELECT group_concat(name, ', ') FROM (SELECT m.name FROM fund_application_commune ac
                JOIN commune m ON m.insee = ac.commune_insee WHERE ac.application_id = a.id ORDER BY m.name)), ''),
            {PLAN_SQL}, a.priority_neighbourhoods
         FROM fund_application a JOIN fund_organisation o ON o.id = a.organisation_id
         JOIN fund_call f ON f.id = a.call_id"
    )
}

fn bad(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text)
}

fn row_from(r: &Row) -> rusqlite::Result<ApplicationRow> {
    Ok(ApplicationRow {
        id: r.get(0)?,
        call_id: r.get(1)?,
        title: r.get(2)?,
        organisation_id: r.get(3)?,
        organisation_name: r.get(4)?,
        organisation_kind: OrganisationKind::from_code(&r.get::<_, String>(5)?)
            .ok_or_else(|| bad(5))?,
        stage: Stage::from_code(&r.get::<_, String>(6)?).ok_or_else(|| bad(6))?,
        received_on: r.get(7)?,
        late: r.get(8)?,
        requested_cents: r.get(9)?,
        granted_cents: r.get(10)?,
        paid_cents: r.get(11)?,
        score_centi: r.get(12)?,
        communes: r.get(13)?,
        has_local_plan: r.get(14)?,
        priority_neighbourhoods: r.get(15)?,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApplicationSort {
    #[default]
    ReceivedOn,
    Title,
    Organisation,
    Stage,
    Requested,
    Granted,
    Score,
}

impl ApplicationSort {
    fn column(self) -> &'static str {
        match self {
            ApplicationSort::ReceivedOn => "a.received_on",
            ApplicationSort::Title => "a.title COLLATE NOCASE",
            ApplicationSort::Organisation => "o.name COLLATE NOCASE",
            // The life's order, not the alphabet's.
            ApplicationSort::Stage => {
                "CASE a.stage WHEN 'draft' THEN 0 WHEN 'received' THEN 1 WHEN 'incomplete' THEN 2
                 WHEN 'complete' THEN 3 WHEN 'under_review' THEN 4 WHEN 'granted' THEN 5
                 WHEN 'agreement_signed' THEN 6 WHEN 'report_received' THEN 7 WHEN 'closed' THEN 8
                 WHEN 'refused' THEN 9 ELSE 10 END"
            }
            ApplicationSort::Requested => "a.requested_cents",
            ApplicationSort::Granted => "CASE WHEN a.decision = 'granted' THEN a.granted_cents END",
            ApplicationSort::Score => "score",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationQuery {
    pub call_id: i64,
    pub stage: Option<Stage>,
    pub kind: Option<OrganisationKind>,
    pub commune_insee: Option<String>,
    /// Words looked for in the project's title and the organisation's name.
    pub search: Option<String>,
    pub sort: ApplicationSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl ApplicationQuery {
    pub fn call(call_id: i64) -> Self {
        ApplicationQuery {
            call_id,
            stage: None,
            kind: None,
            commune_insee: None,
            search: None,
            sort: ApplicationSort::ReceivedOn,
            descending: false,
            page: 1,
            page_size: 50,
        }
    }
}

/// Sums over every application the filters match, not only the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationTotals {
    pub applications: i64,
    pub requested_cents: i64,
    pub granted_cents: i64,
    pub paid_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationPage {
    pub items: Vec<ApplicationRow>,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub totals: ApplicationTotals,
}

pub fn list_applications(conn: &Connection, q: &ApplicationQuery) -> Result<ApplicationPage> {
    let mut w = Where::new("a.call_id = ?", [Value::Integer(q.call_id)]);
    w.equals("a.stage", q.stage.map(|s| s.code()));
    w.equals("o.kind", q.kind.map(|k| k.code()));
    if let Some(c) = q.commune_insee.as_deref().filter(|c| !c.is_empty()) {
        w.clause(
            "EXISTS (SELECT 1 FROM fund_application_commune x WHERE x.application_id = a.id AND x.commune_insee = ?)",
            [Value::Text(c.into())],
        );
    }
    w.search(q.search.as_deref(), &["a.title", "o.name"]);
    let filter = w.sql();
    let totals = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(a.requested_cents), 0),
                coalesce(sum(CASE WHEN a.decision = 'granted' THEN a.granted_cents END), 0),
                coalesce(sum({PAID_SQL}), 0)
             FROM fund_application a JOIN fund_organisation o ON o.id = a.organisation_id WHERE {filter}"
        ),
        params_from_iter(w.args.iter()),
        |r| {
            Ok(ApplicationTotals {
                applications: r.get(0)?,
                requested_cents: r.get(1)?,
                granted_cents: r.get(2)?,
                paid_cents: r.get(3)?,
            })
        },
    )?;
    let Paging {
        page,
        page_size,
        page_count,
    } = Paging::of(totals.applications, q.page, q.page_size);
    let direction = if q.descending { "DESC" } else { "ASC" };
    // The page's ids first, sorted and paged in SQL (the score by its
    // alias), then each line read whole.
    let sql = format!(
        "SELECT a.id, {SCORE_SQL} AS score FROM fund_application a
         JOIN fund_organisation o ON o.id = a.organisation_id
         WHERE {filter} ORDER BY {} {direction} NULLS LAST, a.id {direction}",
        q.sort.column()
    );
    let ids: Vec<i64> =
        crate::sql::page_of(conn, &sql, w.args, page as i64, page_size as i64, |r| {
            r.get(0)
        })?;
    let mut one = conn.prepare(&format!("{} WHERE a.id = ?1", row_select()))?;
    let items = ids
        .into_iter()
        .map(|id| one.query_row([id], row_from))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ApplicationPage {
        items,
        page,
        page_size,
        page_count,
        totals,
    })
}

pub(super) fn rows_where(
    conn: &Connection,
    clause: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<ApplicationRow>> {
    let mut stmt = conn.prepare(&format!("{} WHERE {clause}", row_select()))?;
    let rows = stmt.query_map(args, row_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BoardColumn {
    pub stage: Stage,
    pub items: Vec<ApplicationRow>,
    pub requested_cents: i64,
    pub granted_cents: i64,
}

/// The board's columns in the order of a file's life, the two ends that
/// leave it (refused, withdrawn) last.
pub const BOARD_ORDER: [Stage; 11] = [
    Stage::Draft,
    Stage::Received,
    Stage::Incomplete,
    Stage::Complete,
    Stage::UnderReview,
    Stage::Granted,
    Stage::AgreementSigned,
    Stage::ReportReceived,
    Stage::Closed,
    Stage::Refused,
    Stage::Withdrawn,
];

/// The call's applications by stage, every stage shown even when empty.
pub fn board(conn: &Connection, call_id: i64) -> Result<Vec<BoardColumn>> {
    let rows = rows_where(
        conn,
        "a.call_id = ?1 ORDER BY a.received_on, a.id",
        &[&call_id],
    )?;
    Ok(BOARD_ORDER
        .iter()
        .map(|&stage| {
            let items: Vec<ApplicationRow> =
                rows.iter().filter(|r| r.stage == stage).cloned().collect();
            BoardColumn {
                stage,
                requested_cents: items.iter().map(|r| r.requested_cents).sum(),
                granted_cents: items.iter().filter_map(|r| r.granted_cents).sum(),
                items,
            }
        })
        .collect())
}

/// Applications under review, best weighted score first, to prepare the
/// committee; those not yet fully scored come last.
pub fn ranking(conn: &Connection, call_id: i64) -> Result<Vec<ApplicationRow>> {
    let mut rows = rows_where(
        conn,
        "a.call_id = ?1 AND a.stage = 'under_review'",
        &[&call_id],
    )?;
    rows.sort_by(|x, y| {
        y.score_centi
            .is_some()
            .cmp(&x.score_centi.is_some())
            .then(y.score_centi.cmp(&x.score_centi))
            .then(x.requested_cents.cmp(&y.requested_cents))
            .then(x.id.cmp(&y.id))
    });
    Ok(rows)
}

/// One line of a dashboard breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Breakdown {
    /// A code (kind, INSEE) or `with_plan` / `without_plan`; empty for "none".
    pub key: String,
    pub label: String,
    pub applications: i64,
    pub requested_cents: i64,
    pub granted_cents: i64,
    pub paid_cents: i64,
}

/// The call's dashboard (the shared dashboard of supported projects, seed
/// 000 article 8). Every breakdown adds up to the totals above it: a project
/// concerning several communes has its amounts split between them, cent by
/// cent, so that no euro is counted twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CallDashboard {
    pub call_id: i64,
    pub year: i32,
    pub envelope_cents: i64,
    /// Applications received (drafts left out), withdrawn ones included.
    pub applications: i64,
    /// Requested by the applications received and not withdrawn.
    pub requested_cents: i64,
    pub granted_cents: i64,
    pub paid_cents: i64,
    pub left_to_grant_cents: i64,
    pub left_to_pay_cents: i64,
    pub granted_count: i64,
    pub refused_count: i64,
    pub withdrawn_count: i64,
    pub stage_counts: Vec<(Stage, i64)>,
    pub by_kind: Vec<Breakdown>,
    pub by_commune: Vec<Breakdown>,
    pub by_local_plan: Vec<Breakdown>,
    /// Granted applications whose final report is overdue at `today`.
    pub reports_overdue: i64,
}

/// Splits `amount` between `n` parts, the remainder going one cent at a time
/// to the first parts, so that the parts add up exactly.
fn split(amount: i64, n: usize) -> Vec<i64> {
    if n == 0 {
        return Vec::new();
    }
    let base = amount / n as i64;
    let rest = amount % n as i64;
    (0..n as i64)
        .map(|i| base + if i < rest { 1 } else { 0 })
        .collect()
}

pub fn dashboard(conn: &Connection, call_id: i64, today: NaiveDate) -> Result<CallDashboard> {
    let (year, envelope): (i32, i64) = conn
        .query_row(
            "SELECT year, envelope_cents FROM fund_call WHERE id = ?1",
            [call_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Appel à projets"))?;
    let rows = rows_where(
        conn,
        "a.call_id = ?1 AND a.stage <> 'draft' ORDER BY a.id",
        &[&call_id],
    )?;
    let withdrawn = |r: &ApplicationRow| {
        conn.query_row(
            "SELECT decision = 'withdrawn' FROM fund_application WHERE id = ?1",
            [r.id],
            |x| x.get::<_, Option<bool>>(0),
        )
        .map(|v| v.unwrap_or(false))
    };
    let mut counted = Vec::new();
    let mut withdrawn_count = 0;
    for r in &rows {
        if withdrawn(r)? {
            withdrawn_count += 1;
        } else {
            counted.push(r);
        }
    }
    let requested: i64 = counted.iter().map(|r| r.requested_cents).sum();
    let granted: i64 = rows.iter().filter_map(|r| r.granted_cents).sum();
    let paid: i64 = rows.iter().map(|r| r.paid_cents).sum();
    let refused_count: i64 = conn.query_row(
        "SELECT count(*) FROM fund_application WHERE call_id = ?1 AND decision = 'refused'",
        [call_id],
        |r| r.get(0),
    )?;

    let Breakdowns {
        by_kind,
        by_commune,
        by_local_plan,
    } = breakdowns(conn, &counted)?;

    let stage_counts = Stage::ALL
        .iter()
        .map(|&s| (s, rows.iter().filter(|r| r.stage == s).count() as i64))
        .filter(|(_, n)| *n > 0)
        .collect();
    let reports_overdue: i64 = conn.query_row(
        "SELECT count(*) FROM fund_application WHERE call_id = ?1 AND decision = 'granted'
            AND report_received_on IS NULL AND report_due_on < ?2",
        params![call_id, super::iso(today)],
        |r| r.get(0),
    )?;
    Ok(CallDashboard {
        call_id,
        year,
        envelope_cents: envelope,
        applications: rows.len() as i64,
        requested_cents: requested,
        granted_cents: granted,
        paid_cents: paid,
        left_to_grant_cents: envelope - granted,
        left_to_pay_cents: granted - paid,
        granted_count: rows.iter().filter(|r| r.granted_cents.is_some()).count() as i64,
        refused_count,
        withdrawn_count,
        stage_counts,
        by_kind,
        by_commune,
        by_local_plan,
        reports_overdue,
    })
}

/// The call's amounts under one key each (a kind of structure, a commune…):
/// applications counted, requested, granted and paid, in cents.
#[derive(Default)]
struct Tally(BTreeMap<String, Breakdown>);

impl Tally {
    fn add(&mut self, key: &str, label: &str, requested: i64, granted: i64, paid: i64) {
        let b = self.0.entry(key.to_string()).or_insert_with(|| Breakdown {
            key: key.to_string(),
            label: label.to_string(),
            applications: 0,
            requested_cents: 0,
            granted_cents: 0,
            paid_cents: 0,
        });
        b.applications += 1;
        b.requested_cents += requested;
        b.granted_cents += granted;
        b.paid_cents += paid;
    }
}

struct Breakdowns {
    by_kind: Vec<Breakdown>,
    by_commune: Vec<Breakdown>,
    by_local_plan: Vec<Breakdown>,
}

/// The counted applications broken down by kind of structure (in the kinds'
/// declared order), by commune (an application's amounts split evenly over
/// its communes, by [`split`]; by granted amount, then name, the applications
/// without a commune last) and by whether the commune has a local plan.
fn breakdowns(conn: &Connection, counted: &[&ApplicationRow]) -> Result<Breakdowns> {
    let (mut by_kind, mut by_plan, mut by_commune) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut stmt = conn.prepare(
        "SELECT m.insee, m.name FROM fund_application_commune ac JOIN commune m ON m.insee = ac.commune_insee
         WHERE ac.application_id = ?1 ORDER BY m.insee",
    )?;
    for r in counted {
        let (rq, g, pd) = (
            r.requested_cents,
            r.granted_cents.unwrap_or(0),
            r.paid_cents,
        );
        by_kind.add(
            r.organisation_kind.code(),
            r.organisation_kind.label_fr(),
            rq,
            g,
            pd,
        );
        let (key, label) = if r.has_local_plan {
            ("with_plan", "Communes avec un plan local (PLCD)")
        } else {
            ("without_plan", "Communes sans plan local")
        };
        by_plan.add(key, label, rq, g, pd);
        let communes: Vec<(String, String)> = stmt
            .query_map([r.id], |x| Ok((x.get(0)?, x.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if communes.is_empty() {
            by_commune.add("", "Sans commune précisée", rq, g, pd);
        } else {
            let n = communes.len();
            let (rq, g, pd) = (split(rq, n), split(g, n), split(pd, n));
            for (i, (insee, name)) in communes.iter().enumerate() {
                by_commune.add(insee, name, rq[i], g[i], pd[i]);
            }
        }
    }
    let by_kind = OrganisationKind::ALL
        .iter()
        .filter_map(|k| by_kind.0.remove(k.code()))
        .collect();
    let mut by_commune: Vec<Breakdown> = by_commune.0.into_values().collect();
    by_commune.sort_by(|a, b| {
        (a.key.is_empty())
            .cmp(&b.key.is_empty())
            .then(b.granted_cents.cmp(&a.granted_cents))
            .then(a.label.cmp(&b.label))
    });
    let by_local_plan = ["with_plan", "without_plan"]
        .iter()
        .filter_map(|k| by_plan.0.remove(*k))
        .collect();
    Ok(Breakdowns {
        by_kind,
        by_commune,
        by_local_plan,
    })
}

/// Per year, the call's envelope, the amounts granted by that call
/// (commitments of the year) and the tranches paid on them within the same
/// year; what is paid later pays the carried *restes à réaliser*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FundYearAmounts {
    pub year: i32,
    pub envelope_cents: i64,
    pub granted_cents: i64,
    pub paid_cents: i64,
}

/// [`FundYearAmounts`] of every year with a call, the earliest first.
pub fn amounts_by_year(conn: &Connection) -> Result<Vec<FundYearAmounts>> {
    let years = crate::sql::all(
        conn,
        "SELECT DISTINCT year FROM fund_call ORDER BY year",
        [],
        |r| r.get::<_, i32>(0),
    )?;
    let mut out = Vec::new();
    for year in years {
        out.extend(amounts_of_year(conn, year)?);
    }
    Ok(out)
}

/// [`FundYearAmounts`] of `year`, `None` without a call that year. Reads
/// that year's call, its applications and their tranches through their
/// indexes, whatever the years before it.
pub fn amounts_of_year(conn: &Connection, year: i32) -> Result<Option<FundYearAmounts>> {
    let calls: (i64, i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(f.envelope_cents), 0),
            coalesce(sum((SELECT sum(granted_cents) FROM fund_application a
                           WHERE a.call_id = f.id AND a.decision = 'granted')), 0)
         FROM fund_call f WHERE f.year = ?1",
        [year],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if calls.0 == 0 {
        return Ok(None);
    }
    // Tranches count in the year of their call and only when paid within it,
    // the rule of the budget's lines: a tranche paid the next year pays the
    // carried *restes à réaliser*, not that year's grants (budget::carried_into).
    let (from, to) = crate::sql::year_bounds(year);
    let paid: i64 = conn.query_row(
        "SELECT coalesce(sum(p.amount_cents), 0) FROM fund_call c
         JOIN fund_application a ON a.call_id = c.id
         JOIN fund_payment p ON p.application_id = a.id
         WHERE c.year = ?1 AND p.paid_on BETWEEN ?2 AND ?3",
        rusqlite::params![year, from, to],
        |r| r.get(0),
    )?;
    Ok(Some(FundYearAmounts {
        year,
        envelope_cents: calls.1,
        granted_cents: calls.2,
        paid_cents: paid,
    }))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    pub id: i64,
    /// `create`, `forward`, `undo`, `payment` or `edit`.
    pub kind: String,
    pub from_stage: Stage,
    pub to_stage: Stage,
    pub on_date: Option<String>,
    pub amount_cents: Option<i64>,
    pub detail: String,
    pub at: String,
    pub actor_name: String,
    pub actor_role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentStatus {
    pub document_id: i64,
    pub label: String,
    pub received_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CriterionScore {
    pub criterion_id: i64,
    pub label: String,
    pub weight: i64,
    pub score: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Cofunder {
    pub name: String,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Indicator {
    pub label: String,
    pub target: i64,
    pub achieved: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Payment {
    pub id: i64,
    pub planned_on: String,
    pub amount_cents: i64,
    pub paid_on: Option<String>,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommuneRef {
    pub insee: String,
    pub name: String,
    pub has_plcd: bool,
}

/// An application's page: its content, its stage and what can happen next,
/// its documents, review, payments and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApplicationView {
    pub row: ApplicationRow,
    pub call_name: String,
    pub call_year: i32,
    pub summary: String,
    pub public_concerned: String,
    pub starts_on: String,
    pub ends_on: String,
    pub total_budget_cents: i64,
    pub communes: Vec<CommuneRef>,
    pub cofunders: Vec<Cofunder>,
    pub cofunders_cents: i64,
    pub indicators: Vec<Indicator>,
    pub decision: Option<Decision>,
    pub missing: String,
    pub review_notes: String,
    pub decided_on: Option<String>,
    pub decision_ref: String,
    pub decision_reason: String,
    /// The amount the grant stood at, kept when it is withdrawn.
    pub granted_amount_cents: Option<i64>,
    pub agreement_required: bool,
    /// The calendar year whose grants to the organisation the agreement rule
    /// adds up: the decision's, or the call's before the decision.
    pub agreement_year: i32,
    pub agreement_signed_on: Option<String>,
    pub report_due_on: Option<String>,
    pub report_overdue: bool,
    pub report_received_on: Option<String>,
    pub closed_on: Option<String>,
    pub documents: Vec<DocumentStatus>,
    pub scores: Vec<CriterionScore>,
    pub payments: Vec<Payment>,
    pub planned_cents: i64,
    /// The envelope left for this application's decision (its own grant excluded).
    pub available_cents: i64,
    /// The steps the machine offers now.
    pub actions: Vec<StepAction>,
    /// The step an undo would take back, if any: (from, to).
    pub undoable: Option<(Stage, Stage)>,
    pub history: Vec<HistoryEntry>,
}

pub fn get_application(conn: &Connection, id: i64, today: NaiveDate) -> Result<ApplicationView> {
    let row = rows_where(conn, "a.id = ?1", &[&id])?
        .into_iter()
        .next()
        .ok_or(Error::NotFound("Dossier"))?;
    let f = facts(conn, id)?;
    let mut view = conn.query_row(
        "SELECT f.name, f.year, a.summary, a.public_concerned, a.starts_on, a.ends_on,
            a.total_budget_cents, a.decision, a.missing, a.review_notes, a.decided_on, a.decision_ref,
            a.decision_reason, a.granted_cents, a.agreement_signed_on, a.report_due_on,
            a.report_received_on, a.closed_on
         FROM fund_application a JOIN fund_call f ON f.id = a.call_id WHERE a.id = ?1",
        [id],
        |r| {
            Ok(ApplicationView {
                row: row.clone(),
                call_name: r.get(0)?,
                call_year: r.get(1)?,
                summary: r.get(2)?,
                public_concerned: r.get(3)?,
                starts_on: r.get(4)?,
                ends_on: r.get(5)?,
                total_budget_cents: r.get(6)?,
                decision: r
                    .get::<_, Option<String>>(7)?
                    .and_then(|d| Decision::from_code(&d)),
                missing: r.get(8)?,
                review_notes: r.get(9)?,
                decided_on: r.get(10)?,
                decision_ref: r.get(11)?,
                decision_reason: r.get(12)?,
                granted_amount_cents: r.get(13)?,
                agreement_signed_on: r.get(14)?,
                report_due_on: r.get(15)?,
                report_received_on: r.get(16)?,
                closed_on: r.get(17)?,
                agreement_required: false,
                agreement_year: 0,
                report_overdue: false,
                communes: Vec::new(),
                cofunders: Vec::new(),
                cofunders_cents: 0,
                indicators: Vec::new(),
                documents: Vec::new(),
                scores: Vec::new(),
                payments: Vec::new(),
                planned_cents: 0,
                available_cents: 0,
                actions: Vec::new(),
                undoable: None,
                history: Vec::new(),
            })
        },
    )?;
    let grant_or_request = f.granted_cents.unwrap_or(f.requested_cents);
    view.agreement_required = agreement_required(conn, &f, grant_or_request)?;
    view.agreement_year = super::agreement::agreement_year(&f);
    view.report_overdue = view.decision == Some(Decision::Granted)
        && view.report_received_on.is_none()
        && view
            .report_due_on
            .as_deref()
            .and_then(from_iso)
            .is_some_and(|d| d < today);
    let parts = ApplicationParts::read(conn, id, f.call_id)?;
    view.communes = parts.communes;
    view.cofunders_cents = parts.cofunders.iter().map(|c| c.amount_cents).sum();
    view.cofunders = parts.cofunders;
    view.indicators = parts.indicators;
    view.documents = parts.documents;
    view.scores = parts.scores;
    view.payments = parts.payments;
    view.planned_cents = view.payments.iter().map(|p| p.amount_cents).sum();
    view.available_cents = super::lifecycle::available_cents(conn, &f)?;
    view.actions = actions_from(f.stage);
    view.undoable = standing_steps(conn, id)?.last().map(|s| (s.to, s.from));
    view.history = history(conn, id)?;
    Ok(view)
}

/// An application's lists, each read from its own table.
struct ApplicationParts {
    communes: Vec<CommuneRef>,
    cofunders: Vec<Cofunder>,
    indicators: Vec<Indicator>,
    documents: Vec<DocumentStatus>,
    scores: Vec<CriterionScore>,
    payments: Vec<Payment>,
}

impl ApplicationParts {
    fn read(conn: &Connection, id: i64, call_id: i64) -> Result<Self> {
        Ok(Self {
            communes: all(
                conn,
                "SELECT m.insee, m.name, m.has_plcd FROM fund_application_commune ac
                 JOIN commune m ON m.insee = ac.commune_insee WHERE ac.application_id = ?1 ORDER BY m.name",
                [id],
                |r| {
                    Ok(CommuneRef {
                        insee: r.get(0)?,
                        name: r.get(1)?,
                        has_plcd: r.get(2)?,
                    })
                },
            )?,
            cofunders: all(
                conn,
                "SELECT name, amount_cents FROM fund_cofunder WHERE application_id = ?1 ORDER BY position",
                [id],
                |r| {
                    Ok(Cofunder {
                        name: r.get(0)?,
                        amount_cents: r.get(1)?,
                    })
                },
            )?,
            indicators: all(
                conn,
                "SELECT label, target, achieved FROM fund_indicator WHERE application_id = ?1 ORDER BY position",
                [id],
                |r| {
                    Ok(Indicator {
                        label: r.get(0)?,
                        target: r.get(1)?,
                        achieved: r.get(2)?,
                    })
                },
            )?,
            documents: all(
                conn,
                "SELECT d.id, d.label, r.received_on FROM fund_required_document d
                 LEFT JOIN fund_document_received r ON r.document_id = d.id AND r.application_id = ?2
                 WHERE d.call_id = ?1 ORDER BY d.position",
                params![call_id, id],
                |r| {
                    Ok(DocumentStatus {
                        document_id: r.get(0)?,
                        label: r.get(1)?,
                        received_on: r.get(2)?,
                    })
                },
            )?,
            scores: all(
                conn,
                "SELECT c.id, c.label, c.weight, s.score FROM fund_criterion c
                 LEFT JOIN fund_score s ON s.criterion_id = c.id AND s.application_id = ?2
                 WHERE c.call_id = ?1 ORDER BY c.position",
                params![call_id, id],
                |r| {
                    Ok(CriterionScore {
                        criterion_id: r.get(0)?,
                        label: r.get(1)?,
                        weight: r.get(2)?,
                        score: r.get(3)?,
                    })
                },
            )?,
            payments: all(
                conn,
                "SELECT id, planned_on, amount_cents, paid_on, updated_by FROM fund_payment
                 WHERE application_id = ?1 ORDER BY planned_on, id",
                [id],
                |r| {
                    Ok(Payment {
                        id: r.get(0)?,
                        planned_on: r.get(1)?,
                        amount_cents: r.get(2)?,
                        paid_on: r.get(3)?,
                        updated_by: r.get(4)?,
                    })
                },
            )?,
        })
    }
}

pub fn history(conn: &Connection, id: i64) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, from_stage, to_stage, on_date, amount_cents, detail, at, actor_name, actor_role
         FROM fund_step WHERE application_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            kind: r.get(1)?,
            from_stage: Stage::from_code(&r.get::<_, String>(2)?).ok_or_else(|| bad(2))?,
            to_stage: Stage::from_code(&r.get::<_, String>(3)?).ok_or_else(|| bad(3))?,
            on_date: r.get(4)?,
            amount_cents: r.get(5)?,
            detail: r.get(6)?,
            at: r.get(7)?,
            actor_name: r.get(8)?,
            actor_role: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The threshold, for screens that explain the agreement rule.
pub fn agreement_threshold_cents() -> i64 {
    AGREEMENT_THRESHOLD_CENTS
}

const TABLE_HEADERS: &[&str] = &[
    "Dossier",
    "Projet",
    "Structure",
    "Type de structure",
    "Communes",
    "Stade",
    "Reçu le",
    "Hors délai",
    "Demandé (€)",
    "Accordé (€)",
    "Versé (€)",
    "Note pondérée (sur 5)",
];

/// The call's table, every application, as a CSV or XLSX file.
pub fn export_applications(
    conn: &Connection,
    call_id: i64,
    format: crate::export::SheetFormat,
    path: &std::path::Path,
) -> Result<()> {
    use crate::export::Cell;
    let rows = rows_where(
        conn,
        "a.call_id = ?1 ORDER BY a.received_on, a.id",
        &[&call_id],
    )?;
    let cells: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| {
            vec![
                Cell::Int(Some(r.id)),
                Cell::Text(r.title),
                Cell::Text(r.organisation_name),
                Cell::Text(r.organisation_kind.label_fr().into()),
                Cell::Text(r.communes),
                Cell::Text(r.stage.label_fr().into()),
                Cell::Date(r.received_on.as_deref().and_then(from_iso)),
                Cell::Text(if r.late { "oui" } else { "" }.into()),
                Cell::Cents(Some(r.requested_cents)),
                Cell::Cents(r.granted_cents),
                Cell::Cents(Some(r.paid_cents)),
                // A number the spreadsheet can sort and average; empty until fully scored.
                r.score_centi
                    .map(Cell::Centi)
                    .unwrap_or_else(|| Cell::Text(String::new())),
            ]
        })
        .collect();
    crate::export::write_table(path, format, "Dossiers", TABLE_HEADERS, &cells)
}

/// The proposed file name of the call's table.
pub fn applications_file_name(year: i32, format: crate::export::SheetFormat) -> String {
    format!("fonds-initiative-{year}-dossiers.{}", format.extension())
}
