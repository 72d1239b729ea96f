//! An application's life as an explicit state machine: each step checks the
//! stage it starts from, its date and its rules, writes the new facts and
//! appends itself to the history in the same transaction. Undo pops the last
//! step still standing, with a written reason, and is itself recorded.
//! Documents received, the review (scores and private notes) and payment
//! tranches live here too, since each depends on the stage.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use super::agreement::agreement_required;
use super::{
    euros, from_iso, iso, parsed, required_date, text_field, OrganisationKind, Stage,
    REPORT_DELAY_MONTHS,
};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store::{self, WriteCtx};

code_enum! {
    /// A step forward in an application's life.
    StepAction {
        Receive = "receive" / "Enregistrer la réception",
        MarkIncomplete = "mark_incomplete" / "Déclarer incomplet",
        MarkComplete = "mark_complete" / "Déclarer complet",
        StartReview = "start_review" / "Passer en instruction",
        Grant = "grant" / "Accorder la subvention",
        Refuse = "refuse" / "Refuser",
        Withdraw = "withdraw" / "Retirer le dossier",
        SignAgreement = "sign_agreement" / "Enregistrer la convention signée",
        ReceiveReport = "receive_report" / "Enregistrer le bilan final",
        Close = "close" / "Clôturer",
    }
}

/// The stage a step leads to from a stage, or `None` when the machine has
/// no such edge. Rules that depend on more than the stage (documents,
/// tranches, the agreement) are checked by [`step`].
pub fn transition(from: Stage, action: StepAction) -> Option<Stage> {
    use Stage as S;
    use StepAction as A;
    match (from, action) {
        (S::Draft, A::Receive) => Some(S::Received),
        (S::Received, A::MarkIncomplete) => Some(S::Incomplete),
        (S::Received | S::Incomplete, A::MarkComplete) => Some(S::Complete),
        (S::Complete, A::StartReview) => Some(S::UnderReview),
        (S::UnderReview, A::Grant) => Some(S::Granted),
        (S::UnderReview, A::Refuse) => Some(S::Refused),
        (
            S::Received
            | S::Incomplete
            | S::Complete
            | S::UnderReview
            | S::Granted
            | S::AgreementSigned,
            A::Withdraw,
        ) => Some(S::Withdrawn),
        (S::Granted, A::SignAgreement) => Some(S::AgreementSigned),
        (S::Granted | S::AgreementSigned, A::ReceiveReport) => Some(S::ReportReceived),
        (S::ReportReceived | S::Refused | S::Withdrawn, A::Close) => Some(S::Closed),
        _ => None,
    }
}

/// The steps the machine offers from a stage, in the order a screen shows them.
pub fn actions_from(stage: Stage) -> Vec<StepAction> {
    StepAction::ALL
        .iter()
        .copied()
        .filter(|a| transition(stage, *a).is_some())
        .collect()
}

/// A step as the action form sends it: which step, its date, and what it
/// needs (an amount to grant, a decision reference, a reason or what is missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StepInput {
    pub action: StepAction,
    /// `dd/mm/yyyy`: receipt, committee, signature... as the step says.
    pub date: String,
    /// Euros, for a grant.
    pub amount: String,
    /// The decision's reference (deliberation number), for a decision.
    pub reference: String,
    /// The reason of a refusal or withdrawal, or what is missing.
    pub text: String,
    /// For a grant: the user confirmed that it takes the fund's budget line
    /// beyond its available credits (see [`step`]).
    #[serde(default)]
    pub confirm_over_budget: bool,
}

/// What a step needs to know about the application, read in its transaction.
pub(crate) struct Facts {
    pub id: i64,
    pub call_id: i64,
    pub call_year: i32,
    pub organisation_id: i64,
    pub organisation_kind: OrganisationKind,
    pub stage: Stage,
    pub requested_cents: i64,
    pub granted_cents: Option<i64>,
    pub received_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub agreement_signed_on: Option<NaiveDate>,
    pub ends_on: NaiveDate,
    pub envelope_cents: i64,
}

