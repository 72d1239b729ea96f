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
use crate::util::{amp_db, as_xlsx, assistant, now, same_preview, today};

fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The rows of a test's CSV as LibreOffice's spreadsheet, typed
/// (`tests/fixtures/ods/make.py` writes them).
fn ods(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/ods/{name}.ods"))
}

fn preview(conn: &Connection, kind: ImportKind, path: &Path) -> ImportPreview {
    preview_with(conn, kind, path, &ImportOptions::default())
}

fn preview_with(
    conn: &Connection,
    kind: ImportKind,
    path: &Path,
    options: &ImportOptions,
) -> ImportPreview {
    import::preview(conn, kind, path, None, None, options, today()).unwrap()
}

fn run(conn: &mut Connection, kind: ImportKind, path: &Path) -> ImportReport {
    run_with(conn, kind, path, &ImportOptions::default())
}

/// Imports `path` under the columns its preview proposes.
fn run_with(
    conn: &mut Connection,
    kind: ImportKind,
    path: &Path,
    options: &ImportOptions,
) -> ImportReport {
    let mapping = preview_with(conn, kind, path, options).mapping;
    import::import(
        conn,
        &assistant(),
        today(),
        now(),
        kind,
        path,
        None,
        mapping,
        options,
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
    let xlsx = preview(&conn, ImportKind::Partners, &as_xlsx(&file, dir.path()));
    same_preview(&p, &xlsx, "the same rows typed in Excel");
    let ods = preview(&conn, ImportKind::Partners, &ods("partenaires"));
    same_preview(&p, &ods, "the same rows typed in LibreOffice");
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
    let xlsx = preview(
        &conn,
        ImportKind::Organisations,
        &as_xlsx(&file, dir.path()),
    );
    same_preview(&p, &xlsx, "the same rows typed in Excel");
    let ods = preview(&conn, ImportKind::Organisations, &ods("structures"));
    same_preview(&p, &ods, "the same rows typed in LibreOffice");
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
    let xlsx = preview(&conn, ImportKind::Events, &as_xlsx(&file, dir.path()));
    same_preview(&p, &xlsx, "the same rows typed in Excel");
    let ods = preview(&conn, ImportKind::Events, &ods("evenements"));
    same_preview(&p, &ods, "the same rows typed in LibreOffice");
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

/// The 2026 budget of `crate::budget` (Formations 12 000 €, voted) with
/// its commitments and payments imported from the finance extract.
#[test]
fn commitments_stay_within_their_line_row_after_row_and_payments_within_their_commitment() {
    use plan_lcd::budget::{self, LineKind};
    let mut conn = amp_db();
    let (_, lines) = crate::budget::budget_2026(&mut conn);
    let trainings = lines
        .iter()
        .find(|(k, _)| *k == LineKind::Trainings)
        .unwrap()
        .1;
    let label: String = conn
        .query_row(
            "SELECT label FROM budget_line WHERE id = ?1",
            [trainings],
            |r| r.get(0),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = ImportOptions {
        budget_year: Some(2026),
        ..Default::default()
    };
    let commitments = csv(
        dir.path(),
        "engagements.csv",
        &format!(
            "Imputation;Date;Libellé;Fournisseur;Montant;N° d’engagement
{label};10/02/2026;Formation laïcité;CNFPT;7 000,00;E-2026-001
{label};12/02/2026;Formation recrutement;ISM Corum;5 000,00;E-2026-002
{label};14/02/2026;Formation accueil;ISM Corum;0,01;E-2026-003
Ligne inconnue;14/02/2026;Autre;X;10;E-2026-004
{label};14/02/2025;Formation 2025;X;10;E-2026-005
"
        ),
    );
    let p = preview_with(&conn, ImportKind::Commitments, &commitments, &o);
    let xlsx = as_xlsx(&commitments, dir.path());
    let typed = preview_with(&conn, ImportKind::Commitments, &xlsx, &o);
    same_preview(&p, &typed, "the same rows typed in Excel");
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Ready),
            (3, RowStatus::Ready),
            (4, RowStatus::Error),
            (5, RowStatus::Error),
            (6, RowStatus::Error),
        ]
    );
    assert!(
        message(&p, 4, "Montant")
            .starts_with("Cet engagement dépasse le disponible de la ligne (0,00"),
        "12 000 € less 7 000 € and 5 000 € leaves nothing: {}",
        message(&p, 4, "Montant")
    );
    assert!(message(&p, 5, "Imputation").contains("n’a pas de ligne « Ligne inconnue »"));
    assert_eq!(
        message(&p, 6, "Date"),
        "La date doit tomber en 2026, l’année du budget."
    );
    let report = run_with(&mut conn, ImportKind::Commitments, &commitments, &o);
    assert_eq!(report.imported, 2);
    let figures = budget::line_figures(&conn, trainings, today()).unwrap();
    assert_eq!(
        (figures.committed_cents, figures.available_cents),
        (1_200_000, 0)
    );

    let payments = csv(
        dir.path(),
        "mandats.csv",
        "N° d’engagement;Date du mandat;Montant;N° de mandat
E-2026-001;15/03/2026;4 000;M-101
E-2026-001;15/04/2026;3 000;M-102
E-2026-001;15/05/2026;0,01;M-103
E-2026-002;01/02/2026;100;M-104
E-2026-009;15/03/2026;100;M-105
",
    );
    let p = preview_with(&conn, ImportKind::Payments, &payments, &o);
    let xlsx = as_xlsx(&payments, dir.path());
    let typed = preview_with(&conn, ImportKind::Payments, &xlsx, &o);
    same_preview(&p, &typed, "the same rows typed in Excel");
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Ready),
            (3, RowStatus::Ready),
            (4, RowStatus::Error),
            (5, RowStatus::Error),
            (6, RowStatus::Error),
        ]
    );
    assert!(message(&p, 4, "Montant").contains("reste à payer de l’engagement (0,00"));
    assert_eq!(
        message(&p, 5, "Date du mandat"),
        "Un mandat ne peut pas précéder son engagement."
    );
    assert!(message(&p, 6, "N° d’engagement").contains("Aucun engagement 2026"));
    let paid = run_with(&mut conn, ImportKind::Payments, &payments, &o);
    assert_eq!(paid.imported, 2);
    assert_eq!(
        budget::line_figures(&conn, trainings, today())
            .unwrap()
            .paid_cents,
        700_000
    );
    // The commitments are paid now: their batch stays; the payments' goes.
    let err = import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Formation laïcité")),
        "{err:?}"
    );
    assert_eq!(
        import::undo_batch(&mut conn, &lead(), now(), paid.batch_id).unwrap(),
        2
    );
    assert_eq!(
        import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap(),
        2
    );
    assert_eq!(
        budget::line_figures(&conn, trainings, today())
            .unwrap()
            .available_cents,
        1_200_000
    );
}

