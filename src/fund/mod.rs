//! The annual initiative fund (*fonds d’initiative annuel*): the yearly call
//! for projects with its envelope, weighted criteria and required documents;
//! the applicant organisations; the grant applications and their life from
//! draft to closing; the call's dashboard, ranking and board; the SCDL
//! *subventions* open-data export; the notification letter and the shared
//! dashboard as PDFs; and the amounts by year the budget module reads.
//!
//! What the module promises, each rule checked before anything is written and
//! most of them a second time by the schema (`migrations/0004_fund.sql`):
//! - the sum granted in a call never exceeds its envelope; a decision that
//!   would overrun it is refused with the amount still available;
//! - 0 < granted ≤ requested ≤ total budget, and other funders plus the
//!   request never exceed the total budget;
//! - the tranches of a grant never exceed it; a tranche is paid only after
//!   the decision, and after the signed agreement when one is required
//!   (grants of more than 23 000 € a year to one private-law body, see
//!   `agreement.rs`); a refused or
//!   withdrawn application has no tranche;
//! - every step of an application is dated, attributed and appended to its
//!   history (`fund_step`); a step is undone only with a written reason, and
//!   the undo is a step of its own;
//! - a decision (grant, refusal, or its undo) and the scores are the project
//!   lead's; a decided application is never deleted, only a draft is.
//!
//! Files: `call.rs` (the call, criteria frozen once an application is scored),
//! `organisation.rs` (structures reused from year to year, SIRET by
//! `sirene.rs`, RNA `W` + 9 digits), `application.rs` (the project's form),
//! `lifecycle.rs` (the state machine: `transition` holds the edges, `step`
//! takes one, `undo` takes back the last standing step; documents received,
//! scores, private notes and tranches), `agreement.rs` (the agreement rule),
//! `views.rs` (the application's page, the call's table, board, ranking and
//! dashboard, whose every breakdown adds up to the totals: an amount shared by
//! several communes is split cent by cent; `amounts_by_year` for the budget),
//! `scdl.rs` (the SCDL *subventions* 2.1.1 CSV, one row per beneficiary, a
//! shared grant being one application each with its share `grant_share_bp`;
//! structures with neither SIRET nor RNA are refused by name, so that no file
//! the official validator would reject is written), `documents.rs` (the
//! notification letter, whose template the unit may replace with its own copy
//! in `modeles/` beside the database, and the shared dashboard; private review
//! notes never reach a letter) and `demo.rs`.

mod agreement;
mod application;
mod call;
mod demo;
mod documents;
mod lifecycle;
mod organisation;
mod scdl;
mod views;

pub use agreement::{agreement_for_public_bodies, set_agreement_for_public_bodies};
pub use application::*;
pub use call::*;
pub use demo::load_demo;
pub use documents::*;
pub use lifecycle::*;
pub use organisation::*;
pub use scdl::*;
pub use views::*;

pub(crate) use application::{insert_application, write_update};
pub(crate) use lifecycle::record_receipt;
pub(crate) use organisation::columns as organisation_columns;

// The register numbers stay reachable where the fund's callers found them.
pub use crate::sirene::{parse_siren, parse_siret, siren_is_valid, siret_is_valid};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::input::{parsed, required_date, required_text, text_field};
pub(crate) use crate::sql::{from_iso, iso, iso_to_fr};

/// Grants above this amount in a year to one private-law body need a signed
/// agreement (*convention*): 23 000 €, law 2000-321 art. 10 and decree
/// 2001-495 art. 1. How the year and the bodies are read: `agreement.rs`.
pub const AGREEMENT_THRESHOLD_CENTS: i64 = 2_300_000;

/// The final report is due this many months after the project ends.
pub const REPORT_DELAY_MONTHS: u32 = 6;

/// Seed 000, article 4: what a call for projects rewards, equally weighted.
pub const DEFAULT_CRITERIA: [(&str, u32); 4] = [
    (
        "Mise en commun d’expériences et de pratiques entre porteurs dans la durée",
        25,
    ),
    (
        "Méthodes et outils originaux agissant sur les pratiques des acteurs",
        25,
    ),
    (
        "Plan d’actions avec des objectifs concrets et des indicateurs de résultats",
        25,
    ),
    ("Potentiel d’essaimage sur le territoire", 25),
];

/// The documents every application must include, unless the call says otherwise.
pub const DEFAULT_DOCUMENTS: [&str; 5] = [
    "Formulaire Cerfa n° 12156",
    "Statuts",
    "Relevé d’identité bancaire",
    "Contrat d’engagement républicain",
    "Budget prévisionnel du projet",
];

code_enum! {
    /// What kind of body applies.
    OrganisationKind {
        Association = "association" / "Association",
        Commune = "commune" / "Commune",
        Ccas = "ccas" / "CCAS",
        PublicBody = "public_body" / "Établissement public",
        Company = "company" / "Entreprise",
        Other = "other" / "Autre",
    }
}

code_enum! {
    /// Where an application stands in its life.
    Stage {
        Draft = "draft" / "Brouillon",
        Received = "received" / "Reçu",
        Incomplete = "incomplete" / "Incomplet",
        Complete = "complete" / "Complet",
        UnderReview = "under_review" / "En instruction",
        Granted = "granted" / "Accordé",
        Refused = "refused" / "Refusé",
        Withdrawn = "withdrawn" / "Retiré",
        AgreementSigned = "agreement_signed" / "Convention signée",
        ReportReceived = "report_received" / "Bilan reçu",
        Closed = "closed" / "Clôturé",
    }
}

code_enum! {
    /// What the committee decided.
    Decision {
        Granted = "granted" / "Accordé",
        Refused = "refused" / "Refusé",
        Withdrawn = "withdrawn" / "Retiré",
    }
}

/// Reads an RNA number (`W` and 9 digits); `Ok(None)` when empty.
pub fn parse_rna(raw: &str) -> std::result::Result<Option<String>, String> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if s.is_empty() {
        return Ok(None);
    }
    if !s.starts_with('W') {
        return Err("Le numéro RNA commence par la lettre W, par exemple W131234567.".into());
    }
    let digits = &s[1..];
    if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "Le numéro RNA est la lettre W suivie de 9 chiffres ; après le W, « {digits} » n’en a pas 9."
        ));
    }
    Ok(Some(s))
}

/// Money as the messages write it: `1 234,56 €`.
pub(crate) fn euros(cents: i64) -> String {
    crate::reports::money_fr(cents)
}
