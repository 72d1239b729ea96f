//! Partner organisations and their contacts. The contacts (name, role, email,
//! phone) are the only personal data kept, and belong to their partner: they
//! are replaced with the partner's form and deleted with it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    bad_code, email_is_valid, fr, from_iso, phone_is_valid, required_text, text_field, PartnerKind,
};
use crate::error::{Error, FieldErrors, Result};
use crate::fund::parse_siret;
use crate::rights::{Actor, Permission};
use crate::store;

/// One contact of the partner form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// The partner form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerInput {
    pub name: String,
    /// A [`PartnerKind`] code.
    pub kind: String,
    pub siret: String,
    pub address: String,
    pub website: String,
    pub notes: String,
    pub contacts: Vec<PartnerContactInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPartner {
    pub name: String,
    pub kind: PartnerKind,
    pub siret: Option<String>,
    pub address: String,
    pub website: String,
    pub notes: String,
    pub contacts: Vec<PartnerContactInput>,
}

/// Checks every field of the form at once; a contact's fields are keyed
/// `contacts.<index>.<field>`.
pub fn validate_partner(input: &PartnerInput) -> std::result::Result<ValidPartner, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        200,
        "Le nom du partenaire est obligatoire.",
    );
    let kind = PartnerKind::from_code(input.kind.trim());
    if kind.is_none() {
        e.add("kind", "Choisissez le type de partenaire.");
    }
    let siret = parse_siret(&input.siret).unwrap_or_else(|m| {
        e.add("siret", m);
        None
    });
    let address = text_field(&mut e, "address", &input.address, 300);
    let website = text_field(&mut e, "website", &input.website, 300);
    if !website.is_empty()
        && (website.contains(char::is_whitespace)
            || !website.contains('.')
            || website.starts_with('.')
            || website.ends_with('.'))
    {
        e.add(
            "website",
            "Adresse de site invalide, par exemple www.defenseurdesdroits.fr.",
        );
    }
    let notes = text_field(&mut e, "notes", &input.notes, 5000);
    if input.contacts.len() > 50 {
        e.add("contacts", "50 contacts au plus.");
    }
    let mut contacts = Vec::new();
    for (i, c) in input.contacts.iter().enumerate() {
        let key = |f: &str| format!("contacts.{i}.{f}");
        let name = required_text(
            &mut e,
            &key("name"),
            &c.name,
            100,
            "Le nom du contact est obligatoire.",
        );
        let role = text_field(&mut e, &key("role"), &c.role, 100);
        let email = text_field(&mut e, &key("email"), &c.email, 200);
        if !email.is_empty() && !email_is_valid(&email) {
            e.add(
                &key("email"),
                "Adresse électronique invalide, par exemple prenom.nom@partenaire.fr.",
            );
        }
        let phone = text_field(&mut e, &key("phone"), &c.phone, 30);
        if !phone.is_empty() && !phone_is_valid(&phone) {
            e.add(
                &key("phone"),
                "Numéro invalide : des chiffres, espaces, points ou +, par exemple 04 91 00 00 00.",
            );
        }
        contacts.push(PartnerContactInput {
            name,
            role,
            email,
            phone,
        });
    }
    match kind {
        Some(kind) if e.is_empty() => Ok(ValidPartner {
            name,
            kind,
            siret,
            address,
            website,
            notes,
            contacts,
        }),
        _ => Err(e),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PartnerContact {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    pub siret: Option<String>,
    pub address: String,
    pub website: String,
    pub notes: String,
    pub contacts: Vec<PartnerContact>,
    /// Conventions this partner signed.
    pub conventions: i64,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT p.id, p.name, p.kind, p.siret, p.address, p.website, p.notes,
    (SELECT count(*) FROM convention_partner cp WHERE cp.partner_id = p.id),
    p.updated_at, p.updated_by FROM partner p";

fn from_row(r: &Row) -> rusqlite::Result<Partner> {
    Ok(Partner {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: PartnerKind::from_code(&r.get::<_, String>(2)?).ok_or_else(|| bad_code(2))?,
        siret: r.get(3)?,
        address: r.get(4)?,
        website: r.get(5)?,
        notes: r.get(6)?,
        contacts: Vec::new(),
        conventions: r.get(7)?,
        updated_at: r.get(8)?,
        updated_by: r.get(9)?,
    })
}

fn contacts_of(conn: &Connection, partner_id: i64) -> Result<Vec<PartnerContact>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, role, email, phone FROM partner_contact
         WHERE partner_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([partner_id], |r| {
        Ok(PartnerContact {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            email: r.get(3)?,
            phone: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_partner(conn: &Connection, id: i64) -> Result<Partner> {
    let mut p = conn
        .query_row(&format!("{SELECT} WHERE p.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound("Partenaire"))?;
    p.contacts = contacts_of(conn, id)?;
    Ok(p)
}

/// The partners whose name contains `search` (every one when it is empty),
/// by name.
pub fn list_partners(conn: &Connection, search: &str) -> Result<Vec<Partner>> {
    let pattern = format!(
        "%{}%",
        search
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE p.name LIKE ?1 ESCAPE '\\' OR coalesce(p.siret, '') LIKE ?1 ESCAPE '\\'
         ORDER BY p.name COLLATE NOCASE, p.id"
    ))?;
    let rows = stmt.query_map([pattern], from_row)?;
    let mut list: Vec<Partner> = rows.collect::<rusqlite::Result<_>>()?;
    for p in &mut list {
        p.contacts = contacts_of(conn, p.id)?;
    }
    Ok(list)
}

/// The form of a saved partner, as it was typed back.
pub fn partner_form(conn: &Connection, id: i64) -> Result<PartnerInput> {
    let p = get_partner(conn, id)?;
    Ok(PartnerInput {
        name: p.name,
        kind: p.kind.code().into(),
        siret: p.siret.unwrap_or_default(),
        address: p.address,
        website: p.website,
        notes: p.notes,
        contacts: p
            .contacts
            .into_iter()
            .map(|c| PartnerContactInput {
                name: c.name,
                role: c.role,
                email: c.email,
                phone: c.phone,
            })
            .collect(),
    })
}

fn check_unique_name(
    conn: &Connection,
    name: &str,
    except: Option<i64>,
    e: &mut FieldErrors,
) -> Result<()> {
    let other: Option<i64> = conn
        .query_row(
            "SELECT id FROM partner WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() {
        e.add("name", "Un partenaire porte déjà ce nom.");
    }
    Ok(())
}

fn write_contacts(
    tx: &rusqlite::Transaction,
    partner_id: i64,
    contacts: &[PartnerContactInput],
) -> Result<()> {
    tx.execute(
        "DELETE FROM partner_contact WHERE partner_id = ?1",
        [partner_id],
    )?;
    for (position, c) in contacts.iter().enumerate() {
        tx.execute(
            "INSERT INTO partner_contact (partner_id, position, name, role, email, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                partner_id,
                position as i64,
                c.name,
                c.role,
                c.email,
                c.phone
            ],
        )?;
    }
    Ok(())
}

pub fn create_partner(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &PartnerInput,
) -> Result<Partner> {
    let mut e = validate_partner(input).err().unwrap_or_default();
    check_unique_name(conn, input.name.trim(), None, &mut e)?;
    e.into_result()?;
    let v = validate_partner(input).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO partner (name, kind, siret, address, website, notes, created_at,
                created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
            params![
                v.name,
                v.kind.code(),
                v.siret,
                v.address,
                v.website,
                v.notes,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_contacts(tx, id, &v.contacts)?;
        Ok(id)
    })?;
    get_partner(conn, id)
}

/// Writes partner `id` as the checked form `v` gives it, its contacts
/// replaced by the form's (the card's edit, and an import's update).
pub(crate) fn write_partner_update(
    tx: &rusqlite::Transaction,
    ctx: &crate::store::WriteCtx,
    id: i64,
    v: &ValidPartner,
) -> Result<()> {
    tx.execute(
        "UPDATE partner SET name = ?2, kind = ?3, siret = ?4, address = ?5, website = ?6,
            notes = ?7, updated_at = ?8, updated_by = ?9 WHERE id = ?1",
        params![
            id,
            v.name,
            v.kind.code(),
            v.siret,
            v.address,
            v.website,
            v.notes,
            ctx.stamp(),
            ctx.actor.name
        ],
    )?;
    write_contacts(tx, id, &v.contacts)
}

pub fn update_partner(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &PartnerInput,
) -> Result<Partner> {
    get_partner(conn, id)?;
    let mut e = validate_partner(input).err().unwrap_or_default();
    check_unique_name(conn, input.name.trim(), Some(id), &mut e)?;
    e.into_result()?;
    let v = validate_partner(input).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        write_partner_update(tx, ctx, id, &v)
    })?;
    get_partner(conn, id)
}

/// What refers to a partner, in French: the conventions it signed (their
/// commitments name only their own partners) and the meetings it attended.
pub fn partner_references(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut refs = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT c.title FROM convention_partner cp JOIN convention c ON c.id = cp.convention_id
         WHERE cp.partner_id = ?1 ORDER BY c.signed_on, c.id",
    )?;
    for title in stmt.query_map([id], |r| r.get::<_, String>(0))? {
        refs.push(format!("la convention « {} »", title?));
    }
    let mut stmt = conn.prepare(
        "SELECT c.title FROM convention_commitment cc JOIN convention c ON c.id = cc.convention_id
         WHERE cc.party_partner_id = ?1
           AND NOT EXISTS (SELECT 1 FROM convention_partner cp
                WHERE cp.convention_id = cc.convention_id AND cp.partner_id = ?1)
         GROUP BY c.id ORDER BY c.signed_on, c.id",
    )?;
    for title in stmt.query_map([id], |r| r.get::<_, String>(0))? {
        refs.push(format!("des engagements de la convention « {} »", title?));
    }
    let mut stmt = conn.prepare(
        "SELECT m.held_on, co.name FROM meeting_attendance a
         JOIN committee_meeting m ON m.id = a.meeting_id
         JOIN committee co ON co.id = m.committee_id
         WHERE a.partner_id = ?1 ORDER BY m.held_on, m.id",
    )?;
    for row in stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (day, committee) = row?;
        let day = from_iso(&day).map(fr).unwrap_or(day);
        refs.push(format!("la réunion du {day} ({committee})"));
    }
    Ok(refs)
}

/// Deletes a partner and its contacts, unless something refers to it: the
/// refusal then lists what does.
pub fn delete_partner(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let p = get_partner(conn, id)?;
    let refs = partner_references(conn, id)?;
    if !refs.is_empty() {
        return Err(Error::Refused(format!(
            "« {} » ne peut pas être supprimé : il est cité par {}.",
            p.name,
            refs.join(" ; ")
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute("DELETE FROM partner_contact WHERE partner_id = ?1", [id])?;
        tx.execute("DELETE FROM partner WHERE id = ?1", [id])?;
        Ok(())
    })
}