#[test]
fn a_recorded_event_is_brought_up_to_date_when_asked_and_its_costs_kept() {
    let mut conn = amp_db();
    let dir = tempfile::tempdir().unwrap();
    let file = csv(dir.path(), "evenements.csv", EVENTS);
    run(&mut conn, ImportKind::Events, &file);
    let moved = csv(
        dir.path(),
        "evenements-2.csv",
        &EVENTS.replace(
            "10/09/2026;10:00;12:00;Salle des fêtes",
            "10/09/2026;14:00;16:00;Salle des fêtes",
        ),
    );
    assert_eq!(
        preview(&conn, ImportKind::Events, &moved).to_update,
        0,
        "not asked"
    );
    let asked = ImportOptions {
        update_present: true,
        ..Default::default()
    };
    let p = preview_with(&conn, ImportKind::Events, &moved, &asked);
    assert_eq!((p.ready, p.to_update, p.present), (0, 1, 2));
    run_with(&mut conn, ImportKind::Events, &moved, &asked);
    let (start, costs): (String, i64) = conn
        .query_row(
            "SELECT start_time, (SELECT count(*) FROM event_cost c JOIN event e ON e.id = c.event_id
                 WHERE e.title = 'Conférence d’ouverture') FROM event WHERE title = 'Atelier théâtre'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((start.as_str(), costs), ("14:00", 1));
}

