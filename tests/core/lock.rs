//! One writer at a time: the lock file, read-only opening, stale locks, the
//! journal mode by location, and two real processes on one file.
//!
//! The second process is this same test binary, re-run on the
//! `second_app` test with an environment variable naming the database.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use plan_lcd::lock::{self, Acquired, LockHolder};
use plan_lcd::{store, territory, trainings, Error};

use crate::util::{assistant, held, now, setup_input, today};

const SECOND_ENV: &str = "PLAN_LCD_SECOND_APP_DB";

fn write_lock(db: &Path, holder: &LockHolder) {
    std::fs::write(lock::lock_path(db), serde_json::to_vec(holder).unwrap()).unwrap();
}

fn other(host: &str, pid: u32) -> LockHolder {
    LockHolder {
        name: "Karim Haddad".into(),
        host: host.into(),
        pid,
        since: "2026-11-23T08:15:00Z".into(),
    }
}

fn set_age(db: &Path, age: Duration) {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(lock::lock_path(db))
        .unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

/// A process that surely does not run: above Linux's largest pid.
const GONE: u32 = 4_194_304 + 17;

#[test]
fn the_first_app_takes_the_lock_and_gives_it_back_when_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a free database is locked for the first app");
    };
    let written = lock::holder(&db)
        .unwrap()
        .expect("the lock file says who holds it");
    assert_eq!(written.holder.name, "Nadia Benali");
    assert_eq!(written.holder.host, lock::host_name());
    assert!(!written.stale);
    assert!(
        guard.refresh().unwrap(),
        "the holder refreshes its own lock"
    );
    drop(guard);
    assert!(!lock::lock_path(&db).exists(), "closing removes the lock");
    assert!(lock::holder(&db).unwrap().is_none());
}

#[test]
fn a_live_lock_of_another_app_is_reported_with_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    // Process 1 always runs: another app on this very PC.
    write_lock(&db, &other(&lock::host_name(), 1));
    match lock::acquire(&db, "Nadia Benali", now()).unwrap() {
        Acquired::Held(held) => {
            assert_eq!(held.holder.name, "Karim Haddad");
            assert_eq!(held.holder.since, "2026-11-23T08:15:00Z");
            assert!(!held.stale);
        }
        Acquired::Mine(_) => panic!("a held database is not taken"),
    }
    // Another PC, refreshed a minute ago: alive as far as anyone can tell.
    write_lock(&db, &other("PC-ACCUEIL", GONE));
    set_age(&db, Duration::from_secs(60));
    let Acquired::Held(held) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a lock from another PC is respected");
    };
    assert!(!held.stale, "a pid means nothing on another PC");
    let err = lock::take_over(&db, "Nadia Benali", now()).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("Karim Haddad utilise encore cette base (poste PC-ACCUEIL)")),
        "{err:?}"
    );
    assert_eq!(
        lock::holder(&db).unwrap().unwrap().holder.name,
        "Karim Haddad"
    );
}

#[test]
fn a_crashed_app_s_lock_is_taken_back_here_and_taken_over_with_confirmation_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    // This PC, a process that is gone: certainly a crash, taken back at once
    // and said so.
    write_lock(&db, &other(&lock::host_name(), GONE));
    assert!(lock::holder(&db).unwrap().unwrap().stale);
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a lock of a dead process of this PC is taken back");
    };
    assert_eq!(guard.replaced.as_ref().unwrap().name, "Karim Haddad");
    assert_eq!(
        lock::holder(&db).unwrap().unwrap().holder.name,
        "Nadia Benali"
    );
    drop(guard);

    // Another PC: only the age tells, and the user confirms the take-over.
    // Another PC, not refreshed for longer than the limit, and just under it.
    write_lock(&db, &other("PC-ACCUEIL", 42));
    set_age(&db, lock::STALE_AFTER - Duration::from_secs(30));
    assert!(!lock::holder(&db).unwrap().unwrap().stale);
    set_age(&db, lock::STALE_AFTER + Duration::from_secs(30));
    assert!(lock::holder(&db).unwrap().unwrap().stale);

    let Acquired::Held(held) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("an abandoned lock of another PC is reported, not silently taken");
    };
    assert!(held.stale);
    let guard = lock::take_over(&db, "Nadia Benali", now()).unwrap();
    assert_eq!(guard.replaced.as_ref().unwrap().host, "PC-ACCUEIL");
    let now_held = lock::holder(&db).unwrap().unwrap();
    assert_eq!(now_held.holder.name, "Nadia Benali");
    assert!(!now_held.stale);
    drop(guard);
    assert!(!lock::lock_path(&db).exists());
}

