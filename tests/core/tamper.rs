//! `check` against someone who edits the file behind the app's back with the
//! sqlite3 shell: every kind of tampering is detected and named, an ordinary
//! save never launders it, and the app's own rewrites (restore, recovery,
//! purge) are explained rather than reported.

use std::path::{Path, PathBuf};

use plan_lcd::check::{self, CheckReport};
use plan_lcd::rights;
use plan_lcd::{anchor, backup, store, territory, Error};
use rusqlite::Connection;

use crate::util::{
    assistant, create, held, lead, now, recompute_chain, restore_journal_rule, restore_trigger,
    setup_input, today,
};

const RULES_0002: &str = include_str!("../../migrations/0002_audit.sql");
/// The migration that last wrote the journal's append-only rule.
const JOURNAL_RULE: &str = include_str!("../../migrations/0017_journal_changes.sql");

/// A set-up file with three sessions, and a folder for this PC's anchors,
/// in which the app recorded the journal's head after its last save.
struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    anchors: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let anchors = dir.path().join("empreintes");
    let mut conn = store::open(&path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    for _ in 0..3 {
        create(&mut conn, &held());
    }
    anchor::record(&conn, &path, &anchors, now()).unwrap();
    Fixture {
        _dir: dir,
        path,
        anchors,
    }
}

impl Fixture {
    fn check(&self) -> CheckReport {
        check::check(&self.path, Some(&self.anchors)).unwrap()
    }

