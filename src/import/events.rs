//! Events (the week's and standalone ones) from a unit's spreadsheet: each
//! row is the event form as typed ([`EventInput`]), checked by its own
//! validator. An event whose day falls within a recorded edition of the week
//! belongs to that edition; otherwise it is standalone. A cost column
//! becomes the event's one cost line. A row whose title, day and commune
//! match a recorded event is already present, or brings it up to date when
//! the person asked for updates.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{
    attendance_by_sex, attendance_fields, cell_errors, code_of, commune_code, communes_by_name,
    date_text, differs, overlay, place, Checked, Kind, Write,
};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::organisations::field;
use super::{CellError, ImportKind, ImportOptions};
use crate::error::Result;
use crate::events::{
    event_columns, validate_event, write_costs, CostLineInput, EventInput, EventKind, EventPublic,
    EventStatus, ValidEvent,
};
use crate::store::WriteCtx;

/// The event form's fields, with the words a spreadsheet's header uses.
pub const FIELDS: &[FieldSpec] = &[
    field!(
        "title",
        "Intitulé",
        ["Titre", "Événement", "Nom de l’événement", "Action"]
    ),
    field!("kind", "Type", ["Type d’événement", "Nature", "Catégorie"]),
    field!("day", "Date", ["Jour", "Date de l’événement"]),
    field!(
        "start_time",
        "Début",
        ["Heure de début", "Heure", "Horaire"]
    ),
    field!("end_time", "Fin", ["Heure de fin"]),
    field!("venue", "Lieu", ["Salle", "Adresse"]),
    field!("commune_insee", "Commune", ["Ville", "Code INSEE"]),
    field!(
        "organiser",
        "Organisateur",
        ["Organisé par", "Porteur", "Organisatrice"]
    ),
    field!("partners", "Partenaires", ["Partenaire", "Avec"]),
    field!("public", "Public", ["Public visé", "Public cible", "Cible"]),
    field!(
        "capacity",
        "Capacité",
        ["Places", "Jauge", "Nombre de places"]
    ),
    field!(
        "expected_attendance",
        "Participation attendue",
        ["Public attendu", "Attendus"]
    ),
    field!(
        "attended_total",
        "Participants",
        ["Présents", "Nombre de participants", "Fréquentation"]
    ),
    field!("attended_women", "Femmes", ["Participantes", "Nb femmes"]),
    field!(
        "attended_men",
        "Hommes",
        ["Participants hommes", "Nb hommes"]
    ),
    field!(
        "attended_unstated",
        "Sexe non renseigné",
        ["Non renseigné", "NR"]
    ),
    field!(
        "attended_fh",
        "Présents F/H",
        ["F/H", "Femmes/Hommes", "F / H"]
    ),
    field!(
        "attended_hf",
        "Présents H/F",
        ["H/F", "Hommes/Femmes", "M/F"]
    ),
    field!("status", "Statut", ["État", "Etat"]),
    field!("cancel_reason", "Motif d’annulation", ["Motif"]),
    field!(
        "description",
        "Description",
        ["Présentation", "Programme", "Remarques"]
    ),
    field!("cost", "Coût (€)", ["Coût", "Montant", "Budget", "Dépense"]),
    field!(
        "cost_supplier",
        "Prestataire",
        ["Fournisseur", "Intervenant"]
    ),
];

/// Events, as [`batch`](super::batch) imports them.
pub struct Events;

/// What checking events needs, read once.
pub struct Context {
    today: NaiveDate,
    communes: HashMap<String, String>,
    insee: HashSet<String>,
    /// Each edition of the week: its id, first and last day.
    editions: Vec<(i64, NaiveDate, NaiveDate)>,
    /// The events recorded, by title as words, day and commune.
    recorded: HashMap<EventKey, i64>,
    /// Each valid row of the file, by the same key.
    seen: HashSet<EventKey>,
    update_present: bool,
}

/// An event's key for « already present »: its title as words, its day and
/// its commune.
type EventKey = (String, NaiveDate, Option<String>);

