//! The log: rotated at its size limit with a fixed number of files kept, and
//! free of what people typed. The diagnostic text for the IT department.

use plan_lcd::error::FieldErrors;
use plan_lcd::{log, status, store, territory, Error};

use crate::util::{now, setup_input, today};

// The log is one per process: a single test drives it.
#[test]
fn the_log_rotates_keeps_five_files_and_holds_no_typed_text() {
    let dir = tempfile::tempdir().unwrap();
    log::init(dir.path());
    assert_eq!(log::dir().as_deref(), Some(dir.path()));
    log::info("démarrage");

    // A refusal worded for the user quotes what they typed: only its kind is kept.
    log::failure(
        "create_training",
        &Error::Refused("Karim Haddad utilise encore cette base".into()),
    );
    let mut fields = FieldErrors::new();
    fields.add("title", "« Atelier de Karim » est trop long");
    log::failure("create_training", &Error::Invalid(fields));
    log::failure(
        "export",
        &Error::Io(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "/home/karim/x.csv",
        )),
    );
    let text = std::fs::read_to_string(dir.path().join("plan-lcd.log")).unwrap();
    assert!(text.contains("INFO démarrage"));
    assert!(text.contains("ERROR create_training: refused"));
    assert!(
        text.contains("ERROR export: file: permission denied"),
        "{text}"
    );
    assert!(!text.contains("Karim"), "no name, no typed text: {text}");
    assert!(!text.contains("/home/"), "no path of the user's: {text}");
    assert_eq!(
        text.lines().count(),
        3,
        "form errors are not logged: {text}"
    );

    // Far past the size limit: rotated, never more than the kept files.
    let line = "x".repeat(10_000);
    for _ in 0..(log::MAX_BYTES as usize / 10_000 + 1) * (log::KEEP + 3) {
        log::info(&line);
    }
    let files = log::files(dir.path());
    assert_eq!(files.len(), log::KEEP + 1, "{files:?}");
    for f in &files {
        assert!(std::fs::metadata(f).unwrap().len() <= log::MAX_BYTES + 10_100);
    }
}

#[test]
fn the_diagnostic_text_describes_the_file_without_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let mut conn = store::open(&path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    let text = status::diagnostics(&conn, &path, Some(dir.path()));
    assert!(text.starts_with(&format!("Plan LCD {}", plan_lcd::VERSION)));
    assert!(text.contains(&format!("Base : {}", path.display())));
    assert!(text.contains(&format!(
        "schéma {0} (attendu {0})",
        store::schema_version()
    )));
    assert!(text.contains("Journal SQLite : wal ; dossier réseau : non"));
    assert!(text.contains("Accès : lecture et écriture"));
    assert!(text.contains("Verrou : aucun"));
    assert!(text.contains("Sauvegardes : "));
    assert!(!text.contains("Nadia"), "no person's name: {text}");
}
