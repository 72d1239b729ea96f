//! One event: its validation, its cost lines, its storage, and the warning
//! given when another event shares its venue at the same time.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    code_of, commune_exists, edition::edition_days, form_date, iso, parsed, text_field, EventKind,
    EventPublic, EventStatus,
};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::input::chosen;
use crate::rights::{Actor, Permission};
use crate::store::{self, Columns};

/// The most cost lines one event takes.
pub const MAX_COST_LINES: usize = 30;

/// One cost line as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CostLineInput {
    pub object: String,
    pub supplier: String,
    /// Euros, e.g. `"1 200,50"`.
    pub amount: String,
}

/// The event form exactly as typed: numbers, dates and times are text that
/// the core parses, answering each field in French. Errors on a cost line are
/// keyed `costs.<index>.<field>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventInput {
    /// The edition of the week it belongs to; `None` for a standalone event.
    pub edition_id: Option<i64>,
    pub title: String,
    /// An [`EventKind`] code.
    pub kind: String,
    /// `dd/mm/yyyy`.
    pub day: String,
    /// `hh:mm`.
    pub start_time: String,
    pub end_time: String,
    pub venue: String,
    /// INSEE code of a member commune, or empty.
    pub commune_insee: String,
    pub organiser: String,
    pub partners: String,
    /// An [`EventPublic`] code.
    pub public: String,
    pub registration_required: bool,
    pub capacity: String,
    pub expected_attendance: String,
    /// Actual attendance; may be left empty when the split by sex is given.
    pub attended_total: String,
    pub attended_women: String,
    pub attended_men: String,
    pub attended_unstated: String,
    /// An [`EventStatus`] code.
    pub status: String,
    pub cancel_reason: String,
    pub description: String,
    pub costs: Vec<CostLineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCostLine {
    pub object: String,
    pub supplier: String,
    pub amount_cents: i64,
}

/// Actual attendance: a total, and the split by sex when it was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub total: i64,
    pub by_sex: Option<BySex>,
}

/// Attendance counted by sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BySex {
    pub women: i64,
    pub men: i64,
    pub unstated: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEvent {
    pub edition_id: Option<i64>,
    pub title: String,
    pub kind: EventKind,
    pub day: NaiveDate,
    /// `HH:MM`.
    pub start_time: String,
    pub end_time: String,
    pub venue: String,
    pub commune_insee: Option<String>,
    pub organiser: String,
    pub partners: String,
    pub public: EventPublic,
    pub registration_required: bool,
    pub capacity: Option<i64>,
    pub expected_attendance: Option<i64>,
    pub attendance: Option<Attendance>,
    pub status: EventStatus,
    pub cancel_reason: String,
    pub description: String,
    pub costs: Vec<ValidCostLine>,
}

/// Validates the form against every rule, collecting all field errors.
/// `today` decides whether the event's date has passed; `edition_days` gives
/// an edition's first and last days (`None` when it does not exist);
/// `commune_exists` tells whether an INSEE code belongs to the territory.
pub fn validate_event(
    input: &EventInput,
    today: NaiveDate,
    edition_days: impl Fn(i64) -> Option<(NaiveDate, NaiveDate)>,
    commune_exists: impl Fn(&str) -> bool,
) -> std::result::Result<ValidEvent, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut texts = event_texts(&mut e, input);
    let (kind, public, status) = choices(&mut e, input);
    let day = required(
        &mut e,
        "day",
        input::date_fr(&input.day),
        "La date est obligatoire.",
    );
    let times = times(&mut e, input);
    if let Some(id) = input.edition_id {
        check_in_edition(&mut e, edition_days(id), day);
    }
    let commune_insee = input::territory_commune(
        &mut e,
        "commune_insee",
        &input.commune_insee,
        commune_exists,
    );
    let capacity = input::capacity(&mut e, "capacity", &input.capacity);
    let expected_attendance = parsed(
        &mut e,
        "expected_attendance",
        input::count(&input.expected_attendance),
    );
    let attendance = attendance(&mut e, input);
    if let Some(status) = status {
        let typed = typed_attendance(input);
        check_status(&mut e, status, &texts.cancel_reason, typed, day, today);
    }
    let costs = valid_cost_lines(&mut e, &input.costs);
    let (Some(kind), Some(public), Some(status), Some(day), Some(times), true) =
        (kind, public, status, day, times, e.is_empty())
    else {
        if e.is_empty() {
            e.add("title", "Formulaire incomplet.");
        }
        return Err(e);
    };
    // Attendance belongs to a held event, a reason to a cancelled one.
    let attendance = attendance.filter(|_| status == EventStatus::Held);
    if status != EventStatus::Cancelled {
        texts.cancel_reason.clear();
    }
    Ok(ValidEvent {
        edition_id: input.edition_id,
        title: texts.title,
        kind,
        day,
        start_time: times.start,
        end_time: times.end,
        venue: texts.venue,
        commune_insee,
        organiser: texts.organiser,
        partners: texts.partners,
        public,
        registration_required: input.registration_required,
        capacity,
        expected_attendance,
        attendance,
        status,
        cancel_reason: texts.cancel_reason,
        description: texts.description,
        costs,
    })
}

