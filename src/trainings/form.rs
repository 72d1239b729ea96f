//! The training form: what is typed, and its validation into a session ready to store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Audience, TrainingFormat, TrainingStatus};
use crate::error::FieldErrors;
use crate::input;
use crate::input::{chosen, parsed, text_field};

/// The training form exactly as typed: every number and date is text, so
/// that the core parses it and answers each field in French.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingInput {
    pub title: String,
    pub theme: String,
    /// An [`Audience`] code.
    pub audience: String,
    pub trainer: String,
    /// A [`TrainingFormat`] code.
    pub format: String,
    /// `dd/mm/yyyy`.
    pub first_day: String,
    /// `dd/mm/yyyy`; empty means the same as the first day.
    pub last_day: String,
    /// Hours of training in all, e.g. `"3,5"`.
    pub hours: String,
    pub venue: String,
    /// INSEE code of a member commune, or empty.
    pub commune_insee: String,
    pub capacity: String,
    pub registered: String,
    pub attended_women: String,
    pub attended_men: String,
    pub attended_unstated: String,
    /// Euros, e.g. `"1 200,50"`.
    pub planned_cost: String,
    pub actual_cost: String,
    /// A [`TrainingStatus`] code.
    pub status: String,
    pub cancel_reason: String,
    /// Average score of the evaluation forms, 1 to 5, one decimal.
    pub satisfaction: String,
    pub notes: String,
}

/// A validated session, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTraining {
    pub title: String,
    pub theme: String,
    pub audience: Audience,
    pub trainer: String,
    pub format: TrainingFormat,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub hours_centi: i64,
    pub venue: String,
    pub commune_insee: Option<String>,
    pub capacity: Option<i64>,
    pub registered: Option<i64>,
    pub attended_women: i64,
    pub attended_men: i64,
    pub attended_unstated: i64,
    pub planned_cost_cents: Option<i64>,
    pub actual_cost_cents: Option<i64>,
    pub status: TrainingStatus,
    pub cancel_reason: String,
    pub satisfaction_tenths: Option<i64>,
    pub notes: String,
}

/// Validates the form against every rule, collecting all field errors.
/// `today` decides whether a session can already be "held";
/// `commune_exists` tells whether an INSEE code belongs to the territory.
pub fn validate(
    input: &TrainingInput,
    today: NaiveDate,
    commune_exists: impl Fn(&str) -> bool,
) -> std::result::Result<ValidTraining, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = text_field(&mut e, "title", &input.title, 200);
    if title.is_empty() && e.get("title").is_none() {
        e.add("title", "L’intitulé est obligatoire.");
    }
    let theme = text_field(&mut e, "theme", &input.theme, 200);
    let trainer = text_field(&mut e, "trainer", &input.trainer, 200);
    let venue = text_field(&mut e, "venue", &input.venue, 200);
    let notes = text_field(&mut e, "notes", &input.notes, 5000);
    let cancel_reason = text_field(&mut e, "cancel_reason", &input.cancel_reason, 500);
    let audience = chosen(
        &mut e,
        "audience",
        Audience::from_code(input.audience.trim()),
        "Choisissez le public.",
    );
    let format = chosen(
        &mut e,
        "format",
        TrainingFormat::from_code(input.format.trim()),
        "Choisissez le format.",
    );
    let status = chosen(
        &mut e,
        "status",
        TrainingStatus::from_code(input.status.trim()),
        "Choisissez le statut.",
    );
    let days = days(&mut e, input);
    let hours_centi = hours(&mut e, input, days);
    let commune_insee = input::territory_commune(
        &mut e,
        "commune_insee",
        &input.commune_insee,
        commune_exists,
    );
    let capacity = input::capacity(&mut e, "capacity", &input.capacity);
    let registered = parsed(&mut e, "registered", input::count(&input.registered));
    let attendance = attendance(&mut e, input);
    let costs = costs(&mut e, input);
    if let Some(status) = status {
        check_status(&mut e, status, &cancel_reason, &attendance, days, today);
    }
    let (Some(audience), Some(format), Some(status), Some(days), Some(hours_centi), true) =
        (audience, format, status, days, hours_centi, e.is_empty())
    else {
        if e.is_empty() {
            e.add("title", "Formulaire incomplet.");
        }
        return Err(e);
    };
    Ok(ValidTraining {
        title,
        theme,
        audience,
        trainer,
        format,
        first_day: days.first,
        last_day: days.last,
        hours_centi,
        venue,
        commune_insee,
        capacity,
        registered,
        attended_women: attendance.women,
        attended_men: attendance.men,
        attended_unstated: attendance.unstated,
        planned_cost_cents: costs.planned_cents,
        actual_cost_cents: costs.actual_cents,
        status,
        cancel_reason: if status == TrainingStatus::Cancelled {
            cancel_reason
        } else {
            String::new()
        },
        satisfaction_tenths: costs.satisfaction_tenths,
        notes,
    })
}

