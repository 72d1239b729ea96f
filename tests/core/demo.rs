//! The demo year: realistic, valid, and never mixed into a real database.

use plan_lcd::trainings::{self, TrainingStatus};
use plan_lcd::{demo, store, territory, Error};

use crate::util::{amp_db, now, today};

#[test]
fn the_demo_year_is_loaded_through_validation_into_an_empty_database() {
    let mut conn = store::open_in_memory().unwrap();
    let n = demo::load(&mut conn, today(), now()).unwrap();
    assert!(n >= 10, "a living year, not a token row");
    let unit = territory::unit(&conn).unwrap().unwrap();
    assert!(unit.is_demo, "a demo database says so");
    let sessions = trainings::all_of_year(&conn, 2026).unwrap();
    assert_eq!(sessions.len(), n);
    let trainers: std::collections::BTreeSet<&str> =
        sessions.iter().map(|t| t.trainer.as_str()).collect();
    assert_eq!(
        trainers.into_iter().collect::<Vec<_>>(),
        ["CNFPT", "Défenseur des droits", "IRDSU"]
    );
    assert!(sessions.iter().any(|t| t.status == TrainingStatus::Held));
    assert!(sessions
        .iter()
        .any(|t| t.status == TrainingStatus::Cancelled));
    assert!(sessions
        .iter()
        .all(|t| t.status != TrainingStatus::Held || t.first_day.as_str() <= "2026-06-15"));
    let stats = trainings::stats(&conn, 2026).unwrap();
    assert!(
        stats.participants > 50 && stats.communes_reached >= 4,
        "{stats:?}"
    );
}

#[test]
fn the_demo_refuses_a_database_already_set_up() {
    let mut conn = amp_db();
    assert!(matches!(
        demo::load(&mut conn, today(), now()),
        Err(Error::Refused(_))
    ));
    assert_eq!(
        crate::util::count_sessions(&conn),
        0,
        "nothing was mixed in"
    );
}