/// The event's free texts, trimmed and within their lengths; the title is
/// required.
struct EventTexts {
    title: String,
    venue: String,
    organiser: String,
    partners: String,
    description: String,
    cancel_reason: String,
}

fn event_texts(e: &mut FieldErrors, input: &EventInput) -> EventTexts {
    let title = text_field(e, "title", &input.title, 200);
    if title.is_empty() && e.get("title").is_none() {
        e.add("title", "L’intitulé est obligatoire.");
    }
    EventTexts {
        title,
        venue: text_field(e, "venue", &input.venue, 200),
        organiser: text_field(e, "organiser", &input.organiser, 200),
        partners: text_field(e, "partners", &input.partners, 500),
        description: text_field(e, "description", &input.description, 2000),
        cancel_reason: text_field(e, "cancel_reason", &input.cancel_reason, 500),
    }
}

/// The event's kind, public and status, each one of its list.
fn choices(
    e: &mut FieldErrors,
    input: &EventInput,
) -> (Option<EventKind>, Option<EventPublic>, Option<EventStatus>) {
    let kind = chosen(
        e,
        "kind",
        EventKind::from_code(input.kind.trim()),
        "Choisissez le type d’événement.",
    );
    let public = chosen(
        e,
        "public",
        EventPublic::from_code(input.public.trim()),
        "Choisissez le public.",
    );
    let status = chosen(
        e,
        "status",
        EventStatus::from_code(input.status.trim()),
        "Choisissez le statut.",
    );
    (kind, public, status)
}

/// A required value: `message` beside the field when it is empty, the
/// parser's message when it is wrong.
fn required<T>(
    e: &mut FieldErrors,
    field: &str,
    r: std::result::Result<Option<T>, String>,
    message: &str,
) -> Option<T> {
    let v = parsed(e, field, r);
    if v.is_none() && e.get(field).is_none() {
        e.add(field, message);
    }
    v
}

/// An event's start and end, `HH:MM`, the end after the start.
struct Times {
    start: String,
    end: String,
}

fn times(e: &mut FieldErrors, input: &EventInput) -> Option<Times> {
    let start = required(
        e,
        "start_time",
        input::time_hm(&input.start_time),
        "L’heure de début est obligatoire.",
    );
    let end = required(
        e,
        "end_time",
        input::time_hm(&input.end_time),
        "L’heure de fin est obligatoire.",
    );
    let (start, end) = (start?, end?);
    // `HH:MM` text sorts as time does.
    if end <= start {
        e.add("end_time", "L’heure de fin doit suivre l’heure de début.");
        return None;
    }
    Some(Times { start, end })
}

/// An event of an edition falls within the edition's days.
fn check_in_edition(
    e: &mut FieldErrors,
    edition: Option<(NaiveDate, NaiveDate)>,
    day: Option<NaiveDate>,
) {
    match (edition, day) {
        (None, _) => e.add("edition_id", "Cette édition de la semaine n’existe pas."),
        (Some((first, last)), Some(day)) if day < first || day > last => e.add(
            "day",
            format!(
                "La date doit tomber pendant l’édition, du {} au {} \
                 (ou rattachez l’événement à « hors semaine »).",
                input::format_date_fr(first),
                input::format_date_fr(last)
            ),
        ),
        (Some(_), _) => {}
    }
}

/// Whether any attendance count was typed, the total or the split.
fn typed_attendance(input: &EventInput) -> bool {
    [
        &input.attended_total,
        &input.attended_women,
        &input.attended_men,
        &input.attended_unstated,
    ]
    .iter()
    .any(|s| !s.trim().is_empty())
}

