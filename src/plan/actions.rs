//! The plan's axes and actions, each action saved with its indicators and its
//! links in one transaction: the form is the whole action, so an invalid
//! indicator or a link to something gone saves nothing of it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    format_bound, from_iso, iso, period_bound, permille, required_text, text_field, ActionStatus,
    LinkKind,
};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store;

/// The axis form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AxisInput {
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanAxis {
    pub id: i64,
    pub position: i64,
    pub title: String,
}

fn validate_axis(input: &AxisInput) -> std::result::Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(
        &mut e,
        "title",
        &input.title,
        300,
        "L’intitulé de l’axe est obligatoire.",
    );
    if e.is_empty() {
        Ok(title)
    } else {
        Err(e)
    }
}

fn axis_title_taken(conn: &Connection, title: &str, except: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan_axis WHERE title = ?1 AND id <> ?2)",
        params![title, except],
        |r| r.get(0),
    )?)
}

fn taken_error() -> Error {
    let mut e = FieldErrors::new();
    e.add("title", "Un axe porte déjà cet intitulé.");
    Error::Invalid(e)
}

pub fn axes(conn: &Connection) -> Result<Vec<PlanAxis>> {
    let mut stmt =
        conn.prepare("SELECT id, position, title FROM plan_axis ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(PlanAxis {
            id: r.get(0)?,
            position: r.get(1)?,
            title: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_axis(conn: &Connection, id: i64) -> Result<PlanAxis> {
    axes(conn)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(Error::NotFound("Axe"))
}

/// Adds an axis after the others.
pub fn create_axis(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &AxisInput,
) -> Result<PlanAxis> {
    let title = validate_axis(input).map_err(Error::Invalid)?;
    if axis_title_taken(conn, &title, 0)? {
        return Err(taken_error());
    }
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO plan_axis (position, title, created_at, created_by, updated_at, updated_by)
             VALUES ((SELECT coalesce(max(position) + 1, 0) FROM plan_axis), ?1, ?2, ?3, ?2, ?3)",
            params![title, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get_axis(conn, id)
}

pub fn update_axis(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &AxisInput,
) -> Result<PlanAxis> {
    get_axis(conn, id)?;
    let title = validate_axis(input).map_err(Error::Invalid)?;
    if axis_title_taken(conn, &title, id)? {
        return Err(taken_error());
    }
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE plan_axis SET title = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id, title, ctx.stamp(), ctx.actor.name],
        )?;
        Ok(())
    })?;
    get_axis(conn, id)
}

