//! Backups: one copy a day in rotation, copies checked before a restore, and
//! a restore that brings the data back as it was.

use chrono::{Duration, NaiveDate};
use plan_lcd::{backup, store, territory, trainings, Error};

use crate::util::{create, held, lead, now, setup_input, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn file_db(dir: &std::path::Path) -> (std::path::PathBuf, rusqlite::Connection) {
    let path = dir.join("plan.sqlite3");
    let mut conn = store::open(&path).unwrap();
    territory::setup(&mut conn, &setup_input(), today(), now()).unwrap();
    (path, conn)
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    n.sort();
    n
}

#[test]
fn one_copy_a_day_at_most() {
    let dir = tempfile::tempdir().unwrap();
    let (_, conn) = file_db(dir.path());
    let backups = dir.path().join("backups");
    assert!(backup::daily(&conn, &backups, today()).unwrap().is_some());
    assert!(
        backup::daily(&conn, &backups, today()).unwrap().is_none(),
        "a second start the same day takes no copy"
    );
    assert_eq!(names(&backups), ["quotidienne-2026-06-15.sqlite3"]);
    backup::check_copy(&backups.join("quotidienne-2026-06-15.sqlite3")).unwrap();
}

/// The day's copy is taken beside the window, from a read-only connection
/// of its own: a copy cut short (the app closed halfway) leaves a
/// `.partial` file, never the day's name, so the next start takes it again
/// and whole.
#[test]
fn a_copy_cut_short_is_not_the_days_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _conn) = file_db(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(
        backups.join("quotidienne-2026-06-15.partial"),
        b"SQLite format 3\0 cut",
    )
    .unwrap();
    std::fs::write(backups.join("quotidienne-2026-05-02.partial"), b"cut").unwrap();
    let reader = store::open_read_only(&path).unwrap();
    let taken = backup::daily(&reader, &backups, today()).unwrap();
    assert_eq!(taken, Some(backups.join("quotidienne-2026-06-15.sqlite3")));
    backup::check_copy(&backups.join("quotidienne-2026-06-15.sqlite3")).unwrap();
    assert_eq!(names(&backups), ["quotidienne-2026-06-15.sqlite3"]);
}

#[test]
fn rotation_keeps_14_daily_and_12_monthly_copies() {
    let dir = tempfile::tempdir().unwrap();
    // A copy every day for two years, and a file that is not a daily copy.
    let first = day(2024, 6, 16);
    for i in 0..730 {
        let d = first + Duration::days(i);
        std::fs::write(
            dir.path()
                .join(format!("quotidienne-{}.sqlite3", d.format("%Y-%m-%d"))),
            b"x",
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("plan-avant-migration-v1-20250101.sqlite3"),
        b"x",
    )
    .unwrap();
    backup::rotate(dir.path()).unwrap();
    let kept = names(dir.path());
    assert_eq!(kept.len(), 14 + 12 + 1);
    assert!(
        kept.contains(&"plan-avant-migration-v1-20250101.sqlite3".to_string()),
        "other files are left alone"
    );
    // The newest is 15/06/2026: the 14 daily copies run from 02/06 to 15/06.
    assert!(kept.contains(&"quotidienne-2026-06-02.sqlite3".to_string()));
    // Monthly: the newest of June's older days (01/06), then the last day of each earlier month.
    assert!(kept.contains(&"quotidienne-2026-06-01.sqlite3".to_string()));
    assert!(kept.contains(&"quotidienne-2026-05-31.sqlite3".to_string()));
    assert!(
        kept.contains(&"quotidienne-2025-07-31.sqlite3".to_string()),
        "the 12th month back"
    );
    assert!(
        !kept.contains(&"quotidienne-2025-06-30.sqlite3".to_string()),
        "the 13th month back is gone"
    );
    backup::rotate(dir.path()).unwrap();
    assert_eq!(
        names(dir.path()),
        kept,
        "rotating again removes nothing more"
    );
}

#[test]
fn a_restore_brings_back_the_data_as_it_was_and_keeps_the_current_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut conn) = file_db(dir.path());
    create(&mut conn, &held());
    let copy = dir.path().join("copie.sqlite3");
    backup::save_copy(&conn, &copy).unwrap();
    // After the copy, a second session is added: the restore must remove it.
    create(&mut conn, &held());
    assert_eq!(crate::util::count_sessions(&conn), 2);
    drop(conn);

    let kept = backup::restore(&path, &copy, &dir.path().join("backups"), &lead(), now()).unwrap();
    let conn = store::open(&path).unwrap();
    assert_eq!(
        crate::util::count_sessions(&conn),
        1,
        "the data is what it was when copied"
    );
    assert_eq!(
        trainings::get(&conn, 1).unwrap().title,
        "Droit de la non-discrimination"
    );
    let before = rusqlite::Connection::open(&kept).unwrap();
    let n: i64 = before
        .query_row("SELECT count(*) FROM training_session", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "the file as it was before the restore is kept");
    drop(conn);
    assert!(
        store::check(&path).unwrap().is_ok(),
        "the restored file passes the check, journal included"
    );
}

#[test]
fn a_copy_is_checked_before_it_replaces_anything() {
    let dir = tempfile::tempdir().unwrap();
    let (path, conn) = file_db(dir.path());
    drop(conn);
    let before = std::fs::read(&path).unwrap();

    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all, just text").unwrap();
    let empty = dir.path().join("empty.sqlite3");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("CREATE TABLE x (a); PRAGMA user_version = 1;")
        .unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&path, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();

    for (copy, why) in [
        (&garbage, "ne s’ouvre pas|pas une base"),
        (&empty, "pas une base"),
        (&newer, "plus récente"),
    ] {
        match backup::restore(&path, copy, &dir.path().join("backups"), &lead(), now()) {
            Err(Error::Refused(msg)) => {
                assert!(why.split('|').any(|w| msg.contains(w)), "{msg}");
            }
            other => panic!("{} must be refused, got {other:?}", copy.display()),
        }
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a refused restore changes nothing"
    );
}

#[test]
fn recovery_finds_the_newest_good_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (_, conn) = file_db(dir.path());
    let backups = dir.path().join("backups");
    backup::daily(&conn, &backups, day(2026, 6, 10)).unwrap();
    backup::daily(&conn, &backups, day(2026, 6, 12)).unwrap();
    // The newest copy is damaged: recovery skips it.
    std::fs::write(backups.join("quotidienne-2026-06-14.sqlite3"), b"damaged").unwrap();
    let (d, _) = backup::newest_good(&backups).unwrap();
    assert_eq!(d, day(2026, 6, 12));
}

#[test]
fn a_damaged_database_is_moved_aside_and_replaced_by_the_newest_good_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut conn) = file_db(dir.path());
    create(&mut conn, &held());
    let backups = dir.path().join("backups");
    backup::daily(&conn, &backups, today()).unwrap();
    drop(conn);
    // Damage the file: overwrite its pages with noise past the header.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    assert!(!backup::is_sound(&path));

    assert_eq!(
        backup::recover(&path, &backups, None, now()).unwrap(),
        today()
    );
    assert!(backup::is_sound(&path));
    let conn = store::open(&path).unwrap();
    assert_eq!(crate::util::count_sessions(&conn), 1);
    assert!(
        names(&backups).iter().any(|n| n.starts_with("endommagee-")),
        "the damaged file is kept aside"
    );
}
