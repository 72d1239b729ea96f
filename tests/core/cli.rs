//! The `plan-lcd` command line, run as a user would, on files in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

fn plan_lcd(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plan-lcd"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLAN_LCD_DB")
        .env(
            "PLAN_LCD_ANCHOR_DIR",
            db.parent().unwrap_or(Path::new(".")).join("empreintes"),
        )
        .output()
        .expect("the CLI runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check` names what it found, in French, and fails; before, every failure
/// printed « La vérification a échoué. » and nothing else.
#[test]
fn check_names_each_problem_it_finds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    assert!(plan_lcd(&db, &["demo"]).status.success());
    let ok = plan_lcd(&db, &["check"]);
    assert!(ok.status.success(), "{ok:?}");
    assert!(
        stdout(&ok).contains("comparé à 1 empreinte gardée hors du fichier"),
        "{}",
        stdout(&ok)
    );

    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(
        "UPDATE training_session SET actual_cost_cents = 1 WHERE id = 2;
         DROP TRIGGER privacy_purge_no_delete;",
    )
    .unwrap();
    drop(raw);
    let check = plan_lcd(&db, &["check"]);
    assert!(!check.status.success());
    let err = stderr(&check);
    assert!(
        err.contains("Problème : L’enregistrement training_session n° 2 ne correspond pas"),
        "{err}"
    );
    assert!(
        err.contains(
            "Problème : Le schéma n’a plus la règle (déclencheur) privacy_purge_no_delete"
        ),
        "{err}"
    );
    assert!(err.contains("2 problèmes, détaillés ci-dessus"), "{err}");
}

/// A mistyped path: a command that reads says so in French and creates
/// nothing; a damaged file is answered in French too, not in SQLite's words.
#[test]
fn reading_commands_create_nothing_and_speak_french() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("dossier").join("plan.sqlite3");
    for args in [
        vec!["check"],
        vec!["export", "trainings", "--year", "2026"],
        vec!["export", "scdl", "--year", "2026"],
        vec!["report", "budget", "--year", "2026"],
    ] {
        let out = plan_lcd(&absent, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr(&out).contains("n’existe pas"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            !dir.path().join("dossier").exists(),
            "{args:?} created a folder"
        );
    }
    let damaged = dir.path().join("abime.sqlite3");
    std::fs::write(&damaged, vec![0x5a; 8192]).unwrap();
    for args in [vec!["check"], vec!["export", "trainings", "--year", "2026"]] {
        let out = plan_lcd(&damaged, &args);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("n’est pas une base Plan LCD lisible"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("file is not a database"), "{err}");
    }
}

