//! A year's statistics on a small dataset whose figures are computed by hand
//! in the comments.

use plan_lcd::trainings::{self, Audience, TrainingInput};

use crate::util::{amp_db, create, held};

fn none_attended(t: TrainingInput) -> TrainingInput {
    TrainingInput {
        attended_women: String::new(),
        attended_men: String::new(),
        attended_unstated: String::new(),
        ..t
    }
}

#[test]
fn statistics_by_sex_and_audience_match_the_hand_computed_figures() {
    let mut conn = amp_db();
    // A: 7 h, 17 present (10 W, 6 M, 1 NS) for 20 places, 850,50 €, score 4,5, Marseille.
    create(&mut conn, &held());
    // B: managers, two days, 12 h, 15 present (7 W, 8 M) for 16 places, 1 750 €, score 4, Aix.
    create(
        &mut conn,
        &TrainingInput {
            audience: "own_managers".into(),
            first_day: "02/04/2026".into(),
            last_day: "03/04/2026".into(),
            hours: "12".into(),
            commune_insee: "13001".into(),
            capacity: "16".into(),
            attended_women: "7".into(),
            attended_men: "8".into(),
            attended_unstated: "0".into(),
            actual_cost: "1 750".into(),
            satisfaction: "4".into(),
            ..held()
        },
    );
    // C: 3,5 h, 8 present (5 W, 3 NS), capacity and cost unknown, Marseille again.
    create(
        &mut conn,
        &TrainingInput {
            first_day: "20/05/2026".into(),
            last_day: String::new(),
            hours: "3,5".into(),
            capacity: String::new(),
            attended_women: "5".into(),
            attended_men: "0".into(),
            attended_unstated: "3".into(),
            actual_cost: String::new(),
            satisfaction: String::new(),
            ..held()
        },
    );
    // D: cancelled, E: planned, F: held but in 2025: none of them counts.
    create(
        &mut conn,
        &none_attended(TrainingInput {
            status: "cancelled".into(),
            cancel_reason: "Grève".into(),
            audience: "mixed".into(),
            commune_insee: "13117".into(),
            ..held()
        }),
    );
    create(
        &mut conn,
        &none_attended(TrainingInput {
            status: "planned".into(),
            first_day: "15/09/2026".into(),
            last_day: String::new(),
            ..held()
        }),
    );
    create(
        &mut conn,
        &TrainingInput {
            first_day: "10/11/2025".into(),
            last_day: String::new(),
            attended_women: "50".into(),
            capacity: String::new(),
            commune_insee: "13063".into(),
            ..held()
        },
    );

    let s = trainings::stats(&conn, 2026).unwrap();
    assert_eq!(
        (
            s.sessions_held,
            s.sessions_planned,
            s.sessions_confirmed,
            s.sessions_cancelled
        ),
        (3, 1, 0, 1)
    );
    assert_eq!(
        s.hours_delivered_centi,
        700 + 1200 + 350,
        "22,5 hours delivered"
    );
    assert_eq!(
        (s.women, s.men, s.unstated, s.participants),
        (22, 14, 4, 40)
    );
    assert_eq!(s.share_women, Some(0.55));
    assert_eq!(s.share_men, Some(0.35));
    assert_eq!(s.share_unstated, Some(0.1));

    assert_eq!(
        s.by_audience.len(),
        2,
        "only audiences with a held session are listed"
    );
    let agents = &s.by_audience[0];
    assert_eq!(agents.audience, Audience::OwnAgents);
    assert_eq!(
        (
            agents.sessions,
            agents.women,
            agents.men,
            agents.unstated,
            agents.total
        ),
        (2, 15, 6, 4, 25)
    );
    assert_eq!(agents.share, 0.625);
    let managers = &s.by_audience[1];
    assert_eq!(
        (managers.audience, managers.total),
        (Audience::OwnManagers, 15)
    );
    assert_eq!(managers.share, 0.375);

    // Capacity is known for A and B only: 32 present for 36 places.
    assert_eq!(s.fill_rate, Some(32.0 / 36.0));
    // Actual cost known for A and B: 2 600,50 € over 17 × 7 + 15 × 12 = 299
    // participant-hours, i.e. 8,697 € rounded to 8,70 €.
    assert_eq!(s.cost_per_participant_hour_cents, Some(870));
    assert_eq!(s.actual_cost_cents, 260_050);
    assert_eq!(s.participant_hours_centi, 11_900 + 18_000 + 2_800);
    assert_eq!(s.satisfaction_average, Some(4.25));
    assert_eq!(
        (s.communes_reached, s.communes_total),
        (2, 92),
        "Marseille and Aix out of 92"
    );
}

#[test]
fn an_empty_year_has_no_shares_rather_than_false_zeros() {
    let conn = amp_db();
    let s = trainings::stats(&conn, 2030).unwrap();
    assert_eq!(s.participants, 0);
    assert_eq!(s.share_women, None);
    assert_eq!(s.fill_rate, None);
    assert_eq!(s.cost_per_participant_hour_cents, None);
    assert_eq!(s.satisfaction_average, None);
    assert!(s.by_audience.is_empty());
}