pub(crate) fn facts(conn: &Connection, id: i64) -> Result<Facts> {
    let bad = |i: usize| {
        rusqlite::Error::InvalidColumnType(i, "stored value".into(), rusqlite::types::Type::Text)
    };
    conn.query_row(
        "SELECT a.id, a.call_id, a.organisation_id, a.stage, a.requested_cents,
            CASE WHEN a.decision = 'granted' THEN a.granted_cents END, a.received_on, a.decided_on,
            a.agreement_signed_on, a.ends_on, c.envelope_cents, a.granted_cents, c.year, o.kind
         FROM fund_application a JOIN fund_call c ON c.id = a.call_id
         JOIN fund_organisation o ON o.id = a.organisation_id WHERE a.id = ?1",
        [id],
        |r| {
            let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                Ok(r.get::<_, Option<String>>(i)?.and_then(|s| from_iso(&s)))
            };
            Ok(Facts {
                id: r.get(0)?,
                call_id: r.get(1)?,
                call_year: r.get(12)?,
                organisation_id: r.get(2)?,
                organisation_kind: OrganisationKind::from_code(&r.get::<_, String>(13)?)
                    .ok_or_else(|| bad(13))?,
                stage: Stage::from_code(&r.get::<_, String>(3)?).ok_or_else(|| bad(3))?,
                requested_cents: r.get(4)?,
                // A withdrawn grant keeps its amount so that an undo can restore it.
                granted_cents: r.get::<_, Option<i64>>(5)?.or(r.get(11)?),
                received_on: date(6)?,
                decided_on: date(7)?,
                agreement_signed_on: date(8)?,
                ends_on: date(9)?.ok_or_else(|| bad(9))?,
                envelope_cents: r.get(10)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("Dossier"))
}

/// The amount of the call's envelope not yet granted, leaving out one application.
pub(crate) fn available_cents(conn: &Connection, f: &Facts) -> Result<i64> {
    let granted: i64 = conn.query_row(
        "SELECT coalesce(sum(granted_cents), 0) FROM fund_application
         WHERE call_id = ?1 AND decision = 'granted' AND id <> ?2",
        params![f.call_id, f.id],
        |r| r.get(0),
    )?;
    Ok(f.envelope_cents - granted)
}

/// A forward step still standing (not undone), as the history replays it.
#[derive(Debug, Clone)]
pub(crate) struct Standing {
    pub from: Stage,
    pub to: Stage,
    pub on_date: Option<NaiveDate>,
}

/// Replays the history: each forward step is pushed, each undo pops one.
pub(crate) fn standing_steps(conn: &Connection, id: i64) -> Result<Vec<Standing>> {
    let mut stmt = conn.prepare(
        "SELECT kind, from_stage, to_stage, on_date FROM fund_step
         WHERE application_id = ?1 AND kind IN ('forward', 'undo') ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut stack = Vec::new();
    for row in rows {
        let (kind, from, to, on) = row?;
        if kind == "undo" {
            stack.pop();
        } else if let (Some(from), Some(to)) = (Stage::from_code(&from), Stage::from_code(&to)) {
            stack.push(Standing {
                from,
                to,
                on_date: on.as_deref().and_then(from_iso),
            });
        }
    }
    Ok(stack)
}

fn missing_documents(conn: &Connection, f: &Facts) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT d.label FROM fund_required_document d
         WHERE d.call_id = ?1 AND NOT EXISTS (SELECT 1 FROM fund_document_received r
             WHERE r.application_id = ?2 AND r.document_id = d.id)
         ORDER BY d.position",
    )?;
    let rows = stmt.query_map(params![f.call_id, f.id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn payment_counts(conn: &Connection, id: i64) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(paid_on IS NULL), 0) FROM fund_payment WHERE application_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

fn field_error(field: &str, message: impl Into<String>) -> Error {
    let mut e = FieldErrors::new();
    e.add(field, message);
    Error::Invalid(e)
}

/// Takes one step forward. Returns the stage reached.
pub fn step(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    input: &StepInput,
) -> Result<Stage> {
    // Granting and refusing are the project lead's decision.
    let permission = if matches!(input.action, StepAction::Grant | StepAction::Refuse) {
        Permission::Decide
    } else {
        Permission::Enter
    };
    let f = facts(conn, id)?;
    let v = validate_step(conn, today, &f, input)?;
    store::write(conn, actor, permission, now, |tx, ctx| {
        write_step(tx, ctx, &f, &v)
    })
    .map_err(envelope_wall)?;
    Ok(v.to)
}

/// A step checked against every rule, ready to write.
struct ValidStep {
    action: StepAction,
    to: Stage,
    date: NaiveDate,
    /// The amount granted, for a grant.
    amount: Option<i64>,
    reference: String,
    text: String,
    /// What the history keeps: the reference (and a confirmed overspend),
    /// the reason, or what is missing.
    detail: String,
}

/// Checks the whole step before anything is written: the transition, the
/// date against today and the file's history, then what the action asks.
fn validate_step(
    conn: &Connection,
    today: NaiveDate,
    f: &Facts,
    input: &StepInput,
) -> Result<ValidStep> {
    let action = input.action;
    let Some(to) = transition(f.stage, action) else {
        return Err(Error::Refused(format!(
            "« {} » n’est pas possible pour un dossier au stade « {} ».",
            action.label_fr(),
            f.stage.label_fr()
        )));
    };
    let mut e = FieldErrors::new();
    let date = required_date(&mut e, "date", &input.date, "La date est obligatoire.");
    let reference = text_field(&mut e, "reference", &input.reference, 100);
    crate::input::refuse_formula(&mut e, "reference", &reference);
    let text = text_field(&mut e, "text", &input.text, 2000);
    if let Some(d) = date {
        check_step_date(conn, &mut e, today, f, action, d)?;
    }
    let work = action_rules(conn, &mut e, f, input, &reference, &text)?;
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let Some(date) = date else {
        return Err(field_error("date", "La date est obligatoire."));
    };
    Ok(ValidStep {
        action,
        to,
        date,
        amount: work.amount,
        reference,
        text,
        detail: work.detail,
    })
}

/// A step's date: not in the future, not before the file's previous step,
/// and a decision not before the file's receipt.
fn check_step_date(
    conn: &Connection,
    e: &mut FieldErrors,
    today: NaiveDate,
    f: &Facts,
    action: StepAction,
    d: NaiveDate,
) -> Result<()> {
    let standing = standing_steps(conn, f.id)?;
    if d > today {
        e.add("date", "Cette date est dans le futur.");
    } else if let Some(prev) = standing.iter().rev().find_map(|s| s.on_date) {
        if d < prev {
            e.add(
                "date",
                format!(
                    "Cette date précède l’étape précédente du dossier ({}).",
                    input::format_date_fr(prev)
                ),
            );
        }
    }
    if matches!(action, StepAction::Grant | StepAction::Refuse) {
        if let Some(r) = f.received_on.filter(|r| d < *r) {
            e.add(
                "date",
                format!(
                    "La décision ne peut pas précéder la réception du dossier ({}).",
                    input::format_date_fr(r)
                ),
            );
        }
    }
    Ok(())
}

/// What an action adds to its step: an amount, and the history's detail.
#[derive(Default)]
struct StepWork {
    amount: Option<i64>,
    detail: String,
}

/// The rules of each action beyond the date; each refusal goes beside its
/// field (`action` for what stands in the file's way).
fn action_rules(
    conn: &Connection,
    e: &mut FieldErrors,
    f: &Facts,
    input: &StepInput,
    reference: &str,
    text: &str,
) -> Result<StepWork> {
    let reason = |e: &mut FieldErrors, message: &str| {
        if text.is_empty() && e.get("text").is_none() {
            e.add("text", message);
        }
        StepWork {
            amount: None,
            detail: text.to_string(),
        }
    };
    Ok(match input.action {
        StepAction::Grant => grant_rules(conn, e, f, input, reference)?,
        StepAction::Refuse => reason(e, "Le motif du refus est obligatoire."),
        StepAction::Withdraw => {
            let (tranches, _) = payment_counts(conn, f.id)?;
            if tranches > 0 {
                e.add(
                    "action",
                    "Des versements sont enregistrés : supprimez d’abord les versements prévus (un versement payé ne s’annule qu’avec un motif).",
                );
            }
            reason(e, "Indiquez pourquoi le dossier est retiré.")
        }
        StepAction::MarkIncomplete => incomplete_work(conn, e, f, text)?,
        StepAction::MarkComplete => {
            let missing = missing_documents(conn, f)?;
            if !missing.is_empty() {
                e.add(
                    "action",
                    format!(
                        "Le dossier ne peut pas être complet : il manque {}.",
                        missing.join(", ")
                    ),
                );
            }
            StepWork::default()
        }
        StepAction::ReceiveReport => {
            let granted = f.granted_cents.unwrap_or(0);
            if f.agreement_signed_on.is_none() && agreement_required(conn, f, granted)? {
                e.add(
                    "action",
                    "La convention est obligatoire au-delà de 23 000 € : enregistrez d’abord sa signature.",
                );
            }
            StepWork::default()
        }
        StepAction::Close => {
            close_rules(conn, e, f)?;
            StepWork::default()
        }
        StepAction::Receive | StepAction::StartReview | StepAction::SignAgreement => {
            StepWork::default()
        }
    })
}

/// Marking a file incomplete says what is missing: the text typed, else the
/// requested documents not yet received; with neither, it is refused.
fn incomplete_work(
    conn: &Connection,
    e: &mut FieldErrors,
    f: &Facts,
    text: &str,
) -> Result<StepWork> {
    let detail = if text.is_empty() {
        missing_documents(conn, f)?.join(", ")
    } else {
        text.to_string()
    };
    if detail.is_empty() {
        e.add(
            "text",
            "Indiquez ce qui manque : toutes les pièces demandées sont cochées reçues.",
        );
    }
    Ok(StepWork {
        amount: None,
        detail,
    })
}

/// A file closes once every planned payment is paid or removed.
fn close_rules(conn: &Connection, e: &mut FieldErrors, f: &Facts) -> Result<()> {
    let (_, unpaid) = payment_counts(conn, f.id)?;
    if unpaid == 1 {
        e.add(
            "action",
            "1 versement prévu n’est pas payé : payez-le ou supprimez-le avant de clôturer.",
        );
    } else if unpaid > 1 {
        e.add(
            "action",
            format!("{unpaid} versements prévus ne sont pas payés : payez-les ou supprimez-les avant de clôturer."),
        );
    }
    Ok(())
}

/// A grant's amount: positive, within the request and the call's envelope;
/// beyond the fund line's available credits only when confirmed, and then
/// the confirmation is kept in the history, as for a manual commitment over
/// a line's available (`budget::create_commitment`).
fn grant_rules(
    conn: &Connection,
    e: &mut FieldErrors,
    f: &Facts,
    input: &StepInput,
    reference: &str,
) -> Result<StepWork> {
    let amount = parsed(e, "amount", input::money_cents(&input.amount));
    let mut over_budget = None;
    match amount {
        None if e.get("amount").is_none() => e.add("amount", "Indiquez le montant accordé."),
        Some(0) => e.add("amount", "Le montant accordé doit être positif."),
        Some(a) if a > f.requested_cents => e.add(
            "amount",
            format!(
                "Le montant accordé ne peut pas dépasser le montant demandé ({}).",
                euros(f.requested_cents)
            ),
        ),
        Some(a) => {
            let available = available_cents(conn, f)?;
            let line = super::call::fund_line(conn, f.call_year)?;
            if a > available {
                e.add(
                    "amount",
                    format!(
                        "L’enveloppe de l’appel ne permet pas ce montant : il reste {} à attribuer.",
                        euros(available.max(0))
                    ),
                );
            } else if let Some(line) = line.filter(|l| a > l.available_cents) {
                if input.confirm_over_budget {
                    over_budget = Some(format!(
                        "Dépassement confirmé des crédits de la ligne « {} » du budget {} : disponible {} avant cette subvention.",
                        line.label,
                        f.call_year,
                        euros(line.available_cents)
                    ));
                } else {
                    e.add(
                        "amount",
                        format!(
                            "Cette subvention dépasse le disponible de la ligne « {} » du budget {} ({}). Cochez « Confirmer le dépassement » pour l’enregistrer quand même.",
                            line.label,
                            f.call_year,
                            euros(line.available_cents)
                        ),
                    );
                }
            }
        }
        None => {}
    }
    let detail = match over_budget {
        Some(note) if reference.is_empty() => note,
        Some(note) => format!("{reference} · {note}"),
        None => reference.to_string(),
    };
    Ok(StepWork { amount, detail })
}

/// Writes a checked step: the application's fields the action sets, its new
/// stage, and the history's line.
fn write_step(tx: &Transaction, ctx: &WriteCtx, f: &Facts, v: &ValidStep) -> Result<()> {
    let (id, d) = (f.id, iso(v.date));
    let set = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        tx.execute(sql, p)?;
        Ok(())
    };
    match v.action {
        StepAction::Receive => set(
            "UPDATE fund_application SET received_on = ?2 WHERE id = ?1",
            params![id, d],
        )?,
        StepAction::MarkIncomplete => set(
            "UPDATE fund_application SET missing = ?2 WHERE id = ?1",
            params![id, v.detail],
        )?,
        StepAction::MarkComplete => set(
            "UPDATE fund_application SET missing = '' WHERE id = ?1",
            params![id],
        )?,
        StepAction::Grant => set(
            "UPDATE fund_application SET decision = 'granted', granted_cents = ?2,
                decided_on = ?3, decision_ref = ?4, decision_reason = '', report_due_on = ?5
             WHERE id = ?1",
            params![id, v.amount, d, v.reference, iso(report_due(f.ends_on))],
        )?,
        StepAction::Refuse => set(
            "UPDATE fund_application SET decision = 'refused', granted_cents = NULL,
                decided_on = ?2, decision_ref = ?3, decision_reason = ?4 WHERE id = ?1",
            params![id, d, v.reference, v.text],
        )?,
        StepAction::Withdraw => set(
            "UPDATE fund_application SET decision = 'withdrawn', decision_reason = ?2 WHERE id = ?1",
            params![id, v.text],
        )?,
        StepAction::SignAgreement => set(
            "UPDATE fund_application SET agreement_signed_on = ?2 WHERE id = ?1",
            params![id, d],
        )?,
        StepAction::ReceiveReport => set(
            "UPDATE fund_application SET report_received_on = ?2 WHERE id = ?1",
            params![id, d],
        )?,
        StepAction::Close => set(
            "UPDATE fund_application SET closed_on = ?2 WHERE id = ?1",
            params![id, d],
        )?,
        StepAction::StartReview => {}
    }
    move_stage(tx, ctx, id, v.to)?;
    let amount = if v.action == StepAction::Grant {
        v.amount
    } else {
        None
    };
    record_step(
        tx,
        ctx,
        id,
        "forward",
        f.stage,
        v.to,
        Some(v.date),
        amount,
        &v.detail,
    )
}

/// The final report's due date: six months after the project's end, a
/// period after an event ([`crate::dates::period_after`]): the same-numbered
/// day, or the last day of the month when the day does not exist there
/// (31 August → 28 or 29 February).
pub(crate) fn report_due(ends_on: NaiveDate) -> NaiveDate {
    crate::dates::period_after(ends_on, REPORT_DELAY_MONTHS).unwrap_or(ends_on)
}

/// Records a step of the history, in the write's transaction.
pub(crate) fn record_step(
    tx: &Transaction,
    ctx: &WriteCtx,
    id: i64,
    kind: &str,
    from: Stage,
    to: Stage,
    on_date: Option<NaiveDate>,
    amount_cents: Option<i64>,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO fund_step (application_id, kind, from_stage, to_stage, on_date, amount_cents,
            detail, at, actor_name, actor_role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            kind,
            from.code(),
            to.code(),
            on_date.map(iso),
            amount_cents,
            detail,
            ctx.stamp(),
            ctx.actor.name,
            ctx.actor.role.code()
        ],
    )?;
    Ok(())
}

/// A draft received on `on`, as the receive step writes it: the date, the
/// stage and the step in the history, with `detail` (where the receipt was
/// read from). For an import, whose rows were checked beforehand.
pub(crate) fn record_receipt(
    tx: &Transaction,
    ctx: &WriteCtx,
    id: i64,
    on: NaiveDate,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE fund_application SET received_on = ?2 WHERE id = ?1",
        params![id, iso(on)],
    )?;
    move_stage(tx, ctx, id, Stage::Received)?;
    record_step(
        tx,
        ctx,
        id,
        "forward",
        Stage::Draft,
        Stage::Received,
        Some(on),
        None,
        detail,
    )
}