    fn raw(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    /// Deletes the third session together with its journal entries (the
    /// newest ones), then puts the journal's rule back as it was.
    fn delete_newest_session_with_its_entries(&self) {
        let raw = self.raw();
        let first = raw
            .query_row(
                "SELECT min(id) FROM audit_entry WHERE table_name = 'training_session' AND row_id = 3",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
        // The journal page's counts are set right too, as a careful forger
        // would: they are kept beside the journal, not sealed in it.
        raw.execute_batch(&format!(
            "DELETE FROM training_session WHERE id = 3;
             DROP TRIGGER audit_entry_no_delete;
             DELETE FROM audit_entry WHERE id >= {first};
             DELETE FROM audit_count;
             INSERT INTO audit_count SELECT table_name, actor_name, count(*) FROM audit_entry
             WHERE action <> 'update' OR json_remove(before_json, '$.created_at', '$.created_by',
                 '$.updated_at', '$.updated_by', '$.last_used_at')
               IS NOT json_remove(after_json, '$.created_at', '$.created_by', '$.updated_at',
                 '$.updated_by', '$.last_used_at')
             GROUP BY table_name, actor_name;"
        ))
        .unwrap();
        restore_trigger(&raw, RULES_0002, "audit_entry_no_delete");
    }

    fn anchor(&self) {
        let conn = store::open(&self.path).unwrap();
        anchor::record(&conn, &self.path, &self.anchors, now()).unwrap();
    }
}

/// The report fails and one of its problems says `words`.
fn names(report: &CheckReport, words: &str) {
    assert!(!report.is_ok(), "{report:?}");
    assert!(
        report.problems.iter().any(|p| p.contains(words)),
        "a problem should say « {words} »: {:#?}",
        report.problems
    );
}

fn last_entry_of(conn: &Connection, table: &str, row: i64) -> i64 {
    conn.query_row(
        "SELECT max(id) FROM audit_entry WHERE table_name = ?1 AND row_id = ?2",
        rusqlite::params![table, row],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_sound_file_passes_with_its_anchor() {
    let f = fixture();
    let report = f.check();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.anchors, 1, "this PC's anchor was compared");
    assert!(report.notes.is_empty());
}

/// Change a cost, rewrite the record's last entry to match and clear the
/// hashes from there: `check` fails, and still fails after an ordinary save
/// (which used to seal the cleared entries and bless the edit).
#[test]
fn an_edit_with_its_entry_rewritten_is_not_laundered_by_the_next_save() {
    let f = fixture();
    let raw = f.raw();
    let entry = last_entry_of(&raw, "training_session", 2);
    raw.execute_batch(&format!(
        "UPDATE training_session SET actual_cost_cents = 1 WHERE id = 2;
         DROP TRIGGER audit_entry_no_update;
         UPDATE audit_entry SET after_json = json_set(after_json, '$.actual_cost_cents', 1)
          WHERE id = {entry};
         UPDATE audit_entry SET hash = NULL WHERE id >= {entry};"
    ))
    .unwrap();
    restore_journal_rule(&raw, JOURNAL_RULE);
    drop(raw);
    names(&f.check(), &format!("rompu à l’entrée n° {entry}"));

    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    drop(conn);
    let report = f.check();
    names(&report, &format!("rompu à l’entrée n° {entry}"));
    assert!(
        report.problems[0].contains("training_session n° 2"),
        "the entry names its record: {:?}",
        report.problems
    );
}

/// Delete the newest session together with its journal entries: chain and
/// records agree with each other, but not with the anchor.
#[test]
fn the_newest_records_deleted_with_their_entries_are_seen_by_the_anchor() {
    let f = fixture();
    f.delete_newest_session_with_its_entries();
    let report = f.check();
    assert!(
        report.journal.as_ref().unwrap().is_ok(),
        "the journal alone cannot tell"
    );
    names(&report, "n’a plus d’entrée n°");
    names(&report, "l’empreinte gardée par ce poste");
}

/// Change a record and its entry, then recompute the whole chain from
/// scratch, as the public hash rule allows: only an anchor can tell.
#[test]
fn a_chain_recomputed_from_scratch_disagrees_with_the_anchor() {
    let f = fixture();
    let raw = f.raw();
    let entry = last_entry_of(&raw, "training_session", 1);
    raw.execute_batch(&format!(
        "UPDATE training_session SET actual_cost_cents = 1 WHERE id = 1;
         DROP TRIGGER audit_entry_no_update;
         UPDATE audit_entry SET after_json = json_set(after_json, '$.actual_cost_cents', 1)
          WHERE id = {entry};"
    ))
    .unwrap();
    recompute_chain(&raw);
    restore_journal_rule(&raw, JOURNAL_RULE);
    drop(raw);
    let report = f.check();
    assert!(
        report.journal.as_ref().unwrap().is_ok(),
        "the chain itself is whole again"
    );
    names(&report, "ne porte plus l’empreinte");

    // A backup copy taken before the forgery is an anchor too.
    let g = fixture();
    let conn = store::open(&g.path).unwrap();
    backup::daily(&conn, &store::backup_dir(&g.path), today()).unwrap();
    drop(conn);
    let raw = g.raw();
    let entry = last_entry_of(&raw, "training_session", 1);
    raw.execute_batch(&format!(
        "UPDATE training_session SET title = 'Autre' WHERE id = 1;
         DROP TRIGGER audit_entry_no_update;
         UPDATE audit_entry SET after_json = json_set(after_json, '$.title', 'Autre')
          WHERE id = {entry};"
    ))
    .unwrap();
    recompute_chain(&raw);
    restore_journal_rule(&raw, JOURNAL_RULE);
    drop(raw);
    let report = check::check(&g.path, None).unwrap();
    names(&report, "la copie de sauvegarde quotidienne-");
    let beside: Vec<_> = std::fs::read_dir(store::backup_dir(&g.path))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        beside.len(),
        1,
        "reading a copy leaves nothing beside it: {beside:?}"
    );
}

#[test]
fn a_dropped_table_and_dropped_rules_are_named() {
    let f = fixture();
    f.raw()
        .execute_batch("DROP TABLE meeting_follow_up;")
        .unwrap();
    names(&f.check(), "la table meeting_follow_up");

    let g = fixture();
    g.raw()
        .execute_batch(
            "DROP TRIGGER privacy_purge_no_update; DROP TRIGGER journal_rebase_no_delete;",
        )
        .unwrap();
    let report = g.check();
    names(&report, "la règle (déclencheur) privacy_purge_no_update");
    names(&report, "la règle (déclencheur) journal_rebase_no_delete");

    let h = fixture();
    h.raw()
        .execute_batch(
            "DROP TRIGGER audit_entry_no_update;
             CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry WHEN 0
             BEGIN SELECT 1; END;",
        )
        .unwrap();
    names(
        &h.check(),
        "La définition de la règle (déclencheur) audit_entry_no_update",
    );
}

#[test]
fn a_file_replaced_by_an_older_copy_of_itself_is_seen() {
    let f = fixture();
    let older = f._dir.path().join("ancienne.sqlite3");
    {
        let conn = store::open(&f.path).unwrap();
        backup::save_copy(&conn, &older).unwrap();
    }
    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    anchor::record(&conn, &f.path, &f.anchors, now()).unwrap();
    drop(conn);
    assert!(f.check().is_ok());
    std::fs::copy(&older, &f.path).unwrap();
    let report = f.check();
    assert!(report.journal.as_ref().unwrap().is_ok());
    names(&report, "copie plus ancienne");
}

fn copy_of(f: &Fixture, name: &str) -> PathBuf {
    let copy = f._dir.path().join(name);
    let conn = store::open(&f.path).unwrap();
    backup::save_copy(&conn, &copy).unwrap();
    copy
}

fn refused(result: plan_lcd::Result<PathBuf>, words: &str) {
    match result {
        Err(Error::Refused(msg)) => assert!(msg.contains(words), "{msg}"),
        other => panic!("refused with « {words} » expected, got {other:?}"),
    }
}

/// A restore runs the whole check on the copy: one byte changed in a
/// record, or a journal that fails, is refused with the reason, and the
/// current file is left as it was.
#[test]
fn a_restore_refuses_a_copy_that_fails_the_check() {
    let f = fixture();
    let altered = copy_of(&f, "modifiee.sqlite3");
    Connection::open(&altered)
        .unwrap()
        .execute(
            "UPDATE training_session SET hours_centi = hours_centi + 1 WHERE id = 2",
            [],
        )
        .unwrap();
    let broken = copy_of(&f, "journal.sqlite3");
    let raw = Connection::open(&broken).unwrap();
    raw.execute_batch(
        "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET actor_name = 'Personne' WHERE id = 5;",
    )
    .unwrap();
    restore_journal_rule(&raw, JOURNAL_RULE);
    drop(raw);
    let before = std::fs::read(&f.path).unwrap();
    let dir = store::backup_dir(&f.path);
    refused(
        backup::restore(&f.path, &altered, &dir, &lead(), now()),
        "training_session n° 2",
    );
    refused(
        backup::restore(&f.path, &broken, &dir, &lead(), now()),
        "rompu à l’entrée n° 5",
    );
    assert_eq!(std::fs::read(&f.path).unwrap(), before, "nothing replaced");
}

#[test]
fn the_demo_never_replaces_real_data() {
    let f = fixture();
    let demo = f._dir.path().join("demo.sqlite3");
    let mut conn = store::open(&demo).unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    drop(conn);
    let before = std::fs::read(&f.path).unwrap();
    refused(
        backup::restore(&f.path, &demo, &store::backup_dir(&f.path), &lead(), now()),
        "démonstration",
    );
    assert_eq!(std::fs::read(&f.path).unwrap(), before);
}

/// Restoring is the project lead's decision: the assistant and the manager
/// are refused in French, and nothing is replaced.
#[test]
fn only_the_project_lead_restores() {
    let f = fixture();
    let copy = copy_of(&f, "copie.sqlite3");
    let before = std::fs::read(&f.path).unwrap();
    let manager = rights::Actor {
        name: "Claire Martin".into(),
        role: rights::Role::Manager,
    };
    for actor in [assistant(), manager] {
        refused(
            backup::restore(&f.path, &copy, &store::backup_dir(&f.path), &actor, now()),
            "rien n’a été enregistré",
        );
        assert_eq!(std::fs::read(&f.path).unwrap(), before, "{actor:?}");
    }
    backup::restore(&f.path, &copy, &store::backup_dir(&f.path), &lead(), now()).unwrap();
}

/// After a restore of an older copy, the anchors taken before it (this
/// PC's, the copy kept of the replaced file) are explained, not reported;
/// the restore is in the journal under the project lead's name.
#[test]
fn a_restore_of_an_older_copy_leaves_a_sound_file_that_says_why_anchors_differ() {
    let f = fixture();
    let copy = copy_of(&f, "copie.sqlite3");
    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    create(&mut conn, &held());
    anchor::record(&conn, &f.path, &f.anchors, now()).unwrap();
    drop(conn);
    let kept =
        backup::restore(&f.path, &copy, &store::backup_dir(&f.path), &lead(), now()).unwrap();
    assert!(kept.starts_with(store::backup_dir(&f.path)));
    let report = f.check();
    assert!(report.is_ok(), "{report:#?}");
    assert!(
        report.notes.iter().any(
            |n| n.contains("la restauration d’une copie (copie.sqlite3)")
                && n.contains(&lead().name)
        ),
        "{:#?}",
        report.notes
    );
    f.anchor();
    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    drop(conn);
    assert!(f.check().is_ok());
}

/// A recovery at start puts back the newest good copy; this PC's anchor,
/// ahead of it, is explained by the recovery the journal records.
#[test]
fn a_recovered_file_passes_the_check() {
    let f = fixture();
    let backups = store::backup_dir(&f.path);
    let conn = store::open(&f.path).unwrap();
    backup::daily(&conn, &backups, today()).unwrap();
    drop(conn);
    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    anchor::record(&conn, &f.path, &f.anchors, now()).unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&f.path).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5a;
    }
    std::fs::write(&f.path, &bytes).unwrap();
    backup::recover(&f.path, &backups, Some(&f.anchors), now()).unwrap();
    let report = f.check();
    assert!(report.is_ok(), "{report:#?}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("la récupération de la base au démarrage")),
        "{:#?}",
        report.notes
    );
}

