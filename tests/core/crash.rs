//! Crash safety: a child process writes sessions through the core and is
//! killed with SIGKILL at random moments, 200 times. After each kill the file
//! passes SQLite's integrity check and the journal's, and holds every write
//! that had returned before the kill.
//!
//! The child is this same test binary, re-run on the `child_writer` test with
//! an environment variable naming the database.

use std::collections::hash_map::RandomState;
use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use plan_lcd::{store, territory, trainings};

use crate::util::{assistant, held, now, setup_input, today};

const CHILD_ENV: &str = "PLAN_LCD_CRASH_CHILD_DB";

/// In the child: writes sessions until killed, printing each id once its
/// write has returned. Run alone (no variable set), it does nothing.
#[test]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut conn = store::open(std::path::Path::new(&path)).expect("the child opens the file");
    loop {
        let s = trainings::create(&mut conn, &assistant(), today(), now(), &held())
            .expect("a valid write");
        println!("committed {}", s.id);
    }
}

fn random_below(n: u64) -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(n);
    h.finish() % n
}

/// The ids the child said were written: whole lines only, since the kill can
/// cut "committed 150" short; the test harness may print the test's name on
/// the same line first.
fn confirmed_ids(stdout: std::process::ChildStdout, tx: mpsc::Sender<i64>) {
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some((_, id)) = line
            .strip_suffix('\n')
            .and_then(|l| l.split_once("committed "))
        {
            if let Ok(id) = id.parse::<i64>() {
                let _ = tx.send(id);
            }
        }
        line.clear();
    }
}

#[test]
fn killing_the_writer_at_any_moment_loses_nothing_that_returned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    {
        let mut conn = store::open(&path).unwrap();
        territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    }
    // A copy of this binary, so that a rebuild while the test runs cannot pull it away.
    let exe = dir.path().join("child");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    let mut confirmed: BTreeSet<i64> = BTreeSet::new();
    let started = Instant::now();
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash::child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || confirmed_ids(stdout, tx));
        // Odd rounds: anywhere from before the file is open to into the
        // writes. Even rounds: once a write has returned, so that however
        // slow the machine, half the kills land among writes.
        let mut first = None;
        if round % 2 == 0 {
            first = rx.recv_timeout(Duration::from_secs(30)).ok();
            assert!(
                first.is_some(),
                "round {round}: the child wrote nothing in 30 s"
            );
        }
        std::thread::sleep(Duration::from_millis(random_below(120)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback.
        child.wait().unwrap();
        reader.join().unwrap();
        confirmed.extend(first);
        confirmed.extend(rx.try_iter());

        let report = store::check(&path).unwrap();
        assert_eq!(report.integrity, "ok", "round {round}: the file is sound");
        let journal = report.journal.as_ref().unwrap();
        assert!(
            journal.is_ok(),
            "round {round}: the journal is whole: {journal:?}"
        );

        let conn = rusqlite::Connection::open(&path).unwrap();
        let stored: BTreeSet<i64> = conn
            .prepare("SELECT id FROM training_session")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let lost: Vec<&i64> = confirmed.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "round {round}: writes that returned before a kill are lost: {lost:?}"
        );
        // Each kill may catch one write in flight: committed but never
        // confirmed (in WAL mode, seen once the next connection recovers the log).
        let unconfirmed = stored.difference(&confirmed).count();
        assert!(
            unconfirmed <= round + 1,
            "round {round}: {unconfirmed} writes appeared that were never made"
        );
    }
    assert!(
        confirmed.len() >= 100,
        "the children did write ({} sessions)",
        confirmed.len()
    );
    eprintln!(
        "200 kills in {:?}, {} writes confirmed and kept",
        started.elapsed(),
        confirmed.len()
    );
}

const UPGRADE_ENV: &str = "PLAN_LCD_CRASH_UPGRADE_DB";

