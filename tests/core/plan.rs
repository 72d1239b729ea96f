//! The plan's axes and actions: every validation rule with all field errors
//! at once, the schema refusing what slips through, the roll-ups of the
//! indicators (empty, zero target, over-achievement), the home dashboard and
//! the per-commune table on a hand-computed year (equal to the modules' own
//! figures), the bilan PDF read back with `pdftotext`, and the demo's plan.

use std::path::Path;
use std::process::Command;

use plan_lcd::budget::{self, BudgetInput, LineInput, LineKind, PositionInput};
use plan_lcd::events;
use plan_lcd::export::SheetFormat;
use plan_lcd::plan::{
    self, ActionInput, ActionStatus, AxisInput, LinkInput, LinkKind, PlanIndicatorInput,
};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::store;
use plan_lcd::{demo, fund, trainings, Error};
use rusqlite::Connection;

use crate::fund_fixtures::{app, fund_db, grant, org, pay, to_review};
use crate::util::{amp_db, assistant, held, lead, now, today};

fn manager() -> Actor {
    Actor {
        name: "Claire Dupuis".into(),
        role: Role::Manager,
    }
}

fn axis(conn: &mut Connection, title: &str) -> i64 {
    plan::create_axis(
        conn,
        &assistant(),
        now(),
        &AxisInput {
            title: title.into(),
        },
    )
    .expect("a valid axis")
    .id
}

fn indicator(year: &str, target: &str, achieved: &str) -> PlanIndicatorInput {
    PlanIndicatorInput {
        label: "Stagiaires accueilli·es".into(),
        unit: "stagiaires".into(),
        year: year.into(),
        target: target.into(),
        achieved: achieved.into(),
    }
}

fn action(axis_id: i64, title: &str, indicators: Vec<PlanIndicatorInput>) -> ActionInput {
    ActionInput {
        axis_id: Some(axis_id),
        title: title.into(),
        owner: "Direction des ressources humaines".into(),
        status: "in_progress".into(),
        period_start: "2026".into(),
        period_end: "31/12/2027".into(),
        description: "Stages de 3e pour les jeunes des quartiers prioritaires.".into(),
        indicators,
        links: Vec::new(),
    }
}

