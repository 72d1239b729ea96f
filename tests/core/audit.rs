//! The audit journal: every change recorded with who and when, append-only,
//! chained, and edits made behind the app's back detected.

use plan_lcd::audit::{self, AuditQuery};
use plan_lcd::store;
use plan_lcd::trainings::{self, TrainingInput};
use rusqlite::Connection;

use crate::util::{amp_db, assistant, create, held, lead, now, today};

fn entries(
    conn: &Connection,
    table: &str,
) -> Vec<(String, String, Option<String>, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT action, actor_name, before_json, after_json FROM audit_entry WHERE table_name = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn every_change_is_journaled_with_who_and_the_values_before_and_after() {
    let mut conn = amp_db();
    assert_eq!(
        entries(&conn, "commune").len(),
        92,
        "setup's communes are journaled"
    );
    let s = create(&mut conn, &held());
    trainings::update(
        &mut conn,
        &assistant(),
        today(),
        now(),
        s.id,
        &TrainingInput {
            title: "Nouveau".into(),
            ..held()
        },
    )
    .unwrap();
    trainings::delete(&mut conn, &lead(), now(), s.id).unwrap();
    let log = entries(&conn, "training_session");
    let actions: Vec<&str> = log.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(actions, ["insert", "update", "delete"]);
    let who: Vec<&str> = log.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        who,
        ["Nadia Benali", "Nadia Benali", "Camille Martin"],
        "each entry names who acted"
    );
    let (_, _, before, after) = &log[1];
    assert!(before
        .as_deref()
        .unwrap()
        .contains("\"title\":\"Droit de la non-discrimination\""));
    assert!(after.as_deref().unwrap().contains("\"title\":\"Nouveau\""));
    assert!(
        log[2].3.is_none(),
        "a deletion keeps the values before, nothing after"
    );
    let report = audit::verify(&conn).unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn a_refused_write_leaves_no_entry() {
    let mut conn = amp_db();
    let before = audit::verify(&conn).unwrap().entries;
    let bad = trainings::create(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &TrainingInput {
            title: String::new(),
            ..held()
        },
    );
    assert!(bad.is_err());
    assert_eq!(audit::verify(&conn).unwrap().entries, before);
}

#[test]
fn the_journal_is_append_only() {
    let mut conn = amp_db();
    create(&mut conn, &held());
    assert!(
        conn.execute("DELETE FROM audit_entry", []).is_err(),
        "entries are never deleted"
    );
    assert!(
        conn.execute("UPDATE audit_entry SET actor_name = 'X'", [])
            .is_err(),
        "entries are never changed"
    );
    assert!(
        conn.execute("UPDATE audit_entry SET hash = NULL", [])
            .is_err(),
        "a hash is never reset"
    );
}

#[test]
fn edits_behind_the_apps_back_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    {
        let mut conn = store::open(&path).unwrap();
        plan_lcd::territory::setup(&mut conn, &crate::util::setup_input(), today(), now()).unwrap();
        create(&mut conn, &held());
    }
    assert!(store::check(&path).unwrap().is_ok());

    // Another program changes a figure: the record no longer matches its journal.
    let raw = Connection::open(&path).unwrap();
    raw.execute("UPDATE training_session SET actual_cost_cents = 1", [])
        .unwrap();
    let report = store::check(&path).unwrap();
    assert!(!report.is_ok());
    assert_eq!(
        report.journal.as_ref().unwrap().altered_records,
        ["training_session #1"]
    );
    raw.execute("UPDATE training_session SET actual_cost_cents = 85050", [])
        .unwrap();
    assert!(
        store::check(&path).unwrap().is_ok(),
        "put back as it was, the record matches again"
    );

    // Another program rewrites history: the chain breaks there.
    raw.execute_batch("DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET actor_name = 'Personne' WHERE id = 3;").unwrap();
    let report = store::check(&path).unwrap();
    assert_eq!(report.journal.unwrap().broken_at, Some(3));
}

#[test]
fn a_database_from_before_the_journal_gets_a_baseline_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    {
        let raw = Connection::open(&path).unwrap();
        raw.execute_batch(include_str!("../../migrations/0001_foundation.sql"))
            .unwrap();
        raw.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO unit VALUES (1, 'Mission', '200054807', 'Métropole', 2025, 0, '2025-01-01', 'A');",
        )
        .unwrap();
    }
    let conn = store::open(&path).unwrap();
    let unit = entries(&conn, "unit");
    assert_eq!(unit.len(), 1, "the existing row gets one entry");
    assert_eq!(unit[0].1, "(reprise des données)");
    drop(conn);
    assert!(store::check(&path).unwrap().is_ok());
}

#[test]
fn the_journal_pages_newest_first_and_filters() {
    let mut conn = amp_db();
    create(&mut conn, &held());
    let q = AuditQuery {
        table_name: Some("training_session".into()),
        actor_name: None,
        page: 1,
        page_size: 10,
    };
    let page = audit::list(&conn, &q).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].action, "insert");
    let all = audit::list(
        &conn,
        &AuditQuery {
            table_name: None,
            actor_name: Some("Nadia Benali".into()),
            page: 1,
            page_size: 5,
        },
    )
    .unwrap();
    assert!(all.total > 92);
    assert_eq!(all.items.len(), 5);
    assert!(all.items[0].id > all.items[4].id, "newest first");
}
