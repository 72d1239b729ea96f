//! The fund's organisations, partners with their contacts, and events from
//! a unit's spreadsheets (CSV written here, `;` as French Excel writes it):
//! each row checked by its form's rules with the message on its column,
//! what is already recorded skipped, the ready rows written as one batch and
//! taken back whole until something is built on them.

use std::path::{Path, PathBuf};

use plan_lcd::import::{self, ImportKind, ImportOptions, ImportPreview, ImportReport, RowStatus};
use plan_lcd::{events, fund, partners, Error};
use rusqlite::Connection;

use crate::fund_fixtures::{app_input, fund_db, lead, org_input};
use crate::util::{amp_db, assistant, now, today};

fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn preview(conn: &Connection, kind: ImportKind, path: &Path) -> ImportPreview {
    import::preview(
        conn,
        kind,
        path,
        None,
        None,
        &ImportOptions::default(),
        today(),
    )
    .unwrap()
}

fn run(conn: &mut Connection, kind: ImportKind, path: &Path) -> ImportReport {
    let mapping = preview(conn, kind, path).mapping;
    import::import(
        conn,
        &assistant(),
        today(),
        now(),
        kind,
        path,
        None,
        mapping,
        &ImportOptions::default(),
    )
    .unwrap()
}

fn statuses(p: &ImportPreview) -> Vec<(u32, RowStatus)> {
    p.rows.iter().map(|r| (r.line, r.status)).collect()
}

/// The message of line `line` on the column headed `header`.
fn message(p: &ImportPreview, line: u32, header: &str) -> String {
    let column = p.headers.iter().position(|h| h == header).unwrap() as u32;
    let row = p.rows.iter().find(|r| r.line == line).unwrap();
    row.errors
        .iter()
        .find(|e| e.column == Some(column))
        .unwrap_or_else(|| {
            panic!(
                "line {line} has no message on « {header} »: {:?}",
                row.errors
            )
        })
        .message
        .clone()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

const PARTNERS: &str = "Partenaire;Type;SIRET;Contact;Fonction;Email;Téléphone
Défenseur des droits;Défenseur des droits;;Claire Morel;Déléguée territoriale;claire.morel@defenseurdesdroits.fr;04 91 00 00 01
Défenseur des droits;;;Hugo Blanc;Délégué;hugo.blanc@defenseurdesdroits.fr;
Préfecture des Bouches-du-Rhône;Préfecture;;Anne Roy;;anne.roy@bouches-du-rhone.gouv.fr;
CNFPT;CNFPT;;Léa Petit;Conseillère formation;lea.petit@cnfpt;
SOS Racisme 13;Association;81234567600018;;;;
Défenseur des droits;;;Claire Morel;;;
";

#[test]
fn partners_come_in_with_their_contacts_grouped_and_known_ones_skipped() {
    let mut conn = amp_db();
    partners::create_partner(
        &mut conn,
        &assistant(),
        now(),
        &partners::PartnerInput {
            name: "Préfecture des Bouches-du-Rhône".into(),
            kind: "state_service".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "partenaires.csv", PARTNERS);
    let p = preview(&conn, ImportKind::Partners, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Ready),
            (3, RowStatus::Ready),
            (4, RowStatus::Present),
            (5, RowStatus::Error),
            (6, RowStatus::Error),
            (7, RowStatus::Present),
        ]
    );
    assert!(message(&p, 5, "Email").contains("Adresse électronique invalide"));
    assert!(message(&p, 6, "SIRET").contains("SIRET"));
    assert!(p.rows[1].note.contains("Contact ajouté"));
    let before = count(&conn, "SELECT count(*) FROM partner");
    let report = run(&mut conn, ImportKind::Partners, &file);
    assert_eq!(
        (report.imported, report.in_error, report.present),
        (2, 2, 2)
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM partner"), before + 1);
    let contacts: Vec<(String, String, i64)> = plan_lcd::sql::all(
        &conn,
        "SELECT c.name, p.kind, c.position FROM partner_contact c JOIN partner p ON p.id = c.partner_id
         WHERE p.name = 'Défenseur des droits' ORDER BY c.position",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap();
    assert_eq!(
        contacts,
        vec![
            (
                "Claire Morel".to_string(),
                "independent_authority".to_string(),
                0
            ),
            (
                "Hugo Blanc".to_string(),
                "independent_authority".to_string(),
                1
            ),
        ]
    );
    // Changed since: the batch stays.
    let id = count(
        &conn,
        "SELECT id FROM partner WHERE name = 'Défenseur des droits'",
    );
    let mut form = partners::partner_form(&conn, id).unwrap();
    form.website = "www.defenseurdesdroits.fr".into();
    let later = now() + chrono::Duration::hours(1);
    partners::update_partner(&mut conn, &assistant(), later, id, &form).unwrap();
    let err = import::undo_batch(&mut conn, &lead(), later, report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Défenseur des droits")),
        "{err:?}"
    );
}

#[test]
fn a_partners_batch_is_taken_back_with_its_contacts() {
    let mut conn = amp_db();
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "partenaires.csv", PARTNERS);
    let before = (
        count(&conn, "SELECT count(*) FROM partner"),
        count(&conn, "SELECT count(*) FROM partner_contact"),
    );
    let report = run(&mut conn, ImportKind::Partners, &file);
    assert_eq!(report.imported, 3, "the prefecture is new here");
    import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap();
    let after = (
        count(&conn, "SELECT count(*) FROM partner"),
        count(&conn, "SELECT count(*) FROM partner_contact"),
    );
    assert_eq!(after, before);
}

const ORGANISATIONS: &str = "Nom;Type;SIRET;RNA;Commune;Email
Égalité Quartiers;Association déclarée;81234567600017;W131000001;Marseille;contact@egalite-quartiers.fr
Voix Libres;;;W132000002;Aix-en-Provence;
Café citoyen;Coopérative;;;Lyon;
Égalité Quartiers;Association;81234567600017;;Marseille;
Maison des droits;Association;;;Marseille;accueil@maison-des-droits
";

#[test]
fn organisations_are_found_by_siret_or_rna_and_checked_by_their_form() {
    let (mut conn, call) = fund_db();
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "structures.csv", ORGANISATIONS);
    let p = preview(&conn, ImportKind::Organisations, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Ready),
            (3, RowStatus::Ready),
            (4, RowStatus::Error),
            (5, RowStatus::Present),
            (6, RowStatus::Error),
        ]
    );
    assert_eq!(message(&p, 4, "Type"), "Choisissez le type de structure.");
    assert!(message(&p, 6, "Email").contains("Adresse électronique invalide"));
    let report = run(&mut conn, ImportKind::Organisations, &file);
    assert_eq!(report.imported, 2);
    let voix: (String, Option<String>) = conn
        .query_row(
            "SELECT kind, commune_insee FROM fund_organisation WHERE rna = 'W132000002'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        voix,
        ("association".into(), Some("13001".into())),
        "an RNA is an association's"
    );
    assert_eq!(
        preview(&conn, ImportKind::Organisations, &file).ready,
        0,
        "imported once"
    );
    // An application filed by one of them keeps the batch.
    let org = count(
        &conn,
        "SELECT id FROM fund_organisation WHERE rna = 'W132000002'",
    );
    fund::create_application(
        &mut conn,
        &assistant(),
        now(),
        &app_input(call, org, "1 000", "2 000"),
    )
    .unwrap();
    let err = import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Voix Libres")),
        "{err:?}"
    );
    let _ = org_input;
}

