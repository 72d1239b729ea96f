//! The yearly call for projects: envelope, dates, weighted criteria and the
//! documents each application must include.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    euros, iso, iso_to_fr, parse_siret, parsed, required_date, required_text, text_field,
    DEFAULT_CRITERIA, DEFAULT_DOCUMENTS,
};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store::{self, Columns};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CriterionInput {
    pub label: String,
    /// A whole number from 1 to 100; weights are relative to each other.
    pub weight: String,
}

/// The call form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CallInput {
    pub year: String,
    pub name: String,
    /// Euros, e.g. `"40 000"`.
    pub envelope: String,
    /// `dd/mm/yyyy`.
    pub opens_on: String,
    pub closes_on: String,
    /// The authority's SIRET, needed only for the open-data export.
    pub grantor_siret: String,
    pub notes: String,
    pub criteria: Vec<CriterionInput>,
    /// The label of each required document.
    pub documents: Vec<String>,
}

impl CallInput {
    /// A new call's form: seed 000's criteria and the usual documents.
    pub fn with_defaults(year: i32) -> Self {
        CallInput {
            year: year.to_string(),
            name: format!("Fonds d’initiative {year}"),
            envelope: String::new(),
            opens_on: format!("01/01/{year}"),
            closes_on: format!("31/03/{year}"),
            grantor_siret: String::new(),
            notes: String::new(),
            criteria: DEFAULT_CRITERIA
                .iter()
                .map(|(label, weight)| CriterionInput {
                    label: label.to_string(),
                    weight: weight.to_string(),
                })
                .collect(),
            documents: DEFAULT_DOCUMENTS.iter().map(|d| d.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCall {
    pub year: i32,
    pub name: String,
    pub envelope_cents: i64,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub grantor_siret: Option<String>,
    pub notes: String,
    pub criteria: Vec<ValidCriterion>,
    pub documents: Vec<String>,
}

/// A scoring criterion that passed its rules: a label, a weight from 1 to 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCriterion {
    pub label: String,
    pub weight: i64,
}

pub fn validate_call(input: &CallInput) -> std::result::Result<ValidCall, FieldErrors> {
    let mut e = FieldErrors::new();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            e.add("year", "L’année est un nombre entre 2000 et 2100.");
            None
        }
    };
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        200,
        "Le nom de l’appel est obligatoire.",
    );
    crate::input::refuse_formula(&mut e, "name", &name);
    let envelope = parsed(&mut e, "envelope", input::money_cents(&input.envelope));
    match envelope {
        None if e.get("envelope").is_none() => e.add("envelope", "L’enveloppe est obligatoire."),
        Some(0) => e.add("envelope", "L’enveloppe doit être positive."),
        _ => {}
    }
    let opens_on = required_date(
        &mut e,
        "opens_on",
        &input.opens_on,
        "La date d’ouverture est obligatoire.",
    );
    let closes_on = required_date(
        &mut e,
        "closes_on",
        &input.closes_on,
        "La date de clôture est obligatoire.",
    );
    if let (Some(o), Some(c)) = (opens_on, closes_on) {
        if c < o {
            e.add("closes_on", "La clôture ne peut pas précéder l’ouverture.");
        }
    }
    let grantor_siret = parsed(&mut e, "grantor_siret", parse_siret(&input.grantor_siret));
    let notes = text_field(&mut e, "notes", &input.notes, 5000);

    let criteria = valid_criteria(&mut e, &input.criteria);
    let documents = valid_documents(&mut e, &input.documents);
    if !e.is_empty() {
        return Err(e);
    }
    match (year, envelope, opens_on, closes_on) {
        (Some(year), Some(envelope_cents), Some(opens_on), Some(closes_on)) => Ok(ValidCall {
            year,
            name,
            envelope_cents,
            opens_on,
            closes_on,
            grantor_siret,
            notes,
            criteria,
            documents,
        }),
        _ => {
            e.add("name", "Formulaire incomplet.");
            Err(e)
        }
    }
}

