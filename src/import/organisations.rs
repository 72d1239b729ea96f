//! The fund's organisations (*structures*), alone or as the applicant of an
//! imported application: a row names one recorded (by SIRET, RNA or, when it
//! gives neither, by name as words) or a new one, checked by the
//! organisation form's own validator ([`validate_organisation`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{cell_errors, code_of, commune_code, communes_by_name, Checked, Kind};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::{ImportKind, ImportOptions, RowStatus};
use crate::error::{FieldErrors, Result};
use crate::fund::{
    organisation_columns, parse_rna, parse_siret, validate_organisation, OrganisationInput,
    OrganisationKind, ValidOrganisation,
};
use crate::store::WriteCtx;

macro_rules! field {
    ($key:literal, $label:literal, [$($syn:literal),* $(,)?]) => {
        FieldSpec { key: $key, label: $label, synonyms: &[$($syn),*] }
    };
}
pub(crate) use field;

/// An organisation's fields, with Démarches Simplifiées' column names and
/// the words a unit's spreadsheet uses for them.
pub const FIELDS: &[FieldSpec] = &[
    field!(
        "organisation",
        "Structure",
        [
            "Association titre",
            "Entreprise raison sociale",
            "Nom de la structure",
            "Porteur",
            "Porteur de projet",
            "Raison sociale",
            "Association",
            "Organisme",
            "Nom",
        ]
    ),
    field!(
        "organisation_kind",
        "Type de structure",
        [
            "Entreprise forme juridique",
            "Forme juridique",
            "Statut juridique",
            "Type",
        ]
    ),
    field!(
        "siret",
        "SIRET",
        ["Établissement SIRET", "N° SIRET", "Numéro SIRET"]
    ),
    field!("rna", "RNA", ["Association RNA", "N° RNA", "Numéro RNA"]),
    field!(
        "organisation_address",
        "Adresse de la structure",
        ["Adresse", "Établissement adresse"]
    ),
    field!(
        "organisation_commune",
        "Commune de la structure",
        [
            "Ville",
            "Commune du siège",
            "Établissement commune",
            "Code INSEE",
            "Commune",
        ]
    ),
    field!(
        "contact_name",
        "Contact",
        ["Nom du contact", "Référent", "Représentant", "Responsable"]
    ),
    field!(
        "contact_role",
        "Fonction du contact",
        ["Fonction", "Qualité", "Rôle"]
    ),
    field!(
        "contact_email",
        "Email",
        ["Courriel", "E-mail", "Mail", "Adresse électronique"]
    ),
    field!(
        "contact_phone",
        "Téléphone",
        ["Tél", "Tel", "Numéro de téléphone"]
    ),
];

/// Where a row's organisation comes from.
#[derive(Debug, Clone)]
pub enum OrganisationRef {
    Recorded(i64),
    /// New: created once for all the rows with the same key (its SIRET, RNA
    /// or name as words).
    New(String, Box<ValidOrganisation>),
}

/// The organisations recorded and the territory's communes, read once.
pub struct Known {
    by_siret: HashMap<String, i64>,
    by_rna: HashMap<String, i64>,
    by_name: HashMap<String, i64>,
    communes: HashMap<String, String>,
    pub(crate) insee: HashSet<String>,
    /// The new organisations of the file so far: each SIRET, RNA and name
    /// (as words) to the key of the organisation it names.
    new: HashMap<String, String>,
}

impl Known {
    pub fn read(conn: &Connection) -> Result<Known> {
        let communes = communes_by_name(conn)?;
        let mut known = Known {
            by_siret: HashMap::new(),
            by_rna: HashMap::new(),
            by_name: HashMap::new(),
            insee: communes.values().cloned().collect(),
            communes,
            new: HashMap::new(),
        };
        type Row = (i64, Option<String>, Option<String>, String);
        let rows = crate::sql::all(
            conn,
            "SELECT id, siret, rna, name FROM fund_organisation",
            [],
            |r| -> rusqlite::Result<Row> { Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)) },
        )?;
        for (id, siret, rna, name) in rows {
            if let Some(s) = siret {
                known.by_siret.insert(s, id);
            }
            if let Some(r) = rna {
                known.by_rna.insert(r, id);
            }
            known.by_name.entry(normalize(&name)).or_insert(id);
        }
        Ok(known)
    }

    /// A commune given by name or INSEE code, as its code when it is one of
    /// the territory's.
    pub fn commune(&self, cell: &str) -> String {
        commune_code(&self.communes, cell)
    }
}