/// Review cases: a partner's rows with and without its SIRET are one
/// partner; two establishments of one association (one RNA, two SIRETs) are
/// one organisation; two budget lines of one label are not guessed between.
#[test]
fn rows_of_one_partner_or_one_association_make_one_record_and_an_ambiguous_line_is_refused() {
    use plan_lcd::budget::LineKind;
    let mut conn = amp_db();
    let dir = tempfile::tempdir().unwrap();
    let file = csv(
        dir.path(),
        "partenaires.csv",
        "Partenaire;Type;SIRET;Contact
SOS Racisme 13;Association;81234567600017;Léa Petit
SOS Racisme 13;;;Hugo Blanc
",
    );
    let report = run(&mut conn, ImportKind::Partners, &file);
    assert_eq!(report.imported, 2);
    assert_eq!(count(&conn, "SELECT count(*) FROM partner"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM partner_contact"), 2);

    let file = csv(
        dir.path(),
        "structures.csv",
        "Nom;SIRET;RNA
Égalité Quartiers;81234567600017;W131000001
Égalité Quartiers (antenne nord);81234567600025;W131000001
",
    );
    let p = preview(&conn, ImportKind::Organisations, &file);
    assert_eq!(
        statuses(&p),
        vec![(2, RowStatus::Ready), (3, RowStatus::Present)]
    );
    run(&mut conn, ImportKind::Organisations, &file);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM fund_organisation WHERE rna = 'W131000001'"
        ),
        1
    );

    let (_, lines) = crate::budget::budget_2026(&mut conn);
    let studies = lines
        .iter()
        .find(|(k, _)| *k == LineKind::Studies)
        .unwrap()
        .1;
    let trainings = lines
        .iter()
        .find(|(k, _)| *k == LineKind::Trainings)
        .unwrap()
        .1;
    conn.execute(
        "UPDATE budget_line SET label = (SELECT label FROM budget_line WHERE id = ?1) WHERE id = ?2",
        [trainings, studies],
    )
    .unwrap();
    let label: String = conn
        .query_row(
            "SELECT label FROM budget_line WHERE id = ?1",
            [trainings],
            |r| r.get(0),
        )
        .unwrap();
    let file = csv(
        dir.path(),
        "engagements.csv",
        &format!("Imputation;Date;Objet;Montant\n{label};10/02/2026;Étude;100\n"),
    );
    let o = ImportOptions {
        budget_year: Some(2026),
        ..Default::default()
    };
    let p = preview_with(&conn, ImportKind::Commitments, &file, &o);
    assert!(
        message(&p, 2, "Imputation").starts_with("Deux lignes du budget 2026"),
        "{:?}",
        p.rows
    );
}

fn asked() -> ImportOptions {
    ImportOptions {
        update_present: true,
        ..Default::default()
    }
}

fn preview_asked(conn: &Connection, kind: ImportKind, path: &Path) -> ImportPreview {
    preview_with(conn, kind, path, &asked())
}

fn run_asked(conn: &mut Connection, kind: ImportKind, path: &Path) -> ImportReport {
    run_with(conn, kind, path, &asked())
}

/// A newer address book: the Défenseur des droits gets its website, Claire
/// Morel a new number and a new contact; CNFPT's address is corrected; the
/// prefecture's row says nothing new, and its second row a wrong address.
const PARTNERS_NEWER: &str = "Partenaire;Type;SIRET;Site internet;Contact;Fonction;Email;Téléphone
Défenseur des droits;Défenseur des droits;;www.defenseurdesdroits.fr;Claire Morel;;;04 91 00 00 09
Défenseur des droits;;;;Inès Faure;Juriste;ines.faure@defenseurdesdroits.fr;
CNFPT;CNFPT;;;Léa Petit;Conseillère formation;lea.petit@cnfpt.fr;
Préfecture des Bouches-du-Rhône;;;;Anne Roy;;;
Préfecture des Bouches-du-Rhône;;;;Anne Roy;;anne.roy@;
";

#[test]
fn a_recorded_partner_is_brought_up_to_date_when_asked_its_contacts_kept() {
    let mut conn = amp_db();
    let dir = tempfile::tempdir().unwrap();
    run(
        &mut conn,
        ImportKind::Partners,
        &csv(dir.path(), "partenaires.csv", PARTNERS),
    );
    let file = csv(dir.path(), "partenaires-2.csv", PARTNERS_NEWER);
    assert_eq!(
        statuses(&preview(&conn, ImportKind::Partners, &file)),
        vec![
            (2, RowStatus::Present),
            (3, RowStatus::Present),
            (4, RowStatus::Ready),
            (5, RowStatus::Present),
            (6, RowStatus::Present),
        ],
        "not updated unless asked"
    );
    let p = preview_asked(&conn, ImportKind::Partners, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Update),
            (3, RowStatus::Update),
            (4, RowStatus::Ready),
            (5, RowStatus::Present),
            (6, RowStatus::Error),
        ]
    );
    assert!(message(&p, 6, "Email").contains("Adresse électronique invalide"));
    let report = run_asked(&mut conn, ImportKind::Partners, &file);
    assert_eq!((report.imported, report.updated), (1, 2));
    let id = count(
        &conn,
        "SELECT id FROM partner WHERE name = 'Défenseur des droits'",
    );
    let card = partners::partner_form(&conn, id).unwrap();
    assert_eq!(card.website, "www.defenseurdesdroits.fr");
    let contacts: Vec<(&str, &str, &str, &str)> = card
        .contacts
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.role.as_str(),
                c.email.as_str(),
                c.phone.as_str(),
            )
        })
        .collect();
    assert_eq!(
        contacts,
        vec![
            (
                "Claire Morel",
                "Déléguée territoriale",
                "claire.morel@defenseurdesdroits.fr",
                "04 91 00 00 09"
            ),
            (
                "Hugo Blanc",
                "Délégué",
                "hugo.blanc@defenseurdesdroits.fr",
                ""
            ),
            (
                "Inès Faure",
                "Juriste",
                "ines.faure@defenseurdesdroits.fr",
                ""
            ),
        ],
        "blank cells erase nothing; a new name is a new contact"
    );
    let err = import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("mis à jour")),
        "{err:?}"
    );
}

