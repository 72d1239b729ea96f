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
