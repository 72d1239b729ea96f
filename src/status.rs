//! What the window needs to know at start and after a switch of database:
//! whether setup is done, for which unit, who acts, which years exist.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::lock::HeldBy;
use crate::store::Actor;
use crate::territory::{self, Unit};
use crate::trainings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    /// Setup has been done on this database.
    pub configured: bool,
    pub unit: Option<Unit>,
    /// The person the app acts for.
    pub actor: Option<Actor>,
    /// The years the year switcher offers, oldest first.
    pub years: Vec<i32>,
    /// The year to show first: this year when offered, else the latest.
    pub current_year: i32,
    /// Another app holds the database: this one only reads it.
    pub read_only: bool,
    /// Who holds it, when it is held (the lock file may be gone by now).
    pub held_by: Option<HeldBy>,
    /// Something the user should know since the app started (a lock left by
    /// a crash taken back); the shell fills it once.
    pub notice: Option<String>,
}

pub fn status(conn: &Connection, db_path: &Path, today: NaiveDate) -> Result<AppStatus> {
    let unit = territory::unit(conn)?;
    let actor = territory::current_actor(conn)?;
    let years = match &unit {
        Some(u) => trainings::years(conn, u.first_year, today)?,
        None => vec![today.year()],
    };
    let current_year = if years.contains(&today.year()) {
        today.year()
    } else {
        years.last().copied().unwrap_or(today.year())
    };
    let read_only = crate::store::is_read_only(conn);
    let held_by = if read_only {
        crate::lock::holder(db_path)?
    } else {
        None
    };
    Ok(AppStatus {
        version: crate::VERSION.to_string(),
        db_path: db_path.display().to_string(),
        configured: unit.is_some(),
        unit,
        actor,
        years,
        current_year,
        read_only,
        held_by,
        notice: None,
    })
}
