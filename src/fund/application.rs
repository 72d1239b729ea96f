//! A grant application's content: the project, its communes, budget, other
//! funders and indicators. Its life (receipt, review, decision, payments) is
//! in `lifecycle.rs`; this file only creates, edits and deletes the content.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lifecycle::{self, record_step};
use super::{euros, iso, iso_to_fr, parsed, required_date, required_text, text_field, Stage};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::input::chosen;
use crate::rights::{Actor, Permission};
use crate::sql::row_exists;
use crate::store;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CofunderInput {
    pub name: String,
    /// Euros.
    pub amount: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IndicatorInput {
    pub label: String,
    /// A whole number (the label says its unit).
    pub target: String,
    /// Filled in with the final report; empty until then.
    pub achieved: String,
}

/// The application form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApplicationInput {
    /// The call's id, as the select holds it.
    pub call_id: String,
    /// The organisation's id.
    pub organisation_id: String,
    pub title: String,
    pub summary: String,
    pub public_concerned: String,
    pub priority_neighbourhoods: bool,
    /// INSEE codes of member communes.
    pub communes: Vec<String>,
    /// `dd/mm/yyyy`.
    pub starts_on: String,
    pub ends_on: String,
    /// Euros.
    pub total_budget: String,
    pub requested: String,
    /// The share of the grant that goes to this organisation, in percent
    /// (`100`, `45`, `33,33`): 100 unless the grant is shared between
    /// several beneficiaries, each with its own application. Empty reads as
    /// 100.
    pub grant_share: String,
    pub cofunders: Vec<CofunderInput>,
    pub indicators: Vec<IndicatorInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidApplication {
    pub call_id: i64,
    pub organisation_id: i64,
    pub title: String,
    pub summary: String,
    pub public_concerned: String,
    pub priority_neighbourhoods: bool,
    pub communes: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub total_budget_cents: i64,
    pub requested_cents: i64,
    /// Basis points: 10000 is 100 %.
    pub grant_share_bp: i64,
    pub cofunders: Vec<ValidCofunder>,
    pub indicators: Vec<ValidIndicator>,
}

/// Another funder of the project and the amount it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCofunder {
    pub name: String,
    pub amount_cents: i64,
}

/// An indicator the project commits to: its target, and what was achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIndicator {
    pub label: String,
    pub target: i64,
    pub achieved: Option<i64>,
}

/// A whole grant, in basis points: the share of a single beneficiary.
pub const FULL_SHARE_BP: i64 = 10_000;

/// The smallest share of a shared grant the SCDL format accepts (0.01).
pub const MIN_SHARE_BP: i64 = 100;

/// What validation needs to know from the database.
pub struct ApplicationContext<'a> {
    pub call_exists: &'a dyn Fn(i64) -> bool,
    pub organisation_exists: &'a dyn Fn(i64) -> bool,
    pub commune_exists: &'a dyn Fn(&str) -> bool,
    /// The amount already granted, when editing a granted application.
    pub granted_cents: Option<i64>,
}

pub fn validate_application(
    input: &ApplicationInput,
    ctx: &ApplicationContext,
) -> std::result::Result<ValidApplication, FieldErrors> {
    let mut e = FieldErrors::new();
    let call_id = input
        .call_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| (ctx.call_exists)(*id));
    let call_id = chosen(&mut e, "call_id", call_id, "Choisissez l’appel à projets.");
    let organisation_id = input
        .organisation_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| (ctx.organisation_exists)(*id));
    let organisation_id = chosen(
        &mut e,
        "organisation_id",
        organisation_id,
        "Choisissez la structure qui dépose le dossier.",
    );
    let title = required_text(
        &mut e,
        "title",
        &input.title,
        200,
        "L’intitulé du projet est obligatoire.",
    );
    crate::input::refuse_formula(&mut e, "title", &title);
    let summary = text_field(&mut e, "summary", &input.summary, 5000);
    let public_concerned = text_field(&mut e, "public_concerned", &input.public_concerned, 300);
    let communes = communes(&mut e, &input.communes, ctx.commune_exists);
    let period = project_period(&mut e, input);
    let money = project_money(&mut e, input, ctx.granted_cents);
    let grant_share_bp = grant_share(&mut e, &input.grant_share);
    let cofunders = cofunders(&mut e, &input.cofunders);
    if let Some(m) = &money {
        check_cofunding(&mut e, m, &cofunders);
    }
    let indicators = indicators(&mut e, &input.indicators);
    let (
        Some(call_id),
        Some(organisation_id),
        Some(period),
        Some(money),
        Some(grant_share_bp),
        true,
    ) = (
        call_id,
        organisation_id,
        period,
        money,
        grant_share_bp,
        e.is_empty(),
    )
    else {
        if e.is_empty() {
            e.add("title", "Formulaire incomplet.");
        }
        return Err(e);
    };
    Ok(ValidApplication {
        call_id,
        organisation_id,
        title,
        summary,
        public_concerned,
        priority_neighbourhoods: input.priority_neighbourhoods,
        communes,
        starts_on: period.starts_on,
        ends_on: period.ends_on,
        total_budget_cents: money.total_budget_cents,
        requested_cents: money.requested_cents,
        grant_share_bp,
        cofunders,
        indicators,
    })
}