/// The row's organisation: one recorded, found by SIRET, RNA or, when the
/// row gives neither, by name; else a new one, checked by the organisation
/// form's validator. Its messages go to `e` under the form's field names.
pub fn organisation(
    known: &mut Known,
    e: &mut FieldErrors,
    v: &dyn Fn(&str) -> String,
) -> Option<OrganisationRef> {
    let siret = crate::input::parsed(e, "siret", parse_siret(&v("siret")));
    let rna = crate::input::parsed(e, "rna", parse_rna(&v("rna")));
    if e.get("siret").is_some() || e.get("rna").is_some() {
        return None;
    }
    let name = v("organisation");
    let found = siret
        .as_ref()
        .and_then(|s| known.by_siret.get(s))
        .or_else(|| rna.as_ref().and_then(|r| known.by_rna.get(r)))
        .or_else(|| {
            (siret.is_none() && rna.is_none())
                .then(|| known.by_name.get(&normalize(&name)))
                .flatten()
        });
    if let Some(id) = found {
        return Some(OrganisationRef::Recorded(*id));
    }
    let kind = v("organisation_kind");
    let kind = if kind.is_empty() && rna.is_some() {
        OrganisationKind::Association.code().to_string()
    } else {
        code_of(&kind, kind_code)
    };
    let commune = v("organisation_commune");
    let code = known.commune(&commune);
    let in_territory = known.insee.contains(&code) || code.chars().all(|c| c.is_ascii_digit());
    let input = OrganisationInput {
        name: name.clone(),
        kind,
        siret: siret.clone().unwrap_or_default(),
        rna: rna.clone().unwrap_or_default(),
        address: v("organisation_address"),
        commune_insee: if in_territory { code } else { String::new() },
        city: if in_territory { String::new() } else { commune },
        contact_name: v("contact_name"),
        contact_role: v("contact_role"),
        contact_email: v("contact_email"),
        contact_phone: v("contact_phone"),
    };
    let insee = &known.insee;
    match validate_organisation(&input, |c: &str| insee.contains(c)) {
        Ok(o) => {
            // Rows of one new organisation share a key, found by any of its
            // SIRET, RNA or name: two establishments of one association
            // (one RNA, two SIRETs) are one organisation, as the schema says.
            let names = [siret, rna, Some(normalize(&name))];
            let key = names
                .iter()
                .flatten()
                .find_map(|n| known.new.get(n).cloned())
                .unwrap_or_else(|| names.iter().flatten().next().cloned().unwrap_or_default());
            for n in names.into_iter().flatten() {
                known.new.entry(n).or_insert_with(|| key.clone());
            }
            Some(OrganisationRef::New(key, Box::new(o)))
        }
        Err(more) => {
            for f in more.fields() {
                e.add(f, more.get(f).unwrap_or_default());
            }
            None
        }
    }
}

/// The import's field for a message of the organisation form.
pub fn import_field(form_field: &str) -> String {
    match form_field {
        "name" | "organisation_id" => "organisation",
        "kind" => "organisation_kind",
        "address" => "organisation_address",
        "commune_insee" | "city" => "organisation_commune",
        other => other,
    }
    .to_string()
}

/// Writes a new organisation once for all the rows that name it.
pub fn organisation_id(
    tx: &Transaction,
    ctx: &WriteCtx,
    batch: i64,
    created: &mut HashMap<String, i64>,
    o: &OrganisationRef,
) -> Result<i64> {
    Ok(match o {
        OrganisationRef::Recorded(id) => *id,
        OrganisationRef::New(key, v) => match created.get(key) {
            Some(id) => *id,
            None => {
                let mut cols = organisation_columns(v);
                cols.push(("import_batch_id", batch.into()));
                let id = ctx.insert(tx, "fund_organisation", cols)?;
                created.insert(key.clone(), id);
                id
            }
        },
    })
}