const EVENTS: &str = "Intitulé;Type;Date;Début;Fin;Lieu;Commune;Public;Statut;Présents F/H;Coût
Conférence d’ouverture;Conférence;16/03/2026;18:00;20:00;Hôtel de ville;Marseille;Tout public;Réalisé;45/30;1 200,00
Ciné-débat;Projection;20/05/2026;19h;21h;Cinéma;Aubagne;Jeunes;Réalisé;12;
Atelier théâtre;Atelier;10/09/2026;10:00;12:00;Salle des fêtes;Marseille;Adultes;Prévu;;
Forum des associations;Festif;12/09/2026;10:00;18:00;Parc;Marseille;Tout public;Réalisé;;
Conférence d’ouverture;Conférence;16/03/2026;18:00;20:00;Hôtel de ville;Marseille;Tout public;Réalisé;45/30;
";

#[test]
fn events_come_in_within_their_week_with_attendance_split_from_one_cell() {
    let mut conn = amp_db();
    let edition = events::create_edition(
        &mut conn,
        &assistant(),
        now(),
        &events::EditionInput {
            theme: "Égalité".into(),
            first_day: "16/03/2026".into(),
            last_day: "22/03/2026".into(),
            aims: String::new(),
        },
    )
    .unwrap()
    .id;
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "evenements.csv", EVENTS);
    let p = preview(&conn, ImportKind::Events, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Ready),
            (3, RowStatus::Error),
            (4, RowStatus::Ready),
            (5, RowStatus::Error),
            (6, RowStatus::Present),
        ]
    );
    assert!(message(&p, 3, "Présents F/H").contains("12/3"));
    assert_eq!(
        message(&p, 5, "Statut"),
        "Un événement ne peut pas être réalisé avant sa date."
    );
    let report = run(&mut conn, ImportKind::Events, &file);
    assert_eq!(report.imported, 2);
    let opening: (Option<i64>, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT e.edition_id, e.attended_women, e.attended_men, e.attended_total,
                (SELECT sum(amount_cents) FROM event_cost c WHERE c.event_id = e.id)
             FROM event e WHERE e.title = 'Conférence d’ouverture'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(opening, (Some(edition), 45, 30, 75, 120_000));
    let workshop: Option<i64> = conn
        .query_row(
            "SELECT edition_id FROM event WHERE title = 'Atelier théâtre'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(workshop, None, "outside the week: standalone");
    assert_eq!(
        import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap(),
        2
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM event"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM event_cost"), 0);
}
