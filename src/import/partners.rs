//! Partners and their contacts from a unit's address book: each row is the
//! partner form as typed ([`PartnerInput`]) with at most one contact, checked
//! by the form's own validator. Rows naming the same partner (its name as
//! words: a partner's name is unique) make one partner with all their
//! contacts. A partner
//! already recorded under that SIRET or name is already present: its card is
//! kept as it is, unless the person asked for updates: then the fields the
//! file has go over its card (its first row's), each row's contact is added,
//! or brought up to date when the card has one of that name, and the card is
//! checked by the partner form as an edit is.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{cell_errors, code_of, overlay, Checked, Kind, Write};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::organisations::field;
use super::{ImportKind, ImportOptions, RowStatus};
use crate::error::Result;
use crate::fund::parse_siret;
use crate::partners::{
    partner_form, partner_references, validate_partner, write_partner_update, PartnerContactInput,
    PartnerInput, PartnerKind, ValidPartner,
};
use crate::store::WriteCtx;

/// The partner form's fields, with the words an address book's header uses.
pub const FIELDS: &[FieldSpec] = &[
    field!(
        "name",
        "Partenaire",
        [
            "Nom du partenaire",
            "Structure",
            "Organisme",
            "Nom de la structure",
            "Raison sociale",
            "Nom",
        ]
    ),
    field!(
        "kind",
        "Type de partenaire",
        ["Type", "Catégorie", "Nature"]
    ),
    field!("siret", "SIRET", ["N° SIRET", "Numéro SIRET"]),
    field!("address", "Adresse", ["Adresse postale"]),
    field!("website", "Site internet", ["Site", "Site web", "Web"]),
    field!(
        "notes",
        "Notes",
        ["Remarques", "Commentaires", "Observations"]
    ),
    field!(
        "contact_name",
        "Contact",
        [
            "Nom du contact",
            "Interlocuteur",
            "Interlocutrice",
            "Référent"
        ]
    ),
    field!(
        "contact_role",
        "Fonction",
        ["Fonction du contact", "Rôle", "Poste", "Qualité"]
    ),
    field!(
        "contact_email",
        "Email",
        ["Courriel", "E-mail", "Mail", "Adresse électronique"]
    ),
    field!("contact_phone", "Téléphone", ["Tél", "Tel", "Portable"]),
];

/// Partners, as [`batch`](super::batch) imports them.
pub struct Partners;

/// A row ready: its partner (by key) and the contact it brings.
#[derive(Debug, Clone)]
pub struct PartnerRow {
    key: String,
    partner: ValidPartner,
}

/// What checking partners needs: the recorded ones by SIRET and name, then
/// the file's, with their contacts' names.
pub struct Context {
    /// The recorded partners' names (as words) and SIRETs, to their id.
    recorded: HashMap<String, i64>,
    update_present: bool,
    /// Each recorded partner the file updates, as its rows so far leave it.
    updates: HashMap<i64, PartnerInput>,
    /// Each partner of the file (by key) as its first row gives it.
    firsts: HashMap<String, PartnerInput>,
    /// The names of the contacts each partner of the file already has.
    contacts: HashMap<String, HashSet<String>>,
}

