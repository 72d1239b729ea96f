//! Training sessions: their validation, storage, paged list and yearly
//! statistics by sex and audience (the conventions' *statistiques sexuées*).
//!
//! A session belongs to the year of its first day. Attendance is kept as three
//! counts (women, men, not stated), never per person.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::input::{parsed, text_field};
use crate::rights::{Actor, Permission};
use crate::sql::{iso, like_pattern, year_bounds};
use crate::store;

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

    let audience = Audience::from_code(input.audience.trim());
    if audience.is_none() {
        e.add("audience", "Choisissez le public.");
    }
    let format = TrainingFormat::from_code(input.format.trim());
    if format.is_none() {
        e.add("format", "Choisissez le format.");
    }
    let status = TrainingStatus::from_code(input.status.trim());
    if status.is_none() {
        e.add("status", "Choisissez le statut.");
    }

    let first_day = parsed(&mut e, "first_day", input::date_fr(&input.first_day));
    if first_day.is_none() && e.get("first_day").is_none() {
        e.add("first_day", "Le premier jour est obligatoire.");
    }
    let last_day = parsed(&mut e, "last_day", input::date_fr(&input.last_day)).or(first_day);
    if let (Some(f), Some(l)) = (first_day, last_day) {
        if l < f {
            e.add(
                "last_day",
                "Le dernier jour ne peut pas précéder le premier.",
            );
        }
    }

    let hours_centi = parsed(&mut e, "hours", input::scaled(&input.hours, 2));
    match hours_centi {
        None if e.get("hours").is_none() => e.add("hours", "La durée en heures est obligatoire."),
        Some(0) => e.add("hours", "La durée doit être positive."),
        Some(h) => {
            if let (Some(f), Some(l)) = (first_day, last_day) {
                let days = (l - f).num_days() + 1;
                if l >= f && h > 2400 * days {
                    e.add(
                        "hours",
                        format!(
                            "Au plus 24 heures par jour, soit {} h pour {}.",
                            24 * days,
                            crate::reports::quantity_fr(days, "jour", "jours")
                        ),
                    );
                }
            }
        }
        None => {}
    }

    let commune_insee = match input.commune_insee.trim() {
        "" => None,
        code if commune_exists(code) => Some(code.to_string()),
        _ => {
            e.add(
                "commune_insee",
                "Cette commune n’appartient pas au territoire.",
            );
            None
        }
    };

    let capacity = parsed(&mut e, "capacity", input::count(&input.capacity));
    if capacity == Some(0) {
        e.add(
            "capacity",
            "La capacité doit être positive (laissez vide si elle est inconnue).",
        );
    }
    let registered = parsed(&mut e, "registered", input::count(&input.registered));
    let women = parsed(
        &mut e,
        "attended_women",
        input::count(&input.attended_women),
    )
    .unwrap_or(0);
    let men = parsed(&mut e, "attended_men", input::count(&input.attended_men)).unwrap_or(0);
    let unstated = parsed(
        &mut e,
        "attended_unstated",
        input::count(&input.attended_unstated),
    )
    .unwrap_or(0);
    let planned_cost_cents = parsed(
        &mut e,
        "planned_cost",
        input::money_cents(&input.planned_cost),
    );
    let actual_cost_cents = parsed(
        &mut e,
        "actual_cost",
        input::money_cents(&input.actual_cost),
    );

    let satisfaction_tenths = parsed(
        &mut e,
        "satisfaction",
        input::scaled(&input.satisfaction, 1),
    );
    if let Some(s) = satisfaction_tenths {
        if !(10..=50).contains(&s) {
            e.add("satisfaction", "La satisfaction est une note de 1 à 5.");
        }
    }

    let attended = women + men + unstated;
    match status {
        Some(TrainingStatus::Cancelled) => {
            if cancel_reason.is_empty() && e.get("cancel_reason").is_none() {
                e.add("cancel_reason", "Indiquez le motif de l’annulation.");
            }
            if attended > 0 {
                e.add(
                    "status",
                    "Une session annulée ne peut pas avoir de participant·es.",
                );
            }
        }
        Some(TrainingStatus::Held) => {
            if let Some(f) = first_day {
                if f > today {
                    e.add(
                        "status",
                        "Une session ne peut pas être réalisée avant son premier jour.",
                    );
                }
            }
        }
        Some(_) => {
            if attended > 0 {
                e.add(
                    "status",
                    "La présence ne se saisit que pour une session réalisée.",
                );
            }
        }
        None => {}
    }

    if !e.is_empty() {
        return Err(e);
    }
    // Every Option below is Some when no error was recorded.
    match (audience, format, status, first_day, last_day, hours_centi) {
        (
            Some(audience),
            Some(format),
            Some(status),
            Some(first_day),
            Some(last_day),
            Some(hours_centi),
        ) => Ok(ValidTraining {
            title,
            theme,
            audience,
            trainer,
            format,
            first_day,
            last_day,
            hours_centi,
            venue,
            commune_insee,
            capacity,
            registered,
            attended_women: women,
            attended_men: men,
            attended_unstated: unstated,
            planned_cost_cents,
            actual_cost_cents,
            status,
            cancel_reason: if status == TrainingStatus::Cancelled {
                cancel_reason
            } else {
                String::new()
            },
            satisfaction_tenths,
            notes,
        }),
        _ => {
            let mut e = FieldErrors::new();
            e.add("title", "Formulaire incomplet.");
            Err(e)
        }
    }
}

