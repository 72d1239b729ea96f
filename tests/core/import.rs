//! Importing training sessions from a unit's files: the columns proposed
//! from the header, the preview by the form's own rules, the ready rows
//! written as one batch, all or nothing, and the batch taken back.

use std::path::{Path, PathBuf};

use plan_lcd::import::{Mapping, RowStatus, Source};
use plan_lcd::trainings as sessions;
use plan_lcd::Error;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::util::{amp_db, assistant, count_sessions, create, held, lead, now, today};

/// The legacy file as an older Excel writes it: `;`, Windows-1252, a title
/// line above the header, a totals line at the bottom, dates typed three
/// ways, amounts with a euro sign, communes by their names.
/// The import's calls for training sessions.
mod trainings {
    use std::path::Path;

    use chrono::{DateTime, NaiveDate, Utc};
    pub use plan_lcd::import::ImportPreview;
    use plan_lcd::import::{self, ImportBatch, ImportKind, ImportOptions, ImportReport, Mapping};
    use plan_lcd::rights::Actor;
    use plan_lcd::Result;

    const KIND: ImportKind = ImportKind::Trainings;

    pub fn preview(
        conn: &rusqlite::Connection,
        path: &Path,
        sheet: Option<&str>,
        mapping: Option<Mapping>,
        today: NaiveDate,
    ) -> Result<ImportPreview> {
        import::preview(
            conn,
            KIND,
            path,
            sheet,
            mapping,
            &ImportOptions::default(),
            today,
        )
    }

    pub fn import(
        conn: &mut rusqlite::Connection,
        actor: &Actor,
        today: NaiveDate,
        now: DateTime<Utc>,
        path: &Path,
        sheet: Option<&str>,
        mapping: Mapping,
    ) -> Result<ImportReport> {
        let options = ImportOptions::default();
        import::import(
            conn, actor, today, now, KIND, path, sheet, mapping, &options,
        )
    }

    pub fn batches(conn: &rusqlite::Connection) -> Result<Vec<ImportBatch>> {
        import::batches(conn, KIND)
    }

    pub use plan_lcd::import::undo_batch;
}

fn legacy_csv() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formations-2024-2026-windows1252.csv")
}

fn statuses(p: &trainings::ImportPreview) -> Vec<(u32, RowStatus)> {
    p.rows.iter().map(|r| (r.line, r.status)).collect()
}

fn message(p: &trainings::ImportPreview, line: u32, field: &str) -> String {
    let row = p
        .rows
        .iter()
        .find(|r| r.line == line)
        .expect("the row is previewed");
    row.errors
        .iter()
        .find(|e| e.field == field)
        .unwrap_or_else(|| panic!("no message on {field} at line {line}: {:?}", row.errors))
        .message
        .clone()
}