fn move_stage(tx: &Transaction, ctx: &WriteCtx, id: i64, to: Stage) -> Result<()> {
    tx.execute(
        "UPDATE fund_application SET stage = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![id, to.code(), ctx.stamp(), ctx.actor.name],
    )?;
    Ok(())
}

/// The schema's triggers are a second wall: should a write slip past the
/// checks above, the user still reads French, not a SQLite message.
fn envelope_wall(e: Error) -> Error {
    match &e {
        Error::Db(db) if db.to_string().contains("fund envelope exceeded") => Error::Refused(
            "L’enveloppe de l’appel serait dépassée : rien n’a été enregistré.".into(),
        ),
        Error::Db(db) if db.to_string().contains("payments exceed the grant") => Error::Refused(
            "Les versements dépasseraient le montant accordé : rien n’a été enregistré.".into(),
        ),
        _ => e,
    }
}

/// Whether the last step may be undone, and with which right: undoing a
/// decision, or bringing a withdrawn grant back (then the second value is
/// true), is a decision; the rest is entry. Refused while payments stand on
/// a grant, or paid under a required agreement, or when the envelope has no
/// room left for the grant brought back.
fn undo_rules(conn: &Connection, f: &Facts, last: &Standing) -> Result<(Permission, bool)> {
    let (tranches, unpaid) = payment_counts(conn, f.id)?;
    let paid = tranches - unpaid;
    // Undoing a decision, or bringing a grant back, is a decision too.
    let mut permission = match last.to {
        Stage::Granted | Stage::Refused => Permission::Decide,
        _ => Permission::Enter,
    };
    if last.to == Stage::Granted && tranches > 0 {
        return Err(Error::Refused(
            "Des versements sont enregistrés pour cette subvention : supprimez-les (ou annulez leur paiement) avant d’annuler la décision."
                .into(),
        ));
    }
    if last.to == Stage::AgreementSigned
        && paid > 0
        && agreement_required(conn, f, f.granted_cents.unwrap_or(0))?
    {
        return Err(Error::Refused(
            "Des versements ont été payés sous cette convention obligatoire : elle ne peut plus être annulée."
                .into(),
        ));
    }
    let restores_grant =
        last.to == Stage::Withdrawn && matches!(last.from, Stage::Granted | Stage::AgreementSigned);
    if restores_grant {
        permission = Permission::Decide;
        let amount = f.granted_cents.unwrap_or(0);
        let available = available_cents(conn, f)?;
        if amount > available {
            return Err(Error::Refused(format!(
                "La subvention de {} ne peut pas être rétablie : l’enveloppe n’a plus que {} à attribuer.",
                euros(amount),
                euros(available.max(0))
            )));
        }
    }
    Ok((permission, restores_grant))
}