/// The communes the project concerns, each once, all in the territory.
fn communes(e: &mut FieldErrors, codes: &[String], exists: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut communes: Vec<String> = Vec::new();
    for code in codes.iter().map(|c| c.trim()) {
        if code.is_empty() || communes.iter().any(|c| c == code) {
            continue;
        }
        if exists(code) {
            communes.push(code.to_string());
        } else {
            e.add(
                "communes",
                format!("La commune {code} n’appartient pas au territoire."),
            );
        }
    }
    communes.sort();
    communes
}

/// The project's first and last day, the end not before the start.
struct Period {
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

fn project_period(e: &mut FieldErrors, input: &ApplicationInput) -> Option<Period> {
    let starts_on = required_date(
        e,
        "starts_on",
        &input.starts_on,
        "La date de début du projet est obligatoire.",
    );
    let ends_on = required_date(
        e,
        "ends_on",
        &input.ends_on,
        "La date de fin du projet est obligatoire.",
    );
    let (starts_on, ends_on) = (starts_on?, ends_on?);
    if ends_on < starts_on {
        e.add(
            "ends_on",
            "La fin du projet ne peut pas précéder son début.",
        );
        return None;
    }
    Some(Period { starts_on, ends_on })
}

/// The project's budget and the amount requested.
struct ProjectMoney {
    total_budget_cents: i64,
    requested_cents: i64,
}

/// A positive amount that must be typed.
fn positive_amount(
    e: &mut FieldErrors,
    field: &str,
    raw: &str,
    missing: &str,
    zero: &str,
) -> Option<i64> {
    let amount = parsed(e, field, input::money_cents(raw));
    match amount {
        None if e.get(field).is_none() => e.add(field, missing),
        Some(0) => e.add(field, zero),
        _ => {}
    }
    amount.filter(|a| *a > 0)
}

/// The budget and the request: the request within the budget, and not below
/// what is already granted when editing a granted application.
fn project_money(
    e: &mut FieldErrors,
    input: &ApplicationInput,
    granted: Option<i64>,
) -> Option<ProjectMoney> {
    let total = positive_amount(
        e,
        "total_budget",
        &input.total_budget,
        "Le budget total du projet est obligatoire.",
        "Le budget total doit être positif.",
    );
    let requested = positive_amount(
        e,
        "requested",
        &input.requested,
        "Le montant demandé est obligatoire.",
        "Le montant demandé doit être positif.",
    );
    if let (Some(t), Some(r)) = (total, requested) {
        if r > t {
            e.add(
                "requested",
                format!(
                    "Le montant demandé ne peut pas dépasser le budget total du projet ({}).",
                    euros(t)
                ),
            );
        }
    }
    if let (Some(g), Some(r)) = (granted, requested) {
        if r < g {
            e.add(
                "requested",
                format!(
                    "{} sont déjà accordés : le montant demandé ne peut pas être inférieur.",
                    euros(g)
                ),
            );
        }
    }
    Some(ProjectMoney {
        total_budget_cents: total?,
        requested_cents: requested?,
    })
}

/// The structure's share of a grant shared between beneficiaries, in basis
/// points; empty is the whole grant.
fn grant_share(e: &mut FieldErrors, raw: &str) -> Option<i64> {
    match input::scaled(raw, 2) {
        Ok(None) => Some(FULL_SHARE_BP),
        Ok(Some(bp)) if (MIN_SHARE_BP..=FULL_SHARE_BP).contains(&bp) => Some(bp),
        Ok(Some(_)) => {
            e.add(
                "grant_share",
                "La part de la subvention revenant à cette structure est comprise entre 1 % et 100 % (100 quand elle en est la seule bénéficiaire).",
            );
            None
        }
        Err(message) => {
            e.add("grant_share", message);
            None
        }
    }
}

fn cofunders(e: &mut FieldErrors, lines: &[CofunderInput]) -> Vec<ValidCofunder> {
    let mut out = Vec::new();
    for (i, c) in lines.iter().enumerate() {
        let name_key = format!("cofunders.{i}.name");
        let amount_key = format!("cofunders.{i}.amount");
        let name = required_text(
            e,
            &name_key,
            &c.name,
            200,
            "Le nom du financeur est obligatoire (ou retirez la ligne).",
        );
        let amount = parsed(e, &amount_key, input::money_cents(&c.amount)).filter(|a| *a > 0);
        if amount.is_none() && e.get(&amount_key).is_none() {
            e.add(
                &amount_key,
                "Le montant de ce financement est obligatoire et positif.",
            );
        }
        out.push(ValidCofunder {
            name,
            amount_cents: amount.unwrap_or(0),
        });
    }
    out
}

/// The other funders and the request together stay within the budget.
fn check_cofunding(e: &mut FieldErrors, m: &ProjectMoney, cofunders: &[ValidCofunder]) {
    let others: i64 = cofunders.iter().map(|c| c.amount_cents).sum();
    let (t, r) = (m.total_budget_cents, m.requested_cents);
    if others > 0 && others + r > t {
        e.add(
            "cofunders",
            format!(
                "Les autres financements ({}) et la demande ({}) dépassent le budget total ({}) de {}.",
                euros(others),
                euros(r),
                euros(t),
                euros(others + r - t)
            ),
        );
    }
}

fn indicators(e: &mut FieldErrors, lines: &[IndicatorInput]) -> Vec<ValidIndicator> {
    let mut out = Vec::new();
    for (i, ind) in lines.iter().enumerate() {
        let label = required_text(
            e,
            &format!("indicators.{i}.label"),
            &ind.label,
            200,
            "L’intitulé de l’indicateur est obligatoire (ou retirez la ligne).",
        );
        let target_key = format!("indicators.{i}.target");
        let target = parsed(e, &target_key, input::count(&ind.target));
        if target.is_none() && e.get(&target_key).is_none() {
            e.add(&target_key, "La valeur cible est obligatoire.");
        }
        let achieved = parsed(
            e,
            &format!("indicators.{i}.achieved"),
            input::count(&ind.achieved),
        );
        out.push(ValidIndicator {
            label,
            target: target.unwrap_or(0),
            achieved,
        });
    }
    out
}

fn validate_in(
    conn: &Connection,
    input: &ApplicationInput,
    granted_cents: Option<i64>,
) -> Result<ValidApplication> {
    let call_exists = row_exists(conn, "fund_call");
    let organisation_exists = row_exists(conn, "fund_organisation");
    let commune_exists = crate::territory::commune_exists(conn);
    validate_application(
        input,
        &ApplicationContext {
            call_exists: &call_exists,
            organisation_exists: &organisation_exists,
            commune_exists: &commune_exists,
            granted_cents,
        },
    )
    .map_err(Error::Invalid)
}

/// The communes an application concerns, replaced by `communes`.
pub(crate) fn write_communes(tx: &Transaction, id: i64, communes: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM fund_application_commune WHERE application_id = ?1",
        [id],
    )?;
    for c in communes {
        tx.execute(
            "INSERT INTO fund_application_commune (application_id, commune_insee) VALUES (?1, ?2)",
            params![id, c],
        )?;
    }
    Ok(())
}

