//! Partners and their contacts from a unit's address book: each row is the
//! partner form as typed ([`PartnerInput`]) with at most one contact, checked
//! by the form's own validator. Rows naming the same partner (its name as
//! words: a partner's name is unique) make one partner with all their
//! contacts. A partner
//! already recorded under that SIRET or name is already present: its card is
//! kept as it is.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{cell_errors, code_of, Checked, Kind};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::organisations::field;
use super::{ImportKind, ImportOptions, RowStatus};
use crate::error::Result;
use crate::fund::parse_siret;
use crate::partners::{
    partner_references, validate_partner, PartnerContactInput, PartnerInput, PartnerKind,
    ValidPartner,
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
    recorded: HashSet<String>,
    /// Each partner of the file (by key) as its first row gives it.
    firsts: HashMap<String, PartnerInput>,
    /// The names of the contacts each partner of the file already has.
    contacts: HashMap<String, HashSet<String>>,
}

impl Kind for Partners {
    const KIND: ImportKind = ImportKind::Partners;
    type Valid = PartnerRow;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }

    fn context(conn: &Connection, _: &ImportOptions, _: NaiveDate) -> Result<Context> {
        let mut recorded = HashSet::new();
        for (name, siret) in crate::sql::all(conn, "SELECT name, siret FROM partner", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })? {
            recorded.insert(normalize(&name));
            recorded.extend(siret);
        }
        Ok(Context {
            recorded,
            firsts: HashMap::new(),
            contacts: HashMap::new(),
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        _conn: &Connection,
    ) -> Checked<PartnerRow> {
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
        if ctx.recorded.contains(&key) || siret.is_some_and(|s| ctx.recorded.contains(&s)) {
            return Checked::with(0, title, detail, RowStatus::Present, None);
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
            None => PartnerInput {
                name: v("name"),
                kind: code_of(&v("kind"), kind_code),
                siret: v("siret"),
                address: v("address"),
                website: v("website"),
                notes: v("notes"),
                contacts,
            },
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
            Some(PartnerRow { key, partner }),
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
        rows: &[PartnerRow],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        let mut created: HashMap<&str, (i64, i64)> = HashMap::new();
        for row in rows {
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

/// The import's field for a message of the partner form: the one contact's
/// messages are its columns'.
fn contact_field(form_field: &str) -> String {
    form_field
        .strip_prefix("contacts.0.")
        .map_or_else(|| form_field.to_string(), |f| format!("contact_{f}"))
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