/// Deletes an axis that holds no action.
pub fn delete_axis(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let axis = get_axis(conn, id)?;
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM plan_action WHERE axis_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if n > 0 {
        return Err(Error::Refused(format!(
            "L’axe « {} » contient {} : supprimez-les ou déplacez-les d’abord.",
            axis.title,
            crate::reports::quantity_fr(n, "action", "actions")
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM plan_axis WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// One indicator of the action form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanIndicatorInput {
    pub label: String,
    /// E.g. `stagiaires`, `binômes`, `%`.
    pub unit: String,
    pub year: String,
    /// Decimal comma, two decimals at most.
    pub target: String,
    /// Empty while nothing is measured.
    pub achieved: String,
}

/// One link of the action form: what carries the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkInput {
    /// A [`LinkKind`] code.
    pub kind: String,
    pub target_id: i64,
}

/// The action form as typed, with its indicators and links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionInput {
    pub axis_id: Option<i64>,
    pub title: String,
    /// Who carries it (a name or a service).
    pub owner: String,
    /// An [`ActionStatus`] code.
    pub status: String,
    /// `dd/mm/yyyy` or a year alone; both bounds optional.
    pub period_start: String,
    pub period_end: String,
    pub description: String,
    pub indicators: Vec<PlanIndicatorInput>,
    pub links: Vec<LinkInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIndicator {
    pub year: i32,
    pub label: String,
    pub unit: String,
    pub target_hundredths: i64,
    pub achieved_hundredths: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub axis_id: i64,
    pub title: String,
    pub owner: String,
    pub status: ActionStatus,
    pub start_day: Option<chrono::NaiveDate>,
    pub end_day: Option<chrono::NaiveDate>,
    pub description: String,
    pub indicators: Vec<ValidIndicator>,
    pub links: Vec<(LinkKind, i64)>,
}

/// The largest indicator value: far above any count a plan reports.
const MAX_VALUE_HUNDREDTHS: i64 = 100_000_000_000;

fn indicator_value(e: &mut FieldErrors, key: &str, raw: &str) -> Option<i64> {
    match input::scaled(raw, 2) {
        Ok(Some(v)) if v > MAX_VALUE_HUNDREDTHS => {
            e.add(key, "Valeur trop grande (un milliard au plus).");
            None
        }
        Ok(v) => v,
        Err(m) => {
            e.add(key, m);
            None
        }
    }
}

/// Checks the whole form against what the database holds (the axis and the
/// links' targets) and returns every field's error at once.
pub fn validate_action(
    conn: &Connection,
    input: &ActionInput,
) -> Result<std::result::Result<ValidAction, FieldErrors>> {
    let mut e = FieldErrors::new();
    let axis_id = valid_axis(conn, &mut e, input.axis_id)?;
    let title = required_text(
        &mut e,
        "title",
        &input.title,
        300,
        "L’intitulé de l’action est obligatoire.",
    );
    let owner = text_field(&mut e, "owner", &input.owner, 200);
    let status = ActionStatus::from_code(input.status.trim());
    if status.is_none() {
        e.add("status", "Choisissez le statut de l’action.");
    }
    let start_day = period_bound(&input.period_start, false).unwrap_or_else(|m| {
        e.add("period_start", m);
        None
    });
    let end_day = period_bound(&input.period_end, true).unwrap_or_else(|m| {
        e.add("period_end", m);
        None
    });
    if let (Some(s), Some(f)) = (start_day, end_day) {
        if f < s {
            e.add("period_end", "La fin de la période précède son début.");
        }
    }
    let description = text_field(&mut e, "description", &input.description, 4000);

    let indicators = valid_indicators(&mut e, &input.indicators);
    let links = valid_links(conn, &mut e, &input.links)?;

    Ok(match (e.is_empty(), status) {
        (true, Some(status)) => Ok(ValidAction {
            axis_id,
            title,
            owner,
            status,
            start_day,
            end_day,
            description,
            indicators,
            links,
        }),
        _ => Err(e),
    })
}

/// The action's axis: chosen, and still in the plan.
fn valid_axis(conn: &Connection, e: &mut FieldErrors, axis_id: Option<i64>) -> Result<i64> {
    Ok(match axis_id {
        None => {
            e.add("axis_id", "Choisissez l’axe du plan.");
            0
        }
        Some(id) => {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_axis WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if !exists {
                e.add("axis_id", "Cet axe n’existe plus : choisissez-en un autre.");
            }
            id
        }
    })
}

/// Each indicator line: a label, a year between 2000 and 2100, a target
/// (0 when none) and what was achieved, in hundredths; 50 lines at most.
fn valid_indicators(e: &mut FieldErrors, lines: &[PlanIndicatorInput]) -> Vec<ValidIndicator> {
    if lines.len() > 50 {
        e.add("indicators", "50 indicateurs au plus par action.");
    }
    let mut indicators = Vec::new();
    for (i, ind) in lines.iter().enumerate() {
        let label = required_text(
            e,
            &format!("indicators.{i}.label"),
            &ind.label,
            200,
            "L’intitulé de l’indicateur est obligatoire (ou retirez la ligne).",
        );
        let unit = text_field(e, &format!("indicators.{i}.unit"), &ind.unit, 50);
        let year_key = format!("indicators.{i}.year");
        let year = match ind.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                e.add(&year_key, "Indiquez l’année, entre 2000 et 2100.");
                0
            }
        };
        let target_key = format!("indicators.{i}.target");
        let target = indicator_value(e, &target_key, &ind.target);
        if target.is_none() && e.get(&target_key).is_none() {
            e.add(
                &target_key,
                "La valeur cible est obligatoire (0 si aucune).",
            );
        }
        let achieved = indicator_value(e, &format!("indicators.{i}.achieved"), &ind.achieved);
        indicators.push(ValidIndicator {
            year,
            label,
            unit,
            target_hundredths: target.unwrap_or(0),
            achieved_hundredths: achieved,
        });
    }

    indicators
}

/// Each link: a known kind, a target that exists, not twice.
fn valid_links(
    conn: &Connection,
    e: &mut FieldErrors,
    lines: &[LinkInput],
) -> Result<Vec<(LinkKind, i64)>> {
    let mut links: Vec<(LinkKind, i64)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let key = format!("links.{i}");
        match LinkKind::from_code(l.kind.trim()) {
            None => e.add(&key, "Type de lien inconnu."),
            Some(kind) => {
                if links.contains(&(kind, l.target_id)) {
                    e.add(&key, "Ce lien figure déjà dans la liste.");
                } else if link_label(conn, kind, l.target_id)?.is_none() {
                    e.add(
                        &key,
                        format!(
                            "{} introuvable : il a peut-être été supprimé. Retirez ce lien.",
                            kind.label_fr()
                        ),
                    );
                } else {
                    links.push((kind, l.target_id));
                }
            }
        }
    }

    Ok(links)
}

