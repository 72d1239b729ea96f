//! Commitments (*engagements*) on a line and the payments (*mandats*) made
//! against them. Entering and correcting them is the assistant's work;
//! deleting them is the project lead's. A payment is never corrected in
//! place: it is deleted and entered again.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{budget_year_of, from_iso, iso, required_amount, required_date, text_field};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::reports::money_fr;
use crate::rights::{Actor, Permission};
use crate::store;

/// The commitment form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommitmentInput {
    pub line_id: i64,
    /// `dd/mm/yyyy`.
    pub day: String,
    pub object: String,
    /// Supplier or beneficiary.
    pub party: String,
    /// Euros.
    pub amount: String,
    pub reference: String,
    /// The user confirmed that this commitment takes the line below zero available.
    pub confirm_over_commit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Commitment {
    pub id: i64,
    pub line_id: i64,
    pub line_label: String,
    /// ISO date.
    pub day: String,
    pub object: String,
    pub party: String,
    pub amount_cents: i64,
    pub reference: String,
    pub over_commit: bool,
    /// Computed from the payments.
    pub paid_cents: i64,
    pub left_to_pay_cents: i64,
    pub created_at: String,
    pub created_by: String,
}

const SELECT_COMMITMENT: &str = "SELECT c.id, c.line_id, l.label, c.day, c.object, c.party,
    c.amount_cents, c.reference, c.over_commit,
    coalesce((SELECT sum(p.amount_cents) FROM budget_payment p WHERE p.commitment_id = c.id), 0),
    c.created_at, c.created_by
    FROM budget_commitment c JOIN budget_line l ON l.id = c.line_id";

fn commitment_from_row(r: &Row) -> rusqlite::Result<Commitment> {
    let amount: i64 = r.get(6)?;
    let paid: i64 = r.get(9)?;
    Ok(Commitment {
        id: r.get(0)?,
        line_id: r.get(1)?,
        line_label: r.get(2)?,
        day: r.get(3)?,
        object: r.get(4)?,
        party: r.get(5)?,
        amount_cents: amount,
        reference: r.get(7)?,
        over_commit: r.get::<_, i64>(8)? == 1,
        paid_cents: paid,
        left_to_pay_cents: amount - paid,
        created_at: r.get(10)?,
        created_by: r.get(11)?,
    })
}

pub fn get_commitment(conn: &Connection, id: i64) -> Result<Commitment> {
    conn.query_row(
        &format!("{SELECT_COMMITMENT} WHERE c.id = ?1"),
        [id],
        commitment_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound("Engagement"))
}

/// A page of a budget's commitments, filtered by line, in date order (newest
/// first), paged in SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommitmentQuery {
    pub budget_id: i64,
    pub line_id: Option<i64>,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommitmentPage {
    pub rows: Vec<Commitment>,
    /// Rows matching the filter, over every page.
    pub total_rows: i64,
    pub page: i64,
    pub page_size: i64,
}

pub fn commitments(conn: &Connection, q: &CommitmentQuery) -> Result<CommitmentPage> {
    let page_size = q.page_size.clamp(1, 500);
    let page = q.page.max(0);
    let filter = "l.budget_id = ?1 AND (?2 IS NULL OR c.line_id = ?2)";
    let total_rows: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM budget_commitment c JOIN budget_line l ON l.id = c.line_id
             WHERE {filter}"
        ),
        params![q.budget_id, q.line_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "{SELECT_COMMITMENT} WHERE {filter} ORDER BY c.day DESC, c.id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt
        .query_map(
            params![q.budget_id, q.line_id, page_size, page * page_size],
            commitment_from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CommitmentPage {
        rows,
        total_rows,
        page,
        page_size,
    })
}

