//! The budget of a year, its lines and their dated amendments. Voted credits
//! and amendments are decisions: only the project lead takes them.

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    budget_year_of, iso, parsed, required_amount, required_date, text_field, LineKind, LineNature,
};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::reports::money_fr;
use crate::rights::{Actor, Permission};
use crate::store;

/// The budget form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BudgetInput {
    pub year: String,
    /// FTE the plan foresees for the year, e.g. `2` or `1,5`.
    pub planned_fte: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidBudget {
    pub year: i32,
    pub planned_fte_hundredths: i64,
    pub notes: String,
}

pub fn validate_budget(input: &BudgetInput) -> std::result::Result<ValidBudget, FieldErrors> {
    let mut e = FieldErrors::new();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            e.add("year", "Indiquez une année entre 2000 et 2100.");
            0
        }
    };
    let planned = parsed(&mut e, "planned_fte", input::scaled(&input.planned_fte, 2)).unwrap_or(0);
    if planned > 10_000 {
        e.add("planned_fte", "100 ETP au plus.");
    }
    let notes = text_field(&mut e, "notes", &input.notes, 2000);
    if e.is_empty() {
        Ok(ValidBudget {
            year,
            planned_fte_hundredths: planned,
            notes,
        })
    } else {
        Err(e)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetYear {
    pub id: i64,
    pub year: i32,
    pub planned_fte_hundredths: i64,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    /// ISO date of the vote of the initial budget (BP); from then on the
    /// credits change only by amendments.
    pub voted_on: Option<String>,
    /// ISO date the year was closed; its figures are then final.
    pub closed_on: Option<String>,
    pub closed_by: String,
}

const SELECT_BUDGET: &str =
    "SELECT id, year, planned_fte_hundredths, notes, created_at, created_by,
    updated_at, updated_by, voted_on, closed_on, closed_by FROM budget_year";

fn budget_from_row(r: &Row) -> rusqlite::Result<BudgetYear> {
    Ok(BudgetYear {
        id: r.get(0)?,
        year: r.get(1)?,
        planned_fte_hundredths: r.get(2)?,
        notes: r.get(3)?,
        created_at: r.get(4)?,
        created_by: r.get(5)?,
        updated_at: r.get(6)?,
        updated_by: r.get(7)?,
        voted_on: r.get(8)?,
        closed_on: r.get(9)?,
        closed_by: r.get(10)?,
    })
}

pub fn get_budget(conn: &Connection, id: i64) -> Result<BudgetYear> {
    conn.query_row(
        &format!("{SELECT_BUDGET} WHERE id = ?1"),
        [id],
        budget_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound("Budget"))
}

pub fn budget_of_year(conn: &Connection, year: i32) -> Result<Option<BudgetYear>> {
    Ok(conn
        .query_row(
            &format!("{SELECT_BUDGET} WHERE year = ?1"),
            [year],
            budget_from_row,
        )
        .optional()?)
}

/// Every budget, oldest first.
pub fn budgets(conn: &Connection) -> Result<Vec<BudgetYear>> {
    let mut stmt = conn.prepare(&format!("{SELECT_BUDGET} ORDER BY year"))?;
    let rows = stmt.query_map([], budget_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The French refusal when `year` is closed, `None` while it is open.
pub fn closed_year_message(conn: &Connection, year: i32) -> Result<Option<String>> {
    let closed: Option<String> = conn
        .query_row(
            "SELECT closed_on FROM budget_year WHERE year = ?1 AND closed_on IS NOT NULL",
            [year],
            |r| r.get(0),
        )
        .optional()?;
    Ok(closed.map(|on| {
        format!(
            "L’exercice {year} est clos depuis le {} : rien ne peut plus y être daté ni modifié.",
            super::from_iso(&on)
                .map(input::format_date_fr)
                .unwrap_or(on)
        )
    }))
}

/// The vote of a budget as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteInput {
    /// `dd/mm/yyyy`: the day the assembly voted the initial budget.
    pub day: String,
}

/// Records the vote of the initial budget (*budget primitif*) of a year.
/// From then on a line's initial credits no longer change: the credits move
/// only by dated, explained amendments (*décisions modificatives*), as the
/// budget is a decision of the assembly (CGCT L. 1612-1 and following). The
/// vote falls in the year before or in the year itself (CGCT L. 1612-2 sets
/// its deadline at 15 April, 30 April in a renewal year).
pub fn vote_budget(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &VoteInput,
) -> Result<BudgetYear> {
    let b = get_budget(conn, id)?;
    let mut e = FieldErrors::new();
    let day = required_date(&mut e, "day", &input.day, "Indiquez la date du vote.");
    if let Some(voted) = &b.voted_on {
        e.add(
            "day",
            format!(
                "Le budget {} est déjà voté (le {}).",
                b.year,
                super::from_iso(voted)
                    .map(input::format_date_fr)
                    .unwrap_or_default()
            ),
        );
    }
    if let Some(d) = day {
        if d.year() != b.year && d.year() != b.year - 1 {
            e.add(
                "day",
                format!(
                    "Le budget {} se vote en {} ou en {}.",
                    b.year,
                    b.year - 1,
                    b.year
                ),
            );
        }
        if d > now.date_naive() {
            e.add("day", "Le vote ne peut pas être daté dans le futur.");
        }
    }
    e.into_result()?;
    let Some(day) = day else {
        return Err(Error::Refused("Formulaire incomplet.".into()));
    };
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE budget_year SET voted_on = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, iso(day), ctx.stamp(), ctx.actor.name],
        )?;
        Ok(())
    })?;
    get_budget(conn, id)
}