fn journal_entries(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_legacy_csv_is_previewed_by_the_forms_rules_and_nothing_is_written() {
    let conn = amp_db();
    let before = journal_entries(&conn);
    let p = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    assert_eq!(
        p.headers[0], "Intitulé",
        "Windows-1252 read, the title line passed over"
    );
    assert_eq!(p.mapping.get("title"), Some(&Source::Column(0)));
    assert_eq!(p.mapping.get("first_day"), Some(&Source::Column(1)));
    assert_eq!(
        p.mapping.get("hours"),
        Some(&Source::Column(2)),
        "« Durée (h) »"
    );
    assert_eq!(p.mapping.get("actual_cost"), Some(&Source::Column(9)));
    assert_eq!(
        statuses(&p),
        vec![
            (4, RowStatus::Ready),
            (5, RowStatus::Ready),
            (6, RowStatus::Ready),
            (7, RowStatus::Error),
            (8, RowStatus::Error),
            (9, RowStatus::Skipped),
        ]
    );
    assert_eq!((p.ready, p.in_error, p.present, p.skipped), (3, 2, 0, 1));
    assert_eq!(
        (p.rows[2].title.as_str(), p.rows[2].detail.as_str()),
        ("Laïcité et service public", "20/11/2025"),
        "each row says which session it is, its date as the form takes it"
    );
    // The form's own messages, on the cell at fault.
    let day = p.rows[3]
        .errors
        .iter()
        .find(|e| e.field == "first_day")
        .unwrap();
    assert_eq!(day.column, Some(1));
    assert!(
        day.message.contains("n’existe pas"),
        "31/02/2026: {}",
        day.message
    );
    assert!(message(&p, 8, "commune_insee").contains("territoire"));
    assert!(
        message(&p, 8, "actual_cost").contains("Nombre invalide"),
        "an amount in dollars"
    );
    assert_eq!(
        (p.rows[5].title.as_str(), p.rows[5].note.as_str()),
        ("Total", "Ligne de total du tableau : non importée."),
        "the totals line is no session, and no error either"
    );
    assert_eq!(count_sessions(&conn), 0);
    assert_eq!(journal_entries(&conn), before, "a preview writes nothing");
}

#[test]
fn the_ready_rows_come_in_as_one_batch_which_the_project_lead_can_take_back() {
    let mut conn = amp_db();
    let p = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    let report = trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &legacy_csv(),
        None,
        p.mapping.clone(),
    )
    .unwrap();
    assert_eq!(
        (
            report.imported,
            report.in_error,
            report.present,
            report.skipped
        ),
        (3, 2, 0, 1)
    );
    let list = sessions::all_of_year(&conn, 2025).unwrap();
    assert_eq!(list.len(), 2);
    let recruiting = list
        .iter()
        .find(|s| s.title == "Recrutement égalitaire")
        .unwrap();
    assert_eq!(recruiting.hours_centi, 350);
    assert_eq!(
        recruiting.commune_insee.as_deref(),
        Some("13001"),
        "Aix-en-Provence by its name"
    );
    assert_eq!(recruiting.audience.code(), "own_managers");
    assert_eq!(recruiting.format.code(), "remote");
    let first = &sessions::all_of_year(&conn, 2024).unwrap()[0];
    assert_eq!(first.actual_cost_cents, Some(120_000), "« 1 200,00 € »");
    assert_eq!((first.attended_women, first.attended_men), (9, 5));
    let (file, sha, rows): (String, String, i64) = conn
        .query_row(
            "SELECT file_name, sha256, rows_read FROM import_batch WHERE id = ?1",
            [report.batch_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(file, "formations-2024-2026-windows1252.csv");
    assert_eq!(sha.len(), 64);
    assert_eq!(rows, 6);

    // The same file again: every ready row is already present.
    let again = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    assert_eq!((again.ready, again.present), (0, 3));
    let err = trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &legacy_csv(),
        None,
        p.mapping,
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Refused(ref m) if m.contains("Aucune ligne n’est prête")),
        "{err:?}"
    );

    let listed = trainings::batches(&conn).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].rows_imported, listed[0].undone_at.is_none()),
        (3, true)
    );

    // Taking the batch back is the project lead's.
    let err = trainings::undo_batch(&mut conn, &assistant(), now(), report.batch_id).unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert_eq!(
        trainings::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap(),
        3
    );
    assert_eq!(count_sessions(&conn), 0);
    let err = trainings::undo_batch(&mut conn, &lead(), now(), report.batch_id).unwrap_err();
    assert!(
        matches!(err, Error::Refused(ref m) if m.contains("déjà")),
        "{err:?}"
    );
}

