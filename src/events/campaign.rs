//! The communication campaign of an edition: posters, leaflets, press, radio,
//! social media, website. Each item has its supplier, dates, cost and reach.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{code_of, form_date, iso, parsed, text_field, CampaignKind};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::store::{self, Columns};

/// The campaign item form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignInput {
    pub edition_id: i64,
    /// A [`CampaignKind`] code.
    pub kind: String,
    pub description: String,
    pub supplier: String,
    /// `dd/mm/yyyy`, optional.
    pub first_day: String,
    /// `dd/mm/yyyy`, optional; empty means the same as the first day.
    pub last_day: String,
    /// Euros.
    pub cost: String,
    /// People reached (copies, listeners, views), when known.
    pub reach: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCampaignItem {
    pub edition_id: i64,
    pub kind: CampaignKind,
    pub description: String,
    pub supplier: String,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub cost_cents: Option<i64>,
    pub reach: Option<i64>,
}

pub fn validate_campaign_item(
    input: &CampaignInput,
) -> std::result::Result<ValidCampaignItem, FieldErrors> {
    let mut e = FieldErrors::new();
    let kind = CampaignKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choisissez le support.");
    }
    let description = text_field(&mut e, "description", &input.description, 200);
    if description.is_empty() && e.get("description").is_none() {
        e.add("description", "Décrivez l’élément de campagne.");
    }
    let supplier = text_field(&mut e, "supplier", &input.supplier, 200);
    let first_day = parsed(&mut e, "first_day", input::date_fr(&input.first_day));
    let last_day = parsed(&mut e, "last_day", input::date_fr(&input.last_day));
    if last_day.is_some() && first_day.is_none() && e.get("first_day").is_none() {
        e.add("first_day", "Indiquez aussi le premier jour.");
    }
    let last_day = last_day.or(first_day);
    if let (Some(f), Some(l)) = (first_day, last_day) {
        if l < f {
            e.add(
                "last_day",
                "Le dernier jour ne peut pas précéder le premier.",
            );
        }
    }
    let cost_cents = parsed(&mut e, "cost", input::money_cents(&input.cost));
    let reach = parsed(&mut e, "reach", input::count(&input.reach));
    match kind {
        Some(kind) if e.is_empty() => Ok(ValidCampaignItem {
            edition_id: input.edition_id,
            kind,
            description,
            supplier,
            first_day,
            last_day,
            cost_cents,
            reach,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CampaignItem {
    pub id: i64,
    pub edition_id: i64,
    pub kind: CampaignKind,
    pub description: String,
    pub supplier: String,
    /// ISO dates, when known.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub cost_cents: Option<i64>,
    pub reach: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT id, edition_id, kind, description, supplier, first_day, last_day,
    cost_cents, reach, created_at, created_by, updated_at, updated_by FROM campaign_item";

fn from_row(r: &Row) -> rusqlite::Result<CampaignItem> {
    Ok(CampaignItem {
        id: r.get(0)?,
        edition_id: r.get(1)?,
        kind: code_of(r, 2, CampaignKind::from_code)?,
        description: r.get(3)?,
        supplier: r.get(4)?,
        first_day: r.get(5)?,
        last_day: r.get(6)?,
        cost_cents: r.get(7)?,
        reach: r.get(8)?,
        created_at: r.get(9)?,
        created_by: r.get(10)?,
        updated_at: r.get(11)?,
        updated_by: r.get(12)?,
    })
}

pub fn get_campaign_item(conn: &Connection, id: i64) -> Result<CampaignItem> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Élément de campagne"))
}

/// The campaign of an edition, in date order (undated items last).
pub fn campaign(conn: &Connection, edition_id: i64) -> Result<Vec<CampaignItem>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE edition_id = ?1 ORDER BY first_day IS NULL, first_day, id"
    ))?;
    let rows = stmt.query_map([edition_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn validate_in(conn: &Connection, input: &CampaignInput) -> Result<ValidCampaignItem> {
    let mut v = validate_campaign_item(input);
    if super::edition::edition_days(conn, input.edition_id)?.is_none() {
        let mut e = match v {
            Err(e) => e,
            Ok(_) => FieldErrors::new(),
        };
        e.add("edition_id", "Cette édition de la semaine n’existe pas.");
        v = Err(e);
    }
    v.map_err(Error::Invalid)
}

/// A valid campaign item's stored columns, for its insert and its update.
fn columns(v: &ValidCampaignItem) -> Columns {
    vec![
        ("edition_id", v.edition_id.into()),
        ("kind", v.kind.code().to_string().into()),
        ("description", v.description.clone().into()),
        ("supplier", v.supplier.clone().into()),
        ("first_day", v.first_day.map(iso).into()),
        ("last_day", v.last_day.map(iso).into()),
        ("cost_cents", v.cost_cents.into()),
        ("reach", v.reach.into()),
    ]
}

pub fn create_campaign_item(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &CampaignInput,
) -> Result<CampaignItem> {
    let v = validate_in(conn, input)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.insert(tx, "campaign_item", columns(&v))
    })?;
    get_campaign_item(conn, id)
}

pub fn update_campaign_item(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &CampaignInput,
) -> Result<CampaignItem> {
    get_campaign_item(conn, id)?;
    let v = validate_in(conn, input)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        ctx.update(tx, "campaign_item", id, columns(&v))?;
        Ok(())
    })?;
    get_campaign_item(conn, id)
}

pub fn delete_campaign_item(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        match tx.execute("DELETE FROM campaign_item WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Élément de campagne")),
            _ => Ok(()),
        }
    })
}

pub fn campaign_form(conn: &Connection, id: i64) -> Result<CampaignInput> {
    let c = get_campaign_item(conn, id)?;
    let date = |d: &Option<String>| d.as_deref().map(form_date).unwrap_or_default();
    Ok(CampaignInput {
        edition_id: c.edition_id,
        kind: c.kind.code().into(),
        description: c.description.clone(),
        supplier: c.supplier.clone(),
        first_day: date(&c.first_day),
        last_day: date(&c.last_day),
        cost: c.cost_cents.map(input::format_cents).unwrap_or_default(),
        reach: c.reach.map(|n| n.to_string()).unwrap_or_default(),
    })
}
