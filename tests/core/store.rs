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
        // A file in the rollback-journal mode, as on a shared folder.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
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
    let mode: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "not even switched to WAL");
    assert!(!dir.path().join("plan.sqlite3-wal").exists());
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

/// Every schema this app ever wrote, as its migrations left it.
const SCHEMAS: &[&str] = &[
    include_str!("../../migrations/0001_foundation.sql"),
    include_str!("../../migrations/0002_audit.sql"),
    include_str!("../../migrations/0003_events.sql"),
    include_str!("../../migrations/0004_fund.sql"),
    include_str!("../../migrations/0005_budget.sql"),
    include_str!("../../migrations/0006_partners.sql"),
    include_str!("../../migrations/0007_plan.sql"),
    include_str!("../../migrations/0008_budget_forecast.sql"),
    include_str!("../../migrations/0009_privacy.sql"),
    include_str!("../../migrations/0010_grant_share.sql"),
    include_str!("../../migrations/0011_budget_vote_and_closing.sql"),
    include_str!("../../migrations/0012_agreement_setting.sql"),
    include_str!("../../migrations/0013_journal_rebase.sql"),
    include_str!("../../migrations/0014_import.sql"),
    include_str!("../../migrations/0015_import_kinds.sql"),
    include_str!("../../migrations/0016_journal_paging.sql"),
    include_str!("../../migrations/0017_journal_changes.sql"),
    include_str!("../../migrations/0018_open_commitments.sql"),
];

#[test]
fn a_database_of_each_earlier_schema_opens_migrates_and_keeps_its_data() {
    assert_eq!(
        SCHEMAS.len() as i64,
        store::schema_version(),
        "a new migration is listed here too"
    );
    for version in 1..store::schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.sqlite3"));
        {
            let raw = rusqlite::Connection::open(&path).unwrap();
            for sql in &SCHEMAS[..version as usize] {
                raw.execute_batch(sql).unwrap();
            }
            raw.pragma_update(None, "user_version", version).unwrap();
            raw.execute_batch(
                "INSERT INTO unit (id, name, epci_siren, epci_name, first_year, is_demo, created_at, created_by)
                 VALUES (1, 'Mission', '200054807', 'Métropole', 2025, 0, '2025-01-01', 'A');
                 INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
                 VALUES ('13055', 'Marseille', 870000, 1, 0, '2025-01-01', 'A');",
            )
            .unwrap();
        }
        let mut conn = store::open(&path).unwrap_or_else(|e| panic!("schema {version}: {e:?}"));
        let now_version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            now_version,
            store::schema_version(),
            "schema {version} migrated"
        );
        let name: String = conn
            .query_row("SELECT name FROM unit", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Mission", "schema {version}: the data is kept");
        // The migrated file works like a new one.
        let mut input = crate::util::held();
        input.commune_insee = "13055".into();
        plan_lcd::trainings::create(
            &mut conn,
            &crate::util::assistant(),
            crate::util::today(),
            crate::util::now(),
            &input,
        )
        .unwrap_or_else(|e| panic!("schema {version}: {e:?}"));
        drop(conn);
        let report = store::check(&path).unwrap();
        assert!(report.is_ok(), "schema {version}: {report:?}");
        let backups = std::fs::read_dir(store::backup_dir(&path)).unwrap().count();
        assert!(backups >= 1, "schema {version}: copied before migrating");
    }
}

#[test]
fn two_files_in_one_folder_keep_their_backups_apart() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("plan-lcd.sqlite3");
    let other = dir.path().join("evenements.sqlite3");
    assert_eq!(
        store::backup_dir(&own),
        dir.path().join("backups").join("plan-lcd")
    );
    assert_ne!(store::backup_dir(&own), store::backup_dir(&other));
    let conn = store::open(&other).unwrap();
    plan_lcd::backup::daily(&conn, &store::backup_dir(&other), crate::util::today()).unwrap();
    assert!(plan_lcd::backup::newest_good(&store::backup_dir(&other)).is_some());
    assert!(
        plan_lcd::backup::newest_good(&store::backup_dir(&own)).is_none(),
        "a new file is never offered another file's copy"
    );
}