/// A stored session, as lists and pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingSession {
    pub id: i64,
    pub title: String,
    pub theme: String,
    pub audience: Audience,
    pub trainer: String,
    pub format: TrainingFormat,
    /// ISO date `yyyy-mm-dd`.
    pub first_day: String,
    pub last_day: String,
    pub hours_centi: i64,
    pub venue: String,
    pub commune_insee: Option<String>,
    pub commune_name: Option<String>,
    pub capacity: Option<i64>,
    pub registered: Option<i64>,
    pub attended_women: i64,
    pub attended_men: i64,
    pub attended_unstated: i64,
    pub attended_total: i64,
    /// More people attended than the capacity allows: allowed, but flagged.
    pub over_capacity: bool,
    pub planned_cost_cents: Option<i64>,
    pub actual_cost_cents: Option<i64>,
    pub status: TrainingStatus,
    pub cancel_reason: String,
    pub satisfaction_tenths: Option<i64>,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT t.id, t.title, t.theme, t.audience, t.trainer, t.format, t.first_day, t.last_day,
    t.hours_centi, t.venue, t.commune_insee, c.name, t.capacity, t.registered, t.attended_women,
    t.attended_men, t.attended_unstated, t.planned_cost_cents, t.actual_cost_cents, t.status,
    t.cancel_reason, t.satisfaction_tenths, t.notes, t.created_at, t.created_by, t.updated_at, t.updated_by
    FROM training_session t LEFT JOIN commune c ON c.insee = t.commune_insee";

fn from_row(r: &Row) -> rusqlite::Result<TrainingSession> {
    let bad = |i: usize| {
        rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text)
    };
    let audience = Audience::from_code(&r.get::<_, String>(3)?).ok_or_else(|| bad(3))?;
    let format = TrainingFormat::from_code(&r.get::<_, String>(5)?).ok_or_else(|| bad(5))?;
    let status = TrainingStatus::from_code(&r.get::<_, String>(19)?).ok_or_else(|| bad(19))?;
    let capacity: Option<i64> = r.get(12)?;
    let (w, m, u): (i64, i64, i64) = (r.get(14)?, r.get(15)?, r.get(16)?);
    Ok(TrainingSession {
        id: r.get(0)?,
        title: r.get(1)?,
        theme: r.get(2)?,
        audience,
        trainer: r.get(4)?,
        format,
        first_day: r.get(6)?,
        last_day: r.get(7)?,
        hours_centi: r.get(8)?,
        venue: r.get(9)?,
        commune_insee: r.get(10)?,
        commune_name: r.get(11)?,
        capacity,
        registered: r.get(13)?,
        attended_women: w,
        attended_men: m,
        attended_unstated: u,
        attended_total: w + m + u,
        over_capacity: capacity.is_some_and(|c| w + m + u > c),
        planned_cost_cents: r.get(17)?,
        actual_cost_cents: r.get(18)?,
        status,
        cancel_reason: r.get(20)?,
        satisfaction_tenths: r.get(21)?,
        notes: r.get(22)?,
        created_at: r.get(23)?,
        created_by: r.get(24)?,
        updated_at: r.get(25)?,
        updated_by: r.get(26)?,
    })
}