/// What undoing a step to stage `to` clears in the application's row
/// (`SELECT ?1` when the stage alone moves back).
fn undo_sql(to: Stage, restores_grant: bool) -> &'static str {
    match to {
        Stage::Received => "UPDATE fund_application SET received_on = NULL WHERE id = ?1",
        Stage::Incomplete => "UPDATE fund_application SET missing = '' WHERE id = ?1",
        Stage::Granted => {
            "UPDATE fund_application SET decision = NULL, granted_cents = NULL, decided_on = NULL,
                decision_ref = '', report_due_on = NULL WHERE id = ?1"
        }
        Stage::Refused => {
            "UPDATE fund_application SET decision = NULL, decided_on = NULL, decision_ref = '',
                decision_reason = '' WHERE id = ?1"
        }
        Stage::Withdrawn if restores_grant => {
            "UPDATE fund_application SET decision = 'granted', decision_reason = '' WHERE id = ?1"
        }
        Stage::Withdrawn => {
            "UPDATE fund_application SET decision = NULL, decision_reason = '' WHERE id = ?1"
        }
        Stage::AgreementSigned => {
            "UPDATE fund_application SET agreement_signed_on = NULL WHERE id = ?1"
        }
        Stage::ReportReceived => {
            "UPDATE fund_application SET report_received_on = NULL WHERE id = ?1"
        }
        Stage::Closed => "UPDATE fund_application SET closed_on = NULL WHERE id = ?1",
        Stage::Draft | Stage::Complete | Stage::UnderReview => "SELECT ?1",
    }
}

