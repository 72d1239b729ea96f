//! Applicant organisations, reused from one year's call to the next. The
//! contact (name, role, email, phone) is the only personal data kept.

use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter, types::Value, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse_rna, parse_siret, parsed, required_text, text_field, OrganisationKind};
use crate::error::{Error, FieldErrors, Result};
use crate::rights::{Actor, Permission};
use crate::store::{self, Columns};
use crate::territory::commune_exists;

/// The organisation form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrganisationInput {
    pub name: String,
    /// An [`OrganisationKind`] code.
    pub kind: String,
    pub siret: String,
    pub rna: String,
    pub address: String,
    /// INSEE code of a member commune, or empty (the organisation may sit
    /// outside the territory: then `city` says where).
    pub commune_insee: String,
    pub city: String,
    pub contact_name: String,
    pub contact_role: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<String>,
    pub rna: Option<String>,
    pub address: String,
    pub commune_insee: Option<String>,
    pub city: String,
    pub contact_name: String,
    pub contact_role: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// A valid structure's stored columns, for its insert and its update.
pub(crate) fn columns(v: &ValidOrganisation) -> Columns {
    vec![
        ("name", v.name.clone().into()),
        ("kind", v.kind.code().to_string().into()),
        ("siret", v.siret.clone().into()),
        ("rna", v.rna.clone().into()),
        ("address", v.address.clone().into()),
        ("commune_insee", v.commune_insee.clone().into()),
        ("city", v.city.clone().into()),
        ("contact_name", v.contact_name.clone().into()),
        ("contact_role", v.contact_role.clone().into()),
        ("contact_email", v.contact_email.clone().into()),
        ("contact_phone", v.contact_phone.clone().into()),
    ]
}