fn errors_of(r: plan_lcd::Result<impl std::fmt::Debug>) -> plan_lcd::error::FieldErrors {
    match r {
        Err(Error::Invalid(f)) => f,
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_action_is_saved_with_its_indicators_and_links_and_read_back_as_typed() {
    let mut conn = amp_db();
    let t = trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let a = axis(&mut conn, "Une institution exemplaire");
    let mut input = action(
        a,
        "Stages pour les jeunes",
        vec![indicator("2026", "20", "24,5")],
    );
    input.links = vec![LinkInput {
        kind: "training".into(),
        target_id: t.id,
    }];
    let saved = plan::create_action(&mut conn, &assistant(), now(), &input).unwrap();
    assert_eq!(saved.status, ActionStatus::InProgress);
    assert_eq!(
        saved.start_day.as_deref(),
        Some("2026-01-01"),
        "a year alone starts on 1 January"
    );
    assert_eq!(saved.end_day.as_deref(), Some("2027-12-31"));
    assert_eq!(saved.indicators[0].target_hundredths, 2000);
    assert_eq!(saved.indicators[0].achieved_hundredths, Some(2450));
    assert_eq!(saved.links[0].kind, LinkKind::Training);
    assert!(saved.links[0]
        .label
        .contains("Droit de la non-discrimination"));
    assert!(saved.links[0].label.contains("10/03/2026"));
    let form = plan::action_form(&conn, saved.id).unwrap();
    assert_eq!(form.period_start, "2026");
    assert_eq!(form.period_end, "2027", "31/12 reads back as the year");
    assert_eq!(form.indicators[0].achieved, "24,5");
    assert_eq!(form.links, input.links);

    // Saving the form again replaces indicators and links, nothing doubles.
    let mut again = form.clone();
    again.indicators.push(indicator("2027", "25", ""));
    again.links.clear();
    let updated = plan::update_action(&mut conn, &assistant(), now(), saved.id, &again).unwrap();
    assert_eq!(updated.indicators.len(), 2);
    assert!(updated.links.is_empty());
    assert_eq!(count(&conn, "plan_indicator"), 2);
    assert_eq!(count(&conn, "plan_link"), 0);
}

#[test]
fn every_field_error_comes_at_once_and_nothing_is_saved() {
    let mut conn = amp_db();
    let bad = ActionInput {
        axis_id: None,
        title: "  ".into(),
        owner: "x".repeat(201),
        status: "finie".into(),
        period_start: "32/13/2026".into(),
        period_end: "bientôt".into(),
        description: "a\0b".into(),
        indicators: vec![
            PlanIndicatorInput {
                label: String::new(),
                unit: "u".repeat(51),
                year: "1999".into(),
                target: String::new(),
                achieved: "-1".into(),
            },
            indicator("2026", "1,234", "douze"),
        ],
        links: vec![
            LinkInput {
                kind: "convention".into(),
                target_id: 1,
            },
            LinkInput {
                kind: "training".into(),
                target_id: 9999,
            },
        ],
    };
    let e = errors_of(plan::create_action(&mut conn, &assistant(), now(), &bad));
    for field in [
        "axis_id",
        "title",
        "owner",
        "status",
        "period_start",
        "period_end",
        "description",
        "indicators.0.label",
        "indicators.0.unit",
        "indicators.0.year",
        "indicators.0.target",
        "indicators.0.achieved",
        "indicators.1.target",
        "indicators.1.achieved",
        "links.0",
        "links.1",
    ] {
        assert!(e.get(field).is_some(), "no message for {field}: {e:?}");
    }
    assert_eq!(
        e.get("title"),
        Some("L’intitulé de l’action est obligatoire.")
    );
    assert_eq!(e.get("axis_id"), Some("Choisissez l’axe du plan."));
    assert!(e.get("links.1").unwrap().contains("introuvable"));
    assert_eq!(
        count(&conn, "plan_action"),
        0,
        "an invalid form saves nothing"
    );
    assert_eq!(count(&conn, "plan_indicator"), 0);
}

#[test]
fn a_period_ending_before_it_starts_a_twice_listed_link_and_a_gone_axis_are_refused() {
    let mut conn = amp_db();
    let t = trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let a = axis(&mut conn, "Axe");
    let mut input = action(a, "Action", Vec::new());
    input.period_start = "01/06/2026".into();
    input.period_end = "31/05/2026".into();
    let link = LinkInput {
        kind: "training".into(),
        target_id: t.id,
    };
    input.links = vec![link.clone(), link];
    input.axis_id = Some(a + 100);
    let e = errors_of(plan::create_action(&mut conn, &assistant(), now(), &input));
    assert_eq!(
        e.get("period_end"),
        Some("La fin de la période précède son début.")
    );
    assert_eq!(e.get("links.1"), Some("Ce lien figure déjà dans la liste."));
    assert!(e.get("axis_id").unwrap().contains("n’existe plus"));
    assert!(e.get("links.0").is_none(), "the first of the two is fine");

    // The same day at both ends is a one-day action.
    input.period_end = "01/06/2026".into();
    input.links.pop();
    input.axis_id = Some(a);
    assert!(plan::create_action(&mut conn, &assistant(), now(), &input).is_ok());
}

#[test]
fn axes_have_distinct_titles_and_an_axis_with_actions_is_not_deleted() {
    let mut conn = amp_db();
    let a = axis(&mut conn, "Une ressource pour le territoire");
    let e = errors_of(plan::create_axis(
        &mut conn,
        &assistant(),
        now(),
        &AxisInput {
            title: "Une ressource pour le territoire".into(),
        },
    ));
    assert_eq!(e.get("title"), Some("Un axe porte déjà cet intitulé."));
    let e = errors_of(plan::create_axis(
        &mut conn,
        &assistant(),
        now(),
        &AxisInput { title: " ".into() },
    ));
    assert!(e.get("title").is_some());
    plan::create_action(
        &mut conn,
        &assistant(),
        now(),
        &action(a, "Veille", Vec::new()),
    )
    .unwrap();
    let refused = plan::delete_axis(&mut conn, &lead(), now(), a);
    assert!(
        matches!(&refused, Err(Error::Refused(m)) if m.contains("1 action")),
        "{refused:?}"
    );
    assert_eq!(count(&conn, "plan_axis"), 1);
}

#[test]
fn roles_the_manager_reads_only_the_assistant_enters_only_the_lead_deletes() {
    let mut conn = amp_db();
    assert!(matches!(
        plan::create_axis(
            &mut conn,
            &manager(),
            now(),
            &AxisInput { title: "A".into() }
        ),
        Err(Error::Refused(_))
    ));
    let a = axis(&mut conn, "A");
    assert!(matches!(
        plan::create_action(&mut conn, &manager(), now(), &action(a, "X", Vec::new())),
        Err(Error::Refused(_))
    ));
    let x =
        plan::create_action(&mut conn, &assistant(), now(), &action(a, "X", Vec::new())).unwrap();
    assert!(matches!(
        plan::delete_action(&mut conn, &assistant(), now(), x.id),
        Err(Error::Refused(_))
    ));
    plan::delete_action(&mut conn, &lead(), now(), x.id).unwrap();
    plan::delete_axis(&mut conn, &lead(), now(), a).unwrap();
    assert_eq!(count(&conn, "plan_axis"), 0);
}

#[test]
fn the_schema_refuses_what_validation_would_have_caught() {
    let mut conn = amp_db();
    let t = trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let a = axis(&mut conn, "Axe");
    let x =
        plan::create_action(&mut conn, &assistant(), now(), &action(a, "X", Vec::new())).unwrap();
    let action_row = |status: &str, start: &str, end: &str| {
        conn.execute(
            "INSERT INTO plan_action (axis_id, position, title, status, start_day, end_day,
                created_at, created_by, updated_at, updated_by)
             VALUES (?1, 9, 'T', ?2, ?3, ?4, 'n', 'n', 'n', 'n')",
            rusqlite::params![a, status, start, end],
        )
    };
    assert!(
        action_row("finished", "2026-01-01", "2026-12-31").is_err(),
        "an unknown status"
    );
    assert!(
        action_row("done", "2026-12-31", "2026-01-01").is_err(),
        "an end before the start"
    );
    assert!(
        action_row("done", "2026-02-30", "2026-12-31").is_err(),
        "a day that does not exist"
    );
    assert!(
        action_row("done", "2026-01-01", "2026-12-31").is_ok(),
        "the control row"
    );
    let ind = |target: i64, achieved: Option<i64>, year: i64| {
        conn.execute(
            "INSERT INTO plan_indicator (action_id, position, year, label, target_hundredths,
                achieved_hundredths, created_at, created_by) VALUES (?1, 0, ?2, 'L', ?3, ?4, 'n', 'n')",
            rusqlite::params![x.id, year, target, achieved],
        )
    };
    assert!(ind(-1, None, 2026).is_err(), "a negative target");
    assert!(
        ind(100, Some(-5), 2026).is_err(),
        "a negative achieved value"
    );
    assert!(ind(100, None, 1999).is_err(), "a year out of range");
    assert!(ind(0, None, 2026).is_ok(), "a zero target is allowed");
    let link = |kind: &str, id: i64| {
        conn.execute(
            "INSERT INTO plan_link (action_id, kind, target_id, created_at, created_by)
             VALUES (?1, ?2, ?3, 'n', 'n')",
            rusqlite::params![x.id, kind, id],
        )
    };
    for kind in ["training", "event", "grant", "budget_line"] {
        let err = link(kind, 9999).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{kind}: {err}");
    }
    assert!(link("convention", t.id).is_err(), "an unknown kind");
    link("training", t.id).unwrap();
    assert!(link("training", t.id).is_err(), "the same link twice");
    assert!(
        conn.execute("UPDATE plan_link SET target_id = target_id + 1", [])
            .is_err(),
        "a link is never pointed elsewhere"
    );
    assert!(
        conn.execute("DELETE FROM plan_axis WHERE id = ?1", [a])
            .is_err(),
        "an axis holding actions stays"
    );
    // Deleting the session in its own module drops the link, not the action.
    trainings::delete(&mut conn, &lead(), now(), t.id).unwrap();
    assert_eq!(count(&conn, "plan_link"), 0);
    assert_eq!(plan::get_action(&conn, x.id).unwrap().links.len(), 0);
}