/// A purge of personal data rewrites the chain from the first entry it
/// redacts: an anchor taken before it is explained by the purge.
#[test]
fn a_purge_explains_the_anchors_it_outdates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let anchors = dir.path().join("empreintes");
    let mut conn = store::open(&path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    let mut org = crate::fund_fixtures::org_input("Amis du Panier", "association");
    org.contact_name = "Contact du Panier".into();
    org.contact_email = "contact@panier.example".into();
    plan_lcd::fund::create_organisation(&mut conn, &assistant(), now(), &org).unwrap();
    create(&mut conn, &held());
    anchor::record(&conn, &path, &anchors, now()).unwrap();
    let when = chrono::NaiveDate::from_ymd_opt(2029, 7, 1).unwrap();
    let listed: Vec<_> = plan_lcd::privacy::purge_plan(&conn, when)
        .unwrap()
        .into_iter()
        .map(|i| i.key)
        .collect();
    let done = plan_lcd::privacy::purge(&mut conn, &lead(), when, now(), &listed).unwrap();
    assert!(
        done.journal_entries > 0,
        "the purge redacted journal entries"
    );
    drop(conn);
    let report = check::check(&path, Some(&anchors)).unwrap();
    assert!(report.is_ok(), "{report:#?}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("une purge de données personnelles")),
        "{:#?}",
        report.notes
    );
}

