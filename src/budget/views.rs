//! What is read from a budget: the figures of each line and the total,
//! computed from the operations and from what other modules record.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::{budget_year_of, permille, year_bounds, BudgetLine, BudgetYear, LineKind};
use crate::error::{Error, Result};

/// The figures of a line or of a whole budget. Available may be negative
/// (a confirmed over-commitment); the rate is paid over voted, in thousandths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Figures {
    pub initial_cents: i64,
    pub amendments_cents: i64,
    /// Initial budget plus amendments.
    pub voted_cents: i64,
    pub committed_cents: i64,
    pub paid_cents: i64,
    /// Voted minus committed.
    pub available_cents: i64,
    /// Committed minus paid (*restes à réaliser*).
    pub left_to_pay_cents: i64,
    /// Paid over voted, in thousandths; `None` when nothing is voted.
    pub rate_permille: Option<i64>,
}

impl Figures {
    fn new(initial: i64, amendments: i64, committed: i64, paid: i64) -> Self {
        let voted = initial + amendments;
        Figures {
            initial_cents: initial,
            amendments_cents: amendments,
            voted_cents: voted,
            committed_cents: committed,
            paid_cents: paid,
            available_cents: voted - committed,
            left_to_pay_cents: committed - paid,
            rate_permille: permille(paid, voted),
        }
    }

    fn add(self, o: Figures) -> Figures {
        Figures::new(
            self.initial_cents + o.initial_cents,
            self.amendments_cents + o.amendments_cents,
            self.committed_cents + o.committed_cents,
            self.paid_cents + o.paid_cents,
        )
    }

    /// Committed above voted: shown in red.
    pub fn over_committed(&self) -> bool {
        self.available_cents < 0
    }
}

/// A line with its figures and the part of them fed by other modules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LineFigures {
    pub line: BudgetLine,
    pub figures: Figures,
    /// Committed by the fund's grants or the costs of trainings and events.
    pub fed_committed_cents: i64,
    pub fed_paid_cents: i64,
    /// The costs of the year's activities not yet held (planned or
    /// confirmed): a forecast shown apart, never inside the figures.
    pub forecast_cents: i64,
    /// Where the fed amounts come from, in French; `None` for a line no
    /// module feeds.
    pub fed_by: Option<String>,
    pub over_committed: bool,
}

/// What another module feeds into a line for one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FedAmounts {
    pub committed_cents: i64,
    pub paid_cents: i64,
    pub forecast_cents: i64,
}