/// In the child: says it starts, then opens (and so upgrades) the file.
#[test]
fn child_upgrader() {
    let Some(path) = std::env::var_os(UPGRADE_ENV) else {
        return;
    };
    println!("opening");
    store::open(std::path::Path::new(&path)).expect("the child upgrades the file");
    println!("upgraded");
}

/// A file of the first schema, from before the journal, with `sessions`
/// trainings: its upgrade journals every one of them.
fn first_schema_file(path: &std::path::Path, sessions: i64) {
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch(include_str!("../../migrations/0001_foundation.sql"))
        .unwrap();
    raw.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO unit VALUES (1, 'Mission', '200054807', 'Métropole', 2025, 0, '2025-01-01', 'A');
         INSERT INTO commune (insee, name, population, has_plcd, has_officer, updated_at, updated_by)
         VALUES ('13055', 'Marseille', 870000, 1, 0, '2025-01-01', 'A');",
    )
    .unwrap();
    raw.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO training_session (title, audience, format, first_day, last_day, hours_centi,
             commune_insee, status, created_at, created_by, updated_at, updated_by)
         SELECT 'Session ' || i, 'own_agents', 'in_person', '2025-03-10', '2025-03-10', 350,
             '13055', 'held', '2025-01-01', 'A', '2025-01-01', 'A' FROM n",
        [sessions],
    )
    .unwrap();
}

fn user_version(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// An upgrade from before the journal is whole or not at all: killed at
/// any step (the copy taken before it, the migrations, the first journal
/// entries, their sealing), it leaves the file at its old schema, untouched,
/// or upgraded with a clean `check`; and the next start finishes the work.
#[test]
fn killing_an_upgrade_at_any_step_leaves_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("v1.sqlite3");
    first_schema_file(&template, 3000);
    let path = dir.path().join("upgrade.sqlite3");
    // How long an upgrade takes here, so that the kills spread over it.
    std::fs::copy(&template, &path).unwrap();
    let started = Instant::now();
    drop(store::open(&path).unwrap());
    let upgrade_ms = started.elapsed().as_millis() as u64;
    assert!(store::check(&path).unwrap().is_ok());

    let exe = dir.path().join("child");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    let (mut untouched, mut upgraded) = (0, 0);
    let rounds = 40;
    for round in 0..rounds {
        std::fs::remove_file(&path).unwrap();
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("upgrade.sqlite3{side}")));
        }
        std::fs::copy(&template, &path).unwrap();
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash::child_upgrader",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(UPGRADE_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while stdout.read_line(&mut line).unwrap_or(0) > 0 && !line.contains("opening") {
            line.clear();
        }
        // From the first step of the upgrade to a little past its end.
        std::thread::sleep(Duration::from_millis(random_below(upgrade_ms * 5 / 4 + 1)));
        child.kill().unwrap();
        child.wait().unwrap();

        let version = user_version(&path);
        if version == 1 {
            untouched += 1;
            let conn = rusqlite::Connection::open(&path).unwrap();
            let journal: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_entry'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(journal, 0, "round {round}: nothing half-done");
        } else {
            upgraded += 1;
            assert_eq!(version, store::schema_version(), "round {round}");
            let report = store::check(&path).unwrap();
            assert!(
                report.is_ok(),
                "round {round}: killed after the upgrade: {report:?}"
            );
        }
        // The next start finishes the upgrade; every record has its entry.
        drop(store::open(&path).unwrap());
        let report = store::check(&path).unwrap();
        assert!(
            report.is_ok(),
            "round {round}: after the next start: {report:?}"
        );
        let conn = rusqlite::Connection::open(&path).unwrap();
        let journaled: i64 = conn
            .query_row(
                "SELECT count(DISTINCT row_id) FROM audit_entry WHERE table_name = 'training_session'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            journaled, 3000,
            "round {round}: every session journaled once"
        );
    }
    assert!(untouched > 0, "some kills landed during the upgrade");
    eprintln!(
        "{rounds} kills over an upgrade of {upgrade_ms} ms: {untouched} left the file untouched, \
         {upgraded} after it committed; check clean after each"
    );
}