/// The attendance as typed: the split by sex when any part of it is (a part
/// left empty counts zero: the split is counts, not a survey), and then the
/// total, when typed too, must be its sum; otherwise the total alone.
fn attendance(e: &mut FieldErrors, input: &EventInput) -> Option<Attendance> {
    let total = parsed(e, "attended_total", input::count(&input.attended_total));
    let mut count = |field: &str, raw: &str| parsed(e, field, input::count(raw));
    let women = count("attended_women", &input.attended_women);
    let men = count("attended_men", &input.attended_men);
    let unstated = count("attended_unstated", &input.attended_unstated);
    let split_typed = [
        &input.attended_women,
        &input.attended_men,
        &input.attended_unstated,
    ]
    .iter()
    .any(|s| !s.trim().is_empty());
    if !split_typed {
        return total.map(|total| Attendance {
            total,
            by_sex: None,
        });
    }
    let b = BySex {
        women: women.unwrap_or(0),
        men: men.unwrap_or(0),
        unstated: unstated.unwrap_or(0),
    };
    let sum = b.women + b.men + b.unstated;
    if let Some(t) = total.filter(|t| *t != sum) {
        e.add(
            "attended_total",
            format!("Le total ({t}) ne correspond pas à la somme femmes + hommes + non renseigné ({sum})."),
        );
    }
    Some(Attendance {
        total: sum,
        by_sex: Some(b),
    })
}

/// What the status asks: a cancelled event has a reason and nobody; a held
/// one has passed; attendance is entered once the date has passed, for a
/// held event.
fn check_status(
    e: &mut FieldErrors,
    status: EventStatus,
    cancel_reason: &str,
    any_typed: bool,
    day: Option<NaiveDate>,
    today: NaiveDate,
) {
    if status == EventStatus::Cancelled {
        if cancel_reason.is_empty() && e.get("cancel_reason").is_none() {
            e.add("cancel_reason", "Indiquez le motif de l’annulation.");
        }
        if any_typed {
            e.add(
                "attended_total",
                "Un événement annulé n’a pas de participant·es.",
            );
        }
        return;
    }
    let future = day.is_some_and(|d| d > today);
    if status == EventStatus::Held && future {
        e.add(
            "status",
            "Un événement ne peut pas être réalisé avant sa date.",
        );
    }
    if any_typed && future {
        e.add(
            "attended_total",
            "La participation réelle se saisit une fois la date passée.",
        );
    } else if any_typed && status != EventStatus::Held {
        e.add(
            "attended_total",
            "La participation se saisit pour un événement réalisé : choisissez le statut « Réalisé ».",
        );
    }
}

/// The cost lines, blank ones skipped, each with its object and amount.
fn valid_cost_lines(e: &mut FieldErrors, lines: &[CostLineInput]) -> Vec<ValidCostLine> {
    if lines.len() > MAX_COST_LINES {
        e.add("costs", format!("{MAX_COST_LINES} lignes de coût au plus."));
    }
    let mut costs = Vec::new();
    for (i, line) in lines.iter().enumerate().take(MAX_COST_LINES) {
        let blank = line.object.trim().is_empty()
            && line.supplier.trim().is_empty()
            && line.amount.trim().is_empty();
        if blank {
            continue;
        }
        let key = |f: &str| format!("costs.{i}.{f}");
        let object = text_field(e, &key("object"), &line.object, 200);
        if object.is_empty() && e.get(&key("object")).is_none() {
            e.add(&key("object"), "Indiquez l’objet de la dépense.");
        }
        let supplier = text_field(e, &key("supplier"), &line.supplier, 200);
        let amount = required(
            e,
            &key("amount"),
            input::money_cents(&line.amount),
            "Indiquez le montant.",
        );
        if let Some(amount_cents) = amount {
            costs.push(ValidCostLine {
                object,
                supplier,
                amount_cents,
            });
        }
    }
    costs
}

/// A stored event, as lists, the programme and the reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Event {
    pub id: i64,
    pub edition_id: Option<i64>,
    pub title: String,
    pub kind: EventKind,
    /// ISO `yyyy-mm-dd`.
    pub day: String,
    /// `HH:MM`.
    pub start_time: String,
    pub end_time: String,
    pub venue: String,
    pub commune_insee: Option<String>,
    pub commune_name: Option<String>,
    pub organiser: String,
    pub partners: String,
    pub public: EventPublic,
    pub registration_required: bool,
    pub capacity: Option<i64>,
    pub expected_attendance: Option<i64>,
    pub attended_total: Option<i64>,
    pub attended_women: Option<i64>,
    pub attended_men: Option<i64>,
    pub attended_unstated: Option<i64>,
    pub status: EventStatus,
    pub cancel_reason: String,
    pub description: String,
    /// Sum of the cost lines, in cents.
    pub cost_cents: i64,
    /// Other events, not cancelled, at the same venue and commune whose
    /// times overlap this one's.
    pub overlaps: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// Two events overlap when they share a day, a (non-empty) venue and a