fn write_children(tx: &Transaction, id: i64, v: &ValidApplication) -> Result<()> {
    write_communes(tx, id, &v.communes)?;
    tx.execute("DELETE FROM fund_cofunder WHERE application_id = ?1", [id])?;
    for (pos, c) in v.cofunders.iter().enumerate() {
        tx.execute(
            "INSERT INTO fund_cofunder (application_id, position, name, amount_cents)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, pos as i64, c.name, c.amount_cents],
        )?;
    }
    tx.execute("DELETE FROM fund_indicator WHERE application_id = ?1", [id])?;
    for (pos, i) in v.indicators.iter().enumerate() {
        tx.execute(
            "INSERT INTO fund_indicator (application_id, position, label, target, achieved)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, pos as i64, i.label, i.target, i.achieved],
        )?;
    }
    Ok(())
}

/// Creates an application as a draft.
pub fn create_application(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &ApplicationInput,
) -> Result<i64> {
    let v = validate_in(conn, input, None)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        insert_application(tx, ctx, &v, Vec::new())
    })
}

/// Writes a valid application as a draft with its communes, other funders
/// and indicators, and the first step of its history; `extra` are more
/// columns (an import's batch and Démarches Simplifiées number). Returns
/// its id.
pub(crate) fn insert_application(
    tx: &Transaction,
    ctx: &store::WriteCtx,
    v: &ValidApplication,
    mut extra: store::Columns,
) -> Result<i64> {
    let mut columns: store::Columns = vec![
        ("call_id", v.call_id.into()),
        ("organisation_id", v.organisation_id.into()),
        ("title", v.title.clone().into()),
        ("summary", v.summary.clone().into()),
        ("public_concerned", v.public_concerned.clone().into()),
        (
            "priority_neighbourhoods",
            i64::from(v.priority_neighbourhoods).into(),
        ),
        ("starts_on", iso(v.starts_on).into()),
        ("ends_on", iso(v.ends_on).into()),
        ("total_budget_cents", v.total_budget_cents.into()),
        ("requested_cents", v.requested_cents.into()),
        ("grant_share_bp", v.grant_share_bp.into()),
        ("stage", Stage::Draft.code().to_string().into()),
    ];
    columns.append(&mut extra);
    let id = ctx.insert(tx, "fund_application", columns)?;
    write_children(tx, id, v)?;
    record_step(
        tx,
        ctx,
        id,
        "create",
        Stage::Draft,
        Stage::Draft,
        None,
        Some(v.requested_cents),
        "Dossier créé",
    )?;
    Ok(id)
}

