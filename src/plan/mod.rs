//! The plan's axes and actions (*plan d’actions*): each action's owner,
//! status, period and description, its indicators for a year (target and
//! achieved), and its links to the trainings, events, grant applications and
//! budget lines that carry it; and what is read from them: the roll-ups of the
//! indicators per action and per axis, the home dashboard of a year, what the
//! plan did in each commune, and the yearly activity report (*bilan annuel*)
//! for the steering committee.
//!
//! The module computes no figure of its own about trainings, events, grants,
//! budget or staff: the dashboard, the per-commune table and the report call
//! the functions those modules' own screens call, so the same figure is the
//! same number everywhere.
//!
//! Rules the module promises: an action belongs to an axis and has a status
//! from a closed list; its period ends on or after its start; an indicator has
//! a label, a year and a target (achieved stays empty until measured); a link
//! points at something that exists (the schema refuses the others and drops a
//! link when what it points at is deleted in its own module).
//!
//! Files: `actions.rs` validates the whole action form, indicators and links
//! included, and saves it in one write; `views.rs` reads the plan of a year by
//! axis, the roll-ups (`rollup`: indicators reaching their target, and the
//! mean of achieved over target with each capped at 100 %; a zero target is
//! reached once measured), the home dashboard and the per-commune table;
//! `documents.rs` renders the yearly activity report (with the conventions in
//! force, from `partners::list_conventions`) and the per-commune sheet;
//! `demo.rs` adds seed 004's axes and actions.

mod actions;
mod demo;
mod documents;
mod views;

pub use actions::*;
pub use demo::load_demo;
pub use documents::*;
pub use views::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::input;
use crate::input::{required_text, text_field};
pub(crate) use crate::sql::{from_iso, iso, year_bounds};

code_enum! {
    /// Where an action stands.
    ActionStatus {
        ToStart = "to_start" / "À lancer",
        InProgress = "in_progress" / "En cours",
        Done = "done" / "Réalisée",
        Postponed = "postponed" / "Reportée",
        Abandoned = "abandoned" / "Abandonnée",
    }
}

code_enum! {
    /// What a link of an action points at.
    LinkKind {
        Training = "training" / "Formation",
        Event = "event" / "Événement",
        Grant = "grant" / "Subvention du fonds",
        BudgetLine = "budget_line" / "Ligne budgétaire",
    }
}

/// A period bound as typed: `dd/mm/yyyy`, or a year alone (`2026`), read as
/// its first day for a start and its last day for an end. Empty is `None`.
fn period_bound(raw: &str, end: bool) -> std::result::Result<Option<NaiveDate>, String> {
    let t = raw.trim();
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t.parse().map_err(|_| "Année invalide.".to_string())?;
        if !(2000..=2100).contains(&y) {
            return Err("Année hors des limites (2000 à 2100).".to_string());
        }
        return Ok(if end {
            NaiveDate::from_ymd_opt(y, 12, 31)
        } else {
            NaiveDate::from_ymd_opt(y, 1, 1)
        });
    }
    input::date_fr(t).map_err(|_| {
        "Date invalide : écrivez jj/mm/aaaa ou une année seule, par exemple 14/03/2026 ou 2026."
            .to_string()
    })
}

/// Writes a period bound back as the form shows it: a year alone when the
/// bound is the year's first day (start) or last day (end).
fn format_bound(d: NaiveDate, end: bool) -> String {
    use chrono::Datelike;
    let whole_year = if end {
        d.month() == 12 && d.day() == 31
    } else {
        d.month() == 1 && d.day() == 1
    };
    if whole_year {
        d.year().to_string()
    } else {
        input::format_date_fr(d)
    }
}

/// `part / whole` in thousandths, rounded half up; `None` when `whole` is 0.
pub fn permille(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 2000 + whole) / (2 * whole))
}