#[test]
fn a_guard_whose_lock_was_taken_over_leaves_the_new_lock_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    let Acquired::Mine(first) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!();
    };
    // Someone else takes it over (the first app looked dead from their PC).
    write_lock(&db, &other("PC-ACCUEIL", 42));
    assert!(
        !first.refresh().unwrap(),
        "the first app learns it lost the lock"
    );
    drop(first);
    assert_eq!(
        lock::holder(&db).unwrap().unwrap().holder.name,
        "Karim Haddad",
        "closing the first app does not remove the other's lock"
    );

    // Taken over, then released by the other: the first app's refresh does
    // not bring its lock back.
    std::fs::remove_file(lock::lock_path(&db)).unwrap();
    let Acquired::Mine(first) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("the first app takes the lock again");
    };
    std::fs::remove_file(lock::lock_path(&db)).unwrap();
    assert!(!first.refresh().unwrap());
    assert!(
        !lock::lock_path(&db).exists(),
        "a refresh never creates the lock again"
    );
}

#[test]
fn a_damaged_lock_file_is_waited_for_then_taken_back_never_removed_on_sight() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    // Just written: perhaps an app creating it that has not written it yet.
    std::fs::write(lock::lock_path(&db), b"{\"name\": \"Kar").unwrap();
    let Acquired::Held(held) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a lock that may be being written is not removed");
    };
    assert_eq!(lock::display_name(&held.holder), "Une autre personne");
    assert_eq!(held.holder.host, "inconnu");
    assert!(!held.stale);
    assert_eq!(
        std::fs::read(lock::lock_path(&db)).unwrap(),
        b"{\"name\": \"Kar",
        "the unreadable lock is left as it was"
    );

    // Left long ago (an older app refused on a full disk): taken back.
    set_age(&db, lock::UNREADABLE_GRACE + Duration::from_secs(5));
    assert!(lock::holder(&db).unwrap().unwrap().stale);
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("an old unreadable lock does not block the database");
    };
    assert!(guard.replaced.is_none(), "nobody is known to have held it");
    assert_eq!(
        lock::holder(&db).unwrap().unwrap().holder.name,
        "Nadia Benali"
    );
    drop(guard);
    assert_eq!(files(dir.path()), Vec::<String>::new(), "nothing is left");
}

#[test]
fn a_claim_is_honoured_while_young_and_removed_when_left_by_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    let mut claim = lock::lock_path(&db).into_os_string();
    claim.push(".claim");
    write_lock(&db, &other(&lock::host_name(), GONE));
    // Another app is taking the crashed app's lock back: this one waits,
    // then reports the lock as it is, without touching it.
    std::fs::write(&claim, b"PC-ACCUEIL 1-0").unwrap();
    let Acquired::Held(held) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a lock under another taker's claim is not replaced");
    };
    assert_eq!(held.holder.name, "Karim Haddad");
    assert!(held.stale);
    assert!(Path::new(&claim).exists());

    // That app stopped mid-way: its claim no longer blocks anyone.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&claim)
        .unwrap();
    file.set_modified(SystemTime::now() - lock::CLAIM_STALE - Duration::from_secs(5))
        .unwrap();
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("a claim left by a crash is removed");
    };
    assert_eq!(guard.replaced.as_ref().unwrap().name, "Karim Haddad");
    drop(guard);
    assert_eq!(files(dir.path()), Vec::<String>::new(), "nothing is left");
}