/// Edits the content. A closed application is frozen; the call changes only
/// while the application is a draft.
pub fn update_application(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &ApplicationInput,
) -> Result<()> {
    let current: Option<(i64, String, Option<i64>, String)> = conn
        .query_row(
            "SELECT call_id, stage, CASE WHEN decision = 'granted' THEN granted_cents END,
                requested_cents FROM fund_application WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, i64>(3)?.to_string(),
                ))
            },
        )
        .optional()?;
    let (call_id, stage, granted, _) = current.ok_or(Error::NotFound("Dossier"))?;
    let stage = Stage::from_code(&stage).unwrap_or(Stage::Draft);
    if stage == Stage::Closed {
        return Err(Error::Refused(
            "Ce dossier est clôturé : il ne peut plus être modifié.".into(),
        ));
    }
    let v = validate_in(conn, input, granted)?;
    if v.call_id != call_id && stage != Stage::Draft {
        let mut e = FieldErrors::new();
        e.add(
            "call_id",
            "Le dossier est déjà reçu : il ne peut plus changer d’appel.",
        );
        return Err(Error::Invalid(e));
    }
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        write_update(tx, ctx, id, stage, &v)
    })
}

/// Writes an edited application checked by [`validate_application`] (its
/// content, communes, other funders and indicators; a granted one's report
/// deadline follows its end) and records the edit in its history.
pub(crate) fn write_update(
    tx: &Transaction,
    ctx: &store::WriteCtx,
    id: i64,
    stage: Stage,
    v: &ValidApplication,
) -> Result<()> {
    tx.execute(
        "UPDATE fund_application SET call_id = ?2, organisation_id = ?3, title = ?4, summary = ?5,
                public_concerned = ?6, priority_neighbourhoods = ?7, starts_on = ?8, ends_on = ?9,
                total_budget_cents = ?10, requested_cents = ?11, grant_share_bp = ?12,
                updated_at = ?13, updated_by = ?14
             WHERE id = ?1",
        params![
            id,
            v.call_id,
            v.organisation_id,
            v.title,
            v.summary,
            v.public_concerned,
            v.priority_neighbourhoods,
            iso(v.starts_on),
            iso(v.ends_on),
            v.total_budget_cents,
            v.requested_cents,
            v.grant_share_bp,
            ctx.stamp(),
            ctx.actor.name
        ],
    )?;
    write_children(tx, id, v)?;
    // The report is due six months after the project's end: moving the
    // end moves the deadline of a granted application.
    tx.execute(
        "UPDATE fund_application SET report_due_on = ?2
             WHERE id = ?1 AND report_due_on IS NOT NULL",
        params![id, iso(lifecycle::report_due(v.ends_on))],
    )?;
    record_step(
        tx,
        ctx,
        id,
        "edit",
        stage,
        stage,
        None,
        Some(v.requested_cents),
        "Dossier modifié",
    )
}