/// Closes a year (*clôture de l’exercice*): from then on nothing can be
/// dated in it (no commitment, payment, amendment, grant, tranche or activity
/// cost) and its summary is final. What was committed and not paid by 31
/// December is carried to the next year as *restes à réaliser* (see
/// [`super::carried_into`]). Only the project lead closes, once the year is
/// over and its budget voted. A closed year is not reopened.
pub fn close_year(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
    id: i64,
) -> Result<BudgetYear> {
    let b = get_budget(conn, id)?;
    if b.closed_on.is_some() {
        return Err(Error::Refused(format!(
            "L’exercice {} est déjà clos.",
            b.year
        )));
    }
    if b.voted_on.is_none() {
        return Err(Error::Refused(format!(
            "Le budget {} n’est pas voté : enregistrez d’abord son vote.",
            b.year
        )));
    }
    if today.year() <= b.year {
        return Err(Error::Refused(format!(
            "L’exercice {} se clôt après le 31/12/{} : il n’est pas terminé.",
            b.year, b.year
        )));
    }
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE budget_year SET closed_on = ?2, closed_by = ?3, updated_at = ?4, updated_by = ?3
             WHERE id = ?1",
            params![id, iso(today), ctx.actor.name, ctx.stamp()],
        )?;
        Ok(())
    })?;
    get_budget(conn, id)
}

/// Refuses any change to the budget `budget_id` once its year is closed.
fn refuse_if_closed(conn: &Connection, budget_id: i64) -> Result<()> {
    let year = budget_year_of(conn, budget_id)?.ok_or(Error::NotFound("Budget"))?;
    match closed_year_message(conn, year)? {
        Some(m) => Err(Error::Refused(m)),
        None => Ok(()),
    }
}

/// The message beside the initial credits once the budget is voted.
fn voted_message(voted_on: &str) -> String {
    format!(
        "Le budget est voté (le {}) : ses crédits ne changent plus que par une modification datée et motivée (décision modificative).",
        super::from_iso(voted_on).map(input::format_date_fr).unwrap_or_default()
    )
}