#[test]
fn roll_ups_empty_zero_targets_and_over_achievement() {
    let mut conn = amp_db();
    let empty = plan::plan_year(&conn, 2026).unwrap();
    assert_eq!(empty.rollup.indicators, 0);
    assert_eq!(empty.rollup.reached_permille, None, "no share of nothing");
    assert_eq!(empty.rollup.mean_rate_permille, None);

    let a = axis(&mut conn, "Exemplaire");
    let b = axis(&mut conn, "Ressource");
    // No indicator at all.
    plan::create_action(
        &mut conn,
        &assistant(),
        now(),
        &action(a, "Guide", Vec::new()),
    )
    .unwrap();
    // Over-achieved (24 for 20) and short (6 for 10).
    plan::create_action(
        &mut conn,
        &assistant(),
        now(),
        &action(
            a,
            "Stages",
            vec![
                indicator("2026", "20", "24"),
                indicator("2026", "10", "6"),
                indicator("2025", "5", "0"),
            ],
        ),
    )
    .unwrap();
    // Zero targets: measured (reached, no rate) and not measured.
    plan::create_action(
        &mut conn,
        &assistant(),
        now(),
        &action(
            b,
            "Incidents",
            vec![indicator("2026", "0", "0"), indicator("2026", "0", "")],
        ),
    )
    .unwrap();

    let p = plan::plan_year(&conn, 2026).unwrap();
    let exemplary = &p.axes[0];
    assert_eq!(exemplary.actions.len(), 2);
    let guide = &exemplary.actions[0];
    assert_eq!(guide.rollup.indicators, 0);
    assert_eq!(guide.rollup.reached_permille, None);
    let stages = &exemplary.actions[1];
    assert_eq!(
        stages.indicators.len(),
        2,
        "the 2025 indicator is not 2026's"
    );
    assert_eq!(
        stages.indicators[0].rate_permille,
        Some(1200),
        "uncapped per indicator"
    );
    assert!(stages.indicators[0].reached);
    assert_eq!(stages.indicators[1].rate_permille, Some(600));
    assert!(!stages.indicators[1].reached);
    assert_eq!(stages.rollup.reached, 1);
    assert_eq!(stages.rollup.reached_permille, Some(500));
    assert_eq!(
        stages.rollup.mean_rate_permille,
        Some(800),
        "120 % counts as 100 % in the mean: (1000 + 600) / 2"
    );
    assert_eq!(exemplary.rollup, stages.rollup, "the guide adds nothing");

    let incidents = &p.axes[1].actions[0];
    assert!(
        incidents.indicators[0].reached,
        "a zero target is reached once measured"
    );
    assert_eq!(
        incidents.indicators[0].rate_permille, None,
        "no rate over zero"
    );
    assert!(
        !incidents.indicators[1].reached,
        "nothing measured is not reached"
    );
    assert_eq!(incidents.rollup.measured, 1);
    assert_eq!(incidents.rollup.reached_permille, Some(500));
    assert_eq!(incidents.rollup.mean_rate_permille, None);

    assert_eq!(p.rollup.indicators, 4);
    assert_eq!(p.rollup.reached, 2);
    assert_eq!(p.rollup.reached_permille, Some(500));
    assert_eq!(p.rollup.mean_rate_permille, Some(800));

    // 2025: only the 2025 indicator (0 for 5), and every action of 2026 is
    // outside its period.
    let y2025 = plan::plan_year(&conn, 2025).unwrap();
    assert!(y2025.axes.iter().all(|x| x.actions.is_empty()));
    assert_eq!(y2025.rollup.indicators, 0);
}

