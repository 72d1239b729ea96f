//! Training sessions: their validation, storage, paged list and yearly
//! statistics by sex and audience (the conventions' *statistiques sexuées*).
//!
//! A session belongs to the year of its first day. Attendance is kept as three
//! counts (women, men, not stated), never per person.
//!
//! `form.rs` validates the form into a [`ValidTraining`], `storage.rs` writes
//! and reads sessions, `views.rs` pages the list and computes the year's
//! statistics, `export.rs` writes the year as a spreadsheet, `demo.rs` the
//! demo year's sessions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Audience {
    OwnAgents,
    OwnManagers,
    ElectedOfficials,
    OutsideProfessionals,
    VolunteersAssociations,
    Mixed,
}

impl Audience {
    pub const ALL: [Audience; 6] = [
        Audience::OwnAgents,
        Audience::OwnManagers,
        Audience::ElectedOfficials,
        Audience::OutsideProfessionals,
        Audience::VolunteersAssociations,
        Audience::Mixed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Audience::OwnAgents => "own_agents",
            Audience::OwnManagers => "own_managers",
            Audience::ElectedOfficials => "elected_officials",
            Audience::OutsideProfessionals => "outside_professionals",
            Audience::VolunteersAssociations => "volunteers_associations",
            Audience::Mixed => "mixed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Audience::OwnAgents => "Agents de la collectivité",
            Audience::OwnManagers => "Encadrement de la collectivité",
            Audience::ElectedOfficials => "Élu·es",
            Audience::OutsideProfessionals => "Professionnel·les extérieur·es",
            Audience::VolunteersAssociations => "Bénévoles et associations",
            Audience::Mixed => "Public mixte",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingFormat {
    InPerson,
    Remote,
}

impl TrainingFormat {
    pub fn code(self) -> &'static str {
        match self {
            TrainingFormat::InPerson => "in_person",
            TrainingFormat::Remote => "remote",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "in_person" => Some(TrainingFormat::InPerson),
            "remote" => Some(TrainingFormat::Remote),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            TrainingFormat::InPerson => "Présentiel",
            TrainingFormat::Remote => "À distance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingStatus {
    Planned,
    Confirmed,
    Held,
    Cancelled,
}

impl TrainingStatus {
    pub const ALL: [TrainingStatus; 4] = [
        TrainingStatus::Planned,
        TrainingStatus::Confirmed,
        TrainingStatus::Held,
        TrainingStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TrainingStatus::Planned => "planned",
            TrainingStatus::Confirmed => "confirmed",
            TrainingStatus::Held => "held",
            TrainingStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            TrainingStatus::Planned => "Prévue",
            TrainingStatus::Confirmed => "Confirmée",
            TrainingStatus::Held => "Réalisée",
            TrainingStatus::Cancelled => "Annulée",
        }
    }
}

mod demo;
mod export;
mod form;
mod storage;
mod views;

pub(crate) use demo::load_demo;
pub use export::*;
pub use form::*;
pub use storage::*;
pub use views::*;
