//! The unit, its territory and the people who use the app.
//!
//! The national list of EPCIs and their member communes is embedded from
//! `assets/refdata/epci.json` (generated from `@etalab/decoupage-administratif`).
//! At setup the chosen EPCI's communes are copied into the database, where the
//! unit can then flag those with a local plan or a dedicated officer.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission, Role};
use crate::store;

/// SIREN of the Métropole d'Aix-Marseille-Provence, offered first.
pub const AMP_SIREN: &str = "200054807";

/// Communes the plan (seed 004) names as having a local plan: La Ciotat,
/// Vitrolles, Salon-de-Provence, Miramas, and the Pays de Martigues
/// (Martigues, Port-de-Bouc, Saint-Mitre-les-Remparts).
const AMP_WITH_PLAN: &[&str] = &[
    "13028", "13117", "13103", "13063", "13056", "13077", "13098",
];
/// Communes the plan names as having a dedicated officer: Marseille and the
/// Pays de Martigues.
const AMP_WITH_OFFICER: &[&str] = &["13055", "13056", "13077", "13098"];

#[derive(Deserialize)]
struct Catalog {
    epcis: Vec<CatalogEpci>,
}

#[derive(Deserialize)]
struct CatalogEpci {
    siren: String,
    name: String,
    kind: String,
    communes: Vec<(String, String, i64)>,
}

fn catalog() -> &'static [CatalogEpci] {
    static CATALOG: OnceLock<Vec<CatalogEpci>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The file is generated and checked by the tests; an unreadable file
        // would be a build defect, so an empty list is the safe degraded state.
        serde_json::from_str::<Catalog>(include_str!("../assets/refdata/epci.json"))
            .map(|c| c.epcis)
            .unwrap_or_default()
    })
}

/// One EPCI as the setup's search shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EpciSummary {
    pub siren: String,
    pub name: String,
    pub kind: String,
    pub commune_count: i64,
    pub population: i64,
}

fn summary(e: &CatalogEpci) -> EpciSummary {
    EpciSummary {
        siren: e.siren.clone(),
        name: e.name.clone(),
        kind: e.kind.clone(),
        commune_count: e.communes.len() as i64,
        population: e.communes.iter().map(|c| c.2).sum(),
    }
}

/// Folds case and French accents so that "metropole aix" finds "Métropole d'Aix".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '\'' | '’' | '-' => ' ',
            other => other,
        })
        .collect()
}

/// Searches the national list by words of the name or by SIREN; the
/// Métropole d'Aix-Marseille-Provence comes first whenever it matches.
pub fn search_epcis(query: &str, limit: usize) -> Vec<EpciSummary> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let matches = |e: &CatalogEpci| {
        let name = fold(&e.name);
        words
            .iter()
            .all(|w| name.contains(w.as_str()) || e.siren.starts_with(w.as_str()))
    };
    let mut found: Vec<&CatalogEpci> = catalog().iter().filter(|e| matches(e)).collect();
    found.sort_by_key(|e| e.siren != AMP_SIREN);
    found.into_iter().take(limit).map(summary).collect()
}

/// The number of EPCIs in the embedded national list.
pub fn epci_count() -> usize {
    catalog().len()
}

pub fn find_epci(siren: &str) -> Option<EpciSummary> {
    catalog().iter().find(|e| e.siren == siren).map(summary)
}

/// The unit as set up at first start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Unit {
    pub name: String,
    pub epci_siren: String,
    pub epci_name: String,
    pub first_year: i32,
    pub is_demo: bool,
    /// The unit asks the grant agreement of public-law bodies too, above
    /// 23 000 € a year, which the law does not require of them.
    pub agreement_for_public_bodies: bool,
}

/// The setup form, as typed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct SetupInput {
    pub unit_name: String,
    pub epci_siren: String,
    pub first_year: String,
    pub user_name: String,
    pub user_role: String,
}