/// Every commitment of a budget, in date order: for the spreadsheet.
pub fn all_commitments(conn: &Connection, budget_id: i64) -> Result<Vec<Commitment>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_COMMITMENT} WHERE l.budget_id = ?1 ORDER BY c.day, c.id"
    ))?;
    let rows = stmt.query_map([budget_id], commitment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Enters a commitment. One that takes the line below zero available is
/// refused unless the form confirms the over-commitment; it is then saved
/// and flagged, and the summary shows the line in red.
pub fn create_commitment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &CommitmentInput,
) -> Result<Commitment> {
    save_commitment(conn, actor, now, None, input)
}

/// Corrects a commitment with the same rules as entering it, and two more:
/// its amount never goes below what was paid on it, and its date never after
/// its first payment. It stays on its year's budget.
pub fn update_commitment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &CommitmentInput,
) -> Result<Commitment> {
    save_commitment(conn, actor, now, Some(id), input)
}

/// The stored commitment as its form shows it, for a correction.
pub fn commitment_form(conn: &Connection, id: i64) -> Result<CommitmentInput> {
    let c = get_commitment(conn, id)?;
    Ok(CommitmentInput {
        line_id: c.line_id,
        day: from_iso(&c.day)
            .map(input::format_date_fr)
            .unwrap_or_default(),
        object: c.object,
        party: c.party,
        amount: input::format_cents(c.amount_cents),
        reference: c.reference,
        confirm_over_commit: c.over_commit,
    })
}

fn save_commitment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: Option<i64>,
    input: &CommitmentInput,
) -> Result<Commitment> {
    let current = id.map(|id| get_commitment(conn, id)).transpose()?;
    let valid = validate_commitment(conn, current.as_ref(), input, now.date_naive())?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        write_commitment(tx, ctx, id, &valid)
    })?;
    get_commitment(conn, id)
}

/// A commitment that passed every rule, ready to be written.
struct ValidCommitment {
    line_id: i64,
    day: NaiveDate,
    object: String,
    party: String,
    amount_cents: i64,
    reference: String,
    /// Confirmed beyond the line's available amount.
    over_commit: bool,
}

/// Checks a commitment's form: its fields, its year (the budget's, open),
/// what the stored commitment already binds (its year, its payments), and the
/// line's available amount. `current` is the stored commitment on a correction.
fn validate_commitment(
    conn: &Connection,
    current: Option<&Commitment>,
    input: &CommitmentInput,
    today: NaiveDate,
) -> Result<ValidCommitment> {
    let mut e = FieldErrors::new();
    let line = super::get_line(conn, input.line_id)?;
    let year = budget_year_of(conn, line.budget_id)?.unwrap_or_default();
    let CommitmentFields {
        day,
        object,
        party,
        amount,
        reference,
    } = commitment_fields(&mut e, input, year);
    if let Some(m) = super::closed_year_message(conn, year)? {
        return Err(Error::Refused(m));
    }
    // What the commitment itself already holds on the line counts as available.
    let mut already_on_line = 0;
    if let Some(c) = current {
        let old_year = from_iso(&c.day).map_or(year, |d| d.year());
        if let Some(m) = super::closed_year_message(conn, old_year)? {
            return Err(Error::Refused(m));
        }
        if super::get_line(conn, c.line_id)?.budget_id != line.budget_id {
            e.add("line_id", "Un engagement reste sur le budget de son année.");
        }
        if c.line_id == line.id {
            already_on_line = c.amount_cents;
        }
        check_against_payments(conn, &mut e, c, day, amount)?;
    }
    let mut over_commit = false;
    if let Some(a) = amount {
        let available =
            super::line_figures(conn, line.id, today)?.available_cents + already_on_line;
        if a > available {
            if input.confirm_over_commit {
                over_commit = true;
            } else {
                e.add(
                    "amount",
                    format!(
                        "{} Cochez « Confirmer le dépassement » pour l’enregistrer quand même.",
                        over_available(available)
                    ),
                );
            }
        }
    }
    e.into_result()?;
    let (Some(day), Some(amount_cents)) = (day, amount) else {
        return Err(Error::Refused("Formulaire incomplet.".into()));
    };
    Ok(ValidCommitment {
        line_id: line.id,
        day,
        object,
        party,
        amount_cents,
        reference,
        over_commit,
    })
}

