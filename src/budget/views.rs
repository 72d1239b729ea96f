//! What is read from a budget: the figures of each line and the total,
//! computed from the operations and from what other modules record.

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
    /// Where the fed amounts come from, in French; `None` for a line no
    /// module feeds.
    pub fed_by: Option<String>,
    pub over_committed: bool,
}

/// The amounts other modules feed into the line of `kind` for `year`:
/// (committed, paid).
pub fn fed_amounts(conn: &Connection, kind: LineKind, year: i32) -> Result<(i64, i64)> {
    let (from, to) = year_bounds(year);
    Ok(match kind {
        LineKind::Fund => crate::fund::amounts_by_year(conn)?
            .into_iter()
            .find(|a| a.year == year)
            .map_or((0, 0), |a| (a.granted_cents, a.paid_cents)),
        LineKind::Trainings => {
            let c: i64 = conn.query_row(
                "SELECT coalesce(sum(actual_cost_cents), 0) FROM training_session
                 WHERE status = 'held' AND first_day BETWEEN ?1 AND ?2",
                params![from, to],
                |r| r.get(0),
            )?;
            (c, c)
        }
        LineKind::Events | LineKind::Communication => {
            let costs = crate::events::costs_by_year(conn)?
                .into_iter()
                .find(|c| c.year == year);
            let c = costs.map_or(0, |c| {
                if kind == LineKind::Events {
                    c.events_cents
                } else {
                    c.campaign_cents
                }
            });
            (c, c)
        }
        _ => (0, 0),
    })
}

fn figures_of(conn: &Connection, line: BudgetLine, year: i32) -> Result<LineFigures> {
    let (amendments, committed, paid): (i64, i64, i64) = conn.query_row(
        "SELECT
            coalesce((SELECT sum(amount_cents) FROM budget_amendment WHERE line_id = ?1), 0),
            coalesce((SELECT sum(amount_cents) FROM budget_commitment WHERE line_id = ?1), 0),
            coalesce((SELECT sum(p.amount_cents) FROM budget_payment p
                      JOIN budget_commitment c ON c.id = p.commitment_id WHERE c.line_id = ?1), 0)",
        [line.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (fed_c, fed_p) = fed_amounts(conn, line.kind, year)?;
    let figures = Figures::new(
        line.initial_cents,
        amendments,
        committed + fed_c,
        paid + fed_p,
    );
    Ok(LineFigures {
        fed_by: line.kind.fed_by_fr().map(str::to_string),
        over_committed: figures.over_committed(),
        line,
        figures,
        fed_committed_cents: fed_c,
        fed_paid_cents: fed_p,
    })
}

/// The figures of one line.
pub fn line_figures(conn: &Connection, line_id: i64) -> Result<Figures> {
    let line = super::get_line(conn, line_id)?;
    let year = budget_year_of(conn, line.budget_id)?.ok_or(Error::NotFound("Budget"))?;
    Ok(figures_of(conn, line, year)?.figures)
}

/// A budget with every line's figures and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetView {
    pub budget: BudgetYear,
    pub lines: Vec<LineFigures>,
    pub total: Figures,
}

pub fn budget_view(conn: &Connection, year: i32) -> Result<Option<BudgetView>> {
    let Some(budget) = super::budget_of_year(conn, year)? else {
        return Ok(None);
    };
    let mut lines = Vec::new();
    let mut total = Figures::default();
    for line in super::lines(conn, budget.id)? {
        let f = figures_of(conn, line, year)?;
        total = total.add(f.figures);
        lines.push(f);
    }
    Ok(Some(BudgetView {
        budget,
        lines,
        total,
    }))
}