pub fn unit(conn: &Connection) -> Result<Option<Unit>> {
    Ok(conn
        .query_row(
            "SELECT name, epci_siren, epci_name, first_year, is_demo, agreement_for_public_bodies
             FROM unit WHERE id = 1",
            [],
            |r| {
                Ok(Unit {
                    name: r.get(0)?,
                    epci_siren: r.get(1)?,
                    epci_name: r.get(2)?,
                    first_year: r.get(3)?,
                    is_demo: r.get(4)?,
                    agreement_for_public_bodies: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Validates the setup form: every field's problem at once.
fn validate_setup(
    input: &SetupInput,
    today: NaiveDate,
) -> std::result::Result<(String, CatalogEpciRef, i32, Actor), FieldErrors> {
    let mut errors = FieldErrors::new();
    let unit_name = match input::text(&input.unit_name, 200) {
        Ok(t) if t.is_empty() => {
            errors.add("unit_name", "Le nom du service est obligatoire.");
            t
        }
        Ok(t) => t,
        Err(e) => {
            errors.add("unit_name", e);
            String::new()
        }
    };
    // The list holds only valid SIRENs; one typed by hand is checked with
    // its key first, so that a typing error is said as such.
    let epci = match crate::sirene::parse_siren(&input.epci_siren) {
        Ok(Some(siren)) => {
            let found = catalog().iter().position(|e| e.siren == siren);
            if found.is_none() {
                errors.add(
                    "epci_siren",
                    format!("Aucun EPCI de la liste n’a le SIREN {siren} : choisissez l’EPCI dans la liste."),
                );
            }
            found
        }
        Ok(None) => {
            errors.add("epci_siren", "Choisissez l’EPCI dans la liste.");
            None
        }
        Err(message) => {
            errors.add("epci_siren", message);
            None
        }
    };
    let year_txt = input.first_year.trim();
    let max_year = today.year() + 5;
    let first_year = match year_txt.parse::<i32>() {
        Ok(y) if (2000..=max_year).contains(&y) => y,
        Ok(_) => {
            errors.add(
                "first_year",
                format!("L’année doit être comprise entre 2000 et {max_year}."),
            );
            0
        }
        Err(_) => {
            errors.add("first_year", "Année attendue, par exemple 2026.");
            0
        }
    };
    let user_name = match input::text(&input.user_name, 100) {
        Ok(t) if t.is_empty() => {
            errors.add("user_name", "Votre nom est obligatoire.");
            t
        }
        Ok(t) => t,
        Err(e) => {
            errors.add("user_name", e);
            String::new()
        }
    };
    let role = Role::from_code(input.user_role.trim());
    if role.is_none() {
        errors.add("user_role", "Choisissez votre rôle.");
    }
    match (errors.is_empty(), epci, role) {
        (true, Some(i), Some(role)) => Ok((
            unit_name,
            CatalogEpciRef(i),
            first_year,
            Actor {
                name: user_name,
                role,
            },
        )),
        _ => Err(errors),
    }
}

struct CatalogEpciRef(usize);

/// First-start setup: records the unit, its first user and its communes.
/// Returns the user, who then acts for every write.
pub fn setup(
    conn: &mut Connection,
    input: &SetupInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Actor> {
    setup_inner(conn, input, today, now, false)
}

pub(crate) fn setup_inner(
    conn: &mut Connection,
    input: &SetupInput,
    today: NaiveDate,
    now: DateTime<Utc>,
    is_demo: bool,
) -> Result<Actor> {
    let (unit_name, epci_ref, first_year, actor) =
        validate_setup(input, today).map_err(Error::Invalid)?;
    if unit(conn)?.is_some() {
        return Err(Error::Refused("Cette base est déjà configurée.".into()));
    }
    let epci = &catalog()[epci_ref.0];
    store::write(conn, &actor, Permission::Identify, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO unit (id, name, epci_siren, epci_name, first_year, is_demo, created_at, created_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![unit_name, epci.siren, epci.name, first_year, is_demo, ctx.stamp(), ctx.actor.name],
        )?;
        touch_profile(tx, ctx.actor, &ctx.stamp())?;
        let mut insert = tx.prepare(
            "INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let is_amp = epci.siren == AMP_SIREN;
        for (insee, name, population) in &epci.communes {
            let plan = is_amp && AMP_WITH_PLAN.contains(&insee.as_str());
            let officer = is_amp && AMP_WITH_OFFICER.contains(&insee.as_str());
            insert.execute(params![
                insee,
                name,
                population,
                plan,
                officer,
                ctx.stamp(),
                ctx.actor.name
            ])?;
        }
        Ok(())
    })?;
    Ok(actor)
}

fn touch_profile(tx: &rusqlite::Transaction, actor: &Actor, stamp: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO profile (name, role, created_at, last_used_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (name, role) DO UPDATE SET last_used_at = excluded.last_used_at",
        params![actor.name, actor.role.code(), stamp],
    )?;
    Ok(())
}

/// Makes another person the one the app acts for: a colleague sitting down
/// at the shared computer. Not a login (see docs/ARCHITECTURE.md): it records
/// who acts, so that each step of a grant is attributed to the right person.
/// `role` is `None` when none was chosen: refused beside the role's field.
pub fn switch_actor(
    conn: &mut Connection,
    name: &str,
    role: Option<Role>,
    now: DateTime<Utc>,
) -> Result<Actor> {
    let mut e = crate::error::FieldErrors::new();
    let name = crate::input::text(name, 100).unwrap_or_else(|m| {
        e.add("name", m);
        String::new()
    });
    if name.is_empty() && e.get("name").is_none() {
        e.add("name", "Indiquez votre nom.");
    }
    if role.is_none() {
        e.add("role", "Choisissez votre rôle.");
    }
    e.into_result()?;
    let Some(role) = role else {
        return Err(Error::Refused("Choisissez votre rôle.".into()));
    };
    let actor = Actor { name, role };
    store::write(conn, &actor, Permission::Identify, now, |tx, ctx| {
        touch_profile(tx, ctx.actor, &ctx.stamp())
    })?;
    Ok(actor)
}

/// The people who have used the app on this database, the last one first:
/// what the profile picker offers at each start.
pub fn profiles(conn: &Connection) -> Result<Vec<Actor>> {
    let mut stmt =
        conn.prepare("SELECT name, role FROM profile ORDER BY last_used_at DESC, id DESC")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, role) = row?;
        if let Some(role) = Role::from_code(&role) {
            out.push(Actor { name, role });
        }
    }
    Ok(out)
}

/// The person who used the app last: the one it acts for at start.
pub fn current_actor(conn: &Connection) -> Result<Option<Actor>> {
    Ok(conn
        .query_row(
            "SELECT name, role FROM profile ORDER BY last_used_at DESC, id DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .and_then(|(name, role)| Role::from_code(&role).map(|role| Actor { name, role })))
}

/// A member commune of the unit's EPCI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub population: i64,
    pub has_plcd: bool,
    pub has_officer: bool,
}

/// Whether an INSEE code is one of the territory's communes: what every form
/// with a commune checks (a reading error counts as no).
pub fn commune_exists(conn: &Connection) -> impl Fn(&str) -> bool + '_ {
    move |code| {
        conn.query_row("SELECT 1 FROM commune WHERE insee = ?1", [code], |_| Ok(()))
            .is_ok()
    }
}

pub fn communes(conn: &Connection) -> Result<Vec<Commune>> {
    let mut stmt = conn.prepare(
        "SELECT insee, name, population, has_plcd, has_officer FROM commune ORDER BY name COLLATE NOCASE, insee",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Commune {
            insee: r.get(0)?,
            name: r.get(1)?,
            population: r.get(2)?,
            has_plcd: r.get(3)?,
            has_officer: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn commune_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM commune", [], |r| r.get(0))?)
}

/// Changes a commune's two flags.
pub fn set_commune_flags(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    insee: &str,
    has_plcd: bool,
    has_officer: bool,
) -> Result<Commune> {
    store::write(conn, actor, Permission::Decide, now, |tx, ctx| {
        let n = tx.execute(
            "UPDATE commune SET has_plcd = ?2, has_officer = ?3, updated_at = ?4, updated_by = ?5 WHERE insee = ?1",
            params![insee, has_plcd, has_officer, ctx.stamp(), ctx.actor.name],
        )?;
        if n == 0 {
            return Err(Error::NotFound("Commune"));
        }
        Ok(())
    })?;
    communes(conn)?
        .into_iter()
        .find(|c| c.insee == insee)
        .ok_or(Error::NotFound("Commune"))
}