/// A corrected commitment keeps what its payments (mandats) bind: an amount
/// not below what is paid, a date not after the first payment.
/// A commitment's own fields, checked whatever the database holds.
#[derive(Debug, Clone)]
pub(crate) struct CommitmentFields {
    pub day: Option<NaiveDate>,
    pub object: String,
    pub party: String,
    pub amount: Option<i64>,
    pub reference: String,
}

/// Checks the commitment form's own fields: a date in `year` (the
/// budget's), an object, an amount above zero; the party and reference
/// within their lengths.
pub(crate) fn commitment_fields(
    e: &mut FieldErrors,
    input: &CommitmentInput,
    year: i32,
) -> CommitmentFields {
    let day = required_date(e, "day", &input.day, "Indiquez la date de l’engagement.");
    let object = text_field(e, "object", &input.object, 200);
    if object.is_empty() && e.get("object").is_none() {
        e.add("object", "Indiquez l’objet de l’engagement.");
    }
    let party = text_field(e, "party", &input.party, 200);
    let amount = required_amount(e, "amount", &input.amount);
    let reference = text_field(e, "reference", &input.reference, 100);
    if let Some(d) = day {
        if d.year() != year {
            e.add(
                "day",
                format!("La date doit tomber en {year}, l’année du budget."),
            );
        }
    }
    CommitmentFields {
        day,
        object,
        party,
        amount,
        reference,
    }
}

/// The refusal of a commitment above its line's available credits.
pub(crate) fn over_available(available_cents: i64) -> String {
    format!(
        "Cet engagement dépasse le disponible de la ligne ({}).",
        money_fr(available_cents)
    )
}

fn check_against_payments(
    conn: &Connection,
    e: &mut FieldErrors,
    c: &Commitment,
    day: Option<NaiveDate>,
    amount: Option<i64>,
) -> Result<()> {
    if let Some(a) = amount {
        if a < c.paid_cents {
            e.add(
                "amount",
                format!(
                    "Le montant ne peut pas descendre sous ce qui est déjà mandaté ({}).",
                    money_fr(c.paid_cents)
                ),
            );
        }
    }
    let first_payment = payments(conn, c.id)?.first().and_then(|p| from_iso(&p.day));
    if let (Some(d), Some(first)) = (day, first_payment) {
        if d > first {
            e.add(
                "day",
                format!(
                    "Un mandat de cet engagement est daté du {} : l’engagement ne peut pas être postérieur.",
                    input::format_date_fr(first)
                ),
            );
        }
    }
    Ok(())
}

fn write_commitment(
    tx: &rusqlite::Transaction,
    ctx: &store::WriteCtx,
    id: Option<i64>,
    c: &ValidCommitment,
) -> Result<i64> {
    let values = params![
        c.line_id,
        iso(c.day),
        c.object,
        c.party,
        c.amount_cents,
        c.reference,
        c.over_commit as i64,
        ctx.stamp(),
        ctx.actor.name
    ];
    match id {
        None => {
            tx.execute(
                "INSERT INTO budget_commitment (line_id, day, object, party, amount_cents, reference,
                    over_commit, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)",
                values,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            tx.execute(
                "UPDATE budget_commitment SET line_id = ?1, day = ?2, object = ?3, party = ?4,
                    amount_cents = ?5, reference = ?6, over_commit = ?7, updated_at = ?8,
                    updated_by = ?9 WHERE id = ?10",
                rusqlite::params_from_iter(
                    values.iter().copied().chain([&id as &dyn rusqlite::ToSql]),
                ),
            )?;
            Ok(id)
        }
    }
}