/// Undoes the last step still standing, with a written reason. Returns the
/// stage the application is back at.
pub fn undo(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    reason: &str,
) -> Result<Stage> {
    let reason = input::text(reason, 2000).map_err(|m| field_error("reason", m))?;
    if reason.is_empty() {
        return Err(field_error(
            "reason",
            "Expliquez pourquoi cette étape est annulée.",
        ));
    }
    let f = facts(conn, id)?;
    let standing = standing_steps(conn, id)?;
    let Some(last) = standing.last().cloned() else {
        return Err(Error::Refused(
            "Ce dossier n’a aucune étape à annuler.".into(),
        ));
    };
    if last.to != f.stage {
        return Err(Error::Refused(
            "L’historique de ce dossier ne correspond pas à son stade : rien n’a été annulé."
                .into(),
        ));
    }
    let (permission, restores_grant) = undo_rules(conn, &f, &last)?;
    store::write(conn, actor, permission, now, |tx, ctx| {
        let sql = undo_sql(last.to, restores_grant);
        // The stage moves first: the schema ties a received stage to its date.
        move_stage(tx, ctx, id, last.from)?;
        if sql.starts_with("UPDATE") {
            tx.execute(sql, [id])?;
        }
        record_step(tx, ctx, id, "undo", last.to, last.from, None, None, &reason)
    })
    .map_err(envelope_wall)?;
    Ok(last.from)
}