/// What a link points at, as the window and the report name it; `None` when
/// it does not exist.
pub fn link_label(conn: &Connection, kind: LinkKind, id: i64) -> Result<Option<String>> {
    let sql = match kind {
        LinkKind::Training => {
            "SELECT title || ' (' || strftime('%d/%m/%Y', first_day) || ')' FROM training_session WHERE id = ?1"
        }
        LinkKind::Event => {
            "SELECT title || ' (' || strftime('%d/%m/%Y', day) || ')' FROM event WHERE id = ?1"
        }
        LinkKind::Grant => {
            "SELECT o.name || ' — ' || a.title || ' (' || f.year || ')' FROM fund_application a
             JOIN fund_organisation o ON o.id = a.organisation_id
             JOIN fund_call f ON f.id = a.call_id WHERE a.id = ?1"
        }
        LinkKind::BudgetLine => {
            "SELECT l.label || ' (budget ' || b.year || ')' FROM budget_line l
             JOIN budget_year b ON b.id = l.budget_id WHERE l.id = ?1"
        }
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

/// An indicator as read, with how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanIndicator {
    pub id: i64,
    pub year: i32,
    pub label: String,
    pub unit: String,
    pub target_hundredths: i64,
    pub achieved_hundredths: Option<i64>,
    /// Achieved over target in thousandths, uncapped; `None` when nothing is
    /// measured or the target is zero.
    pub rate_permille: Option<i64>,
    /// Measured and at or above the target (a zero target is reached as soon
    /// as something is measured).
    pub reached: bool,
}

impl PlanIndicator {
    fn new(
        id: i64,
        year: i32,
        label: String,
        unit: String,
        target: i64,
        achieved: Option<i64>,
    ) -> Self {
        PlanIndicator {
            id,
            year,
            label,
            unit,
            target_hundredths: target,
            achieved_hundredths: achieved,
            rate_permille: achieved.and_then(|a| permille(a, target)),
            reached: achieved.is_some_and(|a| a >= target),
        }
    }
}

/// A link as read, with the name of what it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ActionLink {
    pub kind: LinkKind,
    pub target_id: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlanAction {
    pub id: i64,
    pub axis_id: i64,
    pub position: i64,
    pub title: String,
    pub owner: String,
    pub status: ActionStatus,
    /// ISO days.
    pub start_day: Option<String>,
    pub end_day: Option<String>,
    pub description: String,
    /// Every year's indicators, by year then position.
    pub indicators: Vec<PlanIndicator>,
    pub links: Vec<ActionLink>,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT_ACTION: &str = "SELECT id, axis_id, position, title, owner, status, start_day,
    end_day, description, updated_at, updated_by FROM plan_action";

fn action_from_row(r: &Row) -> rusqlite::Result<PlanAction> {
    let code: String = r.get(5)?;
    Ok(PlanAction {
        id: r.get(0)?,
        axis_id: r.get(1)?,
        position: r.get(2)?,
        title: r.get(3)?,
        owner: r.get(4)?,
        // The schema's CHECK allows only known codes; anything else is a damaged file.
        status: ActionStatus::from_code(&code).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(5, "status".into(), rusqlite::types::Type::Text)
        })?,
        start_day: r.get(6)?,
        end_day: r.get(7)?,
        description: r.get(8)?,
        indicators: Vec::new(),
        links: Vec::new(),
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
    })
}