/// Deletes a commitment on which nothing was paid.
pub fn delete_commitment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let c = get_commitment(conn, id)?;
    if let Some(m) = from_iso(&c.day)
        .map(|d| super::closed_year_message(conn, d.year()))
        .transpose()?
        .flatten()
    {
        return Err(Error::Refused(m));
    }
    if c.paid_cents > 0 {
        return Err(Error::Refused(
            "Des mandats ont été payés sur cet engagement : supprimez-les d’abord.".into(),
        ));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM budget_commitment WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The payment form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BudgetPaymentInput {
    pub commitment_id: i64,
    /// `dd/mm/yyyy`.
    pub day: String,
    /// Euros.
    pub amount: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetPayment {
    pub id: i64,
    pub commitment_id: i64,
    /// ISO date.
    pub day: String,
    pub amount_cents: i64,
    pub reference: String,
    pub created_at: String,
    pub created_by: String,
}

/// The payments of a commitment, in date order.
pub fn payments(conn: &Connection, commitment_id: i64) -> Result<Vec<BudgetPayment>> {
    let mut stmt = conn.prepare(
        "SELECT id, commitment_id, day, amount_cents, reference, created_at, created_by
         FROM budget_payment WHERE commitment_id = ?1 ORDER BY day, id",
    )?;
    let rows = stmt.query_map([commitment_id], |r| {
        Ok(BudgetPayment {
            id: r.get(0)?,
            commitment_id: r.get(1)?,
            day: r.get(2)?,
            amount_cents: r.get(3)?,
            reference: r.get(4)?,
            created_at: r.get(5)?,
            created_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Enters a payment: never more than what is left to pay on the commitment,
/// never dated before it.
pub fn create_payment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &BudgetPaymentInput,
) -> Result<BudgetPayment> {
    let c = get_commitment(conn, input.commitment_id)?;
    let mut e = FieldErrors::new();
    let PaymentFields {
        day,
        amount,
        reference,
    } = payment_fields(&mut e, input, from_iso(&c.day), c.left_to_pay_cents);
    if let Some(d) = day {
        if let Some(m) = super::closed_year_message(conn, d.year())? {
            e.add("day", m);
        }
    }
    e.into_result()?;
    let (Some(day), Some(amount)) = (day, amount) else {
        return Err(Error::Refused("Formulaire incomplet.".into()));
    };
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO budget_payment (commitment_id, day, amount_cents, reference, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![c.id, iso(day), amount, reference, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    payments(conn, c.id)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound("Mandat"))
}

/// A payment's own fields, checked against its commitment.
#[derive(Debug, Clone)]
pub(crate) struct PaymentFields {
    pub day: Option<NaiveDate>,
    pub amount: Option<i64>,
    pub reference: String,
}

/// Checks the payment form against its commitment: dated, not before the
/// commitment (`committed_on`), an amount above zero and within what is
/// left to pay (`left_to_pay_cents`).
pub(crate) fn payment_fields(
    e: &mut FieldErrors,
    input: &BudgetPaymentInput,
    committed_on: Option<NaiveDate>,
    left_to_pay_cents: i64,
) -> PaymentFields {
    let day = required_date(e, "day", &input.day, "Indiquez la date du mandat.");
    let amount = required_amount(e, "amount", &input.amount);
    let reference = text_field(e, "reference", &input.reference, 100);
    if let (Some(d), Some(from)) = (day, committed_on) {
        if d < from {
            e.add("day", "Un mandat ne peut pas précéder son engagement.");
        }
    }
    if let Some(a) = amount {
        if a > left_to_pay_cents {
            e.add(
                "amount",
                format!(
                    "Le mandat dépasse le reste à payer de l’engagement ({}).",
                    money_fr(left_to_pay_cents)
                ),
            );
        }
    }
    PaymentFields {
        day,
        amount,
        reference,
    }
}

pub fn delete_payment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let day: Option<String> = conn
        .query_row("SELECT day FROM budget_payment WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(m) = day
        .as_deref()
        .and_then(from_iso)
        .map(|d| super::closed_year_message(conn, d.year()))
        .transpose()?
        .flatten()
    {
        return Err(Error::Refused(m));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        match tx.execute("DELETE FROM budget_payment WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Mandat")),
            _ => Ok(()),
        }
    })
}