impl Kind for Partners {
    const KIND: ImportKind = ImportKind::Partners;
    type Valid = Write<PartnerRow>;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }

    fn context(conn: &Connection, options: &ImportOptions, _: NaiveDate) -> Result<Context> {
        let mut recorded = HashMap::new();
        let sql = "SELECT id, name, siret FROM partner";
        for (id, name, siret) in crate::sql::all(conn, sql, [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })? {
            recorded.insert(normalize(&name), id);
            if let Some(s) = siret {
                recorded.insert(s, id);
            }
        }
        Ok(Context {
            recorded,
            update_present: options.update_present,
            updates: HashMap::new(),
            firsts: HashMap::new(),
            contacts: HashMap::new(),
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<Write<PartnerRow>> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (v("name"), v("contact_name"));
        let contact = PartnerContactInput {
            name: v("contact_name"),
            role: v("contact_role"),
            email: v("contact_email"),
            phone: v("contact_phone"),
        };
        let has_contact = [&contact.name, &contact.role, &contact.email, &contact.phone]
            .iter()
            .any(|t| !t.is_empty());
        // A partner's name is unique: its rows share it, with or without
        // the SIRET.
        let siret = parse_siret(&v("siret")).ok().flatten();
        let key = normalize(&v("name"));
        let card = PartnerInput {
            name: v("name"),
            kind: code_of(&v("kind"), kind_code),
            siret: v("siret"),
            address: v("address"),
            website: v("website"),
            notes: v("notes"),
            contacts: Vec::new(),
        };
        let recorded = ctx.recorded.get(&key).copied();
        if let Some(id) = recorded.or_else(|| siret.and_then(|s| ctx.recorded.get(&s).copied())) {
            let contact = has_contact.then_some(contact);
            return match update_of(ctx, conn, id, mapping, card, contact) {
                Err(e) => {
                    Checked::refused(0, title, detail, cell_errors(&e, mapping, contact_field))
                }
                Ok(None) => Checked::with(0, title, detail, RowStatus::Present, None),
                Ok(Some(partner)) => {
                    let row = PartnerRow { key, partner };
                    Checked::with(
                        0,
                        title,
                        detail,
                        RowStatus::Update,
                        Some(Write::Update(id, row)),
                    )
                }
            };
        }
        let contacts = if has_contact {
            vec![contact]
        } else {
            Vec::new()
        };
        // A later row of a partner brings its contact; the partner's fields
        // are its first row's.
        let first = ctx.firsts.get(&key).cloned();
        let input = match &first {
            Some(f) => PartnerInput {
                contacts,
                ..f.clone()
            },
            None => PartnerInput { contacts, ..card },
        };
        let partner = match validate_partner(&input) {
            Err(e) => {
                return Checked::refused(0, title, detail, cell_errors(&e, mapping, contact_field))
            }
            Ok(p) => p,
        };
        let contact_key = partner.contacts.first().map(|c| normalize(&c.name));
        let taken = ctx.contacts.entry(key.clone()).or_default();
        if first.is_some()
            && contact_key
                .as_ref()
                .is_none_or(|c| !taken.insert(c.clone()))
        {
            return Checked::with(0, title, detail, RowStatus::Present, None);
        }
        taken.extend(contact_key);
        if first.is_none() {
            ctx.firsts.insert(
                key.clone(),
                PartnerInput {
                    contacts: Vec::new(),
                    ..input
                },
            );
        }
        let mut c = Checked::with(
            0,
            title,
            detail,
            RowStatus::Ready,
            Some(Write::Insert(PartnerRow { key, partner })),
        );
        if first.is_some() {
            c.row.note = "Contact ajouté au partenaire d’une ligne précédente.".into();
        }
        c
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[Write<PartnerRow>],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        let mut created: HashMap<&str, (i64, i64)> = HashMap::new();
        // Each row of a recorded partner carries its card as the rows up to
        // it leave it: only the last is written.
        let last_update: HashMap<i64, usize> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Write::Update(id, _) => Some((*id, i)),
                Write::Insert(_) => None,
            })
            .collect();
        for (i, row) in rows.iter().enumerate() {
            let row = match row {
                Write::Update(id, row) => {
                    if last_update.get(id) == Some(&i) {
                        write_partner_update(tx, ctx, *id, &row.partner)?;
                    }
                    step()?;
                    continue;
                }
                Write::Insert(row) => row,
            };
            let p = &row.partner;
            let (id, position) = match created.get(row.key.as_str()) {
                Some(&(id, n)) => (id, n),
                None => {
                    let id = ctx.insert(
                        tx,
                        "partner",
                        vec![
                            ("name", p.name.clone().into()),
                            ("kind", p.kind.code().to_string().into()),
                            ("siret", p.siret.clone().into()),
                            ("address", p.address.clone().into()),
                            ("website", p.website.clone().into()),
                            ("notes", p.notes.clone().into()),
                            ("import_batch_id", batch.into()),
                        ],
                    )?;
                    (id, 0)
                }
            };
            let mut next = position;
            for c in &p.contacts {
                tx.execute(
                    "INSERT INTO partner_contact (partner_id, position, name, role, email, phone)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![id, next, c.name, c.role, c.email, c.phone],
                )?;
                next += 1;
            }
            created.insert(&row.key, (id, next));
            step()?;
        }
        Ok(())
    }

    /// A partner changed since the import, or named by a convention or a meeting.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        let changed: Option<String> = conn
            .query_row(
                "SELECT name FROM partner WHERE import_batch_id = ?1 AND updated_at > ?2 LIMIT 1",
                rusqlite::params![batch, created_at],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = changed {
            return Ok(Some(format!(
                "Le partenaire « {name} » a été modifié depuis l’import : l’import ne peut plus être annulé en bloc."
            )));
        }
        let ids = crate::sql::all(
            conn,
            "SELECT id, name FROM partner WHERE import_batch_id = ?1",
            [batch],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        for (id, name) in ids {
            if let Some(what) = partner_references(conn, id)?.first() {
                return Ok(Some(format!(
                    "Le partenaire « {name} » figure dans {what} : l’import ne peut plus être annulé en bloc."
                )));
            }
        }
        Ok(None)
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        let contacts = tx.execute(
            "DELETE FROM partner_contact WHERE partner_id IN (SELECT id FROM partner WHERE import_batch_id = ?1)",
            [batch],
        )?;
        let partners = tx.execute("DELETE FROM partner WHERE import_batch_id = ?1", [batch])?;
        Ok(contacts.max(partners) as u32)
    }
}