/// The amounts other modules feed into the line of `kind` for `year`, by the
/// one rule every line follows, manual or fed (see the module's doc):
///
/// - the fund: the grants decided in the year's call are committed; the
///   tranches paid *in the year* on them are paid;
/// - trainings and events: an activity's actual cost is committed and paid
///   once the activity is held (*service fait*), on its day; a planned or
///   confirmed activity's cost is a forecast, and a cancelled one counts for
///   nothing;
/// - the week's campaign: an item's cost is committed and paid once it has
///   run (its last day, else its first day, else the week's last day, on or
///   before `today`); before, it is a forecast.
pub fn fed_amounts(
    conn: &Connection,
    kind: LineKind,
    year: i32,
    today: NaiveDate,
) -> Result<FedAmounts> {
    let (from, to) = year_bounds(year);
    let today = today.format("%Y-%m-%d").to_string();
    let (committed, paid, forecast): (i64, i64, i64) = match kind {
        LineKind::Fund => conn.query_row(
            "SELECT
                coalesce((SELECT sum(a.granted_cents) FROM fund_application a
                          JOIN fund_call c ON c.id = a.call_id
                          WHERE c.year = ?1 AND a.decision = 'granted'), 0),
                coalesce((SELECT sum(p.amount_cents) FROM fund_payment p
                          JOIN fund_application a ON a.id = p.application_id
                          JOIN fund_call c ON c.id = a.call_id
                          WHERE c.year = ?1 AND p.paid_on BETWEEN ?2 AND ?3), 0),
                0",
            params![year, from, to],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
        LineKind::Trainings => conn.query_row(
            "SELECT
                coalesce(sum(CASE WHEN status = 'held' THEN actual_cost_cents END), 0),
                coalesce(sum(CASE WHEN status = 'held' THEN actual_cost_cents END), 0),
                coalesce(sum(CASE WHEN status IN ('planned', 'confirmed')
                    THEN coalesce(planned_cost_cents, actual_cost_cents) END), 0)
             FROM training_session WHERE first_day BETWEEN ?1 AND ?2",
            params![from, to],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
        LineKind::Events => conn.query_row(
            "SELECT
                coalesce(sum(CASE WHEN e.status = 'held' THEN k.amount_cents END), 0),
                coalesce(sum(CASE WHEN e.status = 'held' THEN k.amount_cents END), 0),
                coalesce(sum(CASE WHEN e.status IN ('planned', 'confirmed') THEN k.amount_cents END), 0)
             FROM event_cost k JOIN event e ON e.id = k.event_id
             WHERE e.day BETWEEN ?1 AND ?2",
            params![from, to],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
        LineKind::Communication => conn.query_row(
            "SELECT
                coalesce(sum(CASE WHEN coalesce(i.last_day, i.first_day, w.last_day) <= ?2
                    THEN i.cost_cents END), 0),
                coalesce(sum(CASE WHEN coalesce(i.last_day, i.first_day, w.last_day) <= ?2
                    THEN i.cost_cents END), 0),
                coalesce(sum(CASE WHEN coalesce(i.last_day, i.first_day, w.last_day) > ?2
                    THEN i.cost_cents END), 0)
             FROM campaign_item i JOIN week_edition w ON w.id = i.edition_id
             WHERE w.year = ?1",
            params![year, today],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
        _ => (0, 0, 0),
    };
    Ok(FedAmounts {
        committed_cents: committed,
        paid_cents: paid,
        forecast_cents: forecast,
    })
}

fn figures_of(
    conn: &Connection,
    line: BudgetLine,
    year: i32,
    today: NaiveDate,
) -> Result<LineFigures> {
    let (from, to) = year_bounds(year);
    let (amendments, committed, paid): (i64, i64, i64) = conn.query_row(
        "SELECT
            coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = ?1), 0),
            coalesce((SELECT sum(amount_cents) FROM budget_commitment WHERE line_id = ?1), 0),
            coalesce((SELECT sum(p.amount_cents) FROM budget_payment p
                      JOIN budget_commitment c ON c.id = p.commitment_id
                      WHERE c.line_id = ?1 AND p.day BETWEEN ?2 AND ?3), 0)",
        params![line.id, from, to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let fed = fed_amounts(conn, line.kind, year, today)?;
    let figures = Figures::new(
        line.initial_cents,
        amendments,
        committed + fed.committed_cents,
        paid + fed.paid_cents,
    );
    Ok(LineFigures {
        fed_by: line.kind.fed_by_fr().map(str::to_string),
        over_committed: figures.over_committed(),
        line,
        figures,
        fed_committed_cents: fed.committed_cents,
        fed_paid_cents: fed.paid_cents,
        forecast_cents: fed.forecast_cents,
    })
}

/// The figures of one line on `today`.
pub fn line_figures(conn: &Connection, line_id: i64, today: NaiveDate) -> Result<Figures> {
    let line = super::get_line(conn, line_id)?;
    let year = budget_year_of(conn, line.budget_id)?.ok_or(Error::NotFound("Budget"))?;
    Ok(figures_of(conn, line, year, today)?.figures)
}

/// What was committed in an earlier year and not paid by the 31 December
/// before this one: the *restes à réaliser* carried into this year (CGCT
/// R. 2311-11; instruction budgétaire et comptable M57, tome II, the
/// *restes à réaliser* at the close of the year). They are paid in this year
/// from the carried amount, never from this year's voted credits, and never
/// counted again in the year they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CarriedLine {
    /// The year the commitment was made in.
    pub from_year: i32,
    pub kind: LineKind,
    pub label: String,
    /// Left to pay on 31 December of the year before this one.
    pub carried_cents: i64,
    /// Paid in this year on those commitments.
    pub paid_cents: i64,
    /// Still to pay: carried minus paid, never negative.
    pub left_cents: i64,
}

/// The carried amounts of a year, added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CarriedTotal {
    pub carried_cents: i64,
    pub paid_cents: i64,
    pub left_cents: i64,
}

/// The manual commitments carried into a year (`?1`, `?2`: its first and
/// last day; `?3`: the year), by year and line of origin: what was left to
/// pay on 1 January, and what was paid during the year. Reads the
/// commitments still open on 1 January through `budget_commitment_open`'s
/// index (migration 0018), not every commitment of every earlier year: a
/// commitment settled before then has nothing left (a payment never exceeds
/// what is left to pay, `budget_payment_within_commitment`).
pub(crate) const CARRIED_COMMITMENTS_SQL: &str = "SELECT b.year, l.kind, l.label,
        sum(c.amount_cents - coalesce((SELECT sum(p.amount_cents) FROM budget_payment p
            WHERE p.commitment_id = c.id AND p.day < ?1), 0)),
        sum(coalesce((SELECT sum(p.amount_cents) FROM budget_payment p
            WHERE p.commitment_id = c.id AND p.day BETWEEN ?1 AND ?2), 0))
     FROM budget_commitment_open o
     CROSS JOIN budget_commitment c ON c.id = o.commitment_id
     JOIN budget_line l ON l.id = c.line_id
     JOIN budget_year b ON b.id = l.budget_id
     WHERE o.open_until >= ?1 AND b.year < ?3
     GROUP BY b.year, l.id
     ORDER BY b.year, l.position, l.id";

/// The grants of earlier calls carried into a year (parameters as
/// [`CARRIED_COMMITMENTS_SQL`]), by call year: the grants still open on
/// 1 January, through `fund_grant_open`'s index.
pub(crate) const CARRIED_GRANTS_SQL: &str = "SELECT c.year,
        sum(a.granted_cents - coalesce((SELECT sum(p.amount_cents) FROM fund_payment p
            WHERE p.application_id = a.id AND p.paid_on < ?1), 0)),
        sum(coalesce((SELECT sum(p.amount_cents) FROM fund_payment p
            WHERE p.application_id = a.id AND p.paid_on BETWEEN ?1 AND ?2), 0))
     FROM fund_grant_open o
     CROSS JOIN fund_application a ON a.id = o.application_id
     JOIN fund_call c ON c.id = a.call_id
     WHERE o.open_until >= ?1 AND c.year < ?3 AND a.decision = 'granted'
     GROUP BY c.year ORDER BY c.year";

/// `plan-lcd check`'s word on `budget_commitment_open` and `fund_grant_open`
/// (kept by triggers, migration 0018): one French sentence for each that
/// differs from what the commitments, grants and payments say. Nothing on a
/// file from before those tables.
pub fn open_amounts_problems(conn: &Connection) -> Result<Vec<String>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'table'
         AND name IN ('budget_commitment_open', 'fund_grant_open')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let checks = [
        (
            "les engagements",
            "SELECT count(*) FROM (SELECT c.id, coalesce((SELECT min(p.day) FROM budget_payment p
                 WHERE p.commitment_id = c.id AND (SELECT sum(q.amount_cents) FROM budget_payment q
                     WHERE q.commitment_id = c.id AND q.day <= p.day) >= c.amount_cents),
                 '9999-12-31') AS until FROM budget_commitment c) e
             FULL JOIN budget_commitment_open o ON o.commitment_id = e.id
             WHERE e.until IS NOT o.open_until",
        ),
        (
            "les subventions accordées",
            "SELECT count(*) FROM (SELECT a.id, coalesce((SELECT min(p.paid_on) FROM fund_payment p
                 WHERE p.application_id = a.id AND p.paid_on IS NOT NULL
                 AND (SELECT sum(q.amount_cents) FROM fund_payment q WHERE q.application_id = a.id
                      AND q.paid_on IS NOT NULL AND q.paid_on <= p.paid_on) >= a.granted_cents),
                 '9999-12-31') AS until FROM fund_application a WHERE a.decision = 'granted') e
             FULL JOIN fund_grant_open o ON o.application_id = e.id
             WHERE e.until IS NOT o.open_until",
        ),
    ];
    let mut out = Vec::new();
    for (what, sql) in checks {
        let wrong: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if wrong > 0 {
            out.push(format!(
                "Les restes à réaliser tenus pour {what} ne suivent plus leurs mandats et versements \
                 ({}) : ils ont été modifiés hors de l’application.",
                crate::reports::quantity_fr(wrong, "écart", "écarts")
            ));
        }
    }
    Ok(out)
}