fn fill(conn: &Connection, mut a: PlanAction) -> Result<PlanAction> {
    let mut stmt = conn.prepare(
        "SELECT id, year, label, unit, target_hundredths, achieved_hundredths FROM plan_indicator
         WHERE action_id = ?1 ORDER BY year, position, id",
    )?;
    a.indicators = stmt
        .query_map([a.id], |r| {
            Ok(PlanIndicator::new(
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare("SELECT kind, target_id FROM plan_link WHERE action_id = ?1 ORDER BY id")?;
    let raw: Vec<(String, i64)> = stmt
        .query_map([a.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (code, target_id) in raw {
        let Some(kind) = LinkKind::from_code(&code) else {
            continue;
        };
        let label = link_label(conn, kind, target_id)?.unwrap_or_default();
        a.links.push(ActionLink {
            kind,
            target_id,
            label,
        });
    }
    Ok(a)
}

pub fn get_action(conn: &Connection, id: i64) -> Result<PlanAction> {
    let a = conn
        .query_row(
            &format!("{SELECT_ACTION} WHERE id = ?1"),
            [id],
            action_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound("Action"))?;
    fill(conn, a)
}

/// Every action, by axis then position.
pub fn actions(conn: &Connection) -> Result<Vec<PlanAction>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_ACTION} ORDER BY (SELECT position FROM plan_axis x WHERE x.id = axis_id), position, id"
    ))?;
    let rows: Vec<PlanAction> = stmt
        .query_map([], action_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|a| fill(conn, a)).collect()
}

fn write_children(
    tx: &rusqlite::Transaction,
    id: i64,
    v: &ValidAction,
    stamp: &str,
    who: &str,
) -> Result<()> {
    tx.execute("DELETE FROM plan_indicator WHERE action_id = ?1", [id])?;
    tx.execute("DELETE FROM plan_link WHERE action_id = ?1", [id])?;
    for (position, ind) in v.indicators.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_indicator (action_id, position, year, label, unit, target_hundredths,
                achieved_hundredths, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                position as i64,
                ind.year,
                ind.label,
                ind.unit,
                ind.target_hundredths,
                ind.achieved_hundredths,
                stamp,
                who
            ],
        )?;
    }
    for (kind, target) in &v.links {
        tx.execute(
            "INSERT INTO plan_link (action_id, kind, target_id, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, kind.code(), target, stamp, who],
        )?;
    }
    Ok(())
}

/// Saves a new action with its indicators and links, after the axis's others.
pub fn create_action(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &ActionInput,
) -> Result<PlanAction> {
    let v = validate_action(conn, input)?.map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO plan_action (axis_id, position, title, owner, status, start_day, end_day,
                description, created_at, created_by, updated_at, updated_by)
             VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM plan_action WHERE axis_id = ?1),
                ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9)",
            params![
                v.axis_id,
                v.title,
                v.owner,
                v.status.code(),
                v.start_day.map(iso),
                v.end_day.map(iso),
                v.description,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_children(tx, id, &v, &ctx.stamp(), &ctx.actor.name)?;
        Ok(id)
    })?;
    get_action(conn, id)
}

/// Saves an action's whole form: its indicators and links are replaced by
/// the form's.
pub fn update_action(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &ActionInput,
) -> Result<PlanAction> {
    let current = get_action(conn, id)?;
    let v = validate_action(conn, input)?.map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        // A move to another axis puts the action after that axis's others.
        tx.execute(
            "UPDATE plan_action SET axis_id = ?2,
                position = CASE WHEN ?2 = axis_id THEN position
                    ELSE (SELECT coalesce(max(position) + 1, 0) FROM plan_action WHERE axis_id = ?2) END,
                title = ?3, owner = ?4, status = ?5, start_day = ?6, end_day = ?7, description = ?8,
                updated_at = ?9, updated_by = ?10 WHERE id = ?1",
            params![
                id,
                v.axis_id,
                v.title,
                v.owner,
                v.status.code(),
                v.start_day.map(iso),
                v.end_day.map(iso),
                v.description,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        write_children(tx, current.id, &v, &ctx.stamp(), &ctx.actor.name)?;
        Ok(())
    })?;
    get_action(conn, id)
}

/// Deletes an action with its indicators and links (what the links point at
/// stays).
pub fn delete_action(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    get_action(conn, id)?;
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM plan_indicator WHERE action_id = ?1", [id])?;
        tx.execute("DELETE FROM plan_link WHERE action_id = ?1", [id])?;
        tx.execute("DELETE FROM plan_action WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The form of a saved action, as the window edits it.
pub fn action_form(conn: &Connection, id: i64) -> Result<ActionInput> {
    let a = get_action(conn, id)?;
    let bound = |d: &Option<String>, end: bool| {
        d.as_deref()
            .and_then(from_iso)
            .map(|d| format_bound(d, end))
            .unwrap_or_default()
    };
    Ok(ActionInput {
        axis_id: Some(a.axis_id),
        title: a.title.clone(),
        owner: a.owner.clone(),
        status: a.status.code().into(),
        period_start: bound(&a.start_day, false),
        period_end: bound(&a.end_day, true),
        description: a.description.clone(),
        indicators: a
            .indicators
            .iter()
            .map(|i| PlanIndicatorInput {
                label: i.label.clone(),
                unit: i.unit.clone(),
                year: i.year.to_string(),
                target: input::format_scaled(i.target_hundredths, 2),
                achieved: i
                    .achieved_hundredths
                    .map(|v| input::format_scaled(v, 2))
                    .unwrap_or_default(),
            })
            .collect(),
        links: a
            .links
            .iter()
            .map(|l| LinkInput {
                kind: l.kind.code().into(),
                target_id: l.target_id,
            })
            .collect(),
    })
}
