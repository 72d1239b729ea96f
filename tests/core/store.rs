//! The store: migrations from empty, the backup before migrating, refusing a
//! newer schema, and the integrity check.

use plan_lcd::store;
use rusqlite::Connection;

#[test]
fn every_migration_applies_to_an_empty_file_and_sets_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let conn = store::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, store::schema_version());
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "every connection enforces foreign keys");
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    for table in ["unit", "profile", "commune", "training_session"] {
        let strict: i64 = conn
            .query_row(
                "SELECT strict FROM pragma_table_list WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(strict, 1, "{table} is a STRICT table");
    }
    assert!(
        !store::backup_dir(&path).exists(),
        "a new, empty file needs no backup"
    );
}

#[test]
fn an_older_database_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    {
        // A file from before the first migration: it holds data but no schema version.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('avant');")
            .unwrap();
    }
    store::open(&path).unwrap();
    let backups: Vec<_> = std::fs::read_dir(store::backup_dir(&path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        backups.len(),
        1,
        "exactly one backup is taken before migrating"
    );
    let copy = Connection::open(&backups[0]).unwrap();
    let text: String = copy
        .query_row("SELECT text FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, "avant", "the backup holds the data as it was");
    let version: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0, "the backup is the unmigrated file");
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    store::open(&path).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", store::schema_version() + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = store::open(&path).err().expect("a newer schema is refused");
    assert!(plan_lcd::ApiError::from(err)
        .message
        .contains("plus récente"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is not modified"
    );
}

#[test]
fn check_reports_a_healthy_file_and_a_wrong_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    drop(store::open(&path).unwrap());
    let report = store::check(&path).unwrap();
    assert!(report.is_ok(), "{report:?}");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    let report = store::check(&path).unwrap();
    assert!(
        !report.is_ok(),
        "a schema version behind the app is reported"
    );
    assert!(store::check(&dir.path().join("absent.sqlite3")).is_err());
}

#[test]
fn the_database_refuses_what_validation_would_never_write() {
    let conn = super::util::amp_db();
    let insert = |status: &str, reason: &str, women: i64, hours: i64| {
        conn.execute(
            "INSERT INTO training_session (title, audience, format, first_day, last_day, hours_centi,
                attended_women, status, cancel_reason, created_at, created_by, updated_at, updated_by)
             VALUES ('x', 'mixed', 'remote', '2026-01-05', '2026-01-05', ?4, ?3, ?1, ?2, 'n', 'n', 'n', 'n')",
            rusqlite::params![status, reason, women, hours],
        )
    };
    assert!(
        insert("cancelled", "", 0, 100).is_err(),
        "a cancelled session without a reason"
    );
    assert!(
        insert("cancelled", "pluie", 3, 100).is_err(),
        "a cancelled session with attendance"
    );
    assert!(
        insert("held", "", 0, 2401).is_err(),
        "more than 24 hours in one day"
    );
    assert!(insert("held", "", -1, 100).is_err(), "a negative count");
    assert!(
        insert("held", "", 3, 100).is_ok(),
        "the control row is accepted"
    );
    let bad_fk = conn.execute("UPDATE training_session SET commune_insee = '99999'", []);
    assert!(bad_fk.is_err(), "a commune outside the territory");
}
