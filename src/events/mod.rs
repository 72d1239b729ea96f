//! The awareness week and events (*semaine de lutte contre les
//! discriminations*): the yearly edition of the week, its events and those
//! held outside it, their cost lines, the edition's communication campaign,
//! and what is read from them: the day-by-day programme, the year's table,
//! the coverage by commune, the edition's report (*bilan*) and the costs by
//! year that the budget module will commit without retyping.
//!
//! Rules the module promises: an event ends after it starts and, inside an
//! edition, falls on one of its days; actual attendance is recorded only for
//! a held event whose date has passed, as counts (a total, optionally split by
//! sex), never per person; a cancelled event carries a reason and no
//! attendance; costs are non-negative; a capacity, when given, is positive.
//! Two events at the same venue whose times overlap are saved with a warning,
//! not refused: a festive day often stacks a stand and a concert on one square.
//!
//! `edition.rs`, `event.rs` and `campaign.rs` each validate a raw form into a
//! valid value with every field's error at once and write through
//! `store::write`; an event that overlaps another at the same venue comes back
//! as `EventSaved` with its warning. `views.rs` reads the year's table
//! (filtered, sorted, paged in SQL), the programme day by day, the coverage by
//! commune and the edition's report (`Bilan`); `documents.rs` writes the
//! spreadsheets and the two PDFs (programme, bilan); `demo.rs` adds the demo
//! year's week. The budget reads the held events' costs itself
//! (`budget::fed_amounts`).
//!
//! Behind the validation, the schema (`migrations/0003_events.sql`) refuses an
//! end not after the start, attendance on an event not held (or a split by sex
//! without its total, or not adding up), a cancelled event without a reason, a
//! negative cost, a capacity of zero; triggers keep an edition's events inside
//! its days. Only "attendance once the date has passed" stays with the core:
//! it depends on `today`, which the schema does not know.

mod campaign;
mod demo;
mod documents;
mod edition;
mod event;
mod views;

pub use campaign::*;
pub use demo::load_demo;
pub use documents::*;
pub use edition::*;

pub use event::*;
pub(crate) use event::{columns as event_columns, write_costs};
pub use views::*;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::input::{parsed, text_field};
pub(crate) use crate::sql::{from_iso, iso, iso_to_fr as form_date, year_bounds};
pub(crate) use crate::territory::commune_exists;

code_enum! {
    /// What sort of event it is.
    EventKind {
        Conference = "conference" / "Conférence",
        Workshop = "workshop" / "Atelier",
        Festive = "festive" / "Événement festif",
        Exhibition = "exhibition" / "Exposition",
        ScreeningDebate = "screening_debate" / "Projection-débat",
        SchoolYouth = "school_youth" / "Action scolaire ou jeunesse",
        TrainingRelated = "training_related" / "Action liée à une formation",
        Other = "other" / "Autre",
    }
}

code_enum! {
    /// Who an event is for.
    EventPublic {
        GeneralPublic = "general_public" / "Tout public",
        Children = "children" / "Enfants",
        YoungPeople = "young_people" / "Jeunes",
        Adults = "adults" / "Adultes",
        Agents = "agents" / "Agents de la collectivité",
        Professionals = "professionals" / "Professionnel·les",
    }
}

code_enum! {
    EventStatus {
        Planned = "planned" / "Prévu",
        Confirmed = "confirmed" / "Confirmé",
        Held = "held" / "Réalisé",
        Cancelled = "cancelled" / "Annulé",
    }
}

code_enum! {
    /// What a campaign item is.
    CampaignKind {
        Posters = "posters" / "Affiches",
        Leaflets = "leaflets" / "Dépliants",
        Press = "press" / "Presse",
        Radio = "radio" / "Radio",
        SocialMedia = "social_media" / "Réseaux sociaux",
        Website = "website" / "Site internet",
        Other = "other" / "Autre",
    }
}

/// `cents / people`, rounded half up, in integers; `None` when nobody came.
fn per_head(cents: i64, people: i64) -> Option<i64> {
    (people > 0).then(|| (cents * 2 + people) / (2 * people))
}

/// Maps a stored code back to its enum inside a row mapper.
fn code_of<T>(r: &rusqlite::Row, i: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let code: String = r.get(i)?;
    from(&code).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text)
    })
}