/// What the session costs (planned and actual, in cents) and how it was
/// rated (tenths of a 1–5 score), each optional.
struct Costs {
    planned_cents: Option<i64>,
    actual_cents: Option<i64>,
    satisfaction_tenths: Option<i64>,
}

fn costs(e: &mut FieldErrors, input: &TrainingInput) -> Costs {
    let planned_cents = parsed(e, "planned_cost", input::money_cents(&input.planned_cost));
    let actual_cents = parsed(e, "actual_cost", input::money_cents(&input.actual_cost));
    let satisfaction_tenths = parsed(e, "satisfaction", input::scaled(&input.satisfaction, 1));
    if satisfaction_tenths.is_some_and(|s| !(10..=50).contains(&s)) {
        e.add("satisfaction", "La satisfaction est une note de 1 à 5.");
    }
    Costs {
        planned_cents,
        actual_cents,
        satisfaction_tenths,
    }
}

/// A session's first and last day, the last on or after the first.
#[derive(Debug, Clone, Copy)]
struct Days {
    first: NaiveDate,
    last: NaiveDate,
}

impl Days {
    fn count(self) -> i64 {
        (self.last - self.first).num_days() + 1
    }
}

/// The days as typed; an empty last day is the first. `None` when either is
/// wrong (the message is beside its field).
fn days(e: &mut FieldErrors, input: &TrainingInput) -> Option<Days> {
    let first = parsed(e, "first_day", input::date_fr(&input.first_day));
    if first.is_none() && e.get("first_day").is_none() {
        e.add("first_day", "Le premier jour est obligatoire.");
    }
    let last = parsed(e, "last_day", input::date_fr(&input.last_day)).or(first);
    let (first, last) = (first?, last?);
    if last < first {
        e.add(
            "last_day",
            "Le dernier jour ne peut pas précéder le premier.",
        );
        return None;
    }
    Some(Days { first, last })
}

/// The hours in hundredths: positive, and at most 24 per day of the session.
fn hours(e: &mut FieldErrors, input: &TrainingInput, days: Option<Days>) -> Option<i64> {
    let hours = parsed(e, "hours", input::scaled(&input.hours, 2));
    match (hours, days) {
        (None, _) if e.get("hours").is_none() => {
            e.add("hours", "La durée en heures est obligatoire.")
        }
        (Some(0), _) => e.add("hours", "La durée doit être positive."),
        (Some(h), Some(d)) if h > 2400 * d.count() => e.add(
            "hours",
            format!(
                "Au plus 24 heures par jour, soit {} h pour {}.",
                24 * d.count(),
                crate::reports::quantity_fr(d.count(), "jour", "jours")
            ),
        ),
        _ => {}
    }
    hours
}

/// Attendance by sex, as three counts (empty is 0).
struct Attendance {
    women: i64,
    men: i64,
    unstated: i64,
}

impl Attendance {
    fn total(&self) -> i64 {
        self.women + self.men + self.unstated
    }
}

fn attendance(e: &mut FieldErrors, input: &TrainingInput) -> Attendance {
    let mut count = |field: &str, raw: &str| parsed(e, field, input::count(raw)).unwrap_or(0);
    Attendance {
        women: count("attended_women", &input.attended_women),
        men: count("attended_men", &input.attended_men),
        unstated: count("attended_unstated", &input.attended_unstated),
    }
}

/// What the status asks of the rest: a cancelled session has a reason and
/// nobody present; a held one has begun; attendance is entered for held
/// sessions only.
fn check_status(
    e: &mut FieldErrors,
    status: TrainingStatus,
    cancel_reason: &str,
    attendance: &Attendance,
    days: Option<Days>,
    today: NaiveDate,
) {
    let attended = attendance.total() > 0;
    match status {
        TrainingStatus::Cancelled => {
            if cancel_reason.is_empty() && e.get("cancel_reason").is_none() {
                e.add("cancel_reason", "Indiquez le motif de l’annulation.");
            }
            if attended {
                e.add(
                    "status",
                    "Une session annulée ne peut pas avoir de participant·es.",
                );
            }
        }
        TrainingStatus::Held => {
            if days.is_some_and(|d| d.first > today) {
                e.add(
                    "status",
                    "Une session ne peut pas être réalisée avant son premier jour.",
                );
            }
        }
        _ if attended => e.add(
            "status",
            "La présence ne se saisit que pour une session réalisée.",
        ),
        _ => {}
    }
}