/// The files in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_read_only_database_reads_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    {
        let mut conn = store::open(&db).unwrap();
        territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
        trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    }
    let mut ro = store::open_read_only(&db).unwrap();
    assert!(store::is_read_only(&ro));
    assert_eq!(count(&ro), 1);
    let err = trainings::create(&mut ro, &assistant(), today(), now(), &held()).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m == store::READ_ONLY),
        "{err:?}"
    );
    assert_eq!(count(&ro), 1);
    let rw = store::open(&db).unwrap();
    assert!(!store::is_read_only(&rw));
}

/// A write-protected file (or folder) opens read-only while this very app
/// holds the lock: the status says why, and never names the user themself
/// as "another person" holding the file.
#[test]
fn a_write_protected_file_is_read_only_without_naming_oneself_as_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    {
        let mut conn = store::open(&db).unwrap();
        territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    }
    let Acquired::Mine(_guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("the lock is free");
    };
    // A read-only opening with no one else holding the file and nothing
    // protected: the holder has just closed, no reason to give.
    let ro = store::open_read_only(&db).unwrap();
    let status = plan_lcd::status::status(&ro, &db, today()).unwrap();
    assert_eq!(
        (status.held_by.clone(), status.read_only_reason.clone()),
        (None, None)
    );
    // As SQLite opens a file the system will not let it write.
    let mut protected = std::fs::metadata(&db).unwrap().permissions();
    protected.set_readonly(true);
    std::fs::set_permissions(&db, protected).unwrap();
    let status = plan_lcd::status::status(&ro, &db, today()).unwrap();
    assert!(status.read_only);
    assert_eq!(status.held_by, None, "this app is not another person");
    assert!(
        status
            .read_only_reason
            .as_deref()
            .is_some_and(|r| r.contains("protégé en écriture")),
        "{status:?}"
    );

    // Held by another app: named, and no other reason given.
    drop(_guard);
    write_lock(&db, &other("PC-ACCUEIL", 1));
    let status = plan_lcd::status::status(&ro, &db, today()).unwrap();
    assert_eq!(status.held_by.unwrap().holder.name, "Karim Haddad");
    assert_eq!(status.read_only_reason, None);
}

#[test]
fn a_read_only_opening_refuses_a_file_of_another_schema_and_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ancien.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 1;")
            .unwrap();
    }
    let err = store::open_read_only(&db).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("schéma 1")),
        "{err:?}"
    );
    let err = store::open_read_only(&dir.path().join("absent.sqlite3")).unwrap_err();
    assert!(
        matches!(&err, Error::Refused(m) if m.contains("n’existe pas")),
        "{err:?}"
    );
}

#[test]
fn the_journal_mode_suits_the_file_location() {
    let mounts = "\
/dev/sda1 / ext4 rw,relatime 0 0
//nas/partage /mnt/partage cifs rw,relatime 0 0
nas:/export /srv/commun nfs4 rw 0 0
/dev/sdb1 /srv/commun/local ext4 rw 0 0
/dev/sdc1 /media/cl\\040USB vfat rw 0 0
";
    let net = |p: &str| store::network_mount_for(Path::new(p), mounts);
    assert!(net("/mnt/partage/lcd/plan.sqlite3"));
    assert!(net("/srv/commun/plan.sqlite3"));
    assert!(
        !net("/srv/commun/local/plan.sqlite3"),
        "the deepest mount decides"
    );
    assert!(!net("/home/nadia/plan.sqlite3"));
    assert!(!net("/media/cl USB/plan.sqlite3"));
    assert!(
        !net("/mnt/partage-bis/plan.sqlite3"),
        "a mount is matched by whole folders"
    );

    // A local file is in WAL mode.
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(&dir.path().join("plan.sqlite3")).unwrap();
    assert_eq!(store::journal_mode(&conn).unwrap(), "wal");
}

