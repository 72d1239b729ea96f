//! The budget's commitments (*engagements*) and payments (*mandats*) of one
//! year, from the finance department's extract or the unit's follow-up
//! sheet. Each row is the commitment or payment form as typed, checked by
//! the form's own rules ([`commitment_fields`], [`payment_fields`]) in the
//! year chosen, row after row: a commitment stays within its line's
//! available credits as the rows before it leave them, a payment within
//! what its commitment leaves to pay. A commitment above its line's
//! available credits is refused here: the form, where the person confirms
//! the overrun, is the place for it. A closed year takes no import.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::batch::{cell_errors, date_text, Checked, Kind};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::organisations::field;
use super::{ImportKind, ImportOptions, RowStatus};
use crate::budget::{
    closed_year_message, commitment_fields, line_figures, over_available, payment_fields,
    BudgetPaymentInput, CommitmentFields, CommitmentInput, PaymentFields,
};
use crate::error::{Error, FieldErrors, Result};
use crate::store::WriteCtx;

/// The commitment form's fields, with the words a finance extract uses.
pub const COMMITMENT_FIELDS: &[FieldSpec] = &[
    field!(
        "line",
        "Ligne budgétaire",
        ["Ligne", "Imputation", "Ligne du budget", "Poste"]
    ),
    field!(
        "day",
        "Date",
        ["Date d’engagement", "Date de l’engagement", "Engagé le"]
    ),
    field!(
        "object",
        "Objet",
        ["Libellé", "Désignation", "Objet de l’engagement"]
    ),
    field!(
        "party",
        "Tiers",
        [
            "Fournisseur",
            "Bénéficiaire",
            "Prestataire",
            "Tiers bénéficiaire"
        ]
    ),
    field!(
        "amount",
        "Montant",
        ["Montant engagé", "Montant TTC", "Montant (€)"]
    ),
    field!(
        "reference",
        "N° d’engagement",
        ["Référence", "N° engagement", "Numéro", "Bon de commande"]
    ),
];

/// The payment form's fields; the commitment is named by its number.
pub const PAYMENT_FIELDS: &[FieldSpec] = &[
    field!(
        "commitment",
        "N° d’engagement",
        ["Engagement", "N° engagement", "Référence de l’engagement",]
    ),
    field!(
        "day",
        "Date du mandat",
        ["Date", "Date de paiement", "Payé le", "Mandaté le"]
    ),
    field!(
        "amount",
        "Montant",
        ["Montant mandaté", "Montant payé", "Montant (€)"]
    ),
    field!(
        "reference",
        "N° de mandat",
        ["Mandat", "N° mandat", "Référence"]
    ),
];

/// The budget of the year chosen: its id, year, refused when it is closed
/// or does not exist.
fn budget_of(conn: &Connection, options: &ImportOptions) -> Result<(i64, i32)> {
    let year = options.budget_year.ok_or_else(|| {
        Error::Refused("Choisissez l’année du budget dans laquelle importer.".into())
    })?;
    let id: Option<i64> = conn
        .query_row("SELECT id FROM budget_year WHERE year = ?1", [year], |r| {
            r.get(0)
        })
        .optional()?;
    let id = id.ok_or_else(|| Error::Refused(format!("Il n’y a pas de budget {year}.")))?;
    if let Some(m) = closed_year_message(conn, year)? {
        return Err(Error::Refused(m));
    }
    Ok((id, year))
}

/// Commitments, as [`batch`](super::batch) imports them.
pub struct Commitments;

/// A commitment ready to write.
#[derive(Debug, Clone)]
pub struct ValidCommitment {
    line_id: i64,
    fields: CommitmentFields,
}

/// What checking commitments needs: the year, its lines by label as words
/// with what each has left, and the commitments recorded.
pub struct Context {
    year: i32,
    lines: HashMap<String, (i64, i64)>,
    /// Labels two lines of the year share: a row cannot tell them apart.
    twice: HashSet<String>,
    labels: Vec<String>,
    seen: HashSet<(i64, String, i64, String)>,
}

