//! The processing register entry (*fiche de registre des activités de
//! traitement*, GDPR article 30) for the app's data, printed as a PDF the unit
//! hands to its data protection officer: the controller, the purposes, the
//! people and data concerned with what the file holds today, the recipients,
//! the retention periods, the security measures.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{ContactSource, CONTACT_SOURCES};
use crate::error::Result;
use crate::input::format_date_fr;
use crate::reports::{self, count_fr, long_date_fr};

const TEMPLATE: &str = include_str!("../../assets/reports/registre_rgpd.typ");

/// One category of people: who they are, which data, how many records the
/// file holds, how long they are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegisterCategory {
    pub people: String,
    pub data: String,
    pub held: String,
    pub retention: String,
}

/// The register entry as printed; every value is French text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegisterData {
    pub title: String,
    pub controller: String,
    pub purposes: Vec<String>,
    pub legal_basis: String,
    pub categories: Vec<RegisterCategory>,
    pub sensitive: String,
    pub recipients: Vec<String>,
    pub transfers: String,
    pub security: Vec<String>,
    pub rights: Vec<String>,
    pub purges: String,
    pub footer: String,
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

fn held_fr(n: i64, none: &str, one: &str, many: &str) -> String {
    match n {
        0 => none.to_string(),
        1 => format!("1 {one}"),
        n => format!("{} {many}", count_fr(n)),
    }
}