fn count(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM training_session", [], |r| r.get(0))
        .unwrap()
}

/// In the second process: tries to take the lock, then, as the app does when
/// it is held, opens the file read-only and tries to write while reading.
#[test]
fn second_app() {
    let Some(path) = std::env::var_os(SECOND_ENV) else {
        return;
    };
    let db = Path::new(&path);
    match lock::acquire(db, "Karim Haddad", now()).unwrap() {
        Acquired::Mine(_) => println!("lock mine"),
        Acquired::Held(by) => {
            println!("lock held by {} stale={}", by.holder.name, by.stale);
            let mut conn = store::open_read_only(db).unwrap();
            let mut last = 0;
            for _ in 0..40 {
                match trainings::create(&mut conn, &assistant(), today(), now(), &held()) {
                    Ok(s) => println!("written {}", s.id),
                    Err(Error::Refused(m)) if m == store::READ_ONLY => println!("refused"),
                    Err(e) => println!("error {e:?}"),
                }
                let n = count(&conn);
                assert!(n >= last, "what the reader sees only grows");
                last = n;
                std::thread::sleep(Duration::from_millis(5));
            }
            println!("seen {last}");
        }
    }
}

#[test]
fn two_processes_on_one_file_the_second_reads_only_and_nothing_is_lost_or_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("commun.sqlite3");
    let mut conn = store::open(&db).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("the first app takes the lock");
    };
    let exe = dir.path().join("second");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    let second = || {
        Command::new(&exe)
            .args([
                "--exact",
                "lock::second_app",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SECOND_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // Both work at once: the first writes, the second tries to.
    let mut child = second();
    let mut written = 0;
    for _ in 0..60 {
        trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
        written += 1;
    }
    let mut lines = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        lines.push(line.unwrap());
    }
    assert!(child.wait().unwrap().success(), "{lines:?}");
    let said = |p: &str| lines.iter().filter(|l| l.contains(p)).count();
    assert_eq!(
        said("lock held by Nadia Benali stale=false"),
        1,
        "{lines:?}"
    );
    assert_eq!(
        said("refused"),
        40,
        "every write of the second app is refused: {lines:?}"
    );
    assert_eq!(said("written"), 0, "{lines:?}");
    assert_eq!(said("error"), 0, "{lines:?}");
    assert_eq!(
        count(&conn),
        written,
        "every write of the first app is there, once"
    );
    let report = store::check(&db).unwrap();
    assert!(report.is_ok(), "{report:?}");

    // The first app closes: the second can now take the lock.
    drop(guard);
    let out = second().wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("lock mine"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_exited_app_not_yet_reaped_counts_as_stopped() {
    // A child that exits and is not waited for stays a zombie: its /proc
    // entry remains, but it holds nothing.
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        Path::new(&format!("/proc/{pid}")).exists(),
        "a zombie, not yet reaped"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite3");
    write_lock(&db, &other(&lock::host_name(), pid));
    assert!(lock::holder(&db).unwrap().unwrap().stale);
    let Acquired::Mine(guard) = lock::acquire(&db, "Nadia Benali", now()).unwrap() else {
        panic!("the lock of an exited app is taken back");
    };
    assert_eq!(guard.replaced.as_ref().unwrap().name, "Karim Haddad");
    child.wait().unwrap();
}

const RACE_ENV: &str = "PLAN_LCD_LOCK_RACE";
const RACE_ROUNDS: usize = 400;
const RACE_TAKERS: usize = 4;
/// Time between two rounds; every taker starts a round at the same instant.
const RACE_PERIOD: Duration = Duration::from_millis(20);

/// What each round of the race starts from, by round number.
#[derive(Clone, Copy, Debug)]
enum Start {
    Free,
    /// An empty lock left long ago by an older app (refused on a full disk).
    EmptyLeftover,
    /// The lock of a crashed app of this PC.
    DeadHere,
    /// An abandoned lock of another PC, which every taker takes over.
    AbandonedElsewhere,
}

fn start_of(round: usize) -> Start {
    [
        Start::Free,
        Start::EmptyLeftover,
        Start::DeadHere,
        Start::AbandonedElsewhere,
    ][round % 4]
}

fn race_db(dir: &Path, round: usize) -> std::path::PathBuf {
    dir.join(format!("round-{round}")).join("plan.sqlite3")
}

/// In each taker of the race: for every round, waits for its instant, tries
/// to take the lock and says whether it got it. Keeps what it took until
/// the end, so that a slow taker of a round meets the winner's lock.
#[test]
fn race_taker() {
    let Ok(spec) = std::env::var(RACE_ENV) else {
        return;
    };
    let [dir, first, me]: [&str; 3] = spec.split('|').collect::<Vec<_>>().try_into().unwrap();
    let first = std::time::UNIX_EPOCH + Duration::from_millis(first.parse().unwrap());
    let name = format!("Preneur {me}");
    let mut kept = Vec::new();
    for round in 0..RACE_ROUNDS {
        let at = first + RACE_PERIOD * round as u32;
        if let Ok(wait) = at.duration_since(SystemTime::now()) {
            std::thread::sleep(wait.saturating_sub(Duration::from_millis(2)));
        }
        while SystemTime::now() < at {
            std::hint::spin_loop();
        }
        let db = race_db(Path::new(dir), round);
        let outcome = match start_of(round) {
            Start::AbandonedElsewhere => lock::take_over(&db, &name, now()).map(Acquired::Mine),
            _ => lock::acquire(&db, &name, now()),
        };
        match outcome {
            Ok(Acquired::Mine(guard)) => {
                println!("round {round} mine {name}");
                kept.push(guard);
            }
            Ok(Acquired::Held(by)) => println!("round {round} held by {}", by.holder.name),
            Err(Error::Refused(m)) => println!("round {round} refused {m}"),
            Err(e) => println!("round {round} error {e:?}"),
        }
    }
}

#[test]
fn takers_starting_in_the_same_instant_make_exactly_one_owner() {
    let began = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    for round in 0..RACE_ROUNDS {
        let db = race_db(dir.path(), round);
        std::fs::create_dir(db.parent().unwrap()).unwrap();
        match start_of(round) {
            Start::Free => {}
            Start::EmptyLeftover => {
                std::fs::write(lock::lock_path(&db), b"").unwrap();
                set_age(&db, Duration::from_secs(60));
            }
            Start::DeadHere => write_lock(&db, &other(&lock::host_name(), GONE)),
            Start::AbandonedElsewhere => {
                write_lock(&db, &other("PC-ACCUEIL", 42));
                set_age(&db, lock::STALE_AFTER + Duration::from_secs(60));
            }
        }
    }
    let exe = dir.path().join("taker");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    // Time for every taker to start before the first round.
    let first = SystemTime::now() + Duration::from_secs(3);
    let first_ms = first
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let takers: Vec<_> = (0..RACE_TAKERS)
        .map(|me| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "lock::race_taker",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(
                    RACE_ENV,
                    format!("{}|{first_ms}|{me}", dir.path().display()),
                )
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut said = vec![Vec::new(); RACE_ROUNDS];
    for taker in takers {
        let out = taker.wait_with_output().unwrap();
        assert!(out.status.success(), "a taker failed");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            // The first line follows the harness's "test lock::race_taker ... ".
            if let Some((_, rest)) = line.split_once("round ") {
                let (round, outcome) = rest.split_once(' ').unwrap();
                said[round.parse::<usize>().unwrap()].push(outcome.to_string());
            }
        }
    }
    // Every round is checked, and every fault listed, to see how often the
    // lock fails when it does.
    let mut faults = Vec::new();
    for (round, outcomes) in said.iter().enumerate() {
        let start = start_of(round);
        let winners: Vec<&str> = outcomes
            .iter()
            .filter_map(|o| o.strip_prefix("mine "))
            .collect();
        let [winner] = winners[..] else {
            faults.push(format!(
                "round {round} ({start:?}): {} owners: {outcomes:?}",
                winners.len()
            ));
            continue;
        };
        // Every other taker names the winner: none names the stale holder,
        // none fails.
        let named = |o: &String| {
            o.strip_prefix("held by ") == Some(winner)
                || o.strip_prefix("refused ")
                    .is_some_and(|m| m.starts_with(&format!("{winner} utilise encore")))
        };
        if outcomes.len() != RACE_TAKERS
            || outcomes
                .iter()
                .any(|o| !o.starts_with("mine ") && !named(o))
        {
            faults.push(format!(
                "round {round} ({start:?}): the losers do not name the winner: {outcomes:?}"
            ));
        }
        let left = files(race_db(dir.path(), round).parent().unwrap());
        if !left.is_empty() {
            faults.push(format!("round {round} ({start:?}): left behind {left:?}"));
        }
    }
    assert!(
        faults.is_empty(),
        "exactly one owner in every round, losers naming it, nothing left once all closed; \
         {} faults in {RACE_ROUNDS} rounds, of which {} rounds without exactly one owner; the first:\n{}",
        faults.len(),
        faults.iter().filter(|f| f.contains(" owners: ")).count(),
        faults[..faults.len().min(12)].join("\n")
    );
    println!(
        "{RACE_ROUNDS} rounds of {RACE_TAKERS} processes: one owner in each, in {:.1?}",
        began.elapsed()
    );
}

/// In a process that may not write a single byte to a file (as on a full
/// disk): tries to take the lock of each database named.
#[test]
fn full_disk_taker() {
    let Ok(dbs) = std::env::var(FULL_DISK_ENV) else {
        return;
    };
    for db in dbs.split('|') {
        match lock::acquire(Path::new(db), "Nadia Benali", now()) {
            Ok(Acquired::Mine(_)) => println!("mine"),
            Ok(Acquired::Held(_)) => println!("held"),
            Err(e) => println!("error {e:?}"),
        }
    }
}

const FULL_DISK_ENV: &str = "PLAN_LCD_FULL_DISK_DBS";

#[cfg(unix)]
#[test]
fn a_lock_that_cannot_be_written_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let free = dir.path().join("libre").join("plan.sqlite3");
    let dead = dir.path().join("plantee").join("plan.sqlite3");
    std::fs::create_dir(free.parent().unwrap()).unwrap();
    std::fs::create_dir(dead.parent().unwrap()).unwrap();
    write_lock(&dead, &other(&lock::host_name(), GONE));
    let before = std::fs::read(lock::lock_path(&dead)).unwrap();
    let exe = dir.path().join("taker");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    // A file size limit of zero fails every write to a file, even as root;
    // the signal it raises is ignored so that the write returns the error.
    let out = Command::new("sh")
        .args([
            "-c",
            "ulimit -f 0; trap '' XFSZ; exec \"$0\" \"$@\"",
            exe.to_str().unwrap(),
            "--exact",
            "lock::full_disk_taker",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(
            FULL_DISK_ENV,
            format!("{}|{}", free.display(), dead.display()),
        )
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        said.matches("error Io").count(),
        2,
        "both takers report the failure: {said}"
    );
    assert_eq!(
        files(free.parent().unwrap()),
        Vec::<String>::new(),
        "no empty lock, no temporary file: {said}"
    );
    assert_eq!(
        files(dead.parent().unwrap()),
        vec!["plan.sqlite3.lock".to_string()],
        "only the crashed app's lock: {said}"
    );
    assert_eq!(
        std::fs::read(lock::lock_path(&dead)).unwrap(),
        before,
        "the crashed app's lock is left as it was: {said}"
    );
}