impl Kind for Commitments {
    const KIND: ImportKind = ImportKind::Commitments;
    type Valid = ValidCommitment;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        COMMITMENT_FIELDS
    }

    fn context(conn: &Connection, options: &ImportOptions, today: NaiveDate) -> Result<Context> {
        let (budget, year) = budget_of(conn, options)?;
        let rows = crate::sql::all(
            conn,
            "SELECT id, label FROM budget_line WHERE budget_id = ?1 ORDER BY position",
            [budget],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut lines = HashMap::new();
        let mut twice = HashSet::new();
        for (id, label) in &rows {
            let available = line_figures(conn, *id, today)?.available_cents;
            if lines.insert(normalize(label), (*id, available)).is_some() {
                twice.insert(normalize(label));
            }
        }
        let seen = crate::sql::all(
            conn,
            "SELECT c.line_id, c.day, c.amount_cents, c.object FROM budget_commitment c
             JOIN budget_line l ON l.id = c.line_id WHERE l.budget_id = ?1",
            [budget],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    normalize(&r.get::<_, String>(3)?),
                ))
            },
        )?
        .into_iter()
        .collect();
        Ok(Context {
            year,
            lines,
            twice,
            labels: rows.into_iter().map(|(_, l)| l).collect(),
            seen,
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        _conn: &Connection,
    ) -> Checked<ValidCommitment> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (v("object"), v("line"));
        let input = CommitmentInput {
            line_id: 0,
            day: date_text(&v("day")),
            object: v("object"),
            party: v("party"),
            amount: v("amount"),
            reference: v("reference"),
            confirm_over_commit: false,
        };
        let mut e = FieldErrors::new();
        let fields = commitment_fields(&mut e, &input, ctx.year);
        let mut line = ctx.lines.get(&normalize(&v("line"))).copied();
        if ctx.twice.contains(&normalize(&v("line"))) {
            e.add(
                "line",
                format!(
                    "Deux lignes du budget {} s’appellent « {} » : saisissez cet engagement dans le formulaire.",
                    ctx.year,
                    v("line")
                ),
            );
            line = None;
        }
        match (&line, v("line").is_empty() || e.get("line").is_some()) {
            (None, true) if e.get("line").is_none() => {
                e.add("line", "Indiquez la ligne budgétaire.")
            }
            (None, true) => {}
            (None, false) => e.add(
                "line",
                format!(
                    "Le budget {} n’a pas de ligne « {} » ; ses lignes : {}.",
                    ctx.year,
                    v("line"),
                    ctx.labels.join(", ")
                ),
            ),
            _ => {}
        }
        if let (Some((_, available)), Some(amount)) = (line, fields.amount) {
            if amount > available {
                e.add(
                    "amount",
                    format!(
                        "{} Un dépassement se confirme dans le formulaire de l’engagement.",
                        over_available(available)
                    ),
                );
            }
        }
        let (Some((line_id, available)), Some(day), Some(amount), true) =
            (line, fields.day, fields.amount, e.is_empty())
        else {
            return Checked::refused(0, title, detail, cell_errors(&e, mapping, str::to_string));
        };
        let key = (
            line_id,
            crate::sql::iso(day),
            amount,
            normalize(&fields.object),
        );
        if !ctx.seen.insert(key) {
            return Checked::with(0, title, detail, RowStatus::Present, None);
        }
        ctx.lines
            .insert(normalize(&v("line")), (line_id, available - amount));
        Checked::with(
            0,
            title,
            detail,
            RowStatus::Ready,
            Some(ValidCommitment { line_id, fields }),
        )
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[ValidCommitment],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        for c in rows {
            let f = &c.fields;
            ctx.insert(
                tx,
                "budget_commitment",
                vec![
                    ("line_id", c.line_id.into()),
                    ("day", f.day.map(crate::sql::iso).into()),
                    ("object", f.object.clone().into()),
                    ("party", f.party.clone().into()),
                    ("amount_cents", f.amount.into()),
                    ("reference", f.reference.clone().into()),
                    ("over_commit", 0i64.into()),
                    ("import_batch_id", batch.into()),
                ],
            )?;
            step()?;
        }
        Ok(())
    }

    /// A commitment changed or paid since the import, or its year closed.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        if let Some(m) = closed_year_of(conn, "budget_commitment", batch)? {
            return Ok(Some(m));
        }
        let object: Option<String> = conn
            .query_row(
                "SELECT c.object FROM budget_commitment c WHERE c.import_batch_id = ?1 AND (c.updated_at > ?2
                    OR EXISTS (SELECT 1 FROM budget_payment p WHERE p.commitment_id = c.id))
                 LIMIT 1",
                params![batch, created_at],
                |r| r.get(0),
            )
            .optional()?;
        Ok(object.map(|o| {
            format!("L’engagement « {o} » a été modifié ou mandaté depuis l’import : l’import ne peut plus être annulé en bloc.")
        }))
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        Ok(tx.execute(
            "DELETE FROM budget_commitment WHERE import_batch_id = ?1",
            [batch],
        )? as u32)
    }
}

/// The refusal of a batch whose records lie in a closed year.
fn closed_year_of(conn: &Connection, table: &str, batch: i64) -> Result<Option<String>> {
    let day: Option<String> = conn
        .query_row(
            &format!("SELECT min(day) FROM {table} WHERE import_batch_id = ?1"),
            [batch],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    match day.as_deref().and_then(crate::sql::from_iso) {
        Some(d) => closed_year_message(conn, d.year()),
        None => Ok(None),
    }
}

/// Payments, as [`batch`](super::batch) imports them.
pub struct Payments;

/// A payment ready to write.
#[derive(Debug, Clone)]
pub struct ValidPayment {
    commitment_id: i64,
    fields: PaymentFields,
}

/// A commitment of the year, as its payments are checked against it.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: i64,
    day: Option<NaiveDate>,
    left_to_pay: i64,
}

