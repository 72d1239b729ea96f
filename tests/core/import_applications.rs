//! Grant applications and their organisations from the dossiers export of a
//! Démarches Simplifiées procedure (`tests/fixtures/demarches-simplifiees-dossiers.csv`:
//! DS's documented columns, made-up associations, SIRETs whose Luhn key is
//! right except on dossier 10005's, which python-stdnum refuses too).

use std::path::{Path, PathBuf};

use plan_lcd::fund;
use plan_lcd::import::{
    self, ImportKind, ImportOptions, ImportPreview, ImportReport, ImportStage, Mapping, RowStatus,
};
use plan_lcd::Error;
use rusqlite::Connection;

use crate::fund_fixtures::{fund_db, lead, org_input};
use crate::util::{as_xlsx, assistant, now, same_preview, today};

const KIND: ImportKind = ImportKind::Applications;

fn ds_export() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/demarches-simplifiees-dossiers.csv")
}

fn options(call: i64) -> ImportOptions {
    ImportOptions {
        call_id: Some(call),
        ..Default::default()
    }
}

fn preview(conn: &Connection, path: &Path, o: &ImportOptions) -> ImportPreview {
    import::preview(conn, KIND, path, None, None, o, today()).unwrap()
}

fn run(conn: &mut Connection, path: &Path, o: &ImportOptions) -> plan_lcd::Result<ImportReport> {
    run_at(conn, path, o, now())
}

fn run_at(
    conn: &mut Connection,
    path: &Path,
    o: &ImportOptions,
    at: chrono::DateTime<chrono::Utc>,
) -> plan_lcd::Result<ImportReport> {
    let mapping: Mapping = preview(conn, path, o).mapping;
    import::import(
        conn,
        &assistant(),
        today(),
        at,
        KIND,
        path,
        None,
        mapping,
        o,
    )
}