fn commune_exists(conn: &Connection) -> impl Fn(&str) -> bool + '_ {
    move |code| {
        conn.query_row("SELECT 1 FROM commune WHERE insee = ?1", [code], |_| Ok(()))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }
}

pub fn get(conn: &Connection, id: i64) -> Result<TrainingSession> {
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Session de formation"))
}

/// Creates a session; nothing is saved when any field is wrong.
pub fn create(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    input: &TrainingInput,
) -> Result<TrainingSession> {
    let v = validate(input, today, commune_exists(conn)).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO training_session (title, theme, audience, trainer, format, first_day, last_day,
                hours_centi, venue, commune_insee, capacity, registered, attended_women, attended_men,
                attended_unstated, planned_cost_cents, actual_cost_cents, status, cancel_reason,
                satisfaction_tenths, notes, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                ?19, ?20, ?21, ?22, ?23, ?22, ?23)",
            params![
                v.title,
                v.theme,
                v.audience.code(),
                v.trainer,
                v.format.code(),
                iso(v.first_day),
                iso(v.last_day),
                v.hours_centi,
                v.venue,
                v.commune_insee,
                v.capacity,
                v.registered,
                v.attended_women,
                v.attended_men,
                v.attended_unstated,
                v.planned_cost_cents,
                v.actual_cost_cents,
                v.status.code(),
                v.cancel_reason,
                v.satisfaction_tenths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name,
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get(conn, id)
}

/// Replaces a session's fields; nothing is saved when any field is wrong.
pub fn update(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    input: &TrainingInput,
) -> Result<TrainingSession> {
    get(conn, id)?;
    let v = validate(input, today, commune_exists(conn)).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE training_session SET title = ?2, theme = ?3, audience = ?4, trainer = ?5, format = ?6,
                first_day = ?7, last_day = ?8, hours_centi = ?9, venue = ?10, commune_insee = ?11,
                capacity = ?12, registered = ?13, attended_women = ?14, attended_men = ?15,
                attended_unstated = ?16, planned_cost_cents = ?17, actual_cost_cents = ?18, status = ?19,
                cancel_reason = ?20, satisfaction_tenths = ?21, notes = ?22, updated_at = ?23, updated_by = ?24
             WHERE id = ?1",
            params![
                id,
                v.title,
                v.theme,
                v.audience.code(),
                v.trainer,
                v.format.code(),
                iso(v.first_day),
                iso(v.last_day),
                v.hours_centi,
                v.venue,
                v.commune_insee,
                v.capacity,
                v.registered,
                v.attended_women,
                v.attended_men,
                v.attended_unstated,
                v.planned_cost_cents,
                v.actual_cost_cents,
                v.status.code(),
                v.cancel_reason,
                v.satisfaction_tenths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name,
            ],
        )?;
        Ok(())
    })?;
    get(conn, id)
}

pub fn delete(conn: &mut Connection, actor: &Actor, now: DateTime<Utc>, id: i64) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        match tx.execute("DELETE FROM training_session WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Session de formation")),
            _ => Ok(()),
        }
    })
}