fn contact_category(conn: &Connection, s: &ContactSource) -> Result<RegisterCategory> {
    let n = count(conn, &format!("SELECT count(*) FROM ({})", s.activity_sql))?;
    let data: Vec<&str> = s.columns.iter().map(|(_, l)| *l).collect();
    Ok(RegisterCategory {
        people: s.label_fr.to_string(),
        data: format!("Coordonnées professionnelles : {}.", data.join(", ")),
        held: held_fr(n, "aucun contact", "contact", "contacts"),
        retention: format!(
            "{} ; effacées par la purge de l’application (Données personnelles).",
            capitalised(s.retention_fr)
        ),
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The register entry of the unit's file, as of `today`.
pub fn register_data(
    conn: &Connection,
    printed_by: &str,
    today: NaiveDate,
) -> Result<RegisterData> {
    let unit = crate::territory::unit(conn)?;
    let (unit_name, epci) = unit
        .map(|u| (u.name, u.epci_name))
        .unwrap_or_else(|| ("(unité non configurée)".into(), String::new()));
    let categories = categories(conn)?;
    let purges = purge_history(conn)?;
    Ok(RegisterData {
        title: "Fiche de registre des activités de traitement".into(),
        controller: if epci.is_empty() {
            unit_name
        } else {
            format!("{epci}, pour son unité « {unit_name} »")
        },
        purposes: vec![
            "Programmer et suivre le plan de lutte contre les discriminations : formations, \
             semaine de sensibilisation et événements, actions du plan."
                .into(),
            "Instruire, décider et payer les subventions du fonds d’initiative, et en rendre \
             compte (données ouvertes SCDL sans donnée personnelle)."
                .into(),
            "Suivre le budget, les engagements, les mandats et les ETP du plan.".into(),
            "Suivre les partenariats, leurs conventions et leurs comités.".into(),
        ],
        legal_basis: "Mission d’intérêt public de la collectivité (article 6.1.e du RGPD) ; \
                      obligations de la comptabilité publique pour les subventions et les \
                      paiements (article 6.1.c)."
            .into(),
        categories,
        sensitive: "Aucune. L’application n’a aucun champ pour une origine, une religion, un \
                    handicap, une orientation sexuelle, une opinion ou une donnée de santé : \
                    les participant·es aux formations et aux événements sont comptés par sexe, \
                    jamais nommés."
            .into(),
        recipients: vec![
            "Les agents de l’unité, selon leur rôle (chef·fe de projet, assistant·e, chef·fe \
             de service)."
                .into(),
            "Les élu·es et le comité de pilotage reçoivent des documents chiffrés, sans \
             coordonnées de personnes."
                .into(),
            "Les porteurs de projet reçoivent le courrier qui les concerne.".into(),
        ],
        transfers: "Aucun transfert hors de l’Union européenne ; l’application n’ouvre aucune \
                    connexion réseau, le fichier reste sur le poste ou le partage de la \
                    collectivité."
            .into(),
        security: vec![
            "Un seul fichier SQLite sur le poste ou le dossier partagé de la collectivité, \
             protégé par les droits d’accès du système."
                .into(),
            "Copies de sauvegarde automatiques (14 quotidiennes, 12 mensuelles), remplacées au \
             fil des démarrages ; les copies prises avant une mise à jour ou une restauration \
             restent dans le dossier des sauvegardes jusqu’à ce qu’on les supprime : une donnée \
             purgée y demeure jusque-là."
                .into(),
            "Une seule personne écrit à la fois (fichier de verrou) ; journal d’audit chaîné \
             par SHA-256, vérifié par « plan-lcd check »."
                .into(),
            "Rôles appliqués par l’application : responsabilité au sein d’une équipe de \
             confiance, pas une authentification."
                .into(),
            "Journal technique sans donnée personnelle.".into(),
        ],
        rights: vec![
            "Accès et portabilité : « Données personnelles » → « Exporter les données d’une \
             personne » écrit tout ce que le fichier contient sur elle (JSON)."
                .into(),
            "Rectification : chaque fiche se modifie depuis sa page.".into(),
            "Effacement : la purge efface les coordonnées dont la durée de conservation est \
             passée, dans les fiches et dans le journal d’audit ; une fiche peut aussi être \
             vidée à la demande."
                .into(),
        ],
        purges,
        footer: crate::reports::with_fingerprint(
            conn,
            format!("Imprimé le {} par {printed_by}", long_date_fr(today)),
        )?,
    })
}

/// The people the file holds data about, each with what is held, how much,
/// and for how long.
fn categories(conn: &Connection) -> Result<Vec<RegisterCategory>> {
    let mut categories = Vec::new();
    for s in CONTACT_SOURCES {
        categories.push(contact_category(conn, s)?);
    }
    let trainers = count(
        conn,
        "SELECT count(DISTINCT trainer) FROM training_session WHERE trainer <> ''",
    )?;
    categories.push(RegisterCategory {
        people: "Formateurs et formatrices des sessions".into(),
        data: "Nom (ou nom de l’organisme) de l’intervenant·e.".into(),
        held: held_fr(
            trainers,
            "aucun nom d’intervenant·e",
            "nom d’intervenant·e",
            "noms d’intervenant·es",
        ),
        retention: "Conservé avec la session, pièce du bilan d’activité du plan.".into(),
    });
    let staff = count(
        conn,
        "SELECT count(*) FROM staff_position WHERE person <> ''",
    )?;
    categories.push(RegisterCategory {
        people: "Agents de l’équipe du plan (postes et ETP)".into(),
        data: "Nom, intitulé du poste, quotité, dates, coût annuel du poste.".into(),
        held: held_fr(
            staff,
            "aucun poste nominatif",
            "poste nominatif",
            "postes nominatifs",
        ),
        retention: "Conservé avec les comptes de l’année, pièces de la comptabilité publique."
            .into(),
    });
    let owners = count(
        conn,
        "SELECT count(*) FROM (SELECT owner FROM plan_action WHERE owner <> ''
                               UNION SELECT owner FROM meeting_follow_up WHERE owner <> '')",
    )?;
    categories.push(RegisterCategory {
        people: "Porteurs des actions du plan et responsables des suivis de réunion".into(),
        data: "Nom (ou service) de la personne en charge.".into(),
        held: held_fr(owners, "aucun nom", "nom", "noms"),
        retention: "Conservé avec l’action ou la réunion, pièce du bilan annuel remis au \
                    comité de pilotage."
            .into(),
    });
    let users = count(conn, "SELECT count(*) FROM profile")?;
    categories.push(RegisterCategory {
        people: "Utilisateurs et utilisatrices de l’application".into(),
        data: "Nom, rôle, date de dernière utilisation ; le journal d’audit garde qui a fait \
               quelle modification et quand."
            .into(),
        held: held_fr(users, "aucun profil", "profil", "profils"),
        retention: "Le profil, tant que la personne utilise l’application ; le journal, \
                    aussi longtemps que le fichier, pour rendre compte des décisions."
            .into(),
    });
    Ok(categories)
}

/// The purges made so far, in one sentence.
fn purge_history(conn: &Connection) -> Result<String> {
    let purges: Vec<(String, i64)> = crate::sql::all(
        conn,
        "SELECT at, contacts FROM privacy_purge ORDER BY id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match purges.last() {
        None => "Aucune purge n’a encore été faite.".to_string(),
        Some((at, n)) => format!(
            "{} ; la dernière le {}, {}.",
            crate::reports::quantity_fr(purges.len() as i64, "purge faite", "purges faites"),
            at.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(format_date_fr)
                .unwrap_or_else(|| at.clone()),
            crate::reports::quantity_fr(*n, "contact effacé", "contacts effacés")
        ),
    })
}

/// `registre-traitement-plan-lcd-2026-11-23.pdf`.
pub fn register_file_name(today: NaiveDate) -> String {
    format!(
        "registre-traitement-plan-lcd-{}.pdf",
        today.format("%Y-%m-%d")
    )
}

/// Renders the register entry to `path`.
pub fn register_pdf(
    conn: &Connection,
    printed_by: &str,
    today: NaiveDate,
    path: &Path,
) -> Result<()> {
    let data = register_data(conn, printed_by, today)?;
    reports::write_pdf(TEMPLATE, &data, path)
}