/// Columns added by later migrations (the budget's forecast in 0008, the
/// grant's share in 0010, the budget's vote and closing in 0011, the
/// agreement setting in 0012) to records journaled before them.
#[test]
fn records_journaled_before_a_new_column_still_match_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.sqlite3");
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        for sql in &SCHEMAS[..7] {
            raw.execute_batch(sql).unwrap();
        }
        raw.pragma_update(None, "user_version", 7).unwrap();
        // The journal's triggers as schema 7 had them: the entries record
        // none of the later columns.
        plan_lcd::audit::install(&raw).unwrap();
        raw.execute_batch(
            "INSERT INTO unit VALUES (1, 'Mission', '200054807', 'Métropole', 2025, 0, '2025-01-01', 'A');
             INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
             VALUES ('13055', 'Marseille', 870000, 1, 0, '2025-01-01', 'A');
             INSERT INTO fund_call (year, name, envelope_cents, opens_on, closes_on, created_at,
                created_by, updated_at, updated_by)
             VALUES (2025, 'Fonds 2025', 5000000, '2025-01-01', '2025-03-31', 'x', 'A', 'x', 'A');
             INSERT INTO fund_organisation (name, kind, created_at, created_by, updated_at, updated_by)
             VALUES ('Asso', 'association', 'x', 'A', 'x', 'A');
             INSERT INTO fund_application (call_id, organisation_id, title, starts_on, ends_on,
                total_budget_cents, requested_cents, stage, created_at, created_by, updated_at, updated_by)
             VALUES (1, 1, 'Projet', '2025-04-01', '2025-10-31', 1000000, 500000, 'draft',
                'x', 'A', 'x', 'A');
             INSERT INTO budget_year (year, planned_fte_hundredths, created_at, created_by, updated_at, updated_by)
             VALUES (2025, 200, 'x', 'A', 'x', 'A');
             INSERT INTO budget_line (budget_id, position, label, kind, initial_cents, created_at,
                created_by, updated_at, updated_by)
             VALUES (1, 0, 'Études', 'studies', 500000, 'x', 'A', 'x', 'A');
             INSERT INTO budget_amendment (line_id, day, amount_cents, reason, created_at, created_by)
             VALUES (1, '2025-03-20', 10000, 'DM 1', 'x', 'A');",
        )
        .unwrap();
        let journaled: String = raw
            .query_row(
                "SELECT after_json FROM audit_entry WHERE table_name = 'fund_application'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!journaled.contains("grant_share_bp"), "{journaled}");
        // Sealed as the app of schema 7 sealed its own entries.
        crate::util::recompute_chain(&raw);
        crate::util::restore_journal_rule(&raw, SCHEMAS[1]);
    }
    let conn = store::open(&path).unwrap();
    let share: i64 = conn
        .query_row("SELECT grant_share_bp FROM fund_application", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        share, 10_000,
        "an existing application holds the whole grant"
    );
    let voted: Option<String> = conn
        .query_row("SELECT voted_on FROM budget_year", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        voted.as_deref(),
        Some("2025-03-20"),
        "a budget with amendments was voted by its first amendment at the latest"
    );
    drop(conn);
    let report = store::check(&path).unwrap();
    assert!(
        report.is_ok(),
        "the upgrade records the new columns in the journal: {report:?}"
    );
}

