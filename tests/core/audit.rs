//! The audit journal: every change recorded with who and when, append-only,
//! chained, and edits made behind the app's back detected.

use plan_lcd::audit;
use plan_lcd::audit::reading::{
    self, FieldChange, JournalFilter, JournalLine, JournalPage, JournalQuery,
};
use plan_lcd::budget::{self, BudgetInput, LineInput};
use plan_lcd::export::SheetFormat;
use plan_lcd::rights::Role;
use plan_lcd::store;
use plan_lcd::territory;
use plan_lcd::trainings::{self, TrainingInput};
use rusqlite::Connection;

use crate::fund_fixtures;
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
    // An update keeps the fields it changed, and nothing else.
    let keys = |json: &Option<String>| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(json.as_deref().unwrap()).unwrap();
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(before),
        ["title"],
        "same person, same time: the title alone"
    );
    assert_eq!(keys(after), keys(before));
    assert!(
        log[0]
            .3
            .as_deref()
            .unwrap()
            .contains("\"venue\":\"Hôtel de la Métropole\""),
        "an insertion keeps the record's values"
    );
    assert!(
        log[2]
            .2
            .as_deref()
            .unwrap()
            .contains("\"title\":\"Nouveau\""),
        "a deletion keeps the values the record held"
    );
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

fn journal(conn: &Connection, kind: Option<&str>, actor: Option<&str>, size: u32) -> JournalPage {
    reading::page(
        conn,
        &JournalQuery {
            filter: JournalFilter {
                record_kind: kind.map(Into::into),
                actor_name: actor.map(Into::into),
            },
            page: 1,
            page_size: size,
            from: None,
        },
    )
    .unwrap()
}

fn change(line: &JournalLine, field: &str) -> FieldChange {
    line.changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("no « {field} » in {:?}", line.changes))
        .clone()
}

#[test]
fn the_journal_pages_newest_first_and_filters() {
    let mut conn = amp_db();
    create(&mut conn, &held());
    let page = journal(&conn, Some("training_session"), None, 10);
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].action, "insert");
    assert_eq!(page.items[0].action_label, "Création");
    let all = journal(&conn, None, Some("Nadia Benali"), 5);
    assert!(all.total > 92);
    assert_eq!(all.items.len(), 5);
    assert!(all.items[0].id > all.items[4].id, "newest first");
}