pub fn validate_organisation(
    input: &OrganisationInput,
    commune_exists: impl Fn(&str) -> bool,
) -> std::result::Result<ValidOrganisation, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        200,
        "Le nom de la structure est obligatoire.",
    );
    crate::input::refuse_formula(&mut e, "name", &name);
    let kind = OrganisationKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choisissez le type de structure.");
    }
    let siret = parsed(&mut e, "siret", parse_siret(&input.siret));
    let rna = parsed(&mut e, "rna", parse_rna(&input.rna));
    if rna.is_some() && kind.is_some_and(|k| k != OrganisationKind::Association) {
        e.add("rna", "Le numéro RNA ne concerne que les associations.");
    }
    let address = text_field(&mut e, "address", &input.address, 300);
    let city = text_field(&mut e, "city", &input.city, 100);
    let commune_insee = crate::input::territory_commune(
        &mut e,
        "commune_insee",
        &input.commune_insee,
        commune_exists,
    );
    let contact_name = text_field(&mut e, "contact_name", &input.contact_name, 100);
    let contact_role = text_field(&mut e, "contact_role", &input.contact_role, 100);
    let contact_email = text_field(&mut e, "contact_email", &input.contact_email, 200);
    if !contact_email.is_empty() {
        let ok = contact_email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.ends_with('.')
        }) && !contact_email.contains(char::is_whitespace);
        if !ok {
            e.add(
                "contact_email",
                "Adresse électronique invalide, par exemple prenom.nom@asso.fr.",
            );
        }
    }
    let contact_phone = text_field(&mut e, "contact_phone", &input.contact_phone, 30);
    if !contact_phone.is_empty()
        && !contact_phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '+' | '-' | '(' | ')'))
    {
        e.add(
            "contact_phone",
            "Numéro invalide : des chiffres, espaces, points ou +, par exemple 04 91 00 00 00.",
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    match kind {
        Some(kind) => Ok(ValidOrganisation {
            name,
            kind,
            siret,
            rna,
            address,
            commune_insee,
            city,
            contact_name,
            contact_role,
            contact_email,
            contact_phone,
        }),
        None => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub siret: Option<String>,
    pub rna: Option<String>,
    pub address: String,
    pub commune_insee: Option<String>,
    pub commune_name: Option<String>,
    pub city: String,
    pub contact_name: String,
    pub contact_role: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Applications of this organisation, every call counted.
    pub applications: i64,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT o.id, o.name, o.kind, o.siret, o.rna, o.address, o.commune_insee, c.name,
    o.city, o.contact_name, o.contact_role, o.contact_email, o.contact_phone,
    (SELECT count(*) FROM fund_application a WHERE a.organisation_id = o.id), o.updated_at, o.updated_by
    FROM fund_organisation o LEFT JOIN commune c ON c.insee = o.commune_insee";

fn from_row(r: &Row) -> rusqlite::Result<Organisation> {
    let kind = OrganisationKind::from_code(&r.get::<_, String>(2)?).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(2, "kind".into(), rusqlite::types::Type::Text)
    })?;
    Ok(Organisation {
        id: r.get(0)?,
        name: r.get(1)?,
        kind,
        siret: r.get(3)?,
        rna: r.get(4)?,
        address: r.get(5)?,
        commune_insee: r.get(6)?,
        commune_name: r.get(7)?,
        city: r.get(8)?,
        contact_name: r.get(9)?,
        contact_role: r.get(10)?,
        contact_email: r.get(11)?,
        contact_phone: r.get(12)?,
        applications: r.get(13)?,
        updated_at: r.get(14)?,
        updated_by: r.get(15)?,
    })
}

pub fn get_organisation(conn: &Connection, id: i64) -> Result<Organisation> {
    conn.query_row(&format!("{SELECT} WHERE o.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Structure"))
}

/// Organisations by name; `search` looks in the name, SIRET and RNA.
pub fn list_organisations(conn: &Connection, search: &str) -> Result<Vec<Organisation>> {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut args: Vec<Value> = Vec::new();
    for word in search.split_whitespace().take(10) {
        clauses.push(
            "(o.name LIKE ? ESCAPE '\\' OR o.siret LIKE ? ESCAPE '\\' OR o.rna LIKE ? ESCAPE '\\')"
                .into(),
        );
        let p = super::views::like_pattern(word);
        for _ in 0..3 {
            args.push(Value::Text(p.clone()));
        }
    }
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE {} ORDER BY o.name COLLATE NOCASE, o.id",
        clauses.join(" AND ")
    ))?;
    let rows = stmt.query_map(params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The UNIQUE constraints on SIRET and RNA, said in French beside the field.
fn duplicate(tx: &rusqlite::Transaction, v: &ValidOrganisation, id: Option<i64>) -> Result<()> {
    let mut e = FieldErrors::new();
    if let Some(s) = &v.siret {
        let other: Option<String> = tx
            .query_row(
                "SELECT name FROM fund_organisation WHERE siret = ?1 AND id IS NOT ?2",
                params![s, id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = other {
            e.add("siret", format!("Ce SIRET est déjà celui de « {name} »."));
        }
    }
    if let Some(s) = &v.rna {
        let other: Option<String> = tx
            .query_row(
                "SELECT name FROM fund_organisation WHERE rna = ?1 AND id IS NOT ?2",
                params![s, id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = other {
            e.add(
                "rna",
                format!("Ce numéro RNA est déjà celui de « {name} »."),
            );
        }
    }
    e.into_result()
}

pub fn create_organisation(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &OrganisationInput,
) -> Result<Organisation> {
    let v = validate_organisation(input, commune_exists(conn)).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        duplicate(tx, &v, None)?;
        ctx.insert(tx, "fund_organisation", columns(&v))
    })?;
    get_organisation(conn, id)
}

pub fn update_organisation(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &OrganisationInput,
) -> Result<Organisation> {
    let v = validate_organisation(input, commune_exists(conn)).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        duplicate(tx, &v, Some(id))?;
        let n = ctx.update(tx, "fund_organisation", id, columns(&v))?;
        if n == 0 {
            return Err(Error::NotFound("Structure"));
        }
        Ok(())
    })?;
    get_organisation(conn, id)
}

/// An organisation is deleted only while it has no application.
pub fn delete_organisation(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        let apps: i64 = tx.query_row(
            "SELECT count(*) FROM fund_application WHERE organisation_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if apps > 0 {
            return Err(Error::Refused(format!(
                "Cette structure a déposé {} : elle ne peut pas être supprimée.",
                crate::reports::quantity_fr(apps, "dossier", "dossiers")
            )));
        }
        match tx.execute("DELETE FROM fund_organisation WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound("Structure")),
            _ => Ok(()),
        }
    })
}

/// The stored organisation as its form shows it.
pub fn organisation_form(conn: &Connection, id: i64) -> Result<OrganisationInput> {
    let o = get_organisation(conn, id)?;
    Ok(OrganisationInput {
        name: o.name,
        kind: o.kind.code().into(),
        siret: o.siret.unwrap_or_default(),
        rna: o.rna.unwrap_or_default(),
        address: o.address,
        commune_insee: o.commune_insee.unwrap_or_default(),
        city: o.city,
        contact_name: o.contact_name,
        contact_role: o.contact_role,
        contact_email: o.contact_email,
        contact_phone: o.contact_phone,
    })
}