/// Migration 15 rebuilds `import_batch` (a CHECK cannot change in place):
/// a file of schema 14 keeps its batches with their ids, the sessions keep
/// their batch, and the foreign keys are on and sound afterwards.
#[test]
fn the_import_batches_of_schema_14_survive_the_rebuild_of_their_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.sqlite3");
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        for sql in &SCHEMAS[..14] {
            raw.execute_batch(sql).unwrap();
        }
        raw.pragma_update(None, "user_version", 14).unwrap();
        raw.execute_batch(&format!(
            "INSERT INTO import_batch (id, kind, file_name, sha256, sheet, mapping_json, headers_key,
                 rows_read, rows_imported, created_at, created_by, updated_at, updated_by)
             VALUES (7, 'trainings', 'formations.xlsx', '{}', 'Sessions', '{{}}', 'intitule',
                 3, 2, '2026-05-01T10:00:00Z', 'A', '2026-05-01T10:00:00Z', 'A');
             INSERT INTO training_session (title, audience, format, first_day, last_day, hours_centi,
                 status, import_batch_id, created_at, created_by, updated_at, updated_by)
             VALUES ('Atelier', 'own_agents', 'in_person', '2026-03-10', '2026-03-10', 300,
                 'held', 7, '2026-05-01T10:00:00Z', 'A', '2026-05-01T10:00:00Z', 'A');",
            "a".repeat(64)
        ))
        .unwrap();
    }
    let conn = store::open(&path).unwrap();
    let kept: (String, i64, i64) = conn
        .query_row(
            "SELECT b.file_name, b.rows_updated, t.import_batch_id FROM import_batch b
             JOIN training_session t ON t.import_batch_id = b.id WHERE b.id = 7",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, ("formations.xlsx".to_string(), 0, 7));
    let on: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(on, 1, "foreign keys on again after the migrations");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    let err = conn
        .execute("DELETE FROM import_batch WHERE id = 7", [])
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

/// A copy taken before the journal kept its page's counts (schema 15, as
/// yesterday's copy is the first day after an upgrade) is still a good copy:
/// checked, offered and restored like any other.
#[test]
fn a_copy_from_before_the_journals_counts_is_still_a_good_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v15.sqlite3");
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        for sql in &SCHEMAS[..15] {
            raw.execute_batch(sql).unwrap();
        }
        raw.pragma_update(None, "user_version", 15).unwrap();
        raw.execute_batch(
            "INSERT INTO unit (id, name, epci_siren, epci_name, first_year, is_demo, created_at, created_by)
             VALUES (1, 'Mission', '200054807', 'Métropole', 2025, 0, '2025-01-01', 'A');",
        )
        .unwrap();
    }
    plan_lcd::backup::check_copy(&path).unwrap();
    let problems = plan_lcd::check::problems_of_copy(&path).unwrap();
    assert!(
        problems.iter().all(|p| !p.contains("audit_count")),
        "{problems:?}"
    );
}

/// Marseille inserted, then its population changed twice.
const MARSEILLE: &str =
    "INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
     VALUES ('13055', 'Marseille', 870000, 1, 0, '2025-01-01', 'A');
     UPDATE commune SET population = 871000 WHERE insee = '13055';
     UPDATE commune SET population = 873000, has_officer = 1 WHERE insee = '13055';";

/// A schema-16 file whose journal recorded `commune`'s updates as that
/// version did: the whole row before and after, while `steps` run (SQL;
/// `{unjournaled}` and `{journaled}` take the trigger away and put it back,
/// for a change behind the app's back). The chain is sealed as that app
/// sealed it; `tamper` runs on the journal before its append-only rule is back.
fn whole_row_journal(path: &std::path::Path, tamper: &str) {
    whole_row_steps(path, MARSEILLE, tamper);
}

fn whole_row_steps(path: &std::path::Path, steps: &str, tamper: &str) {
    let raw = rusqlite::Connection::open(path).unwrap();
    for sql in &SCHEMAS[..16] {
        raw.execute_batch(sql).unwrap();
    }
    raw.pragma_update(None, "user_version", 16).unwrap();
    plan_lcd::audit::install(&raw).unwrap();
    let columns: Vec<String> = raw
        .prepare("SELECT name FROM pragma_table_info('commune') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let row = |p: &str| {
        let pairs: Vec<String> = columns
            .iter()
            .map(|c| format!("'{c}', {p}.\"{c}\""))
            .collect();
        format!("json_object({})", pairs.join(", "))
    };
    let journaled = format!(
        "CREATE TEMP TRIGGER audit_commune_update AFTER UPDATE ON main.commune BEGIN
             INSERT INTO audit_entry (at, actor_name, actor_role, table_name, row_id, action,
                 before_json, after_json)
             VALUES ('2025-06-01T08:00:00Z', 'A', 'lead', 'commune', NEW.rowid, 'update', {}, {});
         END;",
        row("OLD"),
        row("NEW")
    );
    let unjournaled = "DROP TRIGGER temp.audit_commune_update;";
    raw.execute_batch(&format!(
        "{unjournaled} {journaled} {}",
        steps
            .replace("{unjournaled}", unjournaled)
            .replace("{journaled}", &journaled)
    ))
    .unwrap();
    crate::util::recompute_chain(&raw);
    raw.execute_batch(tamper).unwrap();
    crate::util::restore_journal_rule(&raw, SCHEMAS[8]);
}