/// The journal names records, fields and values the way the window does:
/// money as `Intl.NumberFormat('fr-FR', {style: 'currency'})` writes it
/// (U+202F between thousands, U+00A0 before €), dates as dd/mm/yyyy, codes by
/// their labels.
#[test]
fn the_journal_speaks_the_app_s_french() {
    let mut conn = amp_db();
    let budget = budget::create_budget(
        &mut conn,
        &lead(),
        now(),
        &BudgetInput {
            year: "2026".into(),
            planned_fte: "1,5".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let mut input = LineInput {
        budget_id: budget.id,
        label: "Communication".into(),
        kind: "other".into(),
        nature: String::new(),
        initial: "3 000".into(),
    };
    let line = budget::create_line(&mut conn, &lead(), now(), &input).unwrap();
    input.initial = "3 500".into();
    budget::update_line(&mut conn, &lead(), now(), line.id, &input).unwrap();

    let page = journal(&conn, Some("budget_line"), None, 10);
    let lines: i64 = conn
        .query_row("SELECT count(*) FROM budget_line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page.total, lines + 1, "one creation per line, one update");
    let update = &page.items[0];
    assert_eq!(update.action_label, "Modification");
    assert_eq!(update.record_kind_label, "Ligne budgétaire");
    assert_eq!(update.record, "Communication 2026");
    assert_eq!(update.actor_role, "Chef·fe de projet");
    assert_eq!(
        update.changes,
        vec![FieldChange {
            field: "Budget initial".into(),
            before: Some("3\u{202f}000,00\u{a0}€".into()),
            after: Some("3\u{202f}500,00\u{a0}€".into()),
        }],
        "only what changed, without the bookkeeping columns"
    );
    let created = &page.items[1];
    assert_eq!(
        change(created, "Budget").after.as_deref(),
        Some("Budget 2026")
    );
    assert_eq!(
        change(created, "Sens").after.as_deref(),
        Some("Autres dépenses")
    );
    assert!(
        created.changes.iter().all(|c| !c.field.contains('_')),
        "{:?}",
        created.changes
    );

    let year = &journal(&conn, Some("budget_year"), None, 1).items[0];
    assert_eq!(year.record, "Budget 2026");
    assert_eq!(
        change(year, "ETP prévus au plan").after.as_deref(),
        Some("1,5")
    );
}

#[test]
fn an_application_is_named_by_its_number_and_structure_and_its_stage_by_its_label() {
    let (mut conn, call) = fund_fixtures::fund_db();
    let org = fund_fixtures::org(&mut conn, "Association Égalité", "association");
    let id = fund_fixtures::app(&mut conn, call, org, "5 000");
    fund_fixtures::to_review(&mut conn, id);
    let page = journal(&conn, Some("fund_application"), None, 50);
    let last = &page.items[0];
    assert_eq!(
        last.record,
        format!("Dossier n° {id} — Association Égalité")
    );
    let stage = change(last, "Étape");
    assert_eq!(stage.after.as_deref(), Some("En instruction"));
    let first = page.items.last().unwrap();
    assert_eq!(first.action, "insert");
    assert_eq!(
        change(first, "Montant demandé").after.as_deref(),
        Some("5\u{202f}000,00\u{a0}€")
    );
    assert_eq!(
        change(first, "Début du projet").after.as_deref(),
        Some("01/04/2026")
    );
    assert_eq!(
        change(first, "Quartiers prioritaires de la politique de la ville")
            .after
            .as_deref(),
        Some("Oui")
    );
    assert_eq!(
        change(first, "Appel à projets").after.as_deref(),
        Some(fund_fixtures::call_input().name.as_str())
    );
}

#[test]
fn a_deleted_record_keeps_its_name_and_shows_what_it_held() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    trainings::delete(&mut conn, &lead(), now(), s.id).unwrap();
    let gone = &journal(&conn, Some("training_session"), None, 1).items[0];
    assert_eq!(gone.action_label, "Suppression");
    assert_eq!(gone.record, "Droit de la non-discrimination du 10/03/2026");
    assert_eq!(
        change(gone, "Public").before.as_deref(),
        Some("Agents de la collectivité")
    );
    assert_eq!(
        change(gone, "Premier jour").before.as_deref(),
        Some("10/03/2026")
    );
}

#[test]
fn choosing_a_profile_adds_no_empty_line() {
    let mut conn = amp_db();
    let before = journal(&conn, None, None, 1).total;
    territory::switch_actor(&mut conn, "Camille Martin", Some(Role::ProjectLead), now()).unwrap();
    let after = journal(&conn, None, None, 1).total;
    assert_eq!(after, before + 1, "a new profile is a creation");
    let later = now() + chrono::Duration::hours(1);
    territory::switch_actor(&mut conn, "Nadia Benali", Some(Role::Assistant), later).unwrap();
    territory::switch_actor(&mut conn, "Camille Martin", Some(Role::ProjectLead), later).unwrap();
    assert_eq!(
        journal(&conn, None, None, 1).total,
        after,
        "choosing an existing one is not a change"
    );
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
        .unwrap();
    assert!(stored > after, "the entries are kept, only not listed");
}

#[test]
fn every_kind_of_record_is_offered_and_named() {
    let conn = amp_db();
    let page = journal(&conn, None, None, 1);
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT IN ('audit_entry', 'audit_count', 'audit_redaction', 'audit_compaction',
                              'budget_commitment_open', 'fund_grant_open') AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for t in &tables {
        let kind = page.kinds.iter().find(|k| &k.code == t);
        assert!(kind.is_some(), "the filter offers {t}");
        assert!(!kind.unwrap().label.contains('_'));
    }
    assert_eq!(page.kinds.len(), tables.len());
}

#[test]
fn the_journal_export_reads_as_the_page() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    let mut changed = held();
    changed.registered = "12".into();
    trainings::update(&mut conn, &assistant(), today(), now(), s.id, &changed).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.csv");
    let filter = JournalFilter {
        record_kind: Some("training_session".into()),
        actor_name: None,
    };
    let n = reading::export(&conn, &filter, SheetFormat::Csv, &path).unwrap();
    assert_eq!(n, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("Session de formation;Droit de la non-discrimination du 10/03/2026"),
        "{text}"
    );
    assert!(text.contains("Inscrit·es : "), "{text}");
    assert!(!text.contains("training_session"), "{text}");
    assert_eq!(text.matches("Modification").count(), 1);
}

/// Every page of the journal, read from the page before it, from the page
/// after it, or on its own, holds the entries the whole journal has at
/// that place, and the total is the journal's, under each filter; an entry
/// that only touched bookkeeping columns (a profile chosen again) is in
/// neither.
#[test]
fn every_page_of_the_journal_is_the_same_however_it_is_reached() {
    use plan_lcd::audit::reading::JournalCursor;
    let mut conn = amp_db();
    for i in 0..23 {
        let mut input = held();
        input.title = format!("Session {i}");
        create(&mut conn, &input);
        if i % 5 == 0 {
            let at = now() + chrono::Duration::minutes(i);
            territory::switch_actor(&mut conn, "Nadia Benali", Some(Role::Assistant), at).unwrap();
            territory::switch_actor(&mut conn, "Camille Martin", Some(Role::ProjectLead), at)
                .unwrap();
        }
    }
    let hidden: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE table_name = 'profile' AND action = 'update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hidden > 0, "profiles chosen again");
    for (kind, actor) in [
        (None, None),
        (Some("training_session"), None),
        (None, Some("Nadia Benali")),
        (Some("profile"), Some("Camille Martin")),
    ] {
        let filter = JournalFilter {
            record_kind: kind.map(Into::into),
            actor_name: actor.map(Into::into),
        };
        let all: Vec<i64> = reading::all(&conn, &filter)
            .unwrap()
            .iter()
            .map(|l| l.id)
            .collect();
        let size = 7;
        let read = |page: u32, from: Option<JournalCursor>| {
            reading::page(
                &conn,
                &JournalQuery {
                    filter: filter.clone(),
                    page,
                    page_size: size,
                    from,
                },
            )
            .unwrap()
        };
        let first = read(1, None);
        assert_eq!(first.total, all.len() as i64, "{kind:?} {actor:?}");
        let count = first.page_count;
        let expected = |p: u32| -> Vec<i64> {
            all.iter()
                .skip(((p - 1) * size) as usize)
                .take(size as usize)
                .copied()
                .collect()
        };
        let ids = |page: &JournalPage| page.items.iter().map(|l| l.id).collect::<Vec<_>>();
        let cursor = |page: &JournalPage| {
            Some(JournalCursor {
                page: page.page,
                first_id: page.items.first().map_or(0, |l| l.id),
                last_id: page.items.last().map_or(0, |l| l.id),
            })
        };
        let mut shown = first;
        for p in 2..=count {
            let next = read(p, cursor(&shown));
            assert_eq!(
                ids(&next),
                expected(p),
                "forward to page {p}, {kind:?} {actor:?}"
            );
            assert_eq!(ids(&read(p, None)), expected(p), "page {p} on its own");
            shown = next;
        }
        for p in (1..count).rev() {
            let previous = read(p, cursor(&shown));
            assert_eq!(
                ids(&previous),
                expected(p),
                "back to page {p}, {kind:?} {actor:?}"
            );
            shown = previous;
        }
    }
    let journal = audit::verify(&conn).unwrap();
    assert!(
        journal.is_ok(),
        "the counts agree with the journal: {journal:?}"
    );
    // Counts changed behind the app's back are reported.
    conn.execute(
        "UPDATE audit_count SET entries = entries + 1 WHERE table_name = 'training_session'",
        [],
    )
    .unwrap();
    let journal = audit::verify(&conn).unwrap();
    assert_eq!(
        journal.altered_records,
        vec!["audit_count (training_session)".to_string()]
    );
}

/// The journal page's total, the call list's criteria lock and a year's
/// tranches read through indexes, so that their cost does not grow with the
/// years (a full scan of twenty years of entries took 170 to 330 ms).
#[test]
fn the_journal_page_the_call_list_and_a_years_tranches_read_through_indexes() {
    let conn = amp_db();
    let plan = |sql: &str| -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join(" | ")
    };
    // The journal's own page queries are checked where they are written
    // (`audit::reading`'s tests); here, what they count and what the call
    // list and the home page read.
    let p = plan("SELECT coalesce(sum(entries), 0) FROM audit_count WHERE table_name = 'profile'");
    assert!(p.contains("PRIMARY KEY"), "{p}");
    let p = plan(
        "SELECT count(*) FROM fund_score s JOIN fund_criterion c ON c.id = s.criterion_id WHERE c.call_id = 1",
    );
    assert!(
        p.contains("fund_criterion_call") && p.contains("fund_score_criterion"),
        "{p}"
    );
    // A year's tranches paid (the home page, the budget summary): that
    // year's call, its applications and their tranches, by index.
    let p = plan(
        "SELECT coalesce(sum(p.amount_cents), 0) FROM fund_call c
         JOIN fund_application a ON a.call_id = c.id
         JOIN fund_payment p ON p.application_id = a.id
         WHERE c.year = 2026 AND p.paid_on BETWEEN '2026-01-01' AND '2026-12-31'",
    );
    assert!(
        p.contains("fund_application_call") && p.contains("fund_payment_application"),
        "{p}"
    );
    assert!(!p.contains("SCAN a") && !p.contains("SCAN p"), "{p}");
}