/// The *restes à réaliser* carried into `year`, by year and line of origin:
/// the manual commitments of earlier budgets and the grants of earlier calls,
/// each with what was left to pay at the start of `year` and what was paid on
/// it during `year`. Lines with nothing carried are left out.
pub fn carried_into(conn: &Connection, year: i32) -> Result<Vec<CarriedLine>> {
    let (from, to) = year_bounds(year);
    let mut out = Vec::new();
    let mut stmt = conn.prepare(CARRIED_COMMITMENTS_SQL)?;
    let bad = |i| rusqlite::Error::InvalidColumnType(i, "kind".into(), rusqlite::types::Type::Text);
    for row in stmt.query_map(params![from, to, year], |r| {
        Ok((
            r.get::<_, i32>(0)?,
            LineKind::from_code(&r.get::<_, String>(1)?).ok_or_else(|| bad(1))?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })? {
        let (from_year, kind, label, carried, paid) = row?;
        if carried > 0 {
            out.push(CarriedLine {
                from_year,
                kind,
                label,
                carried_cents: carried,
                paid_cents: paid,
                left_cents: (carried - paid).max(0),
            });
        }
    }
    let mut stmt = conn.prepare(CARRIED_GRANTS_SQL)?;
    for row in stmt.query_map(params![from, to, year], |r| {
        Ok((
            r.get::<_, i32>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (from_year, carried, paid) = row?;
        if carried > 0 {
            out.push(CarriedLine {
                from_year,
                kind: LineKind::Fund,
                label: LineKind::Fund.label_fr().to_string(),
                carried_cents: carried,
                paid_cents: paid,
                left_cents: (carried - paid).max(0),
            });
        }
    }
    out.sort_by_key(|c| c.from_year);
    Ok(out)
}

/// A budget with every line's figures and the total, and apart from them the
/// *restes à réaliser* carried from earlier years and the forecast of the
/// activities not yet held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetView {
    pub budget: BudgetYear,
    pub lines: Vec<LineFigures>,
    pub total: Figures,
    pub carried: Vec<CarriedLine>,
    pub carried_total: CarriedTotal,
    /// The costs of the year's planned activities, outside the figures.
    pub forecast_cents: i64,
}

/// The budget of `year` as it stands on `today`. Once the year is closed,
/// `today` no longer changes anything: every figure counts only what is
/// dated in the year.
pub fn budget_view(conn: &Connection, year: i32, today: NaiveDate) -> Result<Option<BudgetView>> {
    let Some(budget) = super::budget_of_year(conn, year)? else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    let mut total = Figures::default();
    let mut forecast_cents = 0;
    for line in super::lines(conn, budget.id)? {
        let f = figures_of(conn, line, year, today)?;
        total = total.add(f.figures);
        forecast_cents += f.forecast_cents;
        lines.push(f);
    }
    let carried = carried_into(conn, year)?;
    let carried_total = carried
        .iter()
        .fold(CarriedTotal::default(), |t, c| CarriedTotal {
            carried_cents: t.carried_cents + c.carried_cents,
            paid_cents: t.paid_cents + c.paid_cents,
            left_cents: t.left_cents + c.left_cents,
        });
    Ok(Some(BudgetView {
        budget,
        lines,
        total,
        carried,
        carried_total,
        forecast_cents,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = params!["2026-01-01", "2026-12-31", 2026];
        stmt.query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// The restes à réaliser read the commitments and grants still open
    /// on 1 January by the index of their settlement day, then each by its
    /// key: never a scan of every earlier year's.
    #[test]
    fn the_carried_amounts_read_the_open_ones_by_index() {
        let conn = crate::store::open_in_memory().unwrap();
        let p = plan(&conn, CARRIED_COMMITMENTS_SQL);
        assert!(
            p.starts_with(
                "SEARCH o USING COVERING INDEX budget_commitment_open_until (open_until>?)"
            ),
            "{p}"
        );
        assert!(p.contains("SEARCH c USING INTEGER PRIMARY KEY"), "{p}");
        assert!(!p.contains("SCAN"), "{p}");
        let p = plan(&conn, CARRIED_GRANTS_SQL);
        assert!(
            p.starts_with("SEARCH o USING COVERING INDEX fund_grant_open_until (open_until>?)"),
            "{p}"
        );
        assert!(p.contains("SEARCH a USING INTEGER PRIMARY KEY"), "{p}");
        assert!(!p.contains("SCAN"), "{p}");
    }
}