/// The scoring criteria, each with a label and a weight from 1 to 100; one at least.
fn valid_criteria(e: &mut FieldErrors, lines: &[CriterionInput]) -> Vec<ValidCriterion> {
    let mut criteria = Vec::new();
    for (i, c) in lines.iter().enumerate() {
        let label_key = format!("criteria.{i}.label");
        let weight_key = format!("criteria.{i}.weight");
        let label = required_text(
            e,
            &label_key,
            &c.label,
            300,
            "L’intitulé du critère est obligatoire.",
        );
        let weight = match input::count(&c.weight) {
            Ok(Some(w)) if (1..=100).contains(&w) => w,
            Ok(None) => {
                e.add(&weight_key, "Le poids est obligatoire (1 à 100).");
                0
            }
            _ => {
                e.add(&weight_key, "Le poids est un nombre entier de 1 à 100.");
                0
            }
        };
        criteria.push(ValidCriterion { label, weight });
    }
    if criteria.is_empty() {
        e.add("criteria", "Un appel a au moins un critère de notation.");
    }
    criteria
}

/// The documents an application must hold, each named once (case ignored).
fn valid_documents(e: &mut FieldErrors, lines: &[String]) -> Vec<String> {
    let mut documents = Vec::new();
    for (i, d) in lines.iter().enumerate() {
        documents.push(required_text(
            e,
            &format!("documents.{i}"),
            d,
            200,
            "L’intitulé de la pièce est obligatoire (ou retirez la ligne).",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, d) in documents.iter().enumerate() {
        if !d.is_empty() && !seen.insert(d.to_lowercase()) {
            e.add(&format!("documents.{i}"), "Cette pièce est déjà demandée.");
        }
    }
    documents
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Criterion {
    pub id: i64,
    pub label: String,
    pub weight: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RequiredDocument {
    pub id: i64,
    pub label: String,
}

/// A stored call with its criteria and documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FundCall {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub envelope_cents: i64,
    /// ISO dates.
    pub opens_on: String,
    pub closes_on: String,
    pub grantor_siret: Option<String>,
    pub notes: String,
    pub criteria: Vec<Criterion>,
    pub documents: Vec<RequiredDocument>,
    pub applications: i64,
    /// Criteria are frozen once an application has been scored.
    pub criteria_locked: bool,
    pub updated_at: String,
    pub updated_by: String,
}

pub fn get_call(conn: &Connection, id: i64) -> Result<FundCall> {
    let base = conn
        .query_row(
            "SELECT id, year, name, envelope_cents, opens_on, closes_on, grantor_siret, notes,
                updated_at, updated_by,
                (SELECT count(*) FROM fund_application a WHERE a.call_id = fund_call.id),
                (SELECT count(*) FROM fund_score s JOIN fund_criterion c ON c.id = s.criterion_id
                  WHERE c.call_id = fund_call.id)
             FROM fund_call WHERE id = ?1",
            [id],
            |r| {
                Ok(FundCall {
                    id: r.get(0)?,
                    year: r.get(1)?,
                    name: r.get(2)?,
                    envelope_cents: r.get(3)?,
                    opens_on: r.get(4)?,
                    closes_on: r.get(5)?,
                    grantor_siret: r.get(6)?,
                    notes: r.get(7)?,
                    updated_at: r.get(8)?,
                    updated_by: r.get(9)?,
                    applications: r.get(10)?,
                    criteria_locked: r.get::<_, i64>(11)? > 0,
                    criteria: Vec::new(),
                    documents: Vec::new(),
                })
            },
        )
        .optional()?;
    let mut call = base.ok_or(Error::NotFound("Appel à projets"))?;
    let mut stmt = conn.prepare(
        "SELECT id, label, weight FROM fund_criterion WHERE call_id = ?1 ORDER BY position",
    )?;
    call.criteria = stmt
        .query_map([id], |r| {
            Ok(Criterion {
                id: r.get(0)?,
                label: r.get(1)?,
                weight: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, label FROM fund_required_document WHERE call_id = ?1 ORDER BY position",
    )?;
    call.documents = stmt
        .query_map([id], |r| {
            Ok(RequiredDocument {
                id: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(call)
}

/// Every call, the latest year first.
pub fn list_calls(conn: &Connection) -> Result<Vec<FundCall>> {
    let mut stmt = conn.prepare("SELECT id FROM fund_call ORDER BY year DESC")?;
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get_call(conn, id)).collect()
}

/// The call of a year, if there is one.
pub fn call_of_year(conn: &Connection, year: i32) -> Result<Option<FundCall>> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM fund_call WHERE year = ?1", [year], |r| {
            r.get(0)
        })
        .optional()?;
    id.map(|id| get_call(conn, id)).transpose()
}

fn year_taken(tx: &Transaction, year: i32, except: Option<i64>) -> Result<bool> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM fund_call WHERE year = ?1 AND id IS NOT ?2",
        params![year, except],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn granted_in_call(tx: &Transaction, call_id: i64) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(sum(granted_cents), 0) FROM fund_application
         WHERE call_id = ?1 AND decision = 'granted'",
        [call_id],
        |r| r.get(0),
    )?)
}

/// A valid call's stored columns, for its insert and its update; its
/// criteria and documents are written by `write_lists`.
fn columns(v: &ValidCall) -> Columns {
    vec![
        ("year", v.year.into()),
        ("name", v.name.clone().into()),
        ("envelope_cents", v.envelope_cents.into()),
        ("opens_on", iso(v.opens_on).into()),
        ("closes_on", iso(v.closes_on).into()),
        ("grantor_siret", v.grantor_siret.clone().into()),
        ("notes", v.notes.clone().into()),
    ]
}

pub fn create_call(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &CallInput,
) -> Result<FundCall> {
    let v = validate_call(input).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        if year_taken(tx, v.year, None)? {
            let mut e = FieldErrors::new();
            e.add("year", format!("Un appel existe déjà pour {}.", v.year));
            return Err(Error::Invalid(e));
        }
        let id = ctx.insert(tx, "fund_call", columns(&v))?;
        write_lists(tx, id, &v, false)?;
        Ok(id)
    })?;
    get_call(conn, id)
}

/// Replaces the criteria and documents. Criteria are frozen once any
/// application is scored (the ranking would change under the committee's
/// feet); a document already ticked on an application cannot be removed.
fn write_lists(tx: &Transaction, call_id: i64, v: &ValidCall, existing: bool) -> Result<()> {
    if existing {
        let scored: i64 = tx.query_row(
            "SELECT count(*) FROM fund_score s JOIN fund_criterion c ON c.id = s.criterion_id
             WHERE c.call_id = ?1",
            [call_id],
            |r| r.get(0),
        )?;
        let mut stmt = tx.prepare(
            "SELECT label, weight FROM fund_criterion WHERE call_id = ?1 ORDER BY position",
        )?;
        let current: Vec<ValidCriterion> = stmt
            .query_map([call_id], |r| {
                Ok(ValidCriterion {
                    label: r.get(0)?,
                    weight: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        if current != v.criteria {
            if scored > 0 {
                let mut e = FieldErrors::new();
                e.add(
                    "criteria",
                    "Des dossiers sont déjà notés : les critères et leurs poids ne peuvent plus changer.",
                );
                return Err(Error::Invalid(e));
            }
            tx.execute("DELETE FROM fund_criterion WHERE call_id = ?1", [call_id])?;
            insert_criteria(tx, call_id, &v.criteria)?;
        }
        // Documents: keep the rows whose label stays (their ticks stay with
        // them), drop the others, add the new ones, then renumber.
        let mut stmt =
            tx.prepare("SELECT id, label FROM fund_required_document WHERE call_id = ?1")?;
        let docs: Vec<(i64, String)> = stmt
            .query_map([call_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, label) in &docs {
            if !v.documents.iter().any(|d| d == label) {
                let ticked: i64 = tx.query_row(
                    "SELECT count(*) FROM fund_document_received WHERE document_id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                if ticked > 0 {
                    let mut e = FieldErrors::new();
                    e.add(
                        "documents",
                        format!("La pièce « {label} » est déjà reçue pour un dossier : elle ne peut plus être retirée."),
                    );
                    return Err(Error::Invalid(e));
                }
                tx.execute("DELETE FROM fund_required_document WHERE id = ?1", [id])?;
            }
        }
        // Move kept rows out of the way of the UNIQUE (call, position) before renumbering.
        tx.execute(
            "UPDATE fund_required_document SET position = position + 100000 WHERE call_id = ?1",
            [call_id],
        )?;
        for (pos, label) in v.documents.iter().enumerate() {
            let updated = tx.execute(
                "UPDATE fund_required_document SET position = ?3 WHERE call_id = ?1 AND label = ?2",
                params![call_id, label, pos as i64],
            )?;
            if updated == 0 {
                tx.execute(
                    "INSERT INTO fund_required_document (call_id, position, label) VALUES (?1, ?2, ?3)",
                    params![call_id, pos as i64, label],
                )?;
            }
        }
    } else {
        insert_criteria(tx, call_id, &v.criteria)?;
        for (pos, label) in v.documents.iter().enumerate() {
            tx.execute(
                "INSERT INTO fund_required_document (call_id, position, label) VALUES (?1, ?2, ?3)",
                params![call_id, pos as i64, label],
            )?;
        }
    }
    Ok(())
}

fn insert_criteria(tx: &Transaction, call_id: i64, criteria: &[ValidCriterion]) -> Result<()> {
    for (pos, ValidCriterion { label, weight }) in criteria.iter().enumerate() {
        tx.execute(
            "INSERT INTO fund_criterion (call_id, position, label, weight) VALUES (?1, ?2, ?3, ?4)",
            params![call_id, pos as i64, label, weight],
        )?;
    }
    Ok(())
}

pub fn update_call(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &CallInput,
) -> Result<FundCall> {
    let v = validate_call(input).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        let exists: i64 =
            tx.query_row("SELECT count(*) FROM fund_call WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        if exists == 0 {
            return Err(Error::NotFound("Appel à projets"));
        }
        if year_taken(tx, v.year, Some(id))? {
            let mut e = FieldErrors::new();
            e.add("year", format!("Un appel existe déjà pour {}.", v.year));
            return Err(Error::Invalid(e));
        }
        let granted = granted_in_call(tx, id)?;
        if v.envelope_cents < granted {
            let mut e = FieldErrors::new();
            e.add(
                "envelope",
                format!(
                    "{} sont déjà accordés dans cet appel : l’enveloppe ne peut pas descendre en dessous.",
                    euros(granted)
                ),
            );
            return Err(Error::Invalid(e));
        }
        ctx.update(tx, "fund_call", id, columns(&v))?;
        write_lists(tx, id, &v, true)
    })?;
    get_call(conn, id)
}

/// A call is deleted only while it holds no application.
pub fn delete_call(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        let apps: i64 = tx.query_row(
            "SELECT count(*) FROM fund_application WHERE call_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if apps > 0 {
            return Err(Error::Refused(format!(
                "Cet appel compte {} : il ne peut pas être supprimé.",
                crate::reports::quantity_fr(apps, "dossier", "dossiers")
            )));
        }
        tx.execute("DELETE FROM fund_criterion WHERE call_id = ?1", [id])?;
        tx.execute(
            "DELETE FROM fund_required_document WHERE call_id = ?1",
            [id],
        )?;
        match tx.execute("DELETE FROM fund_call WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Appel à projets")),
            _ => Ok(()),
        }
    })
}