fn status(p: &ImportPreview, line: u32) -> RowStatus {
    p.rows.iter().find(|r| r.line == line).unwrap().status
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The number of rows of every table but the journal, and the journal's.
fn snapshot(conn: &Connection) -> (i64, i64, i64, i64) {
    (
        count(conn, "SELECT count(*) FROM fund_application"),
        count(conn, "SELECT count(*) FROM fund_organisation"),
        count(conn, "SELECT count(*) FROM import_batch"),
        count(conn, "SELECT count(*) FROM audit_entry"),
    )
}

#[test]
fn a_ds_export_is_read_by_its_documented_columns_and_checked_by_the_forms() {
    let (conn, call) = fund_db();
    let before = snapshot(&conn);
    let p = preview(&conn, &ds_export(), &options(call));
    let dir = tempfile::tempdir().unwrap();
    let xlsx = as_xlsx(&ds_export(), dir.path());
    same_preview(
        &p,
        &preview(&conn, &xlsx, &options(call)),
        "DS's XLSX export",
    );
    let ods = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ods/demarches-simplifiees-dossiers.ods");
    same_preview(&p, &preview(&conn, &ods, &options(call)), "DS's ODS export");
    let col = |h: &str| p.headers.iter().position(|x| x == h).unwrap();
    for (field, header) in [
        ("ds_number", "ID"),
        ("state", "État du dossier"),
        ("received_on", "Déposé le"),
        ("siret", "Établissement SIRET"),
        ("rna", "Association RNA"),
        ("organisation_kind", "Entreprise forme juridique"),
        ("contact_email", "Email"),
        ("title", "Intitulé du projet"),
        ("summary", "Description du projet"),
        ("public_concerned", "Public visé"),
        ("communes", "Communes concernées"),
        ("starts_on", "Date de début du projet"),
        ("ends_on", "Date de fin du projet"),
        ("total_budget", "Budget total du projet"),
        ("requested", "Montant demandé"),
    ] {
        assert_eq!(
            p.mapping.get(field),
            Some(&import::Source::Column(col(header))),
            "{field} ← « {header} »"
        );
    }
    // Lines 2 to 8 of the file are dossiers 10001 to 10007.
    assert_eq!(status(&p, 2), RowStatus::Ready);
    assert_eq!(
        status(&p, 3),
        RowStatus::Ready,
        "accepted on DS: received here"
    );
    assert_eq!(
        status(&p, 4),
        RowStatus::Ready,
        "refused on DS: received here"
    );
    assert_eq!(status(&p, 5), RowStatus::Skipped, "classé sans suite");
    assert_eq!(status(&p, 6), RowStatus::Error);
    assert_eq!(
        status(&p, 7),
        RowStatus::Ready,
        "the same association, another project"
    );
    assert_eq!(status(&p, 8), RowStatus::Error);
    assert_eq!(
        (p.ready, p.in_error, p.skipped, p.present, p.to_update),
        (4, 2, 1, 0, 0)
    );
    let row = |line: u32| p.rows.iter().find(|r| r.line == line).unwrap();
    let siret = &row(6).errors[0];
    assert_eq!(siret.column, Some(col("Établissement SIRET") as u32));
    assert!(siret.message.contains("SIRET"), "{}", siret.message);
    let dollars = &row(8).errors[0];
    assert_eq!(dollars.column, Some(col("Montant demandé") as u32));
    assert!(
        row(3).note.contains("la décision reste à enregistrer"),
        "{}",
        row(3).note
    );
    assert!(row(4).note.contains("Refusé"));
    assert!(row(2).note.is_empty());
    let states: Vec<(&str, u32, ImportStage)> = p
        .states
        .iter()
        .map(|s| (s.state.as_str(), s.rows, s.stage))
        .collect();
    assert_eq!(
        states,
        vec![
            ("En construction", 3, ImportStage::Received),
            ("Accepté", 1, ImportStage::Received),
            ("Refusé", 1, ImportStage::Received),
            ("Classé sans suite", 1, ImportStage::Skip),
            ("En instruction", 1, ImportStage::Received),
        ]
    );
    assert_eq!(snapshot(&conn), before, "a preview writes nothing");
}

#[test]
fn a_ds_export_creates_organisations_once_and_receives_dossiers_without_deciding() {
    let (mut conn, call) = fund_db();
    let report = run(&mut conn, &ds_export(), &options(call)).unwrap();
    assert_eq!(
        (
            report.imported,
            report.updated,
            report.in_error,
            report.skipped
        ),
        (4, 0, 2, 1)
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM fund_organisation"),
        3,
        "Égalité Quartiers once for its two dossiers"
    );
    let (kind, rna, siret): (String, String, String) = conn
        .query_row(
            "SELECT kind, rna, siret FROM fund_organisation WHERE rna = 'W131000001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), rna.as_str(), siret.as_str()),
        ("association", "W131000001", "81234567600017")
    );
    type Dossier = (i64, String, Option<String>, Option<String>, i64);
    let apps: Vec<Dossier> = plan_lcd::sql::all(
        &conn,
        "SELECT ds_number, stage, received_on, decision, requested_cents FROM fund_application ORDER BY ds_number",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap();
    let expected = [
        (10001, "2026-03-02", 400_000),
        (10002, "2026-02-11", 350_050),
        (10003, "2026-03-15", 200_000),
        (10006, "2026-03-28", 120_000),
    ];
    assert_eq!(apps.len(), expected.len());
    for ((ds, stage, received, decision, requested), (want_ds, want_day, want_cents)) in
        apps.iter().zip(expected)
    {
        assert_eq!(*ds, want_ds);
        assert_eq!(stage, "received");
        assert_eq!(received.as_deref(), Some(want_day), "« Déposé le » of {ds}");
        assert_eq!(*decision, None, "an import never decides ({ds})");
        assert_eq!(*requested, want_cents);
    }
    let communes = count(
        &conn,
        "SELECT count(*) FROM fund_application_commune c JOIN fund_application a ON a.id = c.application_id
         WHERE a.ds_number = 10002",
    );
    assert_eq!(communes, 2, "« Aix-en-Provence; Marseille »");
    let steps = count(
        &conn,
        "SELECT count(*) FROM fund_step WHERE kind = 'forward' AND from_stage = 'draft' AND to_stage = 'received'",
    );
    assert_eq!(steps, 4, "each receipt is in the history");
}

#[test]
fn a_newer_export_updates_its_dossiers_instead_of_adding_them_again() {
    let (mut conn, call) = fund_db();
    run(&mut conn, &ds_export(), &options(call)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("dossiers-avril.csv");
    let text = std::fs::read_to_string(ds_export())
        .unwrap()
        .replace("\"12 000,00 €\",4 000,", "\"12 000,00 €\",4 500,")
        .replace("81234567600018", "81234567600017");
    std::fs::write(&newer, text).unwrap();
    let kept = preview(&conn, &newer, &options(call));
    assert_eq!(
        status(&kept, 2),
        RowStatus::Present,
        "not updated unless asked"
    );
    let asked = ImportOptions {
        update_present: true,
        ..options(call)
    };
    let p = preview(&conn, &newer, &asked);
    assert_eq!(status(&p, 2), RowStatus::Update, "10001 asks 4 500 € now");
    assert_eq!(status(&p, 3), RowStatus::Present);
    assert_eq!(
        status(&p, 6),
        RowStatus::Ready,
        "10005's SIRET corrected: new"
    );
    assert_eq!(status(&p, 7), RowStatus::Present);
    let later = now() + chrono::Duration::hours(1);
    let report = run_at(&mut conn, &newer, &asked, later).unwrap();
    assert_eq!((report.imported, report.updated), (1, 1));
    assert_eq!(count(&conn, "SELECT count(*) FROM fund_application"), 5);
    assert_eq!(
        count(
            &conn,
            "SELECT requested_cents FROM fund_application WHERE ds_number = 10001"
        ),
        450_000
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM fund_step WHERE kind = 'edit' AND detail = 'Dossier modifié'"
        ),
        1,
        "the update is in the dossier's history, as an edit in the form"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM fund_organisation WHERE siret = '81234567600017'"
        ),
        1,
        "10005 joins the association already recorded under the same SIRET"
    );
    // The batch that updated dossiers is not undone in bloc, nor the first,
    // whose dossier 10001 changed since.
    let second = report.batch_id;
    let err = import::undo_batch(&mut conn, &lead(), now(), second).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("mis à jour 1")),
        "{err:?}"
    );
    let err = import::undo_batch(&mut conn, &lead(), now(), second - 1).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Ateliers d’accès aux droits")),
        "{err:?}"
    );
}