/// A newer list of structures: Égalité Quartiers' new address; a row that
/// gives Égalité Quartiers' SIRET with Voix Libres' RNA; Voix Libres as it
/// is; Café citoyen's kind corrected.
const ORGANISATIONS_NEWER: &str = "Nom;Type;SIRET;RNA;Commune;Email
Voix Libres;;81234567600017;W132000002;Aix-en-Provence;
Égalité Quartiers;Association;81234567600017;;Marseille;bonjour@egalite-quartiers.fr
Voix Libres;;;W132000002;Aix-en-Provence;
Café citoyen;Association;;;Lyon;
";

#[test]
fn a_recorded_organisation_is_brought_up_to_date_when_asked_and_keeps_its_numbers() {
    let (mut conn, _) = fund_db();
    let dir = tempfile::tempdir().unwrap();
    run(
        &mut conn,
        ImportKind::Organisations,
        &csv(dir.path(), "structures.csv", ORGANISATIONS),
    );
    let file = csv(dir.path(), "structures-2.csv", ORGANISATIONS_NEWER);
    assert_eq!(
        preview(&conn, ImportKind::Organisations, &file).to_update,
        0,
        "not asked"
    );
    let p = preview_asked(&conn, ImportKind::Organisations, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Error),
            (3, RowStatus::Update),
            (4, RowStatus::Present),
            (5, RowStatus::Ready),
        ]
    );
    assert_eq!(
        message(&p, 2, "RNA"),
        "Une autre structure porte déjà ce numéro RNA."
    );
    let before = count(&conn, "SELECT count(*) FROM fund_organisation");
    let report = run_asked(&mut conn, ImportKind::Organisations, &file);
    assert_eq!((report.imported, report.updated), (1, 1));
    assert_eq!(
        count(&conn, "SELECT count(*) FROM fund_organisation"),
        before + 1
    );
    let egalite: (String, String, String) = conn
        .query_row(
            "SELECT contact_email, rna, kind FROM fund_organisation WHERE siret = '81234567600017'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        egalite,
        (
            "bonjour@egalite-quartiers.fr".into(),
            "W131000001".into(),
            "association".into()
        ),
        "the blank RNA keeps the one recorded"
    );
}

/// Review cases of updates: a structure given its SIRET by one row is found
/// by it in the rows after (not created twice); moving a structure from a
/// town outside the territory to a commune of it leaves no stale town; a
/// partner's SIRET typed with spaces is the SIRET it has, no update.
#[test]
fn updates_follow_what_earlier_rows_changed_and_compare_what_the_form_stores() {
    let (mut conn, _) = fund_db();
    let dir = tempfile::tempdir().unwrap();
    run(
        &mut conn,
        ImportKind::Organisations,
        &csv(dir.path(), "structures.csv", ORGANISATIONS),
    );
    run(
        &mut conn,
        ImportKind::Organisations,
        &csv(
            dir.path(),
            "cafe.csv",
            "Nom;Type;Commune\nCafé citoyen;Association;Lyon\n",
        ),
    );
    let file = csv(
        dir.path(),
        "structures-3.csv",
        "Nom;Type;SIRET;RNA;Commune
Voix Libres;;79876543400013;W132000002;
Voix Libres;;79876543400013;;
Café citoyen;;;;Marseille
",
    );
    let p = preview_asked(&conn, ImportKind::Organisations, &file);
    assert_eq!(
        statuses(&p),
        vec![
            (2, RowStatus::Update),
            (3, RowStatus::Present),
            (4, RowStatus::Update),
        ]
    );
    let report = run_asked(&mut conn, ImportKind::Organisations, &file);
    assert_eq!((report.imported, report.updated), (0, 2));
    let place = |name: &str| -> (Option<String>, Option<String>, String) {
        conn.query_row(
            "SELECT siret, commune_insee, city FROM fund_organisation WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(place("Voix Libres").0.as_deref(), Some("79876543400013"));
    assert_eq!(
        place("Café citoyen"),
        (None, Some("13055".into()), String::new()),
        "Marseille replaces Lyon: the town outside the territory goes"
    );

    partners::create_partner(
        &mut conn,
        &assistant(),
        now(),
        &partners::PartnerInput {
            name: "SOS Racisme 13".into(),
            kind: "association".into(),
            siret: "81234567600017".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let file = csv(
        dir.path(),
        "partenaires-3.csv",
        "Partenaire;Type;SIRET\nSOS Racisme 13;Association;812 345 676 00017\n",
    );
    assert_eq!(
        statuses(&preview_asked(&conn, ImportKind::Partners, &file)),
        vec![(2, RowStatus::Present)],
        "the same SIRET, spaced"
    );
}