/// Deletes a draft. Anything further along is kept for good: a received
/// application is part of the call's record.
pub fn delete_application(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        let stage: Option<String> = tx
            .query_row(
                "SELECT stage FROM fund_application WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match stage.as_deref() {
            None => return Err(Error::NotFound("Dossier")),
            Some("draft") => {}
            Some(_) => {
                return Err(Error::Refused(
                    "Seul un brouillon peut être supprimé : ce dossier a été reçu et reste dans l’historique de l’appel (vous pouvez le marquer retiré)."
                        .into(),
                ))
            }
        }
        for table in [
            "fund_application_commune",
            "fund_cofunder",
            "fund_indicator",
            "fund_document_received",
            "fund_score",
            "fund_step",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE application_id = ?1"),
                [id],
            )?;
        }
        tx.execute("DELETE FROM fund_application WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The stored application as its form shows it.
pub fn application_form(conn: &Connection, id: i64) -> Result<ApplicationInput> {
    let base = conn
        .query_row(
            "SELECT call_id, organisation_id, title, summary, public_concerned,
                priority_neighbourhoods, starts_on, ends_on, total_budget_cents, requested_cents,
                grant_share_bp
             FROM fund_application WHERE id = ?1",
            [id],
            |r| {
                Ok(ApplicationInput {
                    call_id: r.get::<_, i64>(0)?.to_string(),
                    organisation_id: r.get::<_, i64>(1)?.to_string(),
                    title: r.get(2)?,
                    summary: r.get(3)?,
                    public_concerned: r.get(4)?,
                    priority_neighbourhoods: r.get(5)?,
                    starts_on: iso_to_fr(&r.get::<_, String>(6)?),
                    ends_on: iso_to_fr(&r.get::<_, String>(7)?),
                    total_budget: input::format_cents(r.get(8)?),
                    requested: input::format_cents(r.get(9)?),
                    grant_share: input::format_scaled(r.get(10)?, 2),
                    communes: Vec::new(),
                    cofunders: Vec::new(),
                    indicators: Vec::new(),
                })
            },
        )
        .optional()?;
    let mut form = base.ok_or(Error::NotFound("Dossier"))?;
    let mut stmt = conn.prepare(
        "SELECT commune_insee FROM fund_application_commune WHERE application_id = ?1 ORDER BY commune_insee",
    )?;
    form.communes = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT name, amount_cents FROM fund_cofunder WHERE application_id = ?1 ORDER BY position",
    )?;
    form.cofunders = stmt
        .query_map([id], |r| {
            Ok(CofunderInput {
                name: r.get(0)?,
                amount: input::format_cents(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT label, target, achieved FROM fund_indicator WHERE application_id = ?1 ORDER BY position",
    )?;
    form.indicators = stmt
        .query_map([id], |r| {
            Ok(IndicatorInput {
                label: r.get(0)?,
                target: r.get::<_, i64>(1)?.to_string(),
                achieved: r
                    .get::<_, Option<i64>>(2)?
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(form)
}