#[test]
fn a_batch_is_taken_back_whole_while_nothing_was_built_on_it() {
    let (mut conn, call) = fund_db();
    let recorded = fund::create_organisation(&mut conn, &assistant(), now(), &{
        let mut o = org_input("Voix Libres", "association");
        o.rna = "W132000002".into();
        o
    })
    .unwrap()
    .id;
    let before = snapshot(&conn);
    let report = run(&mut conn, &ds_export(), &options(call)).unwrap();
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM fund_application WHERE organisation_id = {recorded}")
        ),
        1,
        "dossier 10002 joins the structure recorded with its RNA"
    );
    let err = import::undo_batch(&mut conn, &assistant(), now(), report.batch_id).unwrap_err();
    assert!(
        matches!(err, Error::Refused(_)),
        "the project lead's: {err:?}"
    );
    assert_eq!(
        import::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap(),
        4
    );
    let (apps, orgs, batches, _) = snapshot(&conn);
    assert_eq!((apps, orgs, batches), (before.0, before.1, before.2 + 1));
    assert!(
        fund::get_organisation(&conn, recorded).is_ok(),
        "a structure recorded before the import stays"
    );
}

#[test]
fn a_dossier_received_since_the_import_keeps_its_batch() {
    let (mut conn, call) = fund_db();
    let o = ImportOptions {
        call_id: Some(call),
        states: [("en construction".to_string(), ImportStage::Draft)].into(),
        ..Default::default()
    };
    let report = run(&mut conn, &ds_export(), &o).unwrap();
    let draft: i64 = conn
        .query_row(
            "SELECT id FROM fund_application WHERE ds_number = 10006 AND stage = 'draft'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let later = now() + chrono::Duration::hours(1);
    crate::fund_fixtures::take(&mut conn, draft, "receive", "14/06/2026").unwrap();
    let err = import::undo_batch(&mut conn, &lead(), later, report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Formation des bénévoles")),
        "{err:?}"
    );
}

#[test]
fn without_a_call_nothing_is_read_and_nothing_is_written() {
    let (mut conn, _) = fund_db();
    let before = snapshot(&conn);
    let err = import::preview(
        &conn,
        KIND,
        &ds_export(),
        None,
        None,
        &ImportOptions::default(),
        today(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("appel à projets")),
        "{err:?}"
    );
    let err = import::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        KIND,
        &ds_export(),
        None,
        Mapping::default(),
        &ImportOptions {
            call_id: Some(999),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert_eq!(snapshot(&conn), before);
}

/// Two dossiers of one structure with one title and two DS numbers (a
/// second filing) are two dossiers.
#[test]
fn a_ds_number_names_its_dossier_even_when_the_title_repeats() {
    let (mut conn, call) = fund_db();
    let dir = tempfile::tempdir().unwrap();
    let twice = dir.path().join("deux-depots.csv");
    let text = std::fs::read_to_string(ds_export()).unwrap().replace(
        "Formation des bénévoles à l’écoute",
        "Ateliers d’accès aux droits",
    );
    std::fs::write(&twice, text).unwrap();
    let p = preview(&conn, &twice, &options(call));
    assert_eq!(
        status(&p, 7),
        RowStatus::Ready,
        "dossier 10006, a second filing"
    );
    run(&mut conn, &twice, &options(call)).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM fund_application WHERE title = 'Ateliers d’accès aux droits'"
        ),
        2
    );
}