/// What checking payments needs: the year's commitments by number (several
/// with one number cannot be told apart), and the payments recorded.
pub struct PaymentContext {
    year: i32,
    by_number: HashMap<String, Vec<Open>>,
    seen: HashSet<(i64, String, i64, String)>,
}

impl Kind for Payments {
    const KIND: ImportKind = ImportKind::Payments;
    type Valid = ValidPayment;
    type Context = PaymentContext;

    fn fields() -> &'static [FieldSpec] {
        PAYMENT_FIELDS
    }

    fn context(conn: &Connection, options: &ImportOptions, _: NaiveDate) -> Result<PaymentContext> {
        let (budget, year) = budget_of(conn, options)?;
        let mut by_number: HashMap<String, Vec<Open>> = HashMap::new();
        for (id, reference, day, left) in crate::sql::all(
            conn,
            "SELECT c.id, c.reference, c.day, c.amount_cents
                - coalesce((SELECT sum(p.amount_cents) FROM budget_payment p WHERE p.commitment_id = c.id), 0)
             FROM budget_commitment c JOIN budget_line l ON l.id = c.line_id
             WHERE l.budget_id = ?1 AND c.reference <> ''",
            [budget],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?)),
        )? {
            by_number.entry(normalize(&reference)).or_default().push(Open {
                id,
                day: crate::sql::from_iso(&day),
                left_to_pay: left,
            });
        }
        let seen = crate::sql::all(
            conn,
            "SELECT p.commitment_id, p.day, p.amount_cents, p.reference FROM budget_payment p
             JOIN budget_commitment c ON c.id = p.commitment_id JOIN budget_line l ON l.id = c.line_id
             WHERE l.budget_id = ?1",
            [budget],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, normalize(&r.get::<_, String>(3)?))),
        )?
        .into_iter()
        .collect();
        Ok(PaymentContext {
            year,
            by_number,
            seen,
        })
    }

    fn check(
        ctx: &mut PaymentContext,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<ValidPayment> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (v("reference"), v("commitment"));
        let mut e = FieldErrors::new();
        let number = normalize(&v("commitment"));
        let open = match ctx.by_number.get(&number).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(_) => {
                e.add("commitment", format!("Plusieurs engagements {} portent le n° « {} » : saisissez ce mandat dans le formulaire.", ctx.year, v("commitment")));
                None
            }
            None if number.is_empty() => {
                e.add(
                    "commitment",
                    "Indiquez le n° de l’engagement que ce mandat paie.",
                );
                None
            }
            None => {
                e.add(
                    "commitment",
                    format!(
                        "Aucun engagement {} ne porte le n° « {} ».",
                        ctx.year,
                        v("commitment")
                    ),
                );
                None
            }
        };
        let input = BudgetPaymentInput {
            commitment_id: 0,
            day: date_text(&v("day")),
            amount: v("amount"),
            reference: v("reference"),
        };
        let fields = payment_fields(
            &mut e,
            &input,
            open.and_then(|o| o.day),
            open.map_or(i64::MAX, |o| o.left_to_pay),
        );
        // As the form: a payment of a year that is closed is refused (a
        // commitment of the year may be paid the next, its *reste à réaliser*).
        if let Some(d) = fields.day.filter(|d| d.year() != ctx.year) {
            if let Ok(Some(m)) = closed_year_message(conn, d.year()) {
                e.add("day", m);
            }
        }

        let (Some(open), Some(day), Some(amount), true) =
            (open, fields.day, fields.amount, e.is_empty())
        else {
            return Checked::refused(0, title, detail, cell_errors(&e, mapping, str::to_string));
        };
        let key = (
            open.id,
            crate::sql::iso(day),
            amount,
            normalize(&fields.reference),
        );
        if !ctx.seen.insert(key) {
            return Checked::with(0, title, detail, RowStatus::Present, None);
        }
        if let Some(list) = ctx.by_number.get_mut(&number) {
            list[0].left_to_pay -= amount;
        }
        Checked::with(
            0,
            title,
            detail,
            RowStatus::Ready,
            Some(ValidPayment {
                commitment_id: open.id,
                fields,
            }),
        )
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[ValidPayment],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        for p in rows {
            let f = &p.fields;
            tx.execute(
                "INSERT INTO budget_payment (commitment_id, day, amount_cents, reference, created_at,
                    created_by, import_batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    p.commitment_id,
                    f.day.map(crate::sql::iso),
                    f.amount,
                    f.reference,
                    ctx.stamp(),
                    ctx.actor.name,
                    batch
                ],
            )?;
            step()?;
        }
        Ok(())
    }

    /// Payments of a closed year stay.
    fn obstacle(conn: &Connection, batch: i64, _: &str) -> Result<Option<String>> {
        closed_year_of(conn, "budget_payment", batch)
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        Ok(tx.execute(
            "DELETE FROM budget_payment WHERE import_batch_id = ?1",
            [batch],
        )? as u32)
    }
}
