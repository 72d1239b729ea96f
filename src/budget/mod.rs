//! The plan's budget and staff (*budget et ETP*): the yearly budget and its
//! lines, each line's voted credits (the initial budget plus dated, explained
//! amendments), commitments (*engagements*) and the payments made against
//! them (*mandats*), the staff positions given to the plan, and what is read
//! from them: the figures per line and in total, the FTE of a year, the annual
//! summary (PDF) and the spreadsheets.
//!
//! Every figure is computed from the operations on reading, never stored: the
//! same figure is the same number on every screen, in the PDF and in the
//! spreadsheet. One rule holds for every line, manual or fed by another
//! module (French public accounting: CGCT R. 2311-11, instruction M57): a
//! year's figures count the commitments of the year and the payments dated in
//! the year. What is committed and not paid on 31 December is carried to the
//! next year as *restes à réaliser*, shown there apart and paid from there,
//! never from that year's voted credits nor back into its own year. Fed lines
//! follow the same rule, without retyping: the fund's line by the grants of
//! the year's call (committed) and the tranches paid on them in the year
//! (paid); the trainings, events and communication lines by the actual cost
//! of an activity once it is held, or a campaign item once it has run
//! (committed and paid on its day, as *service fait*). A planned or confirmed
//! activity's cost is a forecast shown apart; a cancelled one counts nothing.
//!
//! Rules the module promises: a commitment never takes a line below zero
//! available unless the user confirms the over-commitment, which is then
//! flagged; a payment never exceeds what is left to pay on its commitment; an
//! amendment lowers a line only down to what is committed; once the budget's
//! vote is recorded, credits change only by dated, explained amendments;
//! once the project lead closes a year, nothing is dated in it any more; FTE
//! shares lie between 0 and 1 and a position ends after it starts.
//!
//! Files: `lines.rs` (budgets, lines, amendments, the vote and the closing),
//! `operations.rs` (commitments, corrected with the rules of a new one, and
//! payments; an amendment or a payment is never corrected in place but
//! answered by another), `forecast.rs` (N, N+1 and N+2 from the first budget,
//! N+2 adding the increase the project lead foresees, an amount in euros so
//! that the forecast stays exact in cents; `year_comparison`), `views.rs`
//! (every figure on reading, `fed_amounts` for the fed lines, `carried_into`
//! for the *restes à réaliser*), `staff.rs` (FTE prorated by the days a
//! position is held, a person over one FTE flagged), `documents.rs` (the
//! annual summary, its printing through `print_dir`, the sheets, all from
//! `budget_view`) and `demo.rs` (seed 004's budget).
//!
//! Behind the validation, the schema refuses a payment over what is left to
//! pay, a commitment over the voted credits without its flag, an amendment or
//! a lower initial budget that takes a line below its commitments, any rewrite
//! of an amendment or a payment, FTE shares outside 0..1, anything dated in a
//! closed year (in the budget's tables and in what feeds them), and a second
//! line of a fed kind in one budget, so that a cost is counted once.

mod demo;
mod documents;
mod forecast;
mod lines;
mod operations;
mod staff;
mod views;

pub use demo::load_demo;
pub use documents::*;
pub use forecast::*;
pub use lines::*;
pub use operations::*;
pub use staff::*;
pub use views::*;

pub(crate) use operations::{
    commitment_fields, over_available, payment_fields, CommitmentFields, PaymentFields,
};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldErrors;
use crate::input;
use crate::input::{parsed, required_date, text_field};
pub(crate) use crate::sql::{from_iso, iso, year_bounds};

/// What a budget line pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineKind {
    Trainings,
    Events,
    Studies,
    Fund,
    Platform,
    Communication,
    Other,
}

impl LineKind {
    pub const ALL: &'static [LineKind] = &[
        LineKind::Trainings,
        LineKind::Events,
        LineKind::Studies,
        LineKind::Fund,
        LineKind::Platform,
        LineKind::Communication,
        LineKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LineKind::Trainings => "trainings",
            LineKind::Events => "events",
            LineKind::Studies => "studies",
            LineKind::Fund => "fund",
            LineKind::Platform => "platform",
            LineKind::Communication => "communication",
            LineKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The default label of the line of this kind.
    pub fn label_fr(self) -> &'static str {
        match self {
            LineKind::Trainings => "Formations",
            LineKind::Events => "Événements et semaine de lutte contre les discriminations",
            LineKind::Studies => "Études",
            LineKind::Fund => "Fonds d’initiative annuel",
            LineKind::Platform => "Plateforme ressources et outils",
            LineKind::Communication => "Communication",
            LineKind::Other => "Autres dépenses",
        }
    }

    /// The nature a new line of this kind takes.
    fn default_nature(self) -> LineNature {
        match self {
            LineKind::Fund => LineNature::Grants,
            _ => LineNature::GeneralCharges,
        }
    }

    /// Where the amounts fed from another module come from, if any.
    pub fn fed_by_fr(self) -> Option<&'static str> {
        match self {
            LineKind::Trainings => Some("coûts réels des formations réalisées"),
            LineKind::Events => Some("coûts des événements"),
            LineKind::Fund => Some("subventions accordées et tranches versées du fonds"),
            LineKind::Communication => Some("campagne de la semaine"),
            _ => None,
        }
    }
}

/// The optional nature tag of a line, as public accounting groups spending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineNature {
    None,
    GeneralCharges,
    Grants,
    Staff,
}

impl LineNature {
    pub fn code(self) -> &'static str {
        match self {
            LineNature::None => "",
            LineNature::GeneralCharges => "general_charges",
            LineNature::Grants => "grants",
            LineNature::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            LineNature::None,
            LineNature::GeneralCharges,
            LineNature::Grants,
            LineNature::Staff,
        ]
        .into_iter()
        .find(|n| n.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            LineNature::None => "",
            LineNature::GeneralCharges => "Charges générales",
            LineNature::Grants => "Subventions",
            LineNature::Staff => "Personnel",
        }
    }
}

/// A required positive amount in euros, into cents.
fn required_amount(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    match parsed(errors, field, input::money_cents(raw)) {
        Some(0) => {
            errors.add(field, "Le montant doit être supérieur à zéro.");
            None
        }
        None if errors.get(field).is_none() => {
            errors.add(field, "Indiquez le montant.");
            None
        }
        other => other,
    }
}

/// `part / whole` in thousandths, rounded half up; `None` when nothing is voted.
pub fn permille(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}

/// The year of a budget, or `None` when it does not exist.
fn budget_year_of(conn: &Connection, budget_id: i64) -> rusqlite::Result<Option<i32>> {
    conn.query_row(
        "SELECT year FROM budget_year WHERE id = ?1",
        [budget_id],
        |r| r.get(0),
    )
    .optional()
}
