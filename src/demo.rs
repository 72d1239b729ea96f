//! A realistic demo year built from the plan (seed 004): trainings with the
//! Défenseur des droits, the CNFPT and the IRDSU in several communes of the
//! Métropole d'Aix-Marseille-Provence.
//!
//! A demo lives in its own file, marked `is_demo`, and is written through the
//! same validated paths as real data. It never goes into a real database.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::rights::{Actor, Role};
use crate::territory::{self, SetupInput, AMP_SIREN};
use crate::trainings::{self};

/// The person the demo data is entered by.
pub fn demo_actor() -> Actor {
    Actor {
        name: "Camille Martin (démo)".into(),
        role: Role::ProjectLead,
    }
}

/// Sets up `conn` as a demo database and fills it with the current year.
/// Refuses a database that is already set up, demo or not, so that a demo can
/// never be mixed into real data.
pub fn load(conn: &mut Connection, today: NaiveDate, now: DateTime<Utc>) -> Result<usize> {
    if territory::unit(conn)?.is_some() {
        return Err(Error::Refused(
            "Cette base est déjà configurée : les données de démonstration vont dans un fichier à part.".into(),
        ));
    }
    let actor = demo_actor();
    let year = today.year();
    territory::setup_inner(
        conn,
        &SetupInput {
            unit_name: "Mission lutte contre les discriminations (démo)".into(),
            epci_siren: AMP_SIREN.into(),
            first_year: year.to_string(),
            user_name: actor.name.clone(),
            user_role: actor.role.code().into(),
        },
        today,
        now,
        true,
    )?;
    // The year's training sessions (src/trainings/demo.rs).
    let count = trainings::load_demo(conn, &actor, today, now)?;
    // The week, its events and campaign (src/events/demo.rs); the count
    // returned stays the sessions', which the CLI reports.
    crate::events::load_demo(conn, &actor, today, now)?;
    // The fund: a call, organisations and applications at every stage.
    crate::fund::load_demo(conn, &actor, today, now)?;
    // The budget of the year (60 000 €, its lines, commitments, payments) and
    // the 2 FTE, last so that the fund's grants and the costs feed its lines.
    crate::budget::load_demo(conn, &actor, today, now)?;
    // The partners and conventions of seeds 000 to 003, their committees and
    // this year's meetings.
    crate::partners::load_demo(conn, &actor, today, now)?;
    // The plan's axes and actions, last so that what they link to exists.
    crate::plan::load_demo(conn, &actor, today, now)?;
    Ok(count)
}