/// The stored session written back as the form shows it, for editing.
pub fn form(conn: &Connection, id: i64) -> Result<TrainingInput> {
    let s = get(conn, id)?;
    let date = |iso: &str| {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map(input::format_date_fr)
            .unwrap_or_default()
    };
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let money = |v: Option<i64>| v.map(input::format_cents).unwrap_or_default();
    let count = |n: i64| {
        if s.status == TrainingStatus::Held {
            n.to_string()
        } else {
            String::new()
        }
    };
    Ok(TrainingInput {
        title: s.title.clone(),
        theme: s.theme.clone(),
        audience: s.audience.code().into(),
        trainer: s.trainer.clone(),
        format: s.format.code().into(),
        first_day: date(&s.first_day),
        last_day: date(&s.last_day),
        hours: input::format_scaled(s.hours_centi, 2),
        venue: s.venue.clone(),
        commune_insee: s.commune_insee.clone().unwrap_or_default(),
        capacity: opt(s.capacity),
        registered: opt(s.registered),
        attended_women: count(s.attended_women),
        attended_men: count(s.attended_men),
        attended_unstated: count(s.attended_unstated),
        planned_cost: money(s.planned_cost_cents),
        actual_cost: money(s.actual_cost_cents),
        status: s.status.code().into(),
        cancel_reason: s.cancel_reason.clone(),
        satisfaction: s
            .satisfaction_tenths
            .map(|t| input::format_scaled(t, 1))
            .unwrap_or_default(),
        notes: s.notes.clone(),
    })
}

/// The columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrainingSort {
    #[default]
    FirstDay,
    Title,
    Audience,
    Commune,
    Status,
    Attended,
    ActualCost,
}

impl TrainingSort {
    fn column(self) -> &'static str {
        match self {
            TrainingSort::FirstDay => "t.first_day",
            TrainingSort::Title => "t.title COLLATE NOCASE",
            TrainingSort::Audience => "t.audience",
            TrainingSort::Commune => "c.name COLLATE NOCASE",
            TrainingSort::Status => "t.status",
            TrainingSort::Attended => "(t.attended_women + t.attended_men + t.attended_unstated)",
            TrainingSort::ActualCost => "t.actual_cost_cents",
        }
    }
}

/// What the list shows: one year, filtered, sorted and paged in SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrainingQuery {
    pub year: i32,
    pub status: Option<TrainingStatus>,
    pub audience: Option<Audience>,
    pub commune_insee: Option<String>,
    /// Words looked for in the title and the trainer.
    pub search: Option<String>,
    pub sort: TrainingSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

impl TrainingQuery {
    pub fn year(year: i32) -> Self {
        TrainingQuery {
            year,
            status: None,
            audience: None,
            commune_insee: None,
            search: None,
            sort: TrainingSort::FirstDay,
            descending: false,
            page: 1,
            page_size: 50,
        }
    }
}

/// Sums over every session the filters match, not only the page shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingTotals {
    pub sessions: i64,
    pub hours_centi: i64,
    pub registered: i64,
    pub attended_women: i64,
    pub attended_men: i64,
    pub attended_unstated: i64,
    pub attended_total: i64,
    pub planned_cost_cents: i64,
    pub actual_cost_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrainingPage {
    pub items: Vec<TrainingSession>,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub totals: TrainingTotals,
}