#[test]
fn check_refuses_a_missing_file_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("absent").join("plan.sqlite3");
    match check::check(path, None) {
        Err(Error::Refused(msg)) => assert!(msg.contains("n’existe pas"), "{msg}"),
        other => panic!("{other:?}"),
    }
    assert!(!dir.path().join("absent").exists());
}

/// Edited behind the app's back while the app was closed, then opened: the
/// app does not move this PC's anchor past the edit, and `check` still
/// sees it.
#[test]
fn opening_a_tampered_file_does_not_move_the_anchor_past_the_edit() {
    let f = fixture();
    f.delete_newest_session_with_its_entries();
    // The app opens it, works, and tries to anchor the new head each time.
    let mut conn = store::open(&f.path).unwrap();
    assert_eq!(
        anchor::record(&conn, &f.path, &f.anchors, now()).unwrap(),
        None
    );
    // A different session: the same one would give back the very entries deleted.
    let mut other = held();
    other.title = "Une autre session".into();
    create(&mut conn, &other);
    assert_eq!(
        anchor::record(&conn, &f.path, &f.anchors, now()).unwrap(),
        None
    );
    drop(conn);
    names(&f.check(), "l’empreinte gardée par ce poste");
}

/// A copy newer than the file (the same history, more of it) restored:
/// nothing is rewritten, nothing is left to explain.
#[test]
fn a_restore_of_a_newer_copy_leaves_nothing_to_explain() {
    let f = fixture();
    let copy = copy_of(&f, "plus-recente.sqlite3");
    let mut conn = store::open(&copy).unwrap();
    create(&mut conn, &held());
    drop(conn);
    backup::restore(&f.path, &copy, &store::backup_dir(&f.path), &lead(), now()).unwrap();
    let report = f.check();
    assert!(report.is_ok(), "{report:#?}");
    assert!(report.notes.is_empty(), "{:#?}", report.notes);
    let conn = store::open(&f.path).unwrap();
    let (from, to): (i64, i64) = conn
        .query_row("SELECT from_entry, to_entry FROM journal_rebase", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        to,
        from - 1,
        "an empty range: no entry of the file was replaced"
    );
}