/// A structure's kind from the app's label or a legal form as SIRENE and
/// DS write it (« Association déclarée », « Société par actions simplifiée »).
pub fn kind_code(w: &str) -> Option<&'static str> {
    if let Some(k) = OrganisationKind::ALL
        .iter()
        .find(|k| w == k.code().replace('_', " ") || w == normalize(k.label_fr()))
    {
        return Some(k.code());
    }
    let has = |word: &str| w.split(' ').any(|x| x == word);
    let k = if w.contains("association") {
        OrganisationKind::Association
    } else if has("ccas") || w.contains("centre communal d action sociale") {
        OrganisationKind::Ccas
    } else if w == "commune" || w.starts_with("commune ") || w == "mairie" {
        OrganisationKind::Commune
    } else if w.contains("etablissement public") {
        OrganisationKind::PublicBody
    } else if w.contains("societe")
        || [
            "sarl",
            "sas",
            "sasu",
            "eurl",
            "sa",
            "entreprise",
            "scop",
            "sci",
        ]
        .iter()
        .any(|x| has(x))
    {
        OrganisationKind::Company
    } else {
        return None;
    };
    Some(k.code())
}

/// The fund's organisations alone, as [`batch`](super::batch) imports them.
pub struct Organisations;

/// What checking organisations needs: the recorded ones, then the file's.
pub struct Context {
    known: Known,
    seen: HashSet<String>,
}

impl Kind for Organisations {
    const KIND: ImportKind = ImportKind::Organisations;
    type Valid = OrganisationRef;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }

    fn context(conn: &Connection, _: &ImportOptions, _: NaiveDate) -> Result<Context> {
        Ok(Context {
            known: Known::read(conn)?,
            seen: HashSet::new(),
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        _conn: &Connection,
    ) -> Checked<OrganisationRef> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (
            v("organisation"),
            [v("siret"), v("rna")].join(" ").trim().to_string(),
        );
        let mut e = FieldErrors::new();
        match organisation(&mut ctx.known, &mut e, &v) {
            None => Checked::refused(0, title, detail, cell_errors(&e, mapping, import_field)),
            Some(OrganisationRef::Recorded(_)) => {
                Checked::with(0, title, detail, RowStatus::Present, None)
            }
            Some(OrganisationRef::New(key, o)) => {
                if ctx.seen.insert(key.clone()) {
                    Checked::with(
                        0,
                        title,
                        detail,
                        RowStatus::Ready,
                        Some(OrganisationRef::New(key, o)),
                    )
                } else {
                    Checked::with(0, title, detail, RowStatus::Present, None)
                }
            }
        }
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[OrganisationRef],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        let mut created = HashMap::new();
        for o in rows {
            organisation_id(tx, ctx, batch, &mut created, o)?;
            step()?;
        }
        Ok(())
    }

    /// An organisation changed since the import, or given an application.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        let name: Option<String> = conn
            .query_row(
                "SELECT o.name FROM fund_organisation o WHERE o.import_batch_id = ?1 AND (o.updated_at > ?2
                    OR EXISTS (SELECT 1 FROM fund_application a WHERE a.organisation_id = o.id))
                 LIMIT 1",
                rusqlite::params![batch, created_at],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name.map(|n| {
            format!("La structure « {n} » a été modifiée ou a déposé un dossier depuis l’import : l’import ne peut plus être annulé en bloc.")
        }))
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        Ok(tx.execute(
            "DELETE FROM fund_organisation WHERE import_batch_id = ?1",
            [batch],
        )? as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_give_the_kind() {
        assert_eq!(code_of("Association déclarée", kind_code), "association");
        assert_eq!(
            code_of("Société par actions simplifiée", kind_code),
            "company"
        );
        assert_eq!(code_of("SARL", kind_code), "company");
        assert_eq!(code_of("CCAS", kind_code), "ccas");
        assert_eq!(code_of("Établissement public", kind_code), "public_body");
        assert_eq!(code_of("Coopérative", kind_code), "Coopérative");
    }
}
