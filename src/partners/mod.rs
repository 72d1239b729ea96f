//! Partners, conventions and governance (*partenaires, conventions,
//! instances*): the partner organisations and their contacts, the
//! conventions signed with them (partners, signing date, duration, tacit
//! renewal, notice period, each party's commitments as a checklist), the
//! committees they set up with their meetings (organisations present,
//! decisions, follow-up actions), and the reminders computed from all these
//! dates and the fund's (`reminders.rs`).
//!
//! What the module promises, each rule checked before anything is written and
//! most of them a second time by the schema (`migrations/0006_partners.sql`):
//! - a convention has two partners or more, a duration of at least a month
//!   (so it ends after it starts) and a notice period shorter than its
//!   duration; its end, next renewal and notice deadline are computed on
//!   reading, from the start date, never stored;
//! - a commitment's party is one of the convention's partners or the unit's
//!   own authority (*la collectivité*);
//! - a partner that a convention, a commitment or a meeting's attendance
//!   refers to is never deleted: the refusal lists what refers to it;
//! - reminders are computed from the dates and the `today` passed in, never
//!   stored.
//!
//! Entering and changing partners, conventions, committees and meetings is
//! the assistant's work as much as the project lead's (`Enter`); deleting is
//! the project lead's (`Delete`).
//!
//! Files: `partner.rs` (organisations and their contacts), `convention.rs`
//! (partners, dates, commitments; `convention_dates` computes the term in
//! force on `today` with `dates::duration_end` and the notice deadline with
//! `dates::deadline_before`), `committee.rs` (committees and meetings;
//! `committee_due` is the last meeting plus 12 / frequency months by
//! `dates::period_after`), `reminders.rs` (what needs doing, by date, each
//! with the page and id it opens: 60 days ahead for a convention, 30 for a
//! committee and the fund's reports, calls and tranches, 14 for a follow-up
//! action; late ones stay until handled) and `demo.rs` (seeds 000 to 003).

mod committee;
mod convention;
mod demo;
mod partner;
mod reminders;

pub use committee::*;
pub use convention::*;
pub use demo::load_demo;
pub use partner::*;
pub use reminders::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::input;
use crate::input::{optional_date, required_date, required_text, text_field};
pub(crate) use crate::sql::{from_iso, iso};

code_enum! {
    /// What kind of organisation a partner is.
    PartnerKind {
        StateService = "state_service" / "Service de l’État",
        IndependentAuthority = "independent_authority" / "Autorité indépendante",
        TrainingBody = "training_body" / "Organisme de formation",
        Network = "network" / "Réseau",
        Association = "association" / "Association",
        CompanyNetwork = "company_network" / "Réseau d’entreprises",
        Commune = "commune" / "Commune",
        Other = "other" / "Autre",
    }
}

code_enum! {
    /// Where a convention stands, as the unit records it. Whether it is near
    /// its end or its notice deadline is computed, see [`ConventionState`].
    ConventionStatus {
        Active = "active" / "En vigueur",
        Denounced = "denounced" / "Dénoncée",
        Ended = "ended" / "Terminée",
    }
}

code_enum! {
    /// Where a party's commitment stands.
    CommitmentStatus {
        Todo = "todo" / "À faire",
        InProgress = "in_progress" / "En cours",
        Done = "done" / "Fait",
    }
}

code_enum! {
    /// What a committee is for.
    CommitteeKind {
        Steering = "steering" / "Comité de pilotage",
        Technical = "technical" / "Comité technique",
        Other = "other" / "Autre instance",
    }
}

code_enum! {
    /// Where a meeting's follow-up action stands.
    FollowUpStatus {
        Todo = "todo" / "À faire",
        Done = "done" / "Fait",
    }
}

/// The meetings a year a committee may plan: 12 divided by each is a whole
/// number of months between meetings; 0 means "as needed".
pub const FREQUENCIES: [i64; 7] = [0, 1, 2, 3, 4, 6, 12];

/// A partner as a convention or a meeting names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PartnerRef {
    pub id: i64,
    pub name: String,
}

/// The partners `sql` lists for the record `id` (`SELECT p.id, p.name …`):
/// a convention's signatories, a meeting's attendance.
pub(crate) fn partner_refs(
    conn: &rusqlite::Connection,
    sql: &str,
    id: i64,
) -> crate::error::Result<Vec<PartnerRef>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([id], |r| {
        Ok(PartnerRef {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An email address as forms accept it: something, `@`, a host with a dot.
pub(crate) fn email_is_valid(email: &str) -> bool {
    email.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && !email.contains(char::is_whitespace)
}

/// A phone number: digits, spaces, dots, dashes, brackets and `+`.
pub(crate) fn phone_is_valid(phone: &str) -> bool {
    phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '+' | '-' | '(' | ')'))
        && phone.chars().any(|c| c.is_ascii_digit())
}

pub(crate) fn fr(d: NaiveDate) -> String {
    input::format_date_fr(d)
}

pub(crate) fn bad_code(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text)
}