/// An application typed in Plan LCD before the call's export came in, or
/// kept in a spreadsheet without DS numbers: the same structure and title in
/// the call is the same application, not a second one. It is updated only
/// when asked, and then given its DS number.
#[test]
fn an_application_typed_by_hand_is_found_by_its_structure_and_title() {
    let (mut conn, call) = fund_db();
    let egalite = fund::create_organisation(&mut conn, &assistant(), now(), &{
        let mut o = org_input("Égalité Quartiers", "association");
        o.siret = "81234567600017".into();
        o.rna = "W131000001".into();
        o
    })
    .unwrap()
    .id;
    let typed = fund::create_application(
        &mut conn,
        &assistant(),
        now(),
        &crate::fund_fixtures::app_input(call, egalite, "3 000", "12 000"),
    )
    .unwrap();
    let kept = preview(&conn, &ds_export(), &options(call));
    assert_eq!(status(&kept, 2), RowStatus::Present, "not a second one");
    let asked = ImportOptions {
        update_present: true,
        ..options(call)
    };
    let p = preview(&conn, &ds_export(), &asked);
    assert_eq!(status(&p, 2), RowStatus::Update);
    run(&mut conn, &ds_export(), &asked).unwrap();
    let (n, ds, requested): (i64, Option<i64>, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM fund_application WHERE organisation_id = ?1
                    AND title = 'Ateliers d’accès aux droits'),
                ds_number, requested_cents FROM fund_application WHERE id = ?2",
            [egalite, typed],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, ds, requested), (1, Some(10001), 400_000));
    // A spreadsheet without DS numbers: an application of Voix Libres (the
    // structure the export brought), typed asking 1 000 €, asks 3 500,50 €
    // in the file.
    let voix = count(
        &conn,
        "SELECT id FROM fund_organisation WHERE rna = 'W132000002'",
    );
    let name: String = conn
        .query_row(
            "SELECT name FROM fund_organisation WHERE id = ?1",
            [voix],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        name, "Voix Libres",
        "« Association titre », not the applicant's « Nom »"
    );
    let theatre = fund::create_application(&mut conn, &assistant(), now(), &{
        let mut a = crate::fund_fixtures::app_input(call, voix, "1 000", "8 000");
        a.title = "Exposition itinérante".into();
        a
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("dossiers.csv");
    std::fs::write(
        &sheet,
        "Structure;RNA;Intitulé du projet;Public visé;Communes concernées;Date de début du projet;Date de fin du projet;Budget total du projet;Montant demandé
Égalité Quartiers;W131000001;Ateliers d’accès aux droits;Habitant·es;Marseille;01/04/2026;30/11/2026;12 000;4 000
Voix Libres;W132000002;Exposition itinérante;Habitant·es;Marseille;01/04/2026;30/11/2026;8 000;3 500,50
",
    )
    .unwrap();
    let p = preview(&conn, &sheet, &asked);
    assert_eq!(
        (status(&p, 2), status(&p, 3)),
        (RowStatus::Present, RowStatus::Update),
        "Égalité's is as the export left it; Voix Libres' asks 3 500,50 €"
    );
    let report = run(&mut conn, &sheet, &asked).unwrap();
    assert_eq!((report.imported, report.updated), (0, 1));
    let (requested, ds): (i64, Option<i64>) = conn
        .query_row(
            "SELECT requested_cents, ds_number FROM fund_application WHERE id = ?1",
            [theatre],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((requested, ds), (350_050, None));
}