/// The hand-computed year 2026: two held sessions (Marseille 10 women, 6
/// men, 1 not stated; Aix 3 women, 2 men), a planned one; the week's
/// conference in Marseille (100 people, 1 500 € of costs); a grant of
/// 12 000 € to a Marseille project of which 5 000 € paid; a budget whose
/// fund line has 25 000 €; one full-time position wholly on the plan.
fn hand_computed() -> Connection {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Association Égalité", "association");
    let a = app(&mut conn, call, o, "20 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "12 000").unwrap();
    pay(&mut conn, a, "01/05/2026", "5 000", "02/05/2026").unwrap();
    trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let mut aix = held();
    aix.commune_insee = "13001".into();
    aix.attended_women = "3".into();
    aix.attended_men = "2".into();
    aix.attended_unstated = "0".into();
    aix.registered = "5".into();
    trainings::create(&mut conn, &assistant(), today(), now(), &aix).unwrap();
    let mut planned = held();
    planned.first_day = "10/09/2026".into();
    planned.last_day = "10/09/2026".into();
    planned.status = "planned".into();
    planned.attended_women = String::new();
    planned.attended_men = String::new();
    planned.attended_unstated = String::new();
    planned.actual_cost = String::new();
    planned.satisfaction = String::new();
    trainings::create(&mut conn, &assistant(), today(), now(), &planned).unwrap();
    let edition = crate::events::edition(&mut conn);
    events::create_event(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &crate::events::conference(edition.id),
    )
    .unwrap();
    let b = budget::create_budget(
        &mut conn,
        &lead(),
        now(),
        &BudgetInput {
            year: "2026".into(),
            planned_fte: "2".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let fund_line = budget::lines(&conn, b.id)
        .unwrap()
        .into_iter()
        .find(|l| l.kind == LineKind::Fund)
        .unwrap();
    budget::update_line(
        &mut conn,
        &lead(),
        now(),
        fund_line.id,
        &LineInput {
            budget_id: b.id,
            label: fund_line.label.clone(),
            kind: "fund".into(),
            nature: fund_line.nature.code().into(),
            initial: "25 000".into(),
        },
    )
    .unwrap();
    budget::create_position(
        &mut conn,
        &assistant(),
        now(),
        &PositionInput {
            title: "Chef·fe de projet PMLCD".into(),
            person: "Camille Martin".into(),
            fte: "1".into(),
            plan_share: "1".into(),
            start_day: "01/01/2026".into(),
            end_day: String::new(),
            yearly_cost: String::new(),
        },
    )
    .unwrap();
    let x = axis(&mut conn, "Une institution exemplaire");
    let mut act = action(
        x,
        "Plan de formation des agents",
        vec![indicator("2026", "20", "22")],
    );
    act.links = vec![LinkInput {
        kind: "budget_line".into(),
        target_id: fund_line.id,
    }];
    plan::create_action(&mut conn, &assistant(), now(), &act).unwrap();
    let mut later = action(x, "Labels AFNOR", vec![indicator("2026", "2", "")]);
    later.status = "postponed".into();
    plan::create_action(&mut conn, &assistant(), now(), &later).unwrap();
    conn
}

#[test]
fn the_dashboard_shows_the_modules_own_figures_on_a_hand_computed_year() {
    let conn = hand_computed();
    let d = plan::dashboard(&conn, 2026, today()).unwrap();
    // By hand.
    assert_eq!(d.actions_total, 2);
    let by = |s: ActionStatus| {
        d.actions_by_status
            .iter()
            .find(|c| c.status == s)
            .unwrap()
            .count
    };
    assert_eq!(by(ActionStatus::InProgress), 1);
    assert_eq!(by(ActionStatus::Postponed), 1);
    assert_eq!(
        by(ActionStatus::Done),
        0,
        "every status is listed, zero included"
    );
    assert_eq!(d.actions_by_status.len(), ActionStatus::ALL.len());
    assert_eq!(d.indicators.reached, 1);
    assert_eq!(d.trainings_held, 2, "the planned session is not held");
    assert_eq!(
        (d.training_women, d.training_men, d.training_unstated),
        (13, 8, 1)
    );
    assert_eq!(d.training_participants, 22);
    assert_eq!(d.events_held, 1);
    assert_eq!(d.event_participants, 100);
    assert_eq!(d.grants_count, 1);
    assert_eq!(d.grants_granted_cents, 1_200_000);
    assert_eq!(d.grants_paid_cents, 500_000);
    assert_eq!(d.fund_envelope_cents, 5_000_000);
    let b = d.budget.expect("the year has a budget");
    assert_eq!(b.voted_cents, 2_500_000);
    // Fed: the grant 12 000 €, two sessions' actual costs 2 × 850,50 €, the
    // conference's 1 500 €.
    assert_eq!(b.committed_cents, 1_200_000 + 2 * 85_050 + 150_000);
    assert_eq!(b.paid_cents, 500_000 + 2 * 85_050 + 150_000);
    assert_eq!(d.plan_fte_hundredths, 100);
    assert_eq!(d.planned_fte_hundredths, 200);

    // And the very numbers each module's own page shows.
    let t = trainings::stats(&conn, 2026).unwrap();
    assert_eq!(
        (d.trainings_held, d.training_participants, d.training_women),
        (t.sessions_held, t.participants, t.women)
    );
    let f = fund::amounts_by_year(&conn)
        .unwrap()
        .into_iter()
        .find(|a| a.year == 2026)
        .unwrap();
    assert_eq!(
        (d.grants_granted_cents, d.grants_paid_cents),
        (f.granted_cents, f.paid_cents)
    );
    let call = fund::call_of_year(&conn, 2026).unwrap().unwrap();
    assert_eq!(
        d.grants_count,
        fund::dashboard(&conn, call.id, today())
            .unwrap()
            .granted_count
    );
    let c = events::coverage(&conn, 2026).unwrap();
    assert_eq!(
        (d.events_held, d.event_participants),
        (c.totals.held, c.totals.participants)
    );
    assert_eq!(
        Some(b),
        budget::budget_view(&conn, 2026, today())
            .unwrap()
            .map(|v| v.total)
    );
    assert_eq!(
        d.plan_fte_hundredths,
        budget::staff_year(&conn, 2026).unwrap().plan_fte_hundredths
    );

    // A year with nothing: zeros, no budget, not an error.
    let empty = plan::dashboard(&conn, 2030, today()).unwrap();
    assert_eq!(
        empty.actions_total, 0,
        "2030 is outside the actions' periods"
    );
    assert_eq!(
        empty.trainings_held + empty.events_held + empty.grants_count,
        0
    );
    assert!(empty.budget.is_none());
}

#[test]
fn each_commune_shows_its_flags_and_what_the_plan_did_there() {
    let conn = hand_computed();
    let c = plan::communes_year(&conn, 2026, today()).unwrap();
    assert_eq!(
        c.rows.len() as i64,
        plan_lcd::territory::commune_count(&conn).unwrap()
    );
    let row = |insee: &str| c.rows.iter().find(|r| r.insee == insee).unwrap();
    let marseille = row("13055");
    assert!(
        marseille.has_officer && !marseille.has_plcd,
        "seed 004: Marseille has an officer"
    );
    assert_eq!(
        (marseille.trainings_held, marseille.training_participants),
        (1, 17)
    );
    assert_eq!(
        (marseille.events_held, marseille.event_participants),
        (1, 100)
    );
    assert_eq!(marseille.grant_applications, 1);
    assert_eq!(
        (marseille.granted_cents, marseille.paid_cents),
        (1_200_000, 500_000)
    );
    let aix = row("13001");
    assert_eq!((aix.trainings_held, aix.training_participants), (1, 5));
    assert_eq!(aix.events_held + aix.grant_applications, 0);
    assert!(row("13028").has_plcd, "La Ciotat has a local plan");
    assert_eq!(c.communes_reached, 2);
    assert_eq!(
        c.totals.training_participants, 22,
        "the trainings' own total"
    );
    assert_eq!(c.totals.event_participants, 100);
    assert_eq!(c.totals.granted_cents, 1_200_000);

    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(plan::communes_file_name(2026, SheetFormat::Csv));
    let n = plan::export_communes(&conn, 2026, today(), SheetFormat::Csv, &path).unwrap();
    assert_eq!(n, c.rows.len());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    let line = text
        .lines()
        .find(|l| l.starts_with("Marseille;"))
        .expect("Marseille's row");
    assert!(
        line.starts_with("Marseille;13055;non;oui;1;17;1;100;1;"),
        "{line}"
    );
    assert!(text
        .lines()
        .any(|l| l.starts_with("Total;;;;2;22;1;100;1;")));
    let xlsx = dir.path().join("communes.xlsx");
    plan::export_communes(&conn, 2026, today(), SheetFormat::Xlsx, &xlsx).unwrap();
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "a real XLSX"
    );
}

fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a real PDF file");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn the_bilan_pdf_prints_the_actions_indicators_and_the_dashboards_figures() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(plan::bilan_file_name(2026));
    plan::bilan_pdf(&conn, 2026, "Claire Dupuis", today(), &path).unwrap();
    let text = pdf_text(&path);
    for expected in [
        "Bilan annuel 2026",
        "Mission LCD",
        "Une institution exemplaire",
        "Plan de formation des agents",
        "En cours",
        "Labels AFNOR",
        "Reportée",
        "22 stagiaires",
        "non mesuré",
        "110,0 %",
        "Sessions de formation réalisées",
        "22 (femmes 13, hommes 8, non renseigné 1)",
        "12 000,00 €",
        "5 000,00 €",
        "25 000,00 €",
        "Ligne budgétaire : Fonds",
        "Imprimé le 15/06/2026 par Claire Dupuis",
        "Page 1 / ",
    ] {
        assert!(
            text.contains(expected),
            "missing « {expected} » in:\n{text}"
        );
    }
    assert!(
        !text.contains("Les conventions"),
        "the conventions section stays out while the list is empty"
    );

    // The conventions in force during the year come from the partners
    // module: a tacit one signed in 2015 (in force), one ended in 2024 (left
    // out) and one signed after the year (left out).
    let mut conn = conn;
    let a = crate::partners::partner(&mut conn, "Défenseur des droits");
    let b = crate::partners::partner(&mut conn, "Métropole");
    let lead = lead();
    plan_lcd::partners::create_convention(
        &mut conn,
        &lead,
        now(),
        today(),
        &crate::partners::convention_input(a, b),
    )
    .unwrap();
    let mut ended = crate::partners::convention_input(a, b);
    // Twelve months from 01/01/2023: in force until 31/12/2023, not in 2024.
    ended.title = "Convention close fin 2023".into();
    ended.signed_on = "01/01/2023".into();
    ended.duration_months = "12".into();
    ended.tacit_renewal = false;
    ended.notice_months = String::new();
    plan_lcd::partners::create_convention(&mut conn, &lead, now(), today(), &ended).unwrap();
    let mut later = ended.clone();
    later.title = "Convention de 2027".into();
    later.signed_on = "15/01/2027".into();
    plan_lcd::partners::create_convention(&mut conn, &lead, now(), today(), &later).unwrap();
    let data = plan::bilan_data(&conn, 2026, "Claire Dupuis", today()).unwrap();
    let titles: Vec<&str> = data.conventions.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Convention CGET – Défenseur des droits"]);
    let c = &data.conventions[0];
    assert_eq!(c.partners, "Défenseur des droits, Métropole");
    assert_eq!(
        c.dates,
        "Signée le 17/11/2015 ; terme le 16/11/2027, puis reconduction tacite ; \
         préavis jusqu’au 16/09/2027",
        "the term in force on today ends on the eve of the anniversary"
    );
    let in_force = |year| {
        plan::bilan_data(&conn, year, "Claire Dupuis", today())
            .unwrap()
            .conventions
            .into_iter()
            .map(|c| c.title)
            .collect::<Vec<_>>()
    };
    assert!(in_force(2023).contains(&"Convention close fin 2023".to_string()));
    assert!(
        !in_force(2024).contains(&"Convention close fin 2023".to_string()),
        "a convention that ended on 31/12/2023 was not in force in 2024"
    );
    let with = dir.path().join("avec.pdf");
    plan::bilan_pdf(&conn, 2026, "Claire Dupuis", today(), &with).unwrap();
    let text = pdf_text(&with);
    assert!(text.contains("Les conventions"));
    assert!(
        text.contains("Convention CGET – Défenseur des droits"),
        "{text}"
    );
}

#[test]
fn the_demo_year_holds_seed_004s_axes_and_linked_actions() {
    let mut conn = store::open_in_memory().unwrap();
    demo::load(&mut conn, today(), now()).unwrap();
    let p = plan::plan_year(&conn, 2026).unwrap();
    assert_eq!(p.axes.len(), 3);
    assert!(p.axes[0].axis.title.contains("institution exemplaire"));
    assert!(p.axes[1].axis.title.contains("92 communes"));
    let titles: Vec<&str> = p
        .axes
        .iter()
        .flat_map(|x| x.actions.iter().map(|a| a.action.title.as_str()))
        .collect();
    for t in [
        "Conférence managériale sur les discriminations",
        "Labels AFNOR diversité et égalité professionnelle",
        "Parrainage de jeunes diplômé·es",
        "Fonds d’initiative annuel",
        "Campagne de communication annuelle",
        "Événement festif avec les habitant·es",
    ] {
        assert!(titles.contains(&t), "missing {t}: {titles:?}");
    }
    let links: Vec<LinkKind> = p
        .axes
        .iter()
        .flat_map(|x| x.actions.iter())
        .flat_map(|a| a.action.links.iter().map(|l| l.kind))
        .collect();
    for kind in LinkKind::ALL {
        assert!(links.contains(kind), "the demo links a {kind:?}");
    }
    assert!(
        p.rollup.indicators >= 10 && p.rollup.reached >= 2,
        "{:?}",
        p.rollup
    );
    let d = plan::dashboard(&conn, 2026, today()).unwrap();
    assert_eq!(d.actions_total, titles.len() as i64);
    assert!(d.budget.is_some() && d.trainings_held > 0 && d.events_held > 0);
}

#[test]
fn the_cli_prints_the_bilan_beside_the_budget_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plan-lcd"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("PLAN_LCD_DB")
            .output()
            .expect("the CLI runs")
    };
    assert!(run(&["demo"]).status.success());
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    let out = dir.path().join("bilan.pdf");
    let report = run(&[
        "report",
        "bilan",
        "--year",
        &year,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(report.status.success(), "{report:?}");
    assert!(String::from_utf8_lossy(&report.stdout).contains("Bilan annuel"));
    let text = pdf_text(&out);
    assert!(text.contains(&format!("Bilan annuel {year}")));
    assert!(text.contains("Parrainage de jeunes diplômé·es"), "{text}");
    let wrong = run(&["report", "bilan"]);
    assert!(!wrong.status.success(), "--year is required");
}

/// What a hostile or confused person types in the action form.
const NASTY: &[&str] = &[
    "",
    " ",
    "-1",
    "NaN",
    "1e308",
    "99999999999999999999999",
    "12,345",
    "3.5",
    "31/02/2027",
    "32/13/2026",
    "1999",
    "2101",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE plan_action; --",
    "\u{0}",
    "\u{1b}[31m",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// No panic; a refusal is only field errors on the form's fields, in
    /// French; a refused form saves nothing, an accepted one is read back.
    #[test]
    fn a_hostile_action_form(picks in proptest::collection::vec(
        (proptest::bool::weighted(0.4), proptest::sample::select(NASTY)), 11)) {
        let mut conn = amp_db();
        let a = axis(&mut conn, "Axe");
        let mut input = action(a, "Stages", vec![indicator("2026", "20", "24")]);
        let pick = |i: usize, valid: &str| -> String {
            let (replace, with) = picks[i];
            if replace { with.to_string() } else { valid.to_string() }
        };
        input.title = pick(0, &input.title);
        input.owner = pick(1, &input.owner);
        input.status = pick(2, &input.status);
        input.period_start = pick(3, &input.period_start);
        input.period_end = pick(4, &input.period_end);
        input.description = pick(5, &input.description);
        let ind = input.indicators[0].clone();
        input.indicators[0] = PlanIndicatorInput {
            label: pick(6, &ind.label),
            unit: pick(7, &ind.unit),
            year: pick(8, &ind.year),
            target: pick(9, &ind.target),
            achieved: pick(10, &ind.achieved),
        };
        let names = ["axis_id", "title", "owner", "status", "period_start", "period_end",
            "description", "indicators", "links"];
        match plan::create_action(&mut conn, &assistant(), now(), &input) {
            Ok(saved) => {
                proptest::prop_assert_eq!(saved.title, input.title.trim().to_string());
                proptest::prop_assert_eq!(count(&conn, "plan_action"), 1);
            }
            Err(Error::Invalid(f)) => {
                for field in f.fields() {
                    let top = field.split('.').next().unwrap();
                    proptest::prop_assert!(names.contains(&top), "error on unknown field {}", field);
                    proptest::prop_assert!(!f.get(field).unwrap().trim().is_empty());
                }
                proptest::prop_assert_eq!(count(&conn, "plan_action"), 0, "nothing saved");
                proptest::prop_assert_eq!(count(&conn, "plan_indicator"), 0);
            }
            Err(other) => proptest::prop_assert!(false, "not a field error: {:?}", other),
        }
    }
}