/// Creates the budget of a year with the default lines, each at zero until
/// its initial credits are voted.
pub fn create_budget(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &BudgetInput,
) -> Result<BudgetYear> {
    let v = validate_budget(input).map_err(Error::Invalid)?;
    if budget_of_year(conn, v.year)?.is_some() {
        let mut e = FieldErrors::new();
        e.add("year", format!("Le budget {} existe déjà.", v.year));
        return Err(Error::Invalid(e));
    }
    let id = store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO budget_year (year, planned_fte_hundredths, notes, created_at, created_by,
                updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)",
            params![
                v.year,
                v.planned_fte_hundredths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (position, kind) in LineKind::ALL.iter().enumerate() {
            tx.execute(
                "INSERT INTO budget_line (budget_id, position, label, kind, nature, initial_cents,
                    created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?6, ?7)",
                params![
                    id,
                    position as i64,
                    kind.label_fr(),
                    kind.code(),
                    kind.default_nature().code(),
                    ctx.stamp(),
                    ctx.actor.name
                ],
            )?;
        }
        Ok(id)
    })?;
    get_budget(conn, id)
}

/// Changes the planned FTE and the notes of a budget (its year stays).
pub fn update_budget(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &BudgetInput,
) -> Result<BudgetYear> {
    let current = get_budget(conn, id)?;
    refuse_if_closed(conn, id)?;
    let v = validate_budget(&BudgetInput {
        year: current.year.to_string(),
        ..input.clone()
    })
    .map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE budget_year SET planned_fte_hundredths = ?2, notes = ?3, updated_at = ?4,
                updated_by = ?5 WHERE id = ?1",
            params![
                id,
                v.planned_fte_hundredths,
                v.notes,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        Ok(())
    })?;
    get_budget(conn, id)
}

/// The line form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineInput {
    pub budget_id: i64,
    pub label: String,
    /// A [`LineKind`] code.
    pub kind: String,
    /// A [`LineNature`] code, empty for none.
    pub nature: String,
    /// The initial budget (BP) of the line, in euros.
    pub initial: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLine {
    pub budget_id: i64,
    pub label: String,
    pub kind: LineKind,
    pub nature: LineNature,
    pub initial_cents: i64,
}

