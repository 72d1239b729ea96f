//! Who may do what: the acting person ([`Actor`]), their [`Role`], and the
//! [`Permission`] each write needs. [`crate::store::write`] takes the
//! permission and refuses, in French, what the role may not do, so that no
//! write can forget the check and the whole rule reads here. The window does
//! not keep a copy: the status it reads carries what the person may do
//! ([`Rights`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Who performs a write: every write in the core takes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    ProjectLead,
    Assistant,
    Manager,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::ProjectLead => "project_lead",
            Role::Assistant => "assistant",
            Role::Manager => "manager",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "project_lead" => Some(Role::ProjectLead),
            "assistant" => Some(Role::Assistant),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Role::ProjectLead => "Chef·fe de projet",
            Role::Assistant => "Assistant·e administratif·ve",
            Role::Manager => "Chef·fe de service",
        }
    }
}

/// What a write needs the right to do. The roles are accountability inside
/// a trusted team, not security: the core refuses what a role may not do so
/// that the journal's names mean something, whatever the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Say who acts: the setup and the choice of a profile. Every role may.
    Identify,
    /// Enter and edit records: sessions, events, applications, documents
    /// received, payments.
    Enter,
    /// Decide: grants and refusals, the call's envelope and criteria, the
    /// budget's voted credits, the territory's settings, restoring a copy.
    Decide,
    /// Delete a record.
    Delete,
}

impl Role {
    /// The manager reads and prints; the assistant enters and edits; the
    /// project lead also decides and deletes.
    pub fn may(self, permission: Permission) -> bool {
        match self {
            Role::ProjectLead => true,
            Role::Assistant => matches!(permission, Permission::Enter | Permission::Identify),
            Role::Manager => permission == Permission::Identify,
        }
    }
}

/// Refuses, in French, what the acting person's role may not do.
pub fn require(actor: &Actor, permission: Permission) -> Result<()> {
    if actor.role.may(permission) {
        return Ok(());
    }
    let what = match permission {
        Permission::Identify => "se désigner",
        Permission::Enter => "saisir ou modifier des données",
        Permission::Decide => "prendre cette décision",
        Permission::Delete => "supprimer",
    };
    let who = match (actor.role, permission) {
        (Role::Manager, _) => "Le rôle chef·fe de service permet de consulter et d’imprimer",
        _ => "Seul·e la ou le chef·fe de projet peut le faire",
    };
    Err(Error::Refused(format!(
        "{} ({}) ne peut pas {what}. {who} : rien n’a été enregistré.",
        actor.name,
        actor.role.label_fr()
    )))
}

/// What the acting person may do on the open file, as the window shows it:
/// [`Role::may`], and nothing at all on a file opened read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rights {
    pub enter: bool,
    pub decide: bool,
    pub delete: bool,
}

impl Rights {
    /// The rights of `actor` (none before a profile is chosen) on a file
    /// opened read-only or not.
    pub fn of(actor: Option<&Actor>, read_only: bool) -> Rights {
        let may = |p| !read_only && actor.is_some_and(|a| a.role.may(p));
        Rights {
            enter: may(Permission::Enter),
            decide: may(Permission::Decide),
            delete: may(Permission::Delete),
        }
    }
}