/// The stored call as its form shows it.
pub fn call_form(conn: &Connection, id: i64) -> Result<CallInput> {
    let c = get_call(conn, id)?;
    Ok(CallInput {
        year: c.year.to_string(),
        name: c.name,
        envelope: input::format_cents(c.envelope_cents),
        opens_on: iso_to_fr(&c.opens_on),
        closes_on: iso_to_fr(&c.closes_on),
        grantor_siret: c.grantor_siret.unwrap_or_default(),
        notes: c.notes,
        criteria: c
            .criteria
            .into_iter()
            .map(|k| CriterionInput {
                label: k.label,
                weight: k.weight.to_string(),
            })
            .collect(),
        documents: c.documents.into_iter().map(|d| d.label).collect(),
    })
}

/// The fund's line in the budget of a year, as the fund compares itself
/// with it: its voted credits and what is still available to commit.
pub(crate) struct FundLine {
    pub id: i64,
    pub label: String,
    pub voted_cents: i64,
    pub available_cents: i64,
}

/// The first line of kind « fund » in the budget of `year`; `None` when the
/// year has no budget or the budget no fund line: there is nothing to
/// compare with then.
pub(crate) fn fund_line(conn: &Connection, year: i32) -> Result<Option<FundLine>> {
    let Some(budget) = crate::budget::budget_of_year(conn, year)? else {
        return Ok(None);
    };
    let Some(line) = crate::budget::lines(conn, budget.id)?
        .into_iter()
        .find(|l| l.kind == crate::budget::LineKind::Fund)
    else {
        return Ok(None);
    };
    // The fund's line counts grants and tranches by their own dates: the day
    // of reading changes none of its figures.
    let f = crate::budget::line_figures(conn, line.id, chrono::NaiveDate::MIN)?;
    Ok(Some(FundLine {
        id: line.id,
        label: line.label,
        voted_cents: f.voted_cents,
        available_cents: f.available_cents,
    }))
}

