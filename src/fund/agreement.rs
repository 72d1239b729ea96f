//! The grant agreement (*convention*) rule. Law 2000-321 (art. 10) and
//! decree 2001-495 (art. 1) require an agreement when the yearly amount of the
//! grants the authority gives to one private-law body exceeds 23 000 €.
//!
//! How the app reads it:
//! - the bodies subject to it are the private-law ones (association,
//!   company) and, out of prudence, the « other » kind, whose legal nature
//!   the app does not know; a commune, a CCAS or a public body is subject only
//!   when the unit chooses so in its settings (off by default);
//! - the year is the calendar year of the decision (`decided_on`): a grant is
//!   given when it is decided. An application not decided yet counts in its
//!   call's year, the year its decision is expected in;
//! - the amount is the sum of every grant standing (decided, not refused nor
//!   withdrawn) to the same body whose decision falls in that year, whatever
//!   the call; 23 000,00 € exactly needs no agreement, 23 000,01 € does.

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::lifecycle::Facts;
use super::{OrganisationKind, AGREEMENT_THRESHOLD_CENTS};
use crate::error::{Error, Result};
use crate::rights::{Actor, Permission};
use crate::store;

impl OrganisationKind {
    /// Whether the law's agreement rule applies to this kind of body by
    /// itself: private-law bodies, and « other » out of prudence.
    pub fn subject_to_agreement_by_law(self) -> bool {
        match self {
            OrganisationKind::Association | OrganisationKind::Company | OrganisationKind::Other => {
                true
            }
            OrganisationKind::Commune | OrganisationKind::Ccas | OrganisationKind::PublicBody => {
                false
            }
        }
    }
}

/// Whether the unit asks the agreement of public-law bodies too. A database
/// not set up yet has no unit, and the law alone applies.
pub fn agreement_for_public_bodies(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT agreement_for_public_bodies FROM unit WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// Changes the unit's choice; the project lead's alone, and journaled like
/// every write.
pub fn set_agreement_for_public_bodies(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    on: bool,
) -> Result<()> {
    store::write(conn, actor, Permission::Decide, now, |tx, _| {
        let n = tx.execute(
            "UPDATE unit SET agreement_for_public_bodies = ?1 WHERE id = 1",
            [on],
        )?;
        if n == 0 {
            return Err(Error::NotFound("Service"));
        }
        Ok(())
    })
}

/// The year whose grants are counted with this application's.
pub(crate) fn agreement_year(f: &Facts) -> i32 {
    f.decided_on.map_or(f.call_year, |d| d.year())
}

/// Whether the organisation's grants of the application's year exceed
/// 23 000 €, counting this application's grant as `extra` (its stored grant
/// left out), when the body is subject to the rule.
pub(crate) fn agreement_required(conn: &Connection, f: &Facts, extra: i64) -> Result<bool> {
    if !f.organisation_kind.subject_to_agreement_by_law() && !agreement_for_public_bodies(conn)? {
        return Ok(false);
    }
    let others: i64 = conn.query_row(
        "SELECT coalesce(sum(granted_cents), 0) FROM fund_application
         WHERE organisation_id = ?1 AND decision = 'granted' AND id <> ?2
           AND CAST(substr(decided_on, 1, 4) AS INTEGER) = ?3",
        params![f.organisation_id, f.id, agreement_year(f)],
        |r| r.get(0),
    )?;
    Ok(others + extra > AGREEMENT_THRESHOLD_CENTS)
}