/// A damaged file set aside by a recovery is no anchor, whatever it holds.
#[test]
fn a_damaged_file_set_aside_is_not_taken_for_an_anchor() {
    let f = fixture();
    let backups = store::backup_dir(&f.path);
    let conn = store::open(&f.path).unwrap();
    backup::daily(&conn, &backups, today()).unwrap();
    drop(conn);
    let mut conn = store::open(&f.path).unwrap();
    create(&mut conn, &held());
    backup::save_copy(
        &conn,
        &backups.join(format!("{}20260615-093000.sqlite3", backup::DAMAGED_PREFIX)),
    )
    .unwrap();
    drop(conn);
    std::fs::copy(backups.join("quotidienne-2026-06-15.sqlite3"), &f.path).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", f.path.display()));
    }
    let report = check::check(&f.path, None).unwrap();
    assert!(report.is_ok(), "{report:#?}");
}

/// A purge seals again the entries it redacts: over a journal already
/// broken it would bless the break, so it is refused and erases nothing.
#[test]
fn a_purge_over_a_broken_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite3");
    let mut conn = store::open(&path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    let mut org = crate::fund_fixtures::org_input("Amis du Panier", "association");
    org.contact_name = "Contact du Panier".into();
    org.contact_email = "contact@panier.example".into();
    plan_lcd::fund::create_organisation(&mut conn, &assistant(), now(), &org).unwrap();
    create(&mut conn, &held());
    conn.execute_batch(
        "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET hash = NULL WHERE id = 5;",
    )
    .unwrap();
    restore_journal_rule(&conn, JOURNAL_RULE);
    let when = chrono::NaiveDate::from_ymd_opt(2029, 7, 1).unwrap();
    let listed: Vec<_> = plan_lcd::privacy::purge_plan(&conn, when)
        .unwrap()
        .into_iter()
        .map(|i| i.key)
        .collect();
    assert!(!listed.is_empty());
    match plan_lcd::privacy::purge(&mut conn, &lead(), when, now(), &listed) {
        Err(Error::Refused(m)) => assert!(m.contains("rompu à l’entrée n° 5"), "{m}"),
        other => panic!("refused expected, got {other:?}"),
    }
    let email: String = conn
        .query_row("SELECT contact_email FROM fund_organisation", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(email, "contact@panier.example", "nothing erased");
}

/// The file is missing and the user chooses a new, empty base rather than a
/// copy: the new journal says so, and the anchors of the lost file are
/// explained, not reported as a file replaced by an older one.
#[test]
fn a_fresh_start_over_a_missing_file_explains_the_old_anchors() {
    let f = fixture();
    let conn = store::open(&f.path).unwrap();
    backup::daily(&conn, &store::backup_dir(&f.path), today()).unwrap();
    drop(conn);
    std::fs::remove_file(&f.path).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", f.path.display()));
    }
    backup::start_afresh(&f.path, Some(&f.anchors), now()).unwrap();
    let mut conn = store::open(&f.path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    drop(conn);
    let report = f.check();
    assert!(report.is_ok(), "{report:#?}");
    assert_eq!(
        report.notes.len(),
        2,
        "this PC's anchor and the copy: {:#?}",
        report.notes
    );
}