/// Recorded partner `id` as the row `card` and its `contact` change it, when
/// the person asked for updates: the fields the file has over its card (for
/// its first row in the file), the contact added, or brought up to date
/// when the card has one of that name; checked by the partner form. As in
/// [`overlay`], a blank cell erases nothing.
/// `None` when it stays as it is (or no update was asked).
fn update_of(
    ctx: &mut Context,
    conn: &Connection,
    id: i64,
    mapping: &Mapping,
    card: PartnerInput,
    contact: Option<PartnerContactInput>,
) -> std::result::Result<Option<ValidPartner>, crate::error::FieldErrors> {
    if !ctx.update_present {
        return Ok(None);
    }
    let before = match ctx.updates.get(&id) {
        Some(p) => p.clone(),
        None => match partner_form(conn, id) {
            Ok(p) => p,
            Err(_) => return Ok(None),
        },
    };
    fn card_fields(k: &str) -> Vec<&str> {
        match k {
            "name" | "kind" | "siret" | "address" | "website" | "notes" => vec![k],
            _ => vec![],
        }
    }
    let mut merged = if ctx.updates.contains_key(&id) {
        before.clone()
    } else {
        overlay(before.clone(), &card, mapping, card_fields).unwrap_or_else(|| before.clone())
    };
    if let Some(c) = contact {
        let name = normalize(&c.name);
        match merged
            .contacts
            .iter_mut()
            .find(|x| normalize(&x.name) == name)
        {
            None => merged.contacts.push(c),
            Some(x) => {
                for (field, to, from) in [
                    ("contact_role", &mut x.role, c.role),
                    ("contact_email", &mut x.email, c.email),
                    ("contact_phone", &mut x.phone, c.phone),
                ] {
                    if mapping.contains_key(field) && !from.trim().is_empty() {
                        *to = from;
                    }
                }
            }
        }
    }
    let valid = validate_partner(&merged)?;
    // A new name or SIRET another partner holds, recorded or of the file.
    let name = normalize(&valid.name);
    let mut e = crate::error::FieldErrors::new();
    if ctx.recorded.get(&name).is_some_and(|o| *o != id) || ctx.firsts.contains_key(&name) {
        e.add("name", "Un partenaire porte déjà ce nom.");
    }
    let siret = valid.siret.as_ref();
    if siret
        .and_then(|s| ctx.recorded.get(s))
        .is_some_and(|o| *o != id)
    {
        e.add("siret", "Un autre partenaire porte déjà ce SIRET.");
    }
    if !e.is_empty() {
        return Err(e);
    }
    // What the partner form would store, compared: a SIRET typed with
    // spaces is the same SIRET.
    let changed = validate_partner(&before).ok().as_ref() != Some(&valid);
    ctx.recorded.insert(name, id);
    if let Some(s) = siret {
        ctx.recorded.insert(s.clone(), id);
    }
    ctx.updates.insert(id, merged);
    Ok(changed.then_some(valid))
}

/// The import's field for a message of the partner form: a contact's
/// messages are its columns'.
fn contact_field(form_field: &str) -> String {
    form_field
        .strip_prefix("contacts.")
        .and_then(|f| f.split_once('.'))
        .map_or_else(|| form_field.to_string(), |(_, f)| format!("contact_{f}"))
}

/// A partner's kind from the app's label or common words.
fn kind_code(w: &str) -> Option<&'static str> {
    if let Some(k) = PartnerKind::ALL
        .iter()
        .find(|k| w == k.code().replace('_', " ") || w == normalize(k.label_fr()))
    {
        return Some(k.code());
    }
    let has = |x: &str| w.split(' ').any(|y| y == x) || w.contains(x);
    let k = if has("prefecture") || has("dilcrah") || w.contains("service de l etat") || w == "etat"
    {
        PartnerKind::StateService
    } else if w.contains("defenseur des droits") || has("autorite") {
        PartnerKind::IndependentAuthority
    } else if w.contains("formation") || has("cnfpt") {
        PartnerKind::TrainingBody
    } else if w.contains("entreprise") || w.contains("club") {
        PartnerKind::CompanyNetwork
    } else if has("reseau") {
        PartnerKind::Network
    } else if has("association") || has("asso") {
        PartnerKind::Association
    } else if has("commune") || has("mairie") || has("ville") {
        PartnerKind::Commune
    } else {
        return None;
    };
    Some(k.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_give_the_partners_kind() {
        assert_eq!(code_of("Préfecture", kind_code), "state_service");
        assert_eq!(
            code_of("Défenseur des droits", kind_code),
            "independent_authority"
        );
        assert_eq!(code_of("CNFPT", kind_code), "training_body");
        assert_eq!(code_of("Club d’entreprises", kind_code), "company_network");
        assert_eq!(code_of("Association", kind_code), "association");
        assert_eq!(code_of("Mairie", kind_code), "commune");
        assert_eq!(code_of("Fondation", kind_code), "Fondation");
    }
}