#[test]
fn init_demo_check_and_export_work_on_the_file_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");

    let init = plan_lcd(&db, &["init"]);
    assert!(init.status.success(), "{init:?}");
    assert!(db.exists());

    let demo = plan_lcd(&db, &["demo"]);
    assert!(demo.status.success(), "{demo:?}");
    assert!(stdout(&demo).contains("sessions de formation"));
    let again = plan_lcd(&db, &["demo"]);
    assert!(
        !again.status.success(),
        "a set-up database never receives the demo twice"
    );

    let check = plan_lcd(&db, &["check"]);
    assert!(check.status.success(), "{check:?}");
    assert!(stdout(&check).contains("Intégrité : ok"));

    let year = chrono::Local::now().format("%Y").to_string();
    let out = dir.path().join("formations.csv");
    let export = plan_lcd(
        &db,
        &[
            "export",
            "trainings",
            "--year",
            &year,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(export.status.success(), "{export:?}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("\u{feff}Intitulé;"));
    assert!(csv.lines().count() > 10, "the demo year is exported");
}

#[test]
fn version_and_wrong_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let v = plan_lcd(&db, &["--version"]);
    assert_eq!(
        stdout(&v).trim(),
        format!("plan-lcd {}", env!("CARGO_PKG_VERSION"))
    );
    let bad = plan_lcd(&db, &["export", "trainings", "--year", "deux"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--year"));
    let unknown = plan_lcd(&db, &["frobnicate"]);
    assert!(!unknown.status.success());
    let check_missing = plan_lcd(&dir.path().join("absent.sqlite3"), &["check"]);
    assert!(
        !check_missing.status.success(),
        "check never creates the file it checks"
    );
}

#[test]
fn a_database_another_app_holds_is_not_written_but_can_be_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("commun.sqlite3");
    assert!(plan_lcd(&db, &["demo"]).status.success());
    // This test process plays the app that holds the file.
    let plan_lcd::lock::Acquired::Mine(guard) =
        plan_lcd::lock::acquire(&db, "Nadia Benali", chrono::Utc::now()).unwrap()
    else {
        panic!("the file is free");
    };
    let out = plan_lcd(&db, &["demo"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("est utilisée par Nadia Benali"), "{err}");
    assert!(err.contains("rien n’a été fait"), "{err}");
    let csv = dir.path().join("f.csv");
    let year = chrono::Local::now().format("%Y").to_string();
    let out = plan_lcd(
        &db,
        &[
            "export",
            "trainings",
            "--year",
            &year,
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(guard);
    assert!(
        plan_lcd(&db, &["init"]).status.success(),
        "free again once the app closes"
    );
}

#[test]
fn export_scdl_writes_the_windows_file_for_the_years_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    assert!(plan_lcd(&db, &["demo"]).status.success());
    let year = chrono::Local::now().format("%Y").to_string();
    let out = dir.path().join("subventions.csv");
    let export = plan_lcd(
        &db,
        &[
            "export",
            "scdl",
            "--year",
            &year,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(
        stdout(&export).contains("subventions exportées au format SCDL"),
        "{}",
        stdout(&export)
    );
    // The window's command calls `fund::write_scdl` on the call it shows:
    // the same function on the year's call gives the same bytes.
    let conn = plan_lcd::store::open(&db).unwrap();
    let call = plan_lcd::fund::call_of_year(&conn, year.parse().unwrap())
        .unwrap()
        .expect("the demo's call");
    let window = dir.path().join("fenetre.csv");
    plan_lcd::fund::write_scdl(&conn, call.id, &window).unwrap();
    drop(conn);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&window).unwrap(),
        "the command line writes the window's file, byte for byte"
    );
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("nomAttribuant,idAttribuant,"));

    let none = plan_lcd(&db, &["export", "scdl", "--year", "2001"]);
    assert!(!none.status.success());
    assert!(
        String::from_utf8_lossy(&none.stderr)
            .contains("Aucun appel à projets n’existe pour l’année 2001"),
        "{none:?}"
    );
    let no_year = plan_lcd(&db, &["export", "scdl"]);
    assert!(!no_year.status.success());
    assert!(String::from_utf8_lossy(&no_year.stderr).contains("--year"));
}

/// `import trainings`: the preview's refusals with their line and column,
/// nothing written with `--dry-run`, the ready rows imported once, and a
/// failure when nothing is left to import.
#[test]
fn import_trainings_previews_imports_and_fails_when_nothing_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    assert!(plan_lcd(&db, &["demo"]).status.success());
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formations-2024-2026-windows1252.csv");
    let file = file.to_str().unwrap();
    let sessions = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM training_session", [], |r| r.get(0))
            .unwrap()
    };
    let before = sessions();
    let dry = plan_lcd(&db, &["import", "trainings", file, "--dry-run"]);
    assert!(dry.status.success(), "{dry:?}");
    let out = stdout(&dry);
    assert!(
        out.contains("Ligne 7, « Date » : Cette date n’existe pas : 31/02/2026."),
        "{out}"
    );
    assert!(
        out.contains(
            "prêtes 3 · à mettre à jour 0 · en erreur 2 · déjà présentes 0 · non importées 1"
        ),
        "{out}"
    );
    assert_eq!(sessions(), before, "a dry run writes nothing");
    let run = plan_lcd(&db, &["import", "trainings", file]);
    assert!(run.status.success(), "{run:?}");
    assert!(
        stdout(&run).contains("Import enregistré (lot n° 1) : 3 sessions, dont 0 mise à jour."),
        "{}",
        stdout(&run)
    );
    assert_eq!(sessions(), before + 3);
    let again = plan_lcd(&db, &["import", "trainings", file]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("Aucune ligne n’est prête"),
        "{}",
        stderr(&again)
    );
    assert_eq!(sessions(), before + 3);
}

/// `import applications --call`: a Démarches Simplifiées export previewed in
/// the year's call with its states and their stages (`--state` changes one),
/// a wrong SIRET on its column; no call, no import. `--mapping` reads the
/// columns from a file.
#[test]
fn import_applications_previews_a_ds_export_in_the_years_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    assert!(plan_lcd(&db, &["demo"]).status.success());
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/demarches-simplifiees-dossiers.csv");
    let file = file.to_str().unwrap();
    let dry = plan_lcd(
        &db,
        &[
            "import",
            "applications",
            file,
            "--call",
            "2026",
            "--dry-run",
        ],
    );
    assert!(dry.status.success(), "{dry:?}");
    let out = stdout(&dry);
    assert!(out.contains("Ligne 6, « Établissement SIRET » : "), "{out}");
    assert!(
        out.contains("État « Accepté » (1 ligne) : Reçu (date de dépôt)."),
        "{out}"
    );
    assert!(
        out.contains("État « Classé sans suite » (1 ligne) : Non importé."),
        "{out}"
    );
    let skip = plan_lcd(
        &db,
        &[
            "import",
            "applications",
            file,
            "--call",
            "2026",
            "--state",
            "Accepté=skip",
            "--dry-run",
        ],
    );
    assert!(
        stdout(&skip).contains("État « Accepté » (1 ligne) : Non importé."),
        "{}",
        stdout(&skip)
    );
    let no_call = plan_lcd(&db, &["import", "applications", file, "--dry-run"]);
    assert!(!no_call.status.success());
    assert!(
        stderr(&no_call).contains("appel à projets"),
        "{}",
        stderr(&no_call)
    );
    let columns = dir.path().join("colonnes.json");
    std::fs::write(&columns, r#"{"title": {"kind": "column", "value": 13}}"#).unwrap();
    let mapped = plan_lcd(
        &db,
        &[
            "import",
            "applications",
            file,
            "--call",
            "2026",
            "--mapping",
            columns.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(
        stdout(&mapped).contains("Le montant demandé est obligatoire."),
        "only the title is read: {}",
        stdout(&mapped)
    );
}
