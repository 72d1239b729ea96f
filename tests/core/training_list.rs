//! The list: one year, filtered, sorted and paged in SQL, with totals over
//! everything the filters match.

use plan_lcd::trainings::{
    self, Audience, TrainingInput, TrainingQuery, TrainingSort, TrainingStatus,
};

use crate::util::{amp_db, create, held};

/// Twelve held sessions in 2026, one a month from January, alternating
/// audiences and communes, each with `month` women present.
fn year_of_sessions() -> rusqlite::Connection {
    let mut conn = amp_db();
    for month in 1..=5 {
        let (audience, commune, trainer) = if month % 2 == 0 {
            ("own_managers", "13001", "CNFPT")
        } else {
            ("own_agents", "13055", "IRDSU")
        };
        create(
            &mut conn,
            &TrainingInput {
                title: format!("Session {month:02}"),
                audience: audience.into(),
                trainer: trainer.into(),
                commune_insee: commune.into(),
                first_day: format!("05/{month:02}/2026"),
                last_day: String::new(),
                attended_women: month.to_string(),
                attended_men: "0".into(),
                attended_unstated: "0".into(),
                actual_cost: "100".into(),
                ..held()
            },
        );
    }
    create(
        &mut conn,
        &TrainingInput {
            title: "Hors année".into(),
            first_day: "05/12/2025".into(),
            last_day: String::new(),
            ..held()
        },
    );
    conn
}

#[test]
fn a_year_is_paged_with_totals_over_every_page() {
    let conn = year_of_sessions();
    let page = trainings::list(
        &conn,
        &TrainingQuery {
            page_size: 2,
            ..TrainingQuery::year(2026)
        },
    )
    .unwrap();
    assert_eq!(page.page_count, 3, "5 sessions in pages of 2");
    assert_eq!(page.items.len(), 2);
    assert_eq!(
        page.items[0].title, "Session 01",
        "sorted by first day by default"
    );
    assert_eq!(
        page.totals.sessions, 5,
        "the session from 2025 is not in 2026"
    );
    assert_eq!(page.totals.attended_women, 1 + 2 + 3 + 4 + 5);
    assert_eq!(page.totals.actual_cost_cents, 50_000);
    assert_eq!(page.totals.hours_centi, 3_500);

    let last = trainings::list(
        &conn,
        &TrainingQuery {
            page: 3,
            page_size: 2,
            ..TrainingQuery::year(2026)
        },
    )
    .unwrap();
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.items[0].title, "Session 05");
    let beyond = trainings::list(
        &conn,
        &TrainingQuery {
            page: 9,
            page_size: 2,
            ..TrainingQuery::year(2026)
        },
    )
    .unwrap();
    assert_eq!(beyond.page, 3, "a page past the end shows the last one");
}

#[test]
fn filters_narrow_the_list_and_its_totals() {
    let conn = year_of_sessions();
    let q = TrainingQuery {
        audience: Some(Audience::OwnManagers),
        ..TrainingQuery::year(2026)
    };
    let page = trainings::list(&conn, &q).unwrap();
    let titles: Vec<&str> = page.items.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Session 02", "Session 04"]);
    assert_eq!(page.totals.attended_women, 6);

    let q = TrainingQuery {
        commune_insee: Some("13055".into()),
        ..TrainingQuery::year(2026)
    };
    assert_eq!(trainings::list(&conn, &q).unwrap().totals.sessions, 3);

    let q = TrainingQuery {
        status: Some(TrainingStatus::Planned),
        ..TrainingQuery::year(2026)
    };
    assert_eq!(trainings::list(&conn, &q).unwrap().totals.sessions, 0);

    let q = TrainingQuery {
        search: Some("cnfpt".into()),
        ..TrainingQuery::year(2026)
    };
    assert_eq!(
        trainings::list(&conn, &q).unwrap().totals.sessions,
        2,
        "search looks in the trainer, ignoring case"
    );
    let q = TrainingQuery {
        search: Some("session 03".into()),
        ..TrainingQuery::year(2026)
    };
    assert_eq!(
        trainings::list(&conn, &q).unwrap().items[0].title,
        "Session 03"
    );
    let q = TrainingQuery {
        search: Some("%".into()),
        ..TrainingQuery::year(2026)
    };
    assert_eq!(
        trainings::list(&conn, &q).unwrap().totals.sessions,
        0,
        "a % typed is looked for literally"
    );
}

#[test]
fn sorting_by_each_column_in_both_directions() {
    let conn = year_of_sessions();
    let titles = |sort, descending| -> Vec<String> {
        let q = TrainingQuery {
            sort,
            descending,
            ..TrainingQuery::year(2026)
        };
        trainings::list(&conn, &q)
            .unwrap()
            .items
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    assert_eq!(
        titles(TrainingSort::Attended, true)[0],
        "Session 05",
        "most attended first"
    );
    assert_eq!(titles(TrainingSort::FirstDay, true)[0], "Session 05");
    assert_eq!(titles(TrainingSort::Title, false)[0], "Session 01");
    assert_eq!(
        titles(TrainingSort::Commune, false)[0],
        "Session 02",
        "Aix-en-Provence before Marseille"
    );
    assert_eq!(
        titles(TrainingSort::Audience, true)[0],
        "Session 04",
        "own_managers after own_agents, ties by date"
    );
    for sort in [TrainingSort::Status, TrainingSort::ActualCost] {
        assert_eq!(titles(sort, false).len(), 5);
    }
}