pub fn list(conn: &Connection, q: &TrainingQuery) -> Result<TrainingPage> {
    let (from, to) = year_bounds(q.year);
    let mut clauses = vec!["t.first_day BETWEEN ? AND ?".to_string()];
    let mut args: Vec<Value> = vec![Value::Text(from), Value::Text(to)];
    if let Some(s) = q.status {
        clauses.push("t.status = ?".into());
        args.push(Value::Text(s.code().into()));
    }
    if let Some(a) = q.audience {
        clauses.push("t.audience = ?".into());
        args.push(Value::Text(a.code().into()));
    }
    if let Some(c) = q.commune_insee.as_deref().filter(|c| !c.is_empty()) {
        clauses.push("t.commune_insee = ?".into());
        args.push(Value::Text(c.into()));
    }
    for word in q
        .search
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .take(10)
    {
        clauses.push("(t.title LIKE ? ESCAPE '\\' OR t.trainer LIKE ? ESCAPE '\\')".into());
        let p = like_pattern(word);
        args.push(Value::Text(p.clone()));
        args.push(Value::Text(p));
    }
    let filter = clauses.join(" AND ");
    let totals = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum(t.hours_centi), 0), coalesce(sum(t.registered), 0),
                coalesce(sum(t.attended_women), 0), coalesce(sum(t.attended_men), 0),
                coalesce(sum(t.attended_unstated), 0), coalesce(sum(t.planned_cost_cents), 0),
                coalesce(sum(t.actual_cost_cents), 0)
             FROM training_session t LEFT JOIN commune c ON c.insee = t.commune_insee WHERE {filter}"
        ),
        params_from_iter(args.iter()),
        |r| {
            let (w, m, u): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
            Ok(TrainingTotals {
                sessions: r.get(0)?,
                hours_centi: r.get(1)?,
                registered: r.get(2)?,
                attended_women: w,
                attended_men: m,
                attended_unstated: u,
                attended_total: w + m + u,
                planned_cost_cents: r.get(6)?,
                actual_cost_cents: r.get(7)?,
            })
        },
    )?;
    let page_size = q.page_size.clamp(1, 500);
    let page_count = (totals.sessions as u32).div_ceil(page_size).max(1);
    let page = q.page.clamp(1, page_count);
    let direction = if q.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "{SELECT} WHERE {filter} ORDER BY {} {direction}, t.first_day {direction}, t.id {direction} LIMIT ? OFFSET ?",
        q.sort.column()
    );
    args.push(Value::Integer(page_size as i64));
    args.push(Value::Integer(((page - 1) * page_size) as i64));
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(params_from_iter(args.iter()), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TrainingPage {
        items,
        page,
        page_size,
        page_count,
        totals,
    })
}

/// Every session of a year in date order, for exports.
pub fn all_of_year(conn: &Connection, year: i32) -> Result<Vec<TrainingSession>> {
    let (from, to) = year_bounds(year);
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE t.first_day BETWEEN ?1 AND ?2 ORDER BY t.first_day, t.id"
    ))?;
    let rows = stmt.query_map([from, to], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Participants of one audience, among held sessions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AudienceStats {
    pub audience: Audience,
    pub sessions: i64,
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
    pub total: i64,
    /// This audience's share of all participants, 0 to 1.
    pub share: f64,
}

/// A year's statistics, over the sessions held that year.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TrainingStats {
    pub year: i32,
    pub sessions_held: i64,
    pub sessions_planned: i64,
    pub sessions_confirmed: i64,
    pub sessions_cancelled: i64,
    pub hours_delivered_centi: i64,
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
    pub participants: i64,
    /// Shares of participants, 0 to 1; `None` when nobody attended.
    pub share_women: Option<f64>,
    pub share_men: Option<f64>,
    pub share_unstated: Option<f64>,
    pub by_audience: Vec<AudienceStats>,
    /// Participants over capacity, among held sessions whose capacity is known.
    pub fill_rate: Option<f64>,
    /// Actual cost over participant-hours, among held sessions whose actual
    /// cost is known; in cents, rounded to the nearest cent.
    pub cost_per_participant_hour_cents: Option<i64>,
    /// Sum of `participants × hours` over held sessions, in hundredths of an hour.
    pub participant_hours_centi: i64,
    pub actual_cost_cents: i64,
    /// Mean of the sessions' satisfaction scores, 1 to 5.
    pub satisfaction_average: Option<f64>,
    pub communes_reached: i64,
    pub communes_total: i64,
}

fn share(part: i64, total: i64) -> Option<f64> {
    (total > 0).then(|| part as f64 / total as f64)
}

