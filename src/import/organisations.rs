//! The fund's organisations (*structures*), alone or as the applicant of an
//! imported application: a row names one recorded (by SIRET, RNA or, when it
//! gives neither, by name as words) or a new one, checked by the
//! organisation form's own validator ([`validate_organisation`]). Imported
//! alone, a recorded organisation is already present, or, when the person
//! asked for updates, its form gets the fields the file has, checked as an
//! edit is.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};

use super::batch::{
    cell_errors, code_of, commune_code, communes_by_name, differs, overlay, write_rows, Checked,
    Kind, Write,
};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::{ImportKind, ImportOptions, RowStatus};
use crate::error::{FieldErrors, Result};
use crate::fund::{
    organisation_columns, organisation_form, parse_rna, parse_siret, validate_organisation,
    OrganisationInput, OrganisationKind, ValidOrganisation,
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
    /// Recorded organisation `id` as an update of the file leaves it: the
    /// rows after find it by its new SIRET, RNA and name.
    fn updated(&mut self, id: i64, o: &ValidOrganisation) {
        if let Some(s) = &o.siret {
            self.by_siret.insert(s.clone(), id);
        }
        if let Some(r) = &o.rna {
            self.by_rna.insert(r.clone(), id);
        }
        self.by_name.insert(normalize(&o.name), id);
    }

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
    let (found, input) = organisation_row(known, e, v)?;
    if let Some(id) = found {
        return Some(OrganisationRef::Recorded(id));
    }
    let insee = &known.insee;
    match validate_organisation(&input, |c: &str| insee.contains(c)) {
        Ok(o) => {
            // Rows of one new organisation share a key, found by any of its
            // SIRET, RNA or name: two establishments of one association
            // (one RNA, two SIRETs) are one organisation, as the schema says.
            let names = [o.siret.clone(), o.rna.clone(), Some(normalize(&input.name))];
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

/// The row's organisation form as typed, and the recorded organisation it
/// names (by SIRET, RNA or, when the row gives neither, by name as words);
/// `None` when its SIRET or RNA is refused (the message is in `e`).
fn organisation_row(
    known: &Known,
    e: &mut FieldErrors,
    v: &dyn Fn(&str) -> String,
) -> Option<(Option<i64>, OrganisationInput)> {
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
        })
        .copied();
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
        name,
        kind,
        siret: siret.unwrap_or_default(),
        rna: rna.unwrap_or_default(),
        address: v("organisation_address"),
        commune_insee: if in_territory { code } else { String::new() },
        city: if in_territory { String::new() } else { commune },
        contact_name: v("contact_name"),
        contact_role: v("contact_role"),
        contact_email: v("contact_email"),
        contact_phone: v("contact_phone"),
    };
    Some((found, input))
}

/// Recorded organisation `id` with the row's fields over its form, for the
/// fields the file has, checked by the organisation form as an edit is;
/// `None` when that leaves it as it is. A SIRET or RNA another structure
/// holds is refused on its column.
fn update_of(
    known: &Known,
    conn: &Connection,
    id: i64,
    row: &OrganisationInput,
    mapping: &Mapping,
) -> std::result::Result<Option<ValidOrganisation>, FieldErrors> {
    fn form_fields(key: &str) -> Vec<&str> {
        match key {
            "organisation" => vec!["name"],
            "organisation_kind" => vec!["kind"],
            "organisation_address" => vec!["address"],
            "organisation_commune" => vec!["commune_insee", "city"],
            other => vec![other],
        }
    }
    let Some(merged) = organisation_form(conn, id)
        .ok()
        .and_then(|stored| overlay(stored, row, mapping, form_fields))
    else {
        return Ok(None);
    };
    let insee = &known.insee;
    let o = validate_organisation(&merged, |c: &str| insee.contains(c))?;
    let mut e = FieldErrors::new();
    let other = |map: &HashMap<String, i64>, n: &Option<String>| {
        n.as_ref()
            .is_some_and(|n| map.get(n).is_some_and(|x| *x != id) || known.new.contains_key(n))
    };
    if other(&known.by_siret, &o.siret) {
        e.add("siret", "Une autre structure porte déjà ce SIRET.");
    }
    if other(&known.by_rna, &o.rna) {
        e.add("rna", "Une autre structure porte déjà ce numéro RNA.");
    }
    if !e.is_empty() {
        return Err(e);
    }
    let changed =
        differs(conn, "fund_organisation", id, &organisation_columns(&o)).unwrap_or(false);
    Ok(changed.then_some(o))
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
    /// The recorded organisations the file already updates.
    updated: HashSet<i64>,
    update_present: bool,
}

impl Kind for Organisations {
    const KIND: ImportKind = ImportKind::Organisations;
    type Valid = Write<ValidOrganisation>;
    type Context = Context;

    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }

    fn context(conn: &Connection, options: &ImportOptions, _: NaiveDate) -> Result<Context> {
        Ok(Context {
            known: Known::read(conn)?,
            seen: HashSet::new(),
            updated: HashSet::new(),
            update_present: options.update_present,
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<Write<ValidOrganisation>> {
        let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
        let (title, detail) = (
            v("organisation"),
            [v("siret"), v("rna")].join(" ").trim().to_string(),
        );
        let mut e = FieldErrors::new();
        let refused = |e: &FieldErrors| cell_errors(e, mapping, import_field);
        if ctx.update_present {
            if let Some((Some(id), row)) = organisation_row(&ctx.known, &mut e, &v) {
                // A row naming an organisation an earlier row updated is a
                // repeat.
                if ctx.updated.contains(&id) {
                    return Checked::with(0, title, detail, RowStatus::Present, None);
                }
                let update = update_of(&ctx.known, conn, id, &row, mapping);
                if let Ok(changed) = &update {
                    ctx.updated.insert(id);
                    if let Some(o) = changed {
                        ctx.known.updated(id, o);
                    }
                }
                return match update {
                    Err(e) => Checked::refused(0, title, detail, refused(&e)),
                    Ok(None) => Checked::with(0, title, detail, RowStatus::Present, None),
                    Ok(Some(o)) => {
                        let write = Some(Write::Update(id, o));
                        Checked::with(0, title, detail, RowStatus::Update, write)
                    }
                };
            }
            e = FieldErrors::new();
        }
        match organisation(&mut ctx.known, &mut e, &v) {
            None => Checked::refused(0, title, detail, refused(&e)),
            Some(OrganisationRef::Recorded(_)) => {
                Checked::with(0, title, detail, RowStatus::Present, None)
            }
            Some(OrganisationRef::New(key, o)) => {
                if ctx.seen.insert(key.clone()) {
                    let write = Some(Write::Insert(*o));
                    Checked::with(0, title, detail, RowStatus::Ready, write)
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
        rows: &[Write<ValidOrganisation>],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        write_rows(
            tx,
            ctx,
            batch,
            rows,
            "fund_organisation",
            organisation_columns,
            step,
        )
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