impl Kind for Events {
    const KIND: ImportKind = ImportKind::Events;
    type Valid = Write<ValidEvent>;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }

    fn context(conn: &Connection, options: &ImportOptions, today: NaiveDate) -> Result<Context> {
        let communes = communes_by_name(conn)?;
        let day = |s: String| crate::sql::from_iso(&s);
        let editions = crate::sql::all(
            conn,
            "SELECT id, first_day, last_day FROM week_edition",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?
        .into_iter()
        .filter_map(|(id, a, b)| Some((id, day(a)?, day(b)?)))
        .collect();
        let recorded = crate::sql::all(
            conn,
            "SELECT title, day, commune_insee, id FROM event",
            [],
            |r| {
                Ok((
                    normalize(&r.get::<_, String>(0)?),
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?
        .into_iter()
        .filter_map(|(t, d, c, id)| Some(((t, day(d)?, c), id)))
        .collect();
        Ok(Context {
            today,
            insee: communes.values().cloned().collect(),
            communes,
            editions,
            recorded,
            seen: HashSet::new(),
            update_present: options.update_present,
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<Write<ValidEvent>> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (v("title"), date_text(&v("day")));
        let (input, split_error) = form_of(ctx, mapping, cells);
        let editions = &ctx.editions;
        let insee = &ctx.insee;
        let valid = validate_event(
            &input,
            ctx.today,
            |id| editions.iter().find(|e| e.0 == id).map(|e| (e.1, e.2)),
            |c: &str| insee.contains(c),
        );
        let mut errors = match &valid {
            Err(e) => cell_errors(e, mapping, cost_field),
            Ok(_) => Vec::new(),
        };
        errors.extend(split_error);
        match valid {
            Ok(v) if errors.is_empty() => {
                let key = (normalize(&v.title), v.day, v.commune_insee.clone());
                let (today, update) = (ctx.today, ctx.update_present);
                let updated = |id| {
                    let stored = crate::events::event_form(conn, id).ok();
                    let Some(merged) =
                        stored.and_then(|s| overlay(s, &input, mapping, event_fields))
                    else {
                        return Ok(None);
                    };
                    let v = validate_event(
                        &merged,
                        today,
                        |id| editions.iter().find(|e| e.0 == id).map(|e| (e.1, e.2)),
                        |c: &str| insee.contains(c),
                    )?;
                    let changed = differs(conn, "event", id, &event_columns(&v)).unwrap_or(false)
                        || (mapping.contains_key("cost") && !merged_costs_equal(conn, id, &v));
                    Ok(changed.then_some(v))
                };
                match place(&mut ctx.seen, &ctx.recorded, key, update, updated, v) {
                    Ok((status, write)) => Checked::with(0, title, detail, status, write),
                    Err(e) => {
                        Checked::refused(0, title, detail, cell_errors(&e, mapping, cost_field))
                    }
                }
            }
            _ => Checked::refused(0, title, detail, errors),
        }
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[Write<ValidEvent>],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        for row in rows {
            match row {
                Write::Insert(v) => {
                    let mut cols = event_columns(v);
                    cols.push(("import_batch_id", batch.into()));
                    let id = ctx.insert(tx, "event", cols)?;
                    write_costs(tx, &ctx.stamp(), &ctx.actor.name, id, &v.costs)?;
                }
                // The cost lines are the stored ones unless the file has a
                // cost column (see `event_fields`): written again as they are.
                Write::Update(id, v) => {
                    ctx.update(tx, "event", *id, event_columns(v))?;
                    write_costs(tx, &ctx.stamp(), &ctx.actor.name, *id, &v.costs)?;
                }
            }
            step()?;
        }
        Ok(())
    }

    /// An event changed since the import, or linked to an action of the plan.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        let title: Option<String> = conn
            .query_row(
                "SELECT e.title FROM event e WHERE e.import_batch_id = ?1 AND (e.updated_at > ?2
                    OR EXISTS (SELECT 1 FROM plan_link l WHERE l.kind = 'event' AND l.target_id = e.id))
                 LIMIT 1",
                rusqlite::params![batch, created_at],
                |r| r.get(0),
            )
            .optional()?;
        Ok(title.map(|t| {
            format!("L’événement « {t} » a été modifié ou rattaché au plan depuis l’import : l’import ne peut plus être annulé en bloc.")
        }))
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        tx.execute(
            "DELETE FROM event_cost WHERE event_id IN (SELECT id FROM event WHERE import_batch_id = ?1)",
            [batch],
        )?;
        Ok(tx.execute("DELETE FROM event WHERE import_batch_id = ?1", [batch])? as u32)
    }
}

/// The event form's fields an import field fills: a « F/H » cell the women
/// and men present, the cost column the cost lines.
fn event_fields(key: &str) -> Vec<&str> {
    match key {
        "cost" | "cost_supplier" => vec!["costs"],
        other => attendance_fields(other),
    }
}

/// Whether the event's stored cost lines are those of `v`.
fn merged_costs_equal(conn: &Connection, id: i64, v: &ValidEvent) -> bool {
    let stored = crate::sql::all(
        conn,
        "SELECT object, supplier, amount_cents FROM event_cost WHERE event_id = ?1 ORDER BY position",
        [id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)),
    )
    .unwrap_or_default();
    stored
        == v.costs
            .iter()
            .map(|c| (c.object.clone(), c.supplier.clone(), c.amount_cents))
            .collect::<Vec<_>>()
}

/// The import's field for a message of the event form: a cost line's
/// messages are the cost column's.
fn cost_field(form_field: &str) -> String {
    match form_field {
        "costs.0.amount" | "costs.0.object" | "costs" => "cost",
        "costs.0.supplier" => "cost_supplier",
        other => other,
    }
    .to_string()
}

/// A row as the event form would have it typed, and the message of an
/// attendance-by-sex cell that cannot be read.
fn form_of(ctx: &Context, mapping: &Mapping, cells: &[String]) -> (EventInput, Option<CellError>) {
    let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
    let day = date_text(&v("day"));
    let edition_id = crate::input::date_fr(&day).ok().flatten().and_then(|d| {
        ctx.editions
            .iter()
            .find(|e| e.1 <= d && d <= e.2)
            .map(|e| e.0)
    });
    let (women, men, split_error) = attendance_by_sex(mapping, cells);
    let cost = v("cost");
    let costs = if cost.is_empty() {
        Vec::new()
    } else {
        vec![CostLineInput {
            object: "Coût de l’événement".into(),
            supplier: v("cost_supplier"),
            amount: cost,
        }]
    };
    let input = EventInput {
        edition_id,
        title: v("title"),
        kind: code_of(&v("kind"), kind_code),
        day,
        start_time: v("start_time"),
        end_time: v("end_time"),
        venue: v("venue"),
        commune_insee: commune_code(&ctx.communes, &v("commune_insee")),
        organiser: v("organiser"),
        partners: v("partners"),
        public: code_of(&v("public"), public_code),
        registration_required: false,
        capacity: v("capacity"),
        expected_attendance: v("expected_attendance"),
        attended_total: v("attended_total"),
        attended_women: women,
        attended_men: men,
        attended_unstated: v("attended_unstated"),
        status: code_of(&v("status"), status_code),
        cancel_reason: v("cancel_reason"),
        description: v("description"),
        costs,
    };
    (input, split_error)
}

fn label_or_code<T: Copy>(
    w: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Option<&'static str> {
    all.iter()
        .find(|k| w == code(**k).replace('_', " ") || w == normalize(label(**k)))
        .map(|k| code(*k))
}

fn kind_code(w: &str) -> Option<&'static str> {
    label_or_code(w, EventKind::ALL, EventKind::code, EventKind::label_fr).or(match w {
        "conference debat" | "table ronde" | "colloque" => Some(EventKind::Conference.code()),
        "projection" | "cine debat" | "film" => Some(EventKind::ScreeningDebate.code()),
        "expo" => Some(EventKind::Exhibition.code()),
        "fete" | "festif" | "concert" => Some(EventKind::Festive.code()),
        _ => None,
    })
}

fn public_code(w: &str) -> Option<&'static str> {
    label_or_code(
        w,
        EventPublic::ALL,
        EventPublic::code,
        EventPublic::label_fr,
    )
    .or(match w {
        "tous publics" | "grand public" => Some(EventPublic::GeneralPublic.code()),
        "agents" | "personnel" => Some(EventPublic::Agents.code()),
        "professionnels" | "partenaires" => Some(EventPublic::Professionals.code()),
        "scolaires" | "eleves" | "collegiens" | "lyceens" => Some(EventPublic::YoungPeople.code()),
        _ => None,
    })
}

fn status_code(w: &str) -> Option<&'static str> {
    label_or_code(
        w,
        EventStatus::ALL,
        EventStatus::code,
        EventStatus::label_fr,
    )
    .or(match w {
        "realisee" | "fait" | "faite" | "termine" => Some(EventStatus::Held.code()),
        "annulee" => Some(EventStatus::Cancelled.code()),
        "prevue" | "a venir" => Some(EventStatus::Planned.code()),
        "confirmee" => Some(EventStatus::Confirmed.code()),
        _ => None,
    })
}