/// commune, neither is cancelled, and each starts before the other ends.
pub(crate) const OVERLAP: &str = "o.id <> e.id AND o.day = e.day AND o.status <> 'cancelled'
    AND e.status <> 'cancelled' AND e.venue <> '' AND lower(o.venue) = lower(e.venue)
    AND o.commune_insee IS e.commune_insee AND o.start_time < e.end_time AND e.start_time < o.end_time";

pub(crate) fn select_sql() -> String {
    format!(
        "SELECT e.id, e.edition_id, e.title, e.kind, e.day, e.start_time, e.end_time, e.venue,
        e.commune_insee, c.name, e.organiser, e.partners, e.public, e.registration_required,
        e.capacity, e.expected_attendance, e.attended_total, e.attended_women, e.attended_men,
        e.attended_unstated, e.status, e.cancel_reason, e.description,
        (SELECT coalesce(sum(k.amount_cents), 0) FROM event_cost k WHERE k.event_id = e.id),
        (SELECT count(*) FROM event o WHERE {OVERLAP}),
        e.created_at, e.created_by, e.updated_at, e.updated_by
        FROM event e LEFT JOIN commune c ON c.insee = e.commune_insee"
    )
}

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        edition_id: r.get(1)?,
        title: r.get(2)?,
        kind: code_of(r, 3, EventKind::from_code)?,
        day: r.get(4)?,
        start_time: r.get(5)?,
        end_time: r.get(6)?,
        venue: r.get(7)?,
        commune_insee: r.get(8)?,
        commune_name: r.get(9)?,
        organiser: r.get(10)?,
        partners: r.get(11)?,
        public: code_of(r, 12, EventPublic::from_code)?,
        registration_required: r.get::<_, i64>(13)? != 0,
        capacity: r.get(14)?,
        expected_attendance: r.get(15)?,
        attended_total: r.get(16)?,
        attended_women: r.get(17)?,
        attended_men: r.get(18)?,
        attended_unstated: r.get(19)?,
        status: code_of(r, 20, EventStatus::from_code)?,
        cancel_reason: r.get(21)?,
        description: r.get(22)?,
        cost_cents: r.get(23)?,
        overlaps: r.get(24)?,
        created_at: r.get(25)?,
        created_by: r.get(26)?,
        updated_at: r.get(27)?,
        updated_by: r.get(28)?,
    })
}

pub fn get_event(conn: &Connection, id: i64) -> Result<Event> {
    conn.query_row(&format!("{} WHERE e.id = ?1", select_sql()), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Événement"))
}

/// A cost line as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CostLine {
    pub id: i64,
    pub event_id: i64,
    pub object: String,
    pub supplier: String,
    pub amount_cents: i64,
}