pub fn validate_line(input: &LineInput) -> std::result::Result<ValidLine, FieldErrors> {
    let mut e = FieldErrors::new();
    let label = text_field(&mut e, "label", &input.label, 200);
    if label.is_empty() && e.get("label").is_none() {
        e.add("label", "Nommez la ligne.");
    }
    let kind = LineKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choisissez ce que la ligne finance.");
    }
    let nature = LineNature::from_code(input.nature.trim());
    if nature.is_none() {
        e.add("nature", "Nature inconnue.");
    }
    let initial_cents = parsed(&mut e, "initial", input::money_cents(&input.initial)).unwrap_or(0);
    match (kind, nature) {
        (Some(kind), Some(nature)) if e.is_empty() => Ok(ValidLine {
            budget_id: input.budget_id,
            label,
            kind,
            nature,
            initial_cents,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetLine {
    pub id: i64,
    pub budget_id: i64,
    pub position: i64,
    pub label: String,
    pub kind: LineKind,
    pub nature: LineNature,
    pub initial_cents: i64,
}

const SELECT_LINE: &str =
    "SELECT id, budget_id, position, label, kind, nature, initial_cents FROM budget_line";

fn line_from_row(r: &Row) -> rusqlite::Result<BudgetLine> {
    let bad = |i| rusqlite::Error::InvalidColumnType(i, "code".into(), rusqlite::types::Type::Text);
    Ok(BudgetLine {
        id: r.get(0)?,
        budget_id: r.get(1)?,
        position: r.get(2)?,
        label: r.get(3)?,
        kind: LineKind::from_code(&r.get::<_, String>(4)?).ok_or_else(|| bad(4))?,
        nature: LineNature::from_code(&r.get::<_, String>(5)?).ok_or_else(|| bad(5))?,
        initial_cents: r.get(6)?,
    })
}

pub fn get_line(conn: &Connection, id: i64) -> Result<BudgetLine> {
    conn.query_row(&format!("{SELECT_LINE} WHERE id = ?1"), [id], line_from_row)
        .optional()?
        .ok_or(Error::NotFound("Ligne budgétaire"))
}

/// The lines of a budget, in their order.
pub fn lines(conn: &Connection, budget_id: i64) -> Result<Vec<BudgetLine>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_LINE} WHERE budget_id = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([budget_id], line_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refuses a second line of a kind that other modules feed: their costs
/// would not know which line to go to.
fn check_fed_kind(
    conn: &Connection,
    v: &ValidLine,
    except: Option<i64>,
    e: &mut FieldErrors,
) -> Result<()> {
    if v.kind.fed_by_fr().is_none() {
        return Ok(());
    }
    let other: Option<i64> = conn
        .query_row(
            "SELECT id FROM budget_line WHERE budget_id = ?1 AND kind = ?2 AND id IS NOT ?3",
            params![v.budget_id, v.kind.code(), except],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() {
        e.add(
            "kind",
            "Ce budget a déjà une ligne de ce type : elle reçoit les coûts saisis ailleurs.",
        );
    }
    Ok(())
}

pub fn create_line(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &LineInput,
) -> Result<BudgetLine> {
    let v = validate_line(input).map_err(Error::Invalid)?;
    let budget = get_budget(conn, v.budget_id)?;
    refuse_if_closed(conn, budget.id)?;
    let mut e = FieldErrors::new();
    check_fed_kind(conn, &v, None, &mut e)?;
    if let Some(voted) = &budget.voted_on {
        if v.initial_cents != 0 {
            e.add("initial", voted_message(voted));
        }
    }
    e.into_result()?;
    let id = store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO budget_line (budget_id, position, label, kind, nature, initial_cents,
                created_at, created_by, updated_at, updated_by)
             VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM budget_line WHERE budget_id = ?1),
                ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
            params![
                v.budget_id,
                v.label,
                v.kind.code(),
                v.nature.code(),
                v.initial_cents,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get_line(conn, id)
}

/// Changes a line's label, kind, nature or initial credits. The initial
/// credits are lowered only down to what is committed on the line.
pub fn update_line(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &LineInput,
) -> Result<BudgetLine> {
    let current = get_line(conn, id)?;
    let budget = get_budget(conn, current.budget_id)?;
    refuse_if_closed(conn, budget.id)?;
    let v = validate_line(&LineInput {
        budget_id: current.budget_id,
        ..input.clone()
    })
    .map_err(Error::Invalid)?;
    let mut e = FieldErrors::new();
    check_fed_kind(conn, &v, Some(id), &mut e)?;
    if let Some(voted) = &budget.voted_on {
        if v.initial_cents != current.initial_cents {
            e.add("initial", voted_message(voted));
        }
    }
    let f = super::line_figures(conn, id, now.date_naive())?;
    let voted_after = f.voted_cents - current.initial_cents + v.initial_cents;
    if v.initial_cents < current.initial_cents && voted_after < f.committed_cents {
        e.add(
            "initial",
            format!(
                "Les crédits ne peuvent pas descendre sous ce qui est engagé ({}).",
                money_fr(f.committed_cents)
            ),
        );
    }
    if v.kind != current.kind
        && (current.kind.fed_by_fr().is_some() || v.kind.fed_by_fr().is_some())
        && f.committed_cents > 0
    {
        e.add(
            "kind",
            "Cette ligne porte déjà des engagements : son type ne change plus.",
        );
    }
    e.into_result()?;
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "UPDATE budget_line SET label = ?2, kind = ?3, nature = ?4, initial_cents = ?5,
                updated_at = ?6, updated_by = ?7 WHERE id = ?1",
            params![
                id,
                v.label,
                v.kind.code(),
                v.nature.code(),
                v.initial_cents,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        Ok(())
    })?;
    get_line(conn, id)
}

/// Deletes a line that carries no amendment and no commitment.
pub fn delete_line(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    refuse_if_closed(conn, get_line(conn, id)?.budget_id)?;
    let used: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM budget_amendment WHERE line_id = ?1)
              + (SELECT count(*) FROM budget_commitment WHERE line_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if used > 0 {
        return Err(Error::Refused(
            "Cette ligne porte des modifications ou des engagements : elle ne peut pas être supprimée."
                .into(),
        ));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM budget_line WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The amendment form as typed: an increase or a decrease of a line's credits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AmendmentInput {
    pub line_id: i64,
    /// `dd/mm/yyyy`.
    pub day: String,
    /// `increase` or `decrease`.
    pub direction: String,
    /// Euros, positive.
    pub amount: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Amendment {
    pub id: i64,
    pub line_id: i64,
    /// ISO date.
    pub day: String,
    /// Signed: negative lowers the line.
    pub amount_cents: i64,
    pub reason: String,
    pub created_at: String,
    pub created_by: String,
}

/// The amendments of a line, in date order.
pub fn amendments(conn: &Connection, line_id: i64) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare(
        "SELECT id, line_id, day, amount_cents, reason, created_at, created_by
         FROM budget_amendment WHERE line_id = ?1 ORDER BY day, id",
    )?;
    let rows = stmt.query_map([line_id], |r| {
        Ok(Amendment {
            id: r.get(0)?,
            line_id: r.get(1)?,
            day: r.get(2)?,
            amount_cents: r.get(3)?,
            reason: r.get(4)?,
            created_at: r.get(5)?,
            created_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a dated, explained amendment. A decrease may take the line's
/// voted credits down to what is committed on it, not below.
pub fn add_amendment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &AmendmentInput,
) -> Result<Amendment> {
    let mut e = FieldErrors::new();
    let day = required_date(
        &mut e,
        "day",
        &input.day,
        "Indiquez la date de la décision.",
    );
    let sign = match input.direction.trim() {
        "increase" => 1,
        "decrease" => -1,
        _ => {
            e.add("direction", "Choisissez une hausse ou une baisse.");
            0
        }
    };
    let amount = required_amount(&mut e, "amount", &input.amount);
    let reason = text_field(&mut e, "reason", &input.reason, 500);
    if reason.is_empty() && e.get("reason").is_none() {
        e.add("reason", "Expliquez la modification (décision, motif).");
    }
    let line = get_line(conn, input.line_id)?;
    let budget = get_budget(conn, line.budget_id)?;
    refuse_if_closed(conn, budget.id)?;
    let year = budget.year;
    if let Some(d) = day {
        if d.year() != year {
            e.add("day", format!("La date doit tomber en {year}."));
        }
        if let Some(voted) = budget.voted_on.as_deref().and_then(super::from_iso) {
            if d < voted {
                e.add(
                    "day",
                    format!(
                        "Une modification suit le vote du budget ({}).",
                        input::format_date_fr(voted)
                    ),
                );
            }
        }
    }
    if budget.voted_on.is_none() {
        return Err(Error::Refused(format!(
            "Le budget {year} n’est pas encore voté : fixez ses crédits initiaux ligne par ligne, puis enregistrez son vote ; les modifications viennent après."
        )));
    }
    let f = super::line_figures(conn, line.id, now.date_naive())?;
    if let Some(a) = amount {
        if sign < 0 && f.voted_cents - a < f.committed_cents {
            e.add(
                "amount",
                format!(
                    "Une baisse ne peut pas descendre sous ce qui est engagé : {} au plus.",
                    money_fr((f.voted_cents - f.committed_cents).max(0))
                ),
            );
        }
    }
    e.into_result()?;
    let (Some(day), Some(amount)) = (day, amount) else {
        return Err(Error::Refused("Formulaire incomplet.".into()));
    };
    let signed = sign * amount;
    let id = store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO budget_amendment (line_id, day, amount_cents, reason, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![line.id, iso(day), signed, reason, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    amendments(conn, line.id)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(Error::NotFound("Modification"))
}

/// Deletes an amendment, unless taking it back would leave the line below
/// what is committed.
pub fn delete_amendment(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let (line_id, amount): (i64, i64) = conn
        .query_row(
            "SELECT line_id, amount_cents FROM budget_amendment WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound("Modification"))?;
    refuse_if_closed(conn, get_line(conn, line_id)?.budget_id)?;
    let f = super::line_figures(conn, line_id, now.date_naive())?;
    if amount > 0 && f.voted_cents - amount < f.committed_cents {
        return Err(Error::Refused(format!(
            "Sans cette hausse, la ligne passerait sous ce qui est engagé ({}) : rien n’a été supprimé.",
            money_fr(f.committed_cents)
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM budget_amendment WHERE id = ?1", [id])?;
        Ok(())
    })
}