/// Ticks (with the date it arrived) or unticks one required document.
pub fn set_document(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    document_id: i64,
    received_on: &str,
) -> Result<()> {
    let f = facts(conn, id)?;
    if f.stage == Stage::Closed {
        return Err(Error::Refused("Ce dossier est clôturé.".into()));
    }
    let label: String = conn
        .query_row(
            "SELECT label FROM fund_required_document WHERE id = ?1 AND call_id = ?2",
            params![document_id, f.call_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound("Pièce demandée"))?;
    let date = input::date_fr(received_on).map_err(|m| field_error("received_on", m))?;
    if date.is_some_and(|d| d > today) {
        return Err(field_error("received_on", "Cette date est dans le futur."));
    }
    if date.is_none() && f.stage == Stage::Complete
        || date.is_none() && f.stage == Stage::UnderReview
    {
        return Err(Error::Refused(
            "Le dossier est déclaré complet : annulez d’abord cette étape pour retirer une pièce."
                .into(),
        ));
    }
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "DELETE FROM fund_document_received WHERE application_id = ?1 AND document_id = ?2",
            params![id, document_id],
        )?;
        let detail = match date {
            Some(d) => {
                tx.execute(
                    "INSERT INTO fund_document_received (application_id, document_id, received_on)
                     VALUES (?1, ?2, ?3)",
                    params![id, document_id, iso(d)],
                )?;
                format!("Pièce reçue : {label}")
            }
            None => format!("Pièce retirée : {label}"),
        };
        record_step(tx, ctx, id, "edit", f.stage, f.stage, date, None, &detail)
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScoreInput {
    pub criterion_id: i64,
    /// 0 to 5; empty means not scored yet.
    pub score: String,
}

/// The review form: a score per criterion and private notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewInput {
    pub scores: Vec<ScoreInput>,
    /// Never shown to the applicant, never printed in a letter.
    pub notes: String,
}