pub fn stats(conn: &Connection, year: i32) -> Result<TrainingStats> {
    let sessions = all_of_year(conn, year)?;
    let count_status = |s: TrainingStatus| sessions.iter().filter(|t| t.status == s).count() as i64;
    let held: Vec<&TrainingSession> = sessions
        .iter()
        .filter(|t| t.status == TrainingStatus::Held)
        .collect();
    let women: i64 = held.iter().map(|t| t.attended_women).sum();
    let men: i64 = held.iter().map(|t| t.attended_men).sum();
    let unstated: i64 = held.iter().map(|t| t.attended_unstated).sum();
    let participants = women + men + unstated;

    let by_audience = Audience::ALL
        .into_iter()
        .filter_map(|a| {
            let of: Vec<&&TrainingSession> = held.iter().filter(|t| t.audience == a).collect();
            if of.is_empty() {
                return None;
            }
            let (w, m, u) = of.iter().fold((0, 0, 0), |acc, t| {
                (
                    acc.0 + t.attended_women,
                    acc.1 + t.attended_men,
                    acc.2 + t.attended_unstated,
                )
            });
            Some(AudienceStats {
                audience: a,
                sessions: of.len() as i64,
                women: w,
                men: m,
                unstated: u,
                total: w + m + u,
                share: share(w + m + u, participants).unwrap_or(0.0),
            })
        })
        .collect();

    let with_capacity: Vec<&&TrainingSession> =
        held.iter().filter(|t| t.capacity.is_some()).collect();
    let capacity: i64 = with_capacity.iter().filter_map(|t| t.capacity).sum();
    let filled: i64 = with_capacity.iter().map(|t| t.attended_total).sum();

    let costed: Vec<&&TrainingSession> = held
        .iter()
        .filter(|t| t.actual_cost_cents.is_some())
        .collect();
    let costed_cents: i64 = costed.iter().filter_map(|t| t.actual_cost_cents).sum();
    let costed_ph_centi: i64 = costed
        .iter()
        .map(|t| t.attended_total * t.hours_centi)
        .sum();
    // cents / (centi-hours / 100), rounded half up, in integers.
    let cost_per_participant_hour_cents = (costed_ph_centi > 0)
        .then(|| (costed_cents * 100 * 2 + costed_ph_centi) / (2 * costed_ph_centi));

    let scores: Vec<i64> = held.iter().filter_map(|t| t.satisfaction_tenths).collect();
    let mut reached: Vec<&str> = held
        .iter()
        .filter_map(|t| t.commune_insee.as_deref())
        .collect();
    reached.sort_unstable();
    reached.dedup();

    Ok(TrainingStats {
        year,
        sessions_held: held.len() as i64,
        sessions_planned: count_status(TrainingStatus::Planned),
        sessions_confirmed: count_status(TrainingStatus::Confirmed),
        sessions_cancelled: count_status(TrainingStatus::Cancelled),
        hours_delivered_centi: held.iter().map(|t| t.hours_centi).sum(),
        women,
        men,
        unstated,
        participants,
        share_women: share(women, participants),
        share_men: share(men, participants),
        share_unstated: share(unstated, participants),
        by_audience,
        fill_rate: share(filled, capacity),
        cost_per_participant_hour_cents,
        participant_hours_centi: held.iter().map(|t| t.attended_total * t.hours_centi).sum(),
        actual_cost_cents: held.iter().filter_map(|t| t.actual_cost_cents).sum(),
        satisfaction_average: (!scores.is_empty())
            .then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64 / 10.0),
        communes_reached: reached.len() as i64,
        communes_total: crate::territory::commune_count(conn)?,
    })
}

/// The years the app offers: from the plan's first year to next year, and any
/// year that holds a session.
pub fn years(conn: &Connection, first_year: i32, today: NaiveDate) -> Result<Vec<i32>> {
    let mut years: Vec<i32> =
        (first_year.min(today.year())..=today.year().max(first_year) + 1).collect();
    let mut stmt = conn.prepare(
        "SELECT DISTINCT CAST(substr(first_day, 1, 4) AS INTEGER) FROM training_session",
    )?;
    for y in stmt.query_map([], |r| r.get::<_, i32>(0))? {
        years.push(y?);
    }
    years.sort_unstable();
    years.dedup();
    Ok(years)
}