#[test]
fn a_batch_whose_session_was_changed_since_is_not_taken_back() {
    let mut conn = amp_db();
    let p = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    let report = trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &legacy_csv(),
        None,
        p.mapping,
    )
    .unwrap();
    let session = sessions::all_of_year(&conn, 2024).unwrap().remove(0);
    let mut form = sessions::form(&conn, session.id).unwrap();
    form.notes = "Corrigée après l’import".into();
    let later = now() + chrono::Duration::hours(1);
    sessions::update(&mut conn, &assistant(), today(), later, session.id, &form).unwrap();
    let err = trainings::undo_batch(&mut conn, &lead(), later, report.batch_id).unwrap_err();
    assert!(
        matches!(err, Error::Refused(ref m) if m.contains("Accueil sans discrimination") && m.contains("modifiée")),
        "{err:?}"
    );
    assert_eq!(count_sessions(&conn), 3, "nothing taken back");
}

#[test]
fn a_failure_while_writing_leaves_the_database_as_it_was() {
    let mut conn = amp_db();
    create(&mut conn, &held());
    let p = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    // The schema refuses the third ready row, after two were written.
    conn.execute_batch(
        "CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON training_session
         WHEN NEW.title = 'Laïcité et service public'
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;",
    )
    .unwrap();
    let before = journal_entries(&conn);
    trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &legacy_csv(),
        None,
        p.mapping,
    )
    .unwrap_err();
    assert_eq!(count_sessions(&conn), 1, "all or nothing");
    let batches: i64 = conn
        .query_row("SELECT count(*) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 0);
    assert_eq!(journal_entries(&conn), before);
}

/// An XLSX as a person keeps it: a merged title over the table, real date
/// cells, a date typed as text, one as a bare serial number, numbers as
/// numbers, a formula for the total.
fn workbook(dir: &Path) -> PathBuf {
    let path = dir.join("formations.xlsx");
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write(0, 0, "Feuille de notes").unwrap();
    let sheet = book.add_worksheet().set_name("Sessions").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .merge_range(0, 0, 0, 5, "Formations 2026", &Format::new())
        .unwrap();
    for (c, h) in [
        "Titre",
        "Date de début",
        "Nombre d’heures",
        "Public cible",
        "Ville",
        "Statut",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let day = ExcelDateTime::from_ymd(2026, 3, 14).unwrap();
    sheet.write(3, 0, "Lutter contre les préjugés").unwrap();
    sheet.write_with_format(3, 1, &day, &date).unwrap();
    sheet.write(3, 2, 3.5).unwrap();
    sheet.write(3, 3, "Agents de la collectivité").unwrap();
    sheet.write(3, 4, "La Ciotat").unwrap();
    sheet.write(3, 5, "Prévue").unwrap();
    sheet.write(4, 0, "Égalité femmes-hommes").unwrap();
    sheet.write(4, 1, "02/04/2026").unwrap();
    sheet.write(4, 2, 7).unwrap();
    sheet.write(4, 3, "Élus").unwrap();
    sheet.write(4, 4, "13055").unwrap();
    sheet.write(4, 5, "Prévue").unwrap();
    sheet.write(5, 0, "Accueil des usagers").unwrap();
    sheet.write(5, 1, 46200).unwrap();
    sheet
        .write_formula(5, 2, Formula::new("=2+1.5").set_result("3.5"))
        .unwrap();
    sheet.write(5, 3, "Mixte").unwrap();
    sheet.write(5, 4, "Marseille").unwrap();
    sheet.write(5, 5, "Prévue").unwrap();
    book.save(&path).unwrap();
    path
}

#[test]
fn a_workbooks_sheet_is_chosen_and_its_cells_read_as_they_show() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let conn = amp_db();
    let first = trainings::preview(&conn, &path, None, None, today()).unwrap_err();
    assert!(
        matches!(first, Error::Refused(ref m) if m.contains("ne contient pas de tableau")),
        "the first sheet holds a note, not a table: {first:?}"
    );
    let mut mapping: Mapping = trainings::preview(&conn, &path, Some("Sessions"), None, today())
        .unwrap()
        .mapping;
    // The file has no format column: one value for every row.
    mapping.insert("format".into(), Source::Value("in_person".into()));
    let p = trainings::preview(
        &conn,
        &path,
        Some("Sessions"),
        Some(mapping.clone()),
        today(),
    )
    .unwrap();
    assert_eq!(p.sheets, vec!["Notes", "Sessions"]);
    assert_eq!((p.ready, p.in_error), (3, 0), "{:?}", p.rows);
    let mut conn = conn;
    trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &path,
        Some("Sessions"),
        mapping,
    )
    .unwrap();
    let list = sessions::all_of_year(&conn, 2026).unwrap();
    let days: Vec<String> = list.iter().map(|s| s.first_day.clone()).collect();
    // 46 200 is Excel's serial of 27 June 2026 (days since 30/12/1899).
    assert_eq!(days, vec!["2026-03-14", "2026-04-02", "2026-06-27"]);
    assert_eq!(list[2].hours_centi, 350, "a formula by its computed value");
    assert_eq!(list[0].commune_insee.as_deref(), Some("13028"));
}