/// The review's scores, each of a criterion of the application's call and
/// from 0 to 5 (`None`: not scored); each refusal goes beside its score
/// (`scores.<criterion id>`).
fn valid_scores(
    conn: &Connection,
    e: &mut FieldErrors,
    call_id: i64,
    typed: &[ScoreInput],
) -> Result<Vec<(i64, Option<i64>)>> {
    let mut criteria = conn.prepare("SELECT id FROM fund_criterion WHERE call_id = ?1")?;
    let ids: Vec<i64> = criteria
        .query_map([call_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut scores = Vec::new();
    for s in typed {
        let key = format!("scores.{}", s.criterion_id);
        if !ids.contains(&s.criterion_id) {
            e.add(&key, "Ce critère n’appartient pas à l’appel du dossier.");
            continue;
        }
        match input::count(&s.score) {
            Ok(Some(n)) if n <= 5 => scores.push((s.criterion_id, Some(n))),
            Ok(None) => scores.push((s.criterion_id, None)),
            _ => e.add(&key, "La note est un nombre entier de 0 à 5."),
        }
    }
    Ok(scores)
}

/// Whether `scores` change any of application `id`'s recorded scores.
fn changes_scores(conn: &Connection, id: i64, scores: &[(i64, Option<i64>)]) -> Result<bool> {
    let mut stmt =
        conn.prepare("SELECT criterion_id, score FROM fund_score WHERE application_id = ?1")?;
    let current: Vec<(i64, i64)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(scores.iter().any(|(c, s)| {
        let now = current.iter().find(|(k, _)| k == c).map(|(_, v)| *v);
        now != *s
    }))
}

/// Saves the review. Scores are the project lead's, and only while the
/// application is under review; the notes can be written at any stage.
pub fn save_review(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &ReviewInput,
) -> Result<()> {
    let f = facts(conn, id)?;
    let mut e = FieldErrors::new();
    let notes = text_field(&mut e, "notes", &input.notes, 5000);
    let scores = valid_scores(conn, &mut e, f.call_id, &input.scores)?;
    e.into_result()?;
    let touches_scores = changes_scores(conn, id, &scores)?;
    // Scoring is the project lead's; the rest of the review is entry.
    let permission = if touches_scores {
        Permission::Decide
    } else {
        Permission::Enter
    };
    if touches_scores {
        if f.stage != Stage::UnderReview {
            return Err(Error::Refused(format!(
                "Les notes se donnent pendant l’instruction ; ce dossier est au stade « {} ».",
                f.stage.label_fr()
            )));
        }
    }
    store::write(conn, actor, permission, now, |tx, ctx| {
        for (criterion, score) in &scores {
            match score {
                Some(s) => tx.execute(
                    "INSERT INTO fund_score (application_id, criterion_id, score) VALUES (?1, ?2, ?3)
                     ON CONFLICT (application_id, criterion_id) DO UPDATE SET score = excluded.score",
                    params![id, criterion, s],
                )?,
                None => tx.execute(
                    "DELETE FROM fund_score WHERE application_id = ?1 AND criterion_id = ?2",
                    params![id, criterion],
                )?,
            };
        }
        tx.execute(
            "UPDATE fund_application SET review_notes = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, notes, ctx.stamp(), ctx.actor.name],
        )?;
        if touches_scores {
            record_step(
                tx,
                ctx,
                id,
                "edit",
                f.stage,
                f.stage,
                None,
                None,
                "Notation enregistrée",
            )?;
        }
        Ok(())
    })
}

/// A tranche as the payment form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaymentInput {
    /// `dd/mm/yyyy`.
    pub planned_on: String,
    /// Euros.
    pub amount: String,
    /// `dd/mm/yyyy`, or empty while the tranche is only planned.
    pub paid_on: String,
}

const PAYABLE: [Stage; 3] = [
    Stage::Granted,
    Stage::AgreementSigned,
    Stage::ReportReceived,
];

/// Checks a payment date against the decision and the agreement.
fn check_paid_on(
    conn: &Connection,
    f: &Facts,
    d: NaiveDate,
    today: NaiveDate,
) -> Result<Option<String>> {
    if d > today {
        return Ok(Some("Un versement ne se paie pas dans le futur.".into()));
    }
    if let Some(dec) = f.decided_on {
        if d < dec {
            return Ok(Some(format!(
                "Un versement ne peut pas précéder la décision ({}).",
                input::format_date_fr(dec)
            )));
        }
    }
    let granted = f.granted_cents.unwrap_or(0);
    if agreement_required(conn, f, granted)? {
        match f.agreement_signed_on {
            None => {
                return Ok(Some(
                    "La convention est obligatoire au-delà de 23 000 € : aucun versement avant sa signature."
                        .into(),
                ))
            }
            Some(a) if d < a => {
                return Ok(Some(format!(
                    "Un versement ne peut pas précéder la signature de la convention ({}).",
                    input::format_date_fr(a)
                )))
            }
            _ => {}
        }
    }
    Ok(None)
}

/// A tranche that passed every rule.
struct ValidPayment {
    planned: NaiveDate,
    /// Cents, positive, within what the grant has left to plan.
    amount: i64,
    paid: Option<NaiveDate>,
}

/// Checks a tranche of application `f`: a planned date, a positive amount
/// that keeps the tranches within the grant, and a payment date that
/// `check_paid_on` accepts; each refusal beside its field.
fn validate_payment(
    conn: &Connection,
    f: &Facts,
    today: NaiveDate,
    input: &PaymentInput,
) -> Result<ValidPayment> {
    let granted = f.granted_cents.unwrap_or(0);
    let mut e = FieldErrors::new();
    let planned = required_date(
        &mut e,
        "planned_on",
        &input.planned_on,
        "La date prévue est obligatoire.",
    );
    let amount = parsed(&mut e, "amount", input::money_cents(&input.amount));
    let already: i64 = conn.query_row(
        "SELECT coalesce(sum(amount_cents), 0) FROM fund_payment WHERE application_id = ?1",
        [f.id],
        |r| r.get(0),
    )?;
    match amount {
        None if e.get("amount").is_none() => e.add("amount", "Le montant est obligatoire."),
        Some(0) => e.add("amount", "Le montant doit être positif."),
        Some(a) if already + a > granted => e.add(
            "amount",
            format!(
                "Les versements dépasseraient la subvention de {} : il reste {} à prévoir.",
                euros(granted),
                euros(granted - already)
            ),
        ),
        _ => {}
    }
    let paid = parsed(&mut e, "paid_on", input::date_fr(&input.paid_on));
    if let Some(d) = paid {
        if let Some(m) = check_paid_on(conn, &f, d, today)? {
            e.add("paid_on", m);
        }
    }
    e.into_result()?;
    let (Some(planned), Some(amount)) = (planned, amount) else {
        return Err(field_error("amount", "Le montant est obligatoire."));
    };
    Ok(ValidPayment {
        planned,
        amount,
        paid,
    })
}

/// Plans a tranche (and, with a payment date, records it paid).
pub fn add_payment(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    input: &PaymentInput,
) -> Result<i64> {
    let f = facts(conn, id)?;
    if !PAYABLE.contains(&f.stage) {
        return Err(Error::Refused(format!(
            "Un versement ne s’enregistre que pour une subvention accordée ; ce dossier est au stade « {} ».",
            f.stage.label_fr()
        )));
    }
    let ValidPayment {
        planned,
        amount,
        paid,
    } = validate_payment(conn, &f, today, input)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO fund_payment (application_id, planned_on, amount_cents, paid_on,
                created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
            params![
                id,
                iso(planned),
                amount,
                paid.map(iso),
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        let pid = tx.last_insert_rowid();
        record_step(
            tx,
            ctx,
            id,
            "payment",
            f.stage,
            f.stage,
            Some(paid.unwrap_or(planned)),
            Some(amount),
            if paid.is_some() {
                "Versement payé"
            } else {
                "Versement prévu"
            },
        )?;
        Ok(pid)
    })
    .map_err(envelope_wall)
}

fn payment_of(conn: &Connection, id: i64, payment_id: i64) -> Result<(i64, Option<String>)> {
    conn.query_row(
        "SELECT amount_cents, paid_on FROM fund_payment WHERE id = ?1 AND application_id = ?2",
        params![payment_id, id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::NotFound("Versement"))
}

/// Records a planned tranche as paid.
pub fn pay_payment(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    payment_id: i64,
    paid_on: &str,
) -> Result<()> {
    let f = facts(conn, id)?;
    let (amount, already) = payment_of(conn, id, payment_id)?;
    if already.is_some() {
        return Err(Error::Refused("Ce versement est déjà payé.".into()));
    }
    if !PAYABLE.contains(&f.stage) {
        return Err(Error::Refused(format!(
            "Aucun versement au stade « {} ».",
            f.stage.label_fr()
        )));
    }
    let d = input::date_fr(paid_on)
        .map_err(|m| field_error("paid_on", m))?
        .ok_or_else(|| field_error("paid_on", "La date de paiement est obligatoire."))?;
    if let Some(m) = check_paid_on(conn, &f, d, today)? {
        return Err(field_error("paid_on", m));
    }
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE fund_payment SET paid_on = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![payment_id, iso(d), ctx.stamp(), ctx.actor.name],
        )?;
        record_step(
            tx,
            ctx,
            id,
            "payment",
            f.stage,
            f.stage,
            Some(d),
            Some(amount),
            "Versement payé",
        )
    })
}