/// A call's envelope above the voted credits of the budget's fund line: a
/// warning shown beside the envelope and on the budget's line, never a
/// refusal (the credits may be amended later, or the envelope lowered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EnvelopeOverCredits {
    pub year: i32,
    pub envelope_cents: i64,
    /// The budget line compared with: the first of kind « fund ».
    pub line_id: i64,
    pub line_label: String,
    pub voted_cents: i64,
    /// The warning in French, with both amounts.
    pub message: String,
}

/// Compares an envelope with the voted credits of the fund's line of `year`.
pub fn envelope_over_credits(
    conn: &Connection,
    year: i32,
    envelope_cents: i64,
) -> Result<Option<EnvelopeOverCredits>> {
    let Some(line) = fund_line(conn, year)? else {
        return Ok(None);
    };
    if envelope_cents <= line.voted_cents {
        return Ok(None);
    }
    Ok(Some(EnvelopeOverCredits {
        year,
        envelope_cents,
        message: format!(
            "L’enveloppe de l’appel ({}) dépasse les crédits votés de la ligne « {} » du budget {year} ({}).",
            euros(envelope_cents),
            line.label,
            euros(line.voted_cents)
        ),
        line_id: line.id,
        line_label: line.label,
        voted_cents: line.voted_cents,
    }))
}

/// The stored call of `year` compared with its budget line; `None` without a
/// call, a budget or a fund line, or when the envelope fits.
pub fn call_envelope_over_credits(
    conn: &Connection,
    year: i32,
) -> Result<Option<EnvelopeOverCredits>> {
    match call_of_year(conn, year)? {
        Some(call) => envelope_over_credits(conn, call.year, call.envelope_cents),
        None => Ok(None),
    }
}

/// The call form as typed compared with its year's budget line, for the
/// warning beside the envelope field; `None` while the year or the envelope
/// is not a valid value yet (the form's own errors say so).
pub fn typed_envelope_over_credits(
    conn: &Connection,
    input: &CallInput,
) -> Result<Option<EnvelopeOverCredits>> {
    let year = input.year.trim().parse::<i32>().ok();
    let envelope = input::money_cents(&input.envelope).ok().flatten();
    match (year, envelope) {
        (Some(y), Some(e)) if e > 0 => envelope_over_credits(conn, y, e),
        _ => Ok(None),
    }
}