#[test]
fn each_bad_file_gets_its_message_and_the_database_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let conn = amp_db();
    let before = journal_entries(&conn);
    let refusal = |name: &str, bytes: &[u8]| -> String {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        match trainings::preview(&conn, &path, None, None, today()).unwrap_err() {
            Error::Refused(m) => m,
            other => panic!("{name}: {other:?}"),
        }
    };
    assert!(refusal("photo.xlsx", b"\x89PNG not a workbook").contains("pas un classeur"));
    // A workbook Excel saved with a password (« Fichier > Informations >
    // Protéger le classeur > Chiffrer avec mot de passe »): an OLE container
    // holding « EncryptionInfo » and « EncryptedPackage », as MS-OFFCRYPTO
    // §2.3.4 describes (made with msoffcrypto-tool).
    let protected = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/classeur-protege.xlsx"),
    )
    .unwrap();
    let message = refusal("classeur-protege.xlsx", &protected);
    assert!(message.contains("protégé par un mot de passe"), "{message}");
    assert!(refusal("vide.csv", b"").contains("ne contient pas de tableau"));
    assert!(refusal("entete.csv", b"Intitul\xe9;Date\n").contains("aucune ligne"));
    let ragged = refusal(
        "decale.csv",
        "Intitulé;Date\nA;12/03/2026\nB;13/03/2026;7;oui\n".as_bytes(),
    );
    assert!(ragged.contains("La ligne 3 a 4 cellules"), "{ragged}");
    let big = dir.path().join("enorme.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let err = trainings::preview(&conn, &big, None, None, today()).unwrap_err();
    assert!(
        matches!(err, Error::Refused(ref m) if m.contains("100 Mo") && m.contains("50 Mo")),
        "{err:?}"
    );
    let long = format!("Intitulé;Notes\nA;{}\n", "x".repeat(1024 * 1024));
    let cell = refusal("notes.csv", long.as_bytes());
    assert!(
        cell.contains("La cellule B2 contient 1048576 caractères"),
        "{cell}"
    );
    let merged = dir.path().join("fusion.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Intitulé").unwrap();
    sheet
        .merge_range(0, 1, 0, 2, "Dates", &Format::new())
        .unwrap();
    sheet.write(1, 0, "Atelier").unwrap();
    sheet.write(1, 1, "12/03/2026").unwrap();
    sheet.write(1, 2, "13/03/2026").unwrap();
    book.save(&merged).unwrap();
    let err = trainings::preview(&conn, &merged, None, None, today()).unwrap_err();
    assert!(
        matches!(err, Error::Refused(ref m) if m.contains("Les cellules B1 à C1 de l’en-tête sont fusionnées")),
        "{err:?}"
    );
    assert_eq!(journal_entries(&conn), before);
    assert_eq!(count_sessions(&conn), 0);
}