/// Deletes a tranche still only planned.
pub fn delete_payment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    payment_id: i64,
) -> Result<()> {
    let f = facts(conn, id)?;
    let (amount, paid) = payment_of(conn, id, payment_id)?;
    if paid.is_some() {
        return Err(Error::Refused(
            "Un versement payé ne se supprime pas : annulez son paiement avec un motif.".into(),
        ));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, ctx| {
        tx.execute("DELETE FROM fund_payment WHERE id = ?1", [payment_id])?;
        record_step(
            tx,
            ctx,
            id,
            "payment",
            f.stage,
            f.stage,
            None,
            Some(amount),
            "Versement prévu supprimé",
        )
    })
}

/// Takes back the payment of a tranche recorded by mistake, with a reason:
/// the tranche is planned again and the history keeps both entries.
pub fn unpay_payment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    payment_id: i64,
    reason: &str,
) -> Result<()> {
    let reason = input::text(reason, 2000).map_err(|m| field_error("reason", m))?;
    if reason.is_empty() {
        return Err(field_error(
            "reason",
            "Expliquez pourquoi ce paiement est annulé.",
        ));
    }
    let f = facts(conn, id)?;
    if f.stage == Stage::Closed {
        return Err(Error::Refused("Ce dossier est clôturé.".into()));
    }
    let (amount, paid) = payment_of(conn, id, payment_id)?;
    if paid.is_none() {
        return Err(Error::Refused("Ce versement n’est pas payé.".into()));
    }
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE fund_payment SET paid_on = NULL, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![payment_id, ctx.stamp(), ctx.actor.name],
        )?;
        record_step(
            tx,
            ctx,
            id,
            "payment",
            f.stage,
            f.stage,
            None,
            Some(amount),
            &format!("Paiement annulé : {reason}"),
        )
    })
}