pub fn cost_lines(conn: &Connection, event_id: i64) -> Result<Vec<CostLine>> {
    let mut stmt = conn.prepare(
        "SELECT id, event_id, object, supplier, amount_cents FROM event_cost
         WHERE event_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok(CostLine {
            id: r.get(0)?,
            event_id: r.get(1)?,
            object: r.get(2)?,
            supplier: r.get(3)?,
            amount_cents: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a save answers: the stored event and the warnings the user should
/// read (an overlap at the same venue), which did not prevent the save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EventSaved {
    pub event: Event,
    pub warnings: Vec<String>,
}

/// The French warnings for the events overlapping `id` at its venue.
pub fn overlap_warnings(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT o.title, o.start_time, o.end_time, e.venue FROM event e JOIN event o ON {OVERLAP}
         WHERE e.id = ?1 ORDER BY o.start_time, o.id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok(format!(
            "Même lieu ({}) à la même heure que « {} », de {} à {}.",
            r.get::<_, String>(3)?,
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn validate_in(conn: &Connection, today: NaiveDate, input: &EventInput) -> Result<ValidEvent> {
    validate_event(
        input,
        today,
        |id| edition_days(conn, id).ok().flatten(),
        commune_exists(conn),
    )
    .map_err(Error::Invalid)
}

pub(crate) fn write_costs(
    tx: &Transaction,
    stamp: &str,
    who: &str,
    id: i64,
    costs: &[ValidCostLine],
) -> Result<()> {
    tx.execute("DELETE FROM event_cost WHERE event_id = ?1", [id])?;
    for (i, c) in costs.iter().enumerate() {
        tx.execute(
            "INSERT INTO event_cost (event_id, position, object, supplier, amount_cents, created_at,
                created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
            params![id, i as i64, c.object, c.supplier, c.amount_cents, stamp, who],
        )?;
    }
    Ok(())
}

/// A valid event's stored columns, for its insert and its update: the
/// attendance as a total and, when known, its split by sex.
pub(crate) fn columns(v: &ValidEvent) -> Columns {
    let (total, w, m, u) = match v.attendance {
        None => (None, None, None, None),
        Some(Attendance {
            total,
            by_sex: None,
        }) => (Some(total), None, None, None),
        Some(Attendance {
            total,
            by_sex: Some(b),
        }) => (Some(total), Some(b.women), Some(b.men), Some(b.unstated)),
    };
    vec![
        ("edition_id", v.edition_id.into()),
        ("title", v.title.clone().into()),
        ("kind", v.kind.code().to_string().into()),
        ("day", iso(v.day).into()),
        ("start_time", v.start_time.clone().into()),
        ("end_time", v.end_time.clone().into()),
        ("venue", v.venue.clone().into()),
        ("commune_insee", v.commune_insee.clone().into()),
        ("organiser", v.organiser.clone().into()),
        ("partners", v.partners.clone().into()),
        ("public", v.public.code().to_string().into()),
        ("registration_required", v.registration_required.into()),
        ("capacity", v.capacity.into()),
        ("expected_attendance", v.expected_attendance.into()),
        ("attended_total", total.into()),
        ("attended_women", w.into()),
        ("attended_men", m.into()),
        ("attended_unstated", u.into()),
        ("status", v.status.code().to_string().into()),
        ("cancel_reason", v.cancel_reason.clone().into()),
        ("description", v.description.clone().into()),
    ]
}

/// Creates an event and its cost lines; nothing is saved when any field is wrong.
pub fn create_event(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    input: &EventInput,
) -> Result<EventSaved> {
    let v = validate_in(conn, today, input)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        let id = ctx.insert(tx, "event", columns(&v))?;
        write_costs(tx, &ctx.stamp(), &ctx.actor.name, id, &v.costs)?;
        Ok(id)
    })?;
    Ok(EventSaved {
        event: get_event(conn, id)?,
        warnings: overlap_warnings(conn, id)?,
    })
}

/// Replaces an event's fields and cost lines; nothing is saved when any field is wrong.
pub fn update_event(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    input: &EventInput,
) -> Result<EventSaved> {
    get_event(conn, id)?;
    let v = validate_in(conn, today, input)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.update(tx, "event", id, columns(&v))?;
        write_costs(tx, &ctx.stamp(), &ctx.actor.name, id, &v.costs)?;
        Ok(())
    })?;
    Ok(EventSaved {
        event: get_event(conn, id)?,
        warnings: overlap_warnings(conn, id)?,
    })
}

/// Deletes an event and its cost lines, in one transaction.
pub fn delete_event(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM event_cost WHERE event_id = ?1", [id])?;
        match tx.execute("DELETE FROM event WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Événement")),
            _ => Ok(()),
        }
    })
}

/// The stored event written back as the form shows it, for editing.
pub fn event_form(conn: &Connection, id: i64) -> Result<EventInput> {
    let ev = get_event(conn, id)?;
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let costs = cost_lines(conn, id)?
        .into_iter()
        .map(|c| CostLineInput {
            object: c.object,
            supplier: c.supplier,
            amount: input::format_cents(c.amount_cents),
        })
        .collect();
    Ok(EventInput {
        edition_id: ev.edition_id,
        title: ev.title,
        kind: ev.kind.code().into(),
        day: form_date(&ev.day),
        start_time: ev.start_time,
        end_time: ev.end_time,
        venue: ev.venue,
        commune_insee: ev.commune_insee.unwrap_or_default(),
        organiser: ev.organiser,
        partners: ev.partners,
        public: ev.public.code().into(),
        registration_required: ev.registration_required,
        capacity: opt(ev.capacity),
        expected_attendance: opt(ev.expected_attendance),
        attended_total: opt(ev.attended_total),
        attended_women: opt(ev.attended_women),
        attended_men: opt(ev.attended_men),
        attended_unstated: opt(ev.attended_unstated),
        status: ev.status.code().into(),
        cancel_reason: ev.cancel_reason,
        description: ev.description,
        costs,
    })
}