/// An OpenDocument spreadsheet as LibreOffice writes it (`formations-2025.ods`:
/// a title line, date and currency cells, attendance by sex in one « F/H »
/// column).
#[test]
fn an_ods_sheet_is_read_with_its_dates_amounts_and_attendance_by_sex() {
    let mut conn = amp_db();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formations-2025.ods");
    let p = trainings::preview(&conn, &path, None, None, today()).unwrap();
    assert_eq!(p.sheet, "Sessions 2025");
    assert_eq!(p.mapping.get("attended_fh"), Some(&Source::Column(7)));
    assert_eq!(
        statuses(&p),
        vec![(3, RowStatus::Ready), (4, RowStatus::Error)]
    );
    assert_eq!(
        p.rows[0].detail, "07/10/2025",
        "a date cell reads as the form takes it"
    );
    assert!(
        message(&p, 4, "attended_fh").contains("12/3"),
        "{:?}",
        p.rows[1].errors
    );
    trainings::import(&mut conn, &lead(), today(), now(), &path, None, p.mapping).unwrap();
    let row: (i64, i64, i64, String, String) = conn
        .query_row(
            "SELECT attended_women, attended_men, actual_cost_cents, audience, commune_insee
             FROM training_session WHERE title = 'Recruter sans discriminer'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(row, (9, 4, 85_050, "own_managers".into(), "13055".into()));
}

#[test]
fn a_utf8_csv_with_commas_and_a_byte_order_mark_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "\u{feff}Intitulé,Premier jour,Durée,Public,Format,Statut\n\"Droits, devoirs et laïcité\",15/09/2026,7,Agents,Présentiel,Prévue\n",
    )
    .unwrap();
    let conn = amp_db();
    let p = trainings::preview(&conn, &path, None, None, today()).unwrap();
    assert_eq!(p.headers[0], "Intitulé");
    assert_eq!((p.ready, p.in_error), (1, 0), "{:?}", p.rows);
}

#[test]
fn the_columns_chosen_are_offered_again_for_a_file_with_the_same_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path());
    let mut conn = amp_db();
    let proposed = trainings::preview(&conn, &path, Some("Sessions"), None, today())
        .unwrap()
        .mapping;
    assert_eq!(
        proposed.get("format"),
        None,
        "the file has no format column"
    );
    let mut chosen = proposed.clone();
    chosen.insert("format".into(), Source::Value("remote".into()));
    chosen.remove("theme");
    trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &path,
        Some("Sessions"),
        chosen.clone(),
    )
    .unwrap();
    let again = trainings::preview(&conn, &path, Some("Sessions"), None, today()).unwrap();
    assert_eq!(
        again.mapping, chosen,
        "the same header: the columns chosen last time"
    );
    assert_eq!(again.present, 3);
    // Another header: proposed from its words.
    let other = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    assert_eq!(other.mapping.get("format"), Some(&Source::Column(4)));
}