fn commune_updates(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    conn.prepare(
        "SELECT before_json, after_json FROM audit_entry
         WHERE table_name = 'commune' AND action = 'update' ORDER BY id",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Migration 17: the upgrade reduces a journal's whole-row updates to the
/// fields they changed, seals the chain again from there and records that
/// rebase; every record still matches its journal, and the file is rewritten
/// without the space freed.
#[test]
fn a_journal_of_whole_rows_is_reduced_to_the_fields_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.sqlite3");
    whole_row_journal(&path, "");
    let conn = store::open(&path).unwrap();
    assert_eq!(
        commune_updates(&conn),
        [
            (
                r#"{"population":870000}"#.to_string(),
                r#"{"population":871000}"#.to_string()
            ),
            (
                r#"{"has_officer":0,"population":871000}"#.to_string(),
                r#"{"has_officer":1,"population":873000}"#.to_string()
            ),
        ]
    );
    let (kind, from, to): (String, i64, i64) = conn
        .query_row(
            "SELECT kind, from_entry, to_entry FROM journal_rebase",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let first_update: i64 = conn
        .query_row(
            "SELECT min(id) FROM audit_entry WHERE table_name = 'commune' AND action = 'update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((kind.as_str(), from), ("compaction", first_update));
    assert!(
        to > from,
        "the rebase runs to the journal's last entry then"
    );
    let line = plan_lcd::audit::reading::record_name(&conn, "commune", 1).unwrap();
    assert!(line.contains("Marseille"), "{line}");
    drop(conn);
    let report = store::check(&path).unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("réduit le journal aux champs modifiés")),
        "the copy taken before the upgrade is explained, not contradicted: {:?}",
        report.notes
    );
    // An edit behind the app's back is still found through the reduced entries.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("UPDATE commune SET has_officer = 0", [])
        .unwrap();
    drop(raw);
    let report = store::check(&path).unwrap();
    let journal = report.journal.unwrap();
    assert_eq!(journal.altered_records, ["commune #1"]);
}

/// A journal already broken is not converted: sealing it again would bless
/// the broken entry. Its whole-row entries stay as they are and `check`
/// still names the entry, after the upgrade as before.
#[test]
fn a_broken_journal_is_left_whole_and_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.sqlite3");
    whole_row_journal(
        &path,
        "UPDATE audit_entry SET at = '2025-06-02T08:00:00Z' WHERE id = (SELECT max(id) FROM audit_entry)",
    );
    let before = {
        let raw = rusqlite::Connection::open(&path).unwrap();
        commune_updates(&raw)
    };
    let conn = store::open(&path).unwrap();
    assert_eq!(commune_updates(&conn), before, "nothing converted");
    let rebases: i64 = conn
        .query_row("SELECT count(*) FROM journal_rebase", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rebases, 0);
    let last: i64 = conn
        .query_row(
            "SELECT max(id) FROM audit_entry WHERE table_name = 'commune'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let journal = store::check(&path).unwrap().journal.unwrap();
    assert_eq!(journal.broken_at, Some(last));
    assert!(journal.altered_records.is_empty(), "{journal:?}");
}

/// The app runs the file's integrity check beside its window: every write
/// to that file waits for the verdict, goes when the file is sound, and is
/// refused with the French message when it is not. Other files never wait.
#[test]
fn writes_wait_for_the_integrity_check_and_a_damaged_file_refuses_them() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let mut conn = store::open(&path).unwrap();
    let hold = store::hold_writes(&path);
    let writer = std::thread::spawn(move || {
        let start = Instant::now();
        let done = store::with_tx(&mut conn, |tx| {
            Ok(tx.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)", [])?)
        });
        (done, start.elapsed(), conn)
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!writer.is_finished(), "the write waits for the verdict");
    store::release_writes(&path, hold, Ok(()));
    let (done, waited, mut conn) = writer.join().unwrap();
    assert!(done.is_ok(), "{done:?}");
    assert!(waited >= Duration::from_millis(250), "{waited:?}");

    let other = dir.path().join("autre.sqlite3");
    let mut other_conn = store::open(&other).unwrap();
    let hold = store::hold_writes(&path);
    store::release_writes(&path, hold, Err("Le fichier est endommagé.".into()));
    match store::with_tx(&mut conn, |tx| {
        Ok(tx.execute("INSERT INTO t VALUES (1)", [])?)
    }) {
        Err(plan_lcd::Error::Refused(m)) => assert_eq!(m, "Le fichier est endommagé."),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "nothing written");
    assert!(
        store::with_tx(&mut other_conn, |_| Ok(())).is_ok(),
        "another file does not wait"
    );
    // A file replaced by a checked copy (a restore) is no longer held, and a
    // late verdict on the hold it replaced changes nothing.
    store::writes_checked(&path);
    assert!(store::with_tx(&mut conn, |_| Ok(())).is_ok());
    store::release_writes(&path, hold, Err("Trop tard.".into()));
    assert!(store::with_tx(&mut conn, |_| Ok(())).is_ok());
}

/// A record changed behind the app's back, then saved by the app (its whole
/// row, holding the change on both sides), then changed back behind its back:
/// the old whole-row comparison caught it, and so does `check` after the
/// upgrade. That update does not start from what the record's entries say,
/// so it is kept whole: reducing it would fold to the changed-back value.
#[test]
fn an_update_that_hides_an_edit_behind_the_apps_back_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.sqlite3");
    whole_row_steps(
        &path,
        "INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
         VALUES ('13055', 'Marseille', 870000, 1, 0, '2025-01-01', 'A');
         UPDATE commune SET population = 871000;
         {unjournaled} UPDATE commune SET has_officer = 1; {journaled}
         UPDATE commune SET population = 873000;
         {unjournaled} UPDATE commune SET has_officer = 0; {journaled}",
        "",
    );
    let conn = store::open(&path).unwrap();
    let updates = commune_updates(&conn);
    assert_eq!(
        updates[0],
        (
            r#"{"population":870000}"#.to_string(),
            r#"{"population":871000}"#.to_string()
        ),
        "the first update starts from the journal's values: reduced"
    );
    assert!(
        updates[1].0.contains(r#""has_officer":1"#)
            && updates[1].0.contains(r#""name":"Marseille""#),
        "the second starts from a value no entry gave: whole: {:?}",
        updates[1]
    );
    drop(conn);
    let journal = store::check(&path).unwrap().journal.unwrap();
    assert_eq!(journal.altered_records, ["commune #1"]);
}

/// An anchor that the journal contradicts (a chain recomputed behind the
/// app's back) keeps the upgrade from converting it: sealing it again would
/// make the anchor look explained.
#[test]
fn a_journal_its_anchor_contradicts_is_not_converted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.sqlite3");
    whole_row_journal(&path, "");
    // A copy beside the file holds the journal as it was: its anchor.
    let copies = store::backup_dir(&path);
    std::fs::create_dir_all(&copies).unwrap();
    std::fs::copy(&path, copies.join("quotidienne-2025-06-01.sqlite3")).unwrap();
    // Behind the app's back: the last entry rewritten and the chain recomputed.
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(
            "DROP TRIGGER audit_entry_no_update;
             UPDATE audit_entry SET at = '2025-06-02T08:00:00Z' WHERE id = (SELECT max(id) FROM audit_entry);",
        )
        .unwrap();
        crate::util::recompute_chain(&raw);
        crate::util::restore_journal_rule(&raw, SCHEMAS[8]);
    }
    let before = {
        let raw = rusqlite::Connection::open(&path).unwrap();
        commune_updates(&raw)
    };
    let conn = store::open(&path).unwrap();
    assert_eq!(commune_updates(&conn), before, "nothing converted");
    let rebases: i64 = conn
        .query_row("SELECT count(*) FROM journal_rebase", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rebases, 0);
    drop(conn);
    let report = store::check(&path).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("réécrit hors de l’application")),
        "{:?}",
        report.problems
    );
}