/// 600 sessions: the preview reports the file read then every 250 rows
/// checked; an import stopped while writing writes nothing at all.
#[test]
fn an_import_reports_its_progress_and_stopped_while_writing_writes_nothing() {
    use plan_lcd::import::{self, ImportKind, ImportOptions, ImportPhase, ImportProgress, Watch};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    let mut conn = amp_db();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.csv");
    let mut text = String::from("Intitulé;Date;Durée;Public;Format;Statut\n");
    for i in 0..600 {
        text.push_str(&format!(
            "Session {i};15/09/2026;3;Agents;Présentiel;Prévue\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let heard: Mutex<Vec<ImportProgress>> = Mutex::new(Vec::new());
    let listen = |p: ImportProgress| heard.lock().unwrap().push(p);
    let never = || false;
    let watch = Watch {
        progress: &listen,
        stopped: &never,
    };
    let o = ImportOptions::default();
    let p = import::preview_watched(
        &conn,
        ImportKind::Trainings,
        &path,
        None,
        None,
        &o,
        today(),
        &watch,
    )
    .unwrap();
    assert_eq!(p.ready, 600);
    let steps: Vec<(ImportPhase, u32, u32)> = heard
        .lock()
        .unwrap()
        .iter()
        .map(|p| (p.phase, p.done, p.total))
        .collect();
    assert_eq!(
        steps,
        vec![
            (ImportPhase::Reading, 0, 0),
            (ImportPhase::Checking, 250, 600),
            (ImportPhase::Checking, 500, 600),
            (ImportPhase::Checking, 600, 600),
        ]
    );
    let before = journal_entries(&conn);
    let writing = AtomicBool::new(false);
    let note = |p: ImportProgress| {
        if p.phase == ImportPhase::Writing {
            writing.store(true, Ordering::SeqCst);
        }
    };
    let stop = || writing.load(Ordering::SeqCst);
    let watch = Watch {
        progress: &note,
        stopped: &stop,
    };
    let err = import::import_watched(
        &mut conn,
        &lead(),
        today(),
        now(),
        ImportKind::Trainings,
        &path,
        None,
        p.mapping,
        &o,
        &watch,
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Import arrêté")),
        "{err:?}"
    );
    assert!(writing.load(Ordering::SeqCst), "stopped while writing");
    assert_eq!(
        count_sessions(&conn),
        0,
        "the 250 sessions written are rolled back"
    );
    assert_eq!(journal_entries(&conn), before);
    let batches: i64 = conn
        .query_row("SELECT count(*) FROM import_batch", [], |r| r.get(0))
        .unwrap();
    assert_eq!(batches, 0);
}

/// A session already recorded is skipped, or brought up to date when the
/// person asks; a batch that updated sessions is not undone in bloc.
#[test]
fn a_recorded_session_is_updated_only_when_asked() {
    use plan_lcd::import::{self, ImportKind, ImportOptions};
    let mut conn = amp_db();
    let p = trainings::preview(&conn, &legacy_csv(), None, None, today()).unwrap();
    trainings::import(
        &mut conn,
        &lead(),
        today(),
        now(),
        &legacy_csv(),
        None,
        p.mapping,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("formations-corrigees.csv");
    let bytes = std::fs::read(legacy_csv()).unwrap();
    let text = encoding_rs::WINDOWS_1252
        .decode(&bytes)
        .0
        .replace("12/03/2024;7;", "12/03/2024;6;");
    std::fs::write(&newer, text.as_bytes()).unwrap();
    let skipped = trainings::preview(&conn, &newer, None, None, today()).unwrap();
    assert_eq!(
        (skipped.ready, skipped.to_update, skipped.present),
        (0, 0, 3)
    );
    // What the person typed in the session's form since, the file does not say.
    let id: i64 = conn
        .query_row(
            "SELECT id FROM training_session WHERE title = 'Accueil sans discrimination'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut typed = sessions::form(&conn, id).unwrap();
    typed.notes = "Salle accessible, boucle magnétique.".into();
    typed.trainer = "Défenseur des droits".into();
    sessions::update(&mut conn, &lead(), today(), now(), id, &typed).unwrap();
    let asked = ImportOptions {
        update_present: true,
        ..Default::default()
    };
    let p = import::preview(
        &conn,
        ImportKind::Trainings,
        &newer,
        None,
        None,
        &asked,
        today(),
    )
    .unwrap();
    assert_eq!(
        (p.ready, p.to_update, p.present),
        (0, 1, 2),
        "one session's hours changed"
    );
    let later = now() + chrono::Duration::hours(1);
    let report = import::import(
        &mut conn,
        &lead(),
        today(),
        later,
        ImportKind::Trainings,
        &newer,
        None,
        p.mapping,
        &asked,
    )
    .unwrap();
    assert_eq!((report.imported, report.updated), (0, 1));
    assert_eq!(count_sessions(&conn), 3);
    let after = sessions::form(&conn, id).unwrap();
    assert_eq!(after.hours, "6", "what the file corrects");
    assert_eq!(
        (after.notes.as_str(), after.trainer.as_str()),
        (
            "Salle accessible, boucle magnétique.",
            "Défenseur des droits"
        ),
        "what the file has no column for stays as typed"
    );
    let err = import::undo_batch(&mut conn, &lead(), later, report.batch_id).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("mis à jour 1")),
        "{err:?}"
    );
    let err = import::undo_batch(&mut conn, &lead(), later, report.batch_id - 1).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("modifiée depuis l’import")),
        "{err:?}"
    );
}

/// A unit's own follow-up workbook over three years
/// (`suivi-formations-2023-2025.xlsx`, made up, with the habits of real
/// files): two merged title rows and a blank row above the header, a
/// number column (« N° ») no field takes, dates as date cells, typed as
/// text (`06/06/2023`, `2025-05-20`) or as a bare serial number (45230 is
/// Excel's 31/10/2023), a duration as a formula (`=3.5*2`) or as text
/// (`3,5`), attendance in one « M/F » column (men first), a cost as a
/// number or as `450 €`, a sub-total row under each year, a grand total at
/// the bottom, a second sheet of lists, and one impossible date.
#[test]
fn a_units_workbook_over_three_years_comes_in_with_its_untidy_habits() {
    let mut conn = amp_db();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/suivi-formations-2023-2025.xlsx");
    let p = trainings::preview(&conn, &path, None, None, today()).unwrap();
    assert_eq!(p.sheet, "Suivi", "the first sheet, not « Listes »");
    assert_eq!(p.sheets, vec!["Suivi".to_string(), "Listes".to_string()]);
    assert_eq!(
        p.headers[1], "Intitulé de la formation",
        "the title rows passed over"
    );
    for (field, column) in [
        ("title", 1),
        ("first_day", 2),
        ("hours", 3),
        ("audience", 4),
        ("format", 5),
        ("commune_insee", 6),
        ("registered", 7),
        ("attended_hf", 8),
        ("status", 9),
        ("actual_cost", 10),
    ] {
        assert_eq!(
            p.mapping.get(field),
            Some(&Source::Column(column)),
            "{field}"
        );
    }
    use RowStatus::*;
    assert_eq!(
        statuses(&p),
        vec![
            (5, Ready),
            (6, Ready),
            (7, Ready),
            (8, Skipped),
            (9, Ready),
            (10, Ready),
            (11, Ready),
            (12, Skipped),
            (13, Ready),
            (14, Ready),
            (15, Error),
            (16, Skipped),
            (18, Skipped),
        ]
    );
    assert_eq!(
        p.rows
            .iter()
            .map(|r| r.detail.as_str())
            .take(3)
            .collect::<Vec<_>>(),
        vec!["14/03/2023", "06/06/2023", "31/10/2023"],
        "a date cell, a date typed as text, a serial number"
    );
    assert!(message(&p, 15, "first_day").contains("n’existe pas"));
    let report = trainings::import(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &path,
        None,
        p.mapping,
    )
    .unwrap();
    assert_eq!(
        (report.imported, report.in_error, report.skipped),
        (8, 1, 4)
    );
    let per_year: Vec<usize> = (2023..=2025)
        .map(|y| sessions::all_of_year(&conn, y).unwrap().len())
        .collect();
    assert_eq!(per_year, vec![3, 3, 2]);
    let y2023 = sessions::all_of_year(&conn, 2023).unwrap();
    let seen: Vec<(i64, i64, i64, Option<i64>)> = y2023
        .iter()
        .map(|s| {
            (
                s.hours_centi,
                s.attended_women,
                s.attended_men,
                s.actual_cost_cents,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (700, 10, 4, Some(120_000)),
            (350, 6, 3, Some(45_000)),
            (700, 3, 5, None),
        ],
        "« M/F » 4/10 is 4 men and 10 women; =3.5*2 is 7 hours; « 450 € » is 450 €"
    );
    assert_eq!(
        y2023[2].commune_insee.as_deref(),
        Some("13056"),
        "Martigues"
    );
}
