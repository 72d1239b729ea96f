//! The awareness week and events: every rule on its boundaries, and the
//! coverage, report and cost figures on a hand-computed edition.

use plan_lcd::events::{
    self, CampaignInput, CostLineInput, EditionInput, EventInput, EventQuery, EventScope,
    EventStatus, WeekEdition,
};
use plan_lcd::Error;
use rusqlite::Connection;

use crate::util::{amp_db, assistant, lead, now, today};

/// The 2026 week: Monday 16 to Saturday 21 March (today is 15/06/2026).
pub fn week() -> EditionInput {
    EditionInput {
        theme: "Toutes et tous concernés".into(),
        first_day: "16/03/2026".into(),
        last_day: "21/03/2026".into(),
        aims: "Briser le mur du silence.".into(),
    }
}

pub fn edition(conn: &mut Connection) -> WeekEdition {
    events::create_edition(conn, &assistant(), now(), &week()).expect("a valid edition is saved")
}

/// A held conference on the week's Tuesday in Marseille, counted by sex.
pub fn conference(edition_id: i64) -> EventInput {
    EventInput {
        edition_id: Some(edition_id),
        title: "Conférence d’ouverture".into(),
        kind: "conference".into(),
        day: "17/03/2026".into(),
        start_time: "14:00".into(),
        end_time: "16:00".into(),
        venue: "Hôtel de la Métropole".into(),
        commune_insee: "13055".into(),
        organiser: "Métropole".into(),
        partners: "Défenseur des droits".into(),
        public: "general_public".into(),
        registration_required: true,
        capacity: "200".into(),
        expected_attendance: "150".into(),
        attended_total: String::new(),
        attended_women: "60".into(),
        attended_men: "35".into(),
        attended_unstated: "5".into(),
        status: "held".into(),
        cancel_reason: String::new(),
        description: String::new(),
        costs: vec![
            CostLineInput {
                object: "Salle".into(),
                supplier: "Palais".into(),
                amount: "1 000".into(),
            },
            CostLineInput {
                object: "Captation".into(),
                supplier: "Studio".into(),
                amount: "500".into(),
            },
        ],
    }
}

/// The same event, not held yet and without attendance.
fn planned(edition_id: i64) -> EventInput {
    EventInput {
        status: "confirmed".into(),
        attended_women: String::new(),
        attended_men: String::new(),
        attended_unstated: String::new(),
        ..conference(edition_id)
    }
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Submits `input` and returns the refused fields, checking nothing was saved.
fn refused(conn: &mut Connection, input: &EventInput) -> plan_lcd::error::FieldErrors {
    let before = (count(conn, "event"), count(conn, "event_cost"));
    match events::create_event(conn, &assistant(), today(), now(), input) {
        Err(Error::Invalid(fields)) => {
            assert_eq!(
                (count(conn, "event"), count(conn, "event_cost")),
                before,
                "a refused form saves nothing, not even its cost lines"
            );
            fields
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn saved(conn: &mut Connection, input: &EventInput) -> events::EventSaved {
    events::create_event(conn, &assistant(), today(), now(), input).expect("a valid event is saved")
}

fn setup() -> (Connection, i64) {
    let mut conn = amp_db();
    let id = edition(&mut conn).id;
    (conn, id)
}

#[test]
fn a_complete_event_is_saved_with_exact_figures() {
    let (mut conn, ed) = setup();
    let s = saved(&mut conn, &conference(ed));
    let e = s.event;
    assert_eq!(
        e.attended_total,
        Some(100),
        "the total is the sum of the split"
    );
    assert_eq!(
        (e.attended_women, e.attended_men, e.attended_unstated),
        (Some(60), Some(35), Some(5))
    );
    assert_eq!(e.cost_cents, 150_000);
    assert_eq!(e.commune_name.as_deref(), Some("Marseille"));
    assert_eq!(e.day, "2026-03-17");
    assert_eq!(
        e.created_by, "Nadia Benali",
        "every write records who made it"
    );
    assert!(s.warnings.is_empty());
    assert_eq!(events::cost_lines(&conn, e.id).unwrap().len(), 2);
    let form = events::event_form(&conn, e.id).unwrap();
    assert_eq!(form.day, "17/03/2026");
    assert_eq!(
        form.costs[0].amount, "1000",
        "the form gives back what can be saved again"
    );
}

#[test]
fn an_edition_needs_a_theme_and_ordered_days_of_a_month_at_most() {
    let mut conn = amp_db();
    let err = |conn: &mut Connection, input: EditionInput| match events::create_edition(
        conn,
        &assistant(),
        now(),
        &input,
    ) {
        Err(Error::Invalid(f)) => f,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let f = err(
        &mut conn,
        EditionInput {
            theme: " ".into(),
            last_day: "15/03/2026".into(),
            ..week()
        },
    );
    assert_eq!(
        f.get("theme"),
        Some("Le thème de l’édition est obligatoire.")
    );
    assert!(f.get("last_day").unwrap().contains("précéder"));
    let f = err(
        &mut conn,
        EditionInput {
            first_day: "01/03/2026".into(),
            last_day: "01/04/2026".into(),
            ..week()
        },
    );
    assert!(
        f.get("last_day").unwrap().contains("31 jours"),
        "32 days is too long"
    );
    events::create_edition(
        &mut conn,
        &assistant(),
        now(),
        &EditionInput {
            first_day: "01/03/2026".into(),
            last_day: "31/03/2026".into(),
            ..week()
        },
    )
    .expect("31 days is the longest edition");
}

#[test]
fn one_edition_a_year() {
    let (mut conn, _) = setup();
    match events::create_edition(
        &mut conn,
        &assistant(),
        now(),
        &EditionInput {
            first_day: "09/11/2026".into(),
            last_day: "13/11/2026".into(),
            ..week()
        },
    ) {
        Err(Error::Invalid(f)) => assert!(f.get("first_day").unwrap().contains("2026")),
        other => panic!("a second 2026 edition must be refused, got {other:?}"),
    }
    assert_eq!(count(&conn, "week_edition"), 1);
}

#[test]
fn an_edition_keeps_its_events_inside_its_days_and_is_not_deleted_with_them() {
    let (mut conn, ed) = setup();
    saved(&mut conn, &conference(ed)); // Tuesday 17 March
    let shrink = EditionInput {
        first_day: "18/03/2026".into(),
        ..week()
    };
    match events::update_edition(&mut conn, &assistant(), now(), ed, &shrink) {
        Err(Error::Invalid(f)) => assert!(f.get("last_day").unwrap().contains("1 événement")),
        other => panic!("an event would fall outside the edition, got {other:?}"),
    }
    let kept = EditionInput {
        first_day: "17/03/2026".into(),
        ..week()
    };
    events::update_edition(&mut conn, &assistant(), now(), ed, &kept)
        .expect("the event's own day may become the first");
    assert!(matches!(
        events::delete_edition(&mut conn, &assistant(), now(), ed),
        Err(Error::Refused(_))
    ));
    assert_eq!(count(&conn, "week_edition"), 1);
}

#[test]
fn end_time_must_follow_start_time() {
    let (mut conn, ed) = setup();
    let f = refused(
        &mut conn,
        &EventInput {
            end_time: "14:00".into(),
            ..conference(ed)
        },
    );
    assert_eq!(
        f.get("end_time"),
        Some("L’heure de fin doit suivre l’heure de début.")
    );
    let e = saved(
        &mut conn,
        &EventInput {
            start_time: "9h30".into(),
            end_time: "9:31".into(),
            ..conference(ed)
        },
    )
    .event;
    assert_eq!(
        (e.start_time.as_str(), e.end_time.as_str()),
        ("09:30", "09:31")
    );
}

#[test]
fn times_are_read_as_hours_and_minutes() {
    let (mut conn, ed) = setup();
    let f = refused(
        &mut conn,
        &EventInput {
            start_time: "24:00".into(),
            end_time: "demain".into(),
            ..conference(ed)
        },
    );
    assert!(f.get("start_time").unwrap().contains("n’existe pas"));
    assert!(f.get("end_time").unwrap().contains("hh:mm"));
}

#[test]
fn an_event_of_the_week_falls_on_one_of_its_days() {
    let (mut conn, ed) = setup();
    for day in ["15/03/2026", "22/03/2026"] {
        let f = refused(
            &mut conn,
            &EventInput {
                day: day.into(),
                ..planned(ed)
            },
        );
        assert!(
            f.get("day")
                .unwrap()
                .contains("du 16/03/2026 au 21/03/2026"),
            "{day} is outside the week"
        );
    }
    for day in ["16/03/2026", "21/03/2026"] {
        saved(
            &mut conn,
            &EventInput {
                day: day.into(),
                ..planned(ed)
            },
        );
    }
    // Outside the week, an event stands alone.
    saved(
        &mut conn,
        &EventInput {
            edition_id: None,
            day: "22/03/2026".into(),
            ..planned(ed)
        },
    );
    let f = refused(
        &mut conn,
        &EventInput {
            edition_id: Some(ed + 100),
            ..planned(ed)
        },
    );
    assert!(
        f.get("edition_id").is_some(),
        "an unknown edition is refused"
    );
}

#[test]
fn actual_attendance_waits_for_the_date() {
    let (mut conn, _) = setup();
    // Standalone events around today, 15/06/2026.
    let on = |day: &str, status: &str| EventInput {
        edition_id: None,
        day: day.into(),
        status: status.into(),
        attended_total: "40".into(),
        attended_women: String::new(),
        attended_men: String::new(),
        attended_unstated: String::new(),
        ..conference(0)
    };
    let e = saved(&mut conn, &on("15/06/2026", "held")).event;
    assert_eq!(
        e.attended_total,
        Some(40),
        "an event of today can be counted at its end"
    );
    assert_eq!(e.attended_women, None, "a total alone has no split");
    let f = refused(&mut conn, &on("16/06/2026", "held"));
    assert_eq!(
        f.get("attended_total"),
        Some("La participation réelle se saisit une fois la date passée.")
    );
    assert_eq!(
        f.get("status"),
        Some("Un événement ne peut pas être réalisé avant sa date.")
    );
    let f = refused(&mut conn, &on("10/06/2026", "confirmed"));
    assert!(f.get("attended_total").unwrap().contains("« Réalisé »"));
    let ok = saved(
        &mut conn,
        &EventInput {
            attended_total: String::new(),
            ..on("16/06/2026", "confirmed")
        },
    );
    assert_eq!(ok.event.attended_total, None);
}

#[test]
fn the_split_by_sex_must_add_up_and_an_empty_part_counts_zero() {
    let (mut conn, ed) = setup();
    let f = refused(
        &mut conn,
        &EventInput {
            attended_total: "99".into(),
            ..conference(ed)
        },
    );
    assert!(f.get("attended_total").unwrap().contains("(100)"));
    let e = saved(
        &mut conn,
        &EventInput {
            attended_total: "100".into(),
            attended_unstated: String::new(),
            attended_women: "65".into(),
            ..conference(ed)
        },
    )
    .event;
    assert_eq!(e.attended_unstated, Some(0));
    assert_eq!(e.attended_total, Some(100));
}

#[test]
fn a_cancelled_event_has_a_reason_and_no_attendance() {
    let (mut conn, ed) = setup();
    let f = refused(
        &mut conn,
        &EventInput {
            status: "cancelled".into(),
            ..conference(ed)
        },
    );
    assert_eq!(
        f.get("cancel_reason"),
        Some("Indiquez le motif de l’annulation.")
    );
    assert_eq!(
        f.get("attended_total"),
        Some("Un événement annulé n’a pas de participant·es.")
    );
    let e = saved(
        &mut conn,
        &EventInput {
            status: "cancelled".into(),
            cancel_reason: "Intervenante malade".into(),
            ..planned(ed)
        },
    )
    .event;
    assert_eq!(e.status, EventStatus::Cancelled);
    assert_eq!(
        e.cost_cents, 150_000,
        "a cancelled event keeps what it cost"
    );
}

#[test]
fn costs_are_non_negative_and_each_line_names_its_object() {
    let (mut conn, ed) = setup();
    let line = |object: &str, amount: &str| CostLineInput {
        object: object.into(),
        supplier: String::new(),
        amount: amount.into(),
    };
    let f = refused(
        &mut conn,
        &EventInput {
            costs: vec![line("Salle", "-0,01"), line("", "10"), line("Traiteur", "")],
            ..planned(ed)
        },
    );
    assert_eq!(
        f.get("costs.0.amount"),
        Some("La valeur ne peut pas être négative.")
    );
    assert_eq!(
        f.get("costs.1.object"),
        Some("Indiquez l’objet de la dépense.")
    );
    assert_eq!(f.get("costs.2.amount"), Some("Indiquez le montant."));
    let e = saved(
        &mut conn,
        &EventInput {
            costs: vec![
                line("Salle prêtée", "0"),
                line("", ""),
                line("Affiches", "0,01"),
            ],
            ..planned(ed)
        },
    )
    .event;
    assert_eq!(e.cost_cents, 1, "zero is a cost, a blank line is none");
    assert_eq!(events::cost_lines(&conn, e.id).unwrap().len(), 2);
}

#[test]
fn capacity_is_positive_when_given() {
    let (mut conn, ed) = setup();
    let f = refused(
        &mut conn,
        &EventInput {
            capacity: "0".into(),
            ..planned(ed)
        },
    );
    assert!(f.get("capacity").unwrap().contains("positive"));
    for capacity in ["1", ""] {
        let e = saved(
            &mut conn,
            &EventInput {
                capacity: capacity.into(),
                ..planned(ed)
            },
        )
        .event;
        assert_eq!(e.capacity, capacity.parse().ok());
    }
}

#[test]
fn two_events_at_the_same_venue_and_time_are_saved_with_a_warning() {
    let (mut conn, ed) = setup();
    let first = saved(&mut conn, &planned(ed)).event; // 14:00–16:00
    let at = |start: &str, end: &str| EventInput {
        title: "Exposition".into(),
        start_time: start.into(),
        end_time: end.into(),
        ..planned(ed)
    };
    let touching = saved(&mut conn, &at("16:00", "17:00"));
    assert!(
        touching.warnings.is_empty(),
        "one ending as the other starts is no overlap"
    );
    let overlap = saved(&mut conn, &at("15:59", "18:00"));
    assert_eq!(overlap.warnings.len(), 2, "{:?}", overlap.warnings);
    assert!(overlap.warnings[0].contains("« Conférence d’ouverture », de 14:00 à 16:00"));
    assert_eq!(events::get_event(&conn, first.id).unwrap().overlaps, 1);
    let elsewhere = saved(
        &mut conn,
        &EventInput {
            venue: "Mucem".into(),
            ..at("14:00", "16:00")
        },
    );
    assert!(elsewhere.warnings.is_empty(), "another venue");
    let other_town = saved(
        &mut conn,
        &EventInput {
            commune_insee: "13001".into(),
            ..at("14:00", "16:00")
        },
    );
    assert!(
        other_town.warnings.is_empty(),
        "the same name in another commune"
    );
    let cancelled = saved(
        &mut conn,
        &EventInput {
            status: "cancelled".into(),
            cancel_reason: "Salle indisponible".into(),
            ..at("14:00", "16:00")
        },
    );
    assert!(
        cancelled.warnings.is_empty(),
        "a cancelled event takes no room"
    );
    assert_eq!(
        count(&conn, "event"),
        6,
        "a warning never prevents the save"
    );
}

#[test]
fn an_update_replaces_the_cost_lines_and_a_delete_takes_them_away() {
    let (mut conn, ed) = setup();
    let e = saved(&mut conn, &conference(ed)).event;
    let mut input = conference(ed);
    input.costs.truncate(1);
    input.costs[0].amount = "750".into();
    let updated = events::update_event(&mut conn, &assistant(), today(), now(), e.id, &input)
        .unwrap()
        .event;
    assert_eq!(updated.cost_cents, 75_000);
    assert_eq!(count(&conn, "event_cost"), 1);
    events::delete_event(&mut conn, &lead(), now(), e.id).unwrap();
    assert_eq!((count(&conn, "event"), count(&conn, "event_cost")), (0, 0));
    assert!(matches!(
        events::delete_event(&mut conn, &lead(), now(), e.id),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn campaign_items_check_their_dates_and_amounts() {
    let (mut conn, ed) = setup();
    let item = CampaignInput {
        edition_id: ed,
        kind: "posters".into(),
        description: "Affichage".into(),
        supplier: "Afficheur".into(),
        first_day: "02/03/2026".into(),
        last_day: "01/03/2026".into(),
        cost: "-5".into(),
        reach: "1,5".into(),
    };
    match events::create_campaign_item(&mut conn, &assistant(), now(), &item) {
        Err(Error::Invalid(f)) => {
            assert!(f.get("last_day").unwrap().contains("précéder"));
            assert!(f.get("cost").unwrap().contains("négative"));
            assert!(f.get("reach").is_some());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let ok = events::create_campaign_item(
        &mut conn,
        &assistant(),
        now(),
        &CampaignInput {
            last_day: String::new(),
            cost: "4 800".into(),
            reach: "250 000".into(),
            ..item
        },
    )
    .unwrap();
    assert_eq!(
        ok.last_day.as_deref(),
        Some("2026-03-02"),
        "one day when no last day"
    );
    assert_eq!((ok.cost_cents, ok.reach), (Some(480_000), Some(250_000)));
}

#[test]
fn the_database_refuses_what_validation_would_never_write() {
    let (conn, ed_id) = setup();
    // Rows written behind the core's back, each breaking one rule of the
    // control row (a held event of the week with its attendance split by sex).
    let row = |edition: &str,
               day: &str,
               end: &str,
               status: &str,
               attendance: &str,
               capacity: &str,
               reason: &str| {
        conn.execute(
            &format!(
                "INSERT INTO event (edition_id, title, kind, day, start_time, end_time, public,
                    status, attended_total, attended_women, attended_men, attended_unstated,
                    capacity, cancel_reason, created_at, created_by, updated_at, updated_by)
                 VALUES ({edition}, 'x', 'workshop', '{day}', '14:00', '{end}', 'adults',
                    '{status}', {attendance}, {capacity}, '{reason}', 'n', 'n', 'n', 'n')"
            ),
            [],
        )
    };
    let ed = ed_id.to_string();
    let split = "10, 6, 4, 0";
    assert!(
        row(&ed, "2026-03-17", "16:00", "held", split, "NULL", "").is_ok(),
        "the control row is accepted"
    );
    assert!(
        row(
            &ed,
            "2026-03-22",
            "16:00",
            "planned",
            "NULL, NULL, NULL, NULL",
            "NULL",
            ""
        )
        .is_err(),
        "an event of the week the day after it ends"
    );
    assert!(
        row(
            "NULL",
            "2026-03-22",
            "16:00",
            "planned",
            "NULL, NULL, NULL, NULL",
            "NULL",
            ""
        )
        .is_ok(),
        "the same day, standalone"
    );
    assert!(
        row(
            &ed,
            "2026-03-17",
            "14:00",
            "planned",
            "NULL, NULL, NULL, NULL",
            "NULL",
            ""
        )
        .is_err(),
        "an end that does not follow the start"
    );
    assert!(
        row(&ed, "2026-03-17", "16:00", "confirmed", split, "NULL", "").is_err(),
        "attendance on an event not held"
    );
    assert!(
        row(
            &ed,
            "2026-03-17",
            "16:00",
            "held",
            "NULL, 6, 4, 0",
            "NULL",
            ""
        )
        .is_err(),
        "a split by sex without its total"
    );
    assert!(
        row(
            &ed,
            "2026-03-17",
            "16:00",
            "held",
            "11, 6, 4, 0",
            "NULL",
            ""
        )
        .is_err(),
        "a total that is not the sum of the split"
    );
    assert!(
        row(
            &ed,
            "2026-03-17",
            "16:00",
            "cancelled",
            "NULL, NULL, NULL, NULL",
            "NULL",
            ""
        )
        .is_err(),
        "a cancelled event without a reason"
    );
    assert!(
        row(
            &ed,
            "2026-03-17",
            "16:00",
            "cancelled",
            split,
            "NULL",
            "pluie"
        )
        .is_err(),
        "a cancelled event with attendance"
    );
    assert!(
        row(&ed, "2026-03-17", "16:00", "held", split, "0", "").is_err(),
        "a capacity of zero"
    );
    let event_id: i64 = conn
        .query_row(
            "SELECT min(id) FROM event WHERE edition_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        conn.execute(
            "UPDATE event SET day = '2026-03-15' WHERE id = ?1",
            [event_id]
        )
        .is_err(),
        "an event moved out of its week"
    );
    assert!(
        conn.execute(
            "UPDATE week_edition SET first_day = '2026-03-18' WHERE id = ?1",
            [ed_id]
        )
        .is_err(),
        "an edition shrunk away from its events"
    );
    assert!(
        conn.execute(
            "INSERT INTO event_cost (event_id, position, object, amount_cents, created_at,
                created_by, updated_at, updated_by) VALUES (?1, 0, 'Salle', -1, 'n', 'n', 'n', 'n')",
            [event_id]
        )
        .is_err(),
        "a negative cost"
    );
    assert!(
        conn.execute(
            "INSERT INTO campaign_item (edition_id, kind, description, cost_cents, created_at,
                created_by, updated_at, updated_by) VALUES (?1, 'radio', 'Spots', -1, 'n', 'n', 'n', 'n')",
            [ed_id]
        )
        .is_err(),
        "a negative campaign cost"
    );
    assert_eq!(
        count(&conn, "event"),
        2,
        "only the two valid rows were written"
    );
}

/// The hand-computed edition: five events of the week and one outside it.
///
/// | event | commune | status | attendance | costs |
/// |---|---|---|---|---|
/// | E1 conference | Marseille | held | 60 F / 35 H / 5 NR = 100 | 1 000 + 500 |
/// | E2 workshop | Marseille | held | 50, not split | 250,50 |
/// | E3 school | Vitrolles | held | 10 / 10 / 0 = 20 | none |
/// | E4 festive | Aix-en-Provence | cancelled | — | 100 (fee) |
/// | E5 screening | La Ciotat | confirmed | — | none |
/// | S1 outside the week, January | Marseille | held | 30 | 300 |
///
/// Campaign: posters 2 000 € (reach 5 000), radio with no cost (reach 1 000).
pub fn hand_computed() -> (Connection, i64) {
    let (mut conn, ed) = setup();
    let base = |title: &str, kind: &str, commune: &str| EventInput {
        title: title.into(),
        kind: kind.into(),
        commune_insee: commune.into(),
        venue: title.into(),
        costs: vec![],
        ..planned(ed)
    };
    let line = |amount: &str| CostLineInput {
        object: "Prestation".into(),
        supplier: String::new(),
        amount: amount.into(),
    };
    saved(&mut conn, &conference(ed));
    saved(
        &mut conn,
        &EventInput {
            status: "held".into(),
            attended_total: "50".into(),
            day: "16/03/2026".into(),
            costs: vec![line("250,50")],
            ..base("E2", "workshop", "13055")
        },
    );
    saved(
        &mut conn,
        &EventInput {
            status: "held".into(),
            attended_women: "10".into(),
            attended_men: "10".into(),
            attended_unstated: "0".into(),
            day: "18/03/2026".into(),
            ..base("E3", "school_youth", "13117")
        },
    );
    saved(
        &mut conn,
        &EventInput {
            status: "cancelled".into(),
            cancel_reason: "Météo".into(),
            day: "21/03/2026".into(),
            costs: vec![line("100")],
            ..base("E4", "festive", "13001")
        },
    );
    saved(
        &mut conn,
        &EventInput {
            day: "19/03/2026".into(),
            ..base("E5", "screening_debate", "13028")
        },
    );
    saved(
        &mut conn,
        &EventInput {
            edition_id: None,
            status: "held".into(),
            attended_total: "30".into(),
            day: "20/01/2026".into(),
            costs: vec![line("300")],
            ..base("S1", "workshop", "13055")
        },
    );
    for (kind, cost, reach) in [("posters", "2 000", "5000"), ("radio", "", "1000")] {
        events::create_campaign_item(
            &mut conn,
            &assistant(),
            now(),
            &CampaignInput {
                edition_id: ed,
                kind: kind.into(),
                description: format!("Campagne {kind}"),
                supplier: String::new(),
                first_day: "09/03/2026".into(),
                last_day: "21/03/2026".into(),
                cost: cost.into(),
                reach: reach.into(),
            },
        )
        .unwrap();
    }
    (conn, ed)
}

#[test]
fn coverage_by_commune_on_the_hand_computed_year() {
    let (conn, _) = hand_computed();
    let c = events::coverage(&conn, 2026).unwrap();
    let rows: Vec<(&str, i64, i64, i64, i64, Option<i64>)> = c
        .rows
        .iter()
        .map(|r| {
            (
                r.commune_name.as_deref().unwrap_or("?"),
                r.events,
                r.held,
                r.participants,
                r.cost_cents,
                r.cost_per_participant_cents,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Only a cancelled event: a cost, but not a commune reached.
            ("Aix-en-Provence", 0, 0, 0, 10_000, None),
            ("La Ciotat", 1, 0, 0, 0, None),
            // 1 500 + 250,50 + 300 = 2 050,50 € for 100 + 50 + 30 = 180 people: 11,39 €.
            ("Marseille", 3, 3, 180, 205_050, Some(1_139)),
            ("Vitrolles", 1, 1, 20, 0, Some(0)),
        ]
    );
    assert_eq!(
        (
            c.totals.events,
            c.totals.held,
            c.totals.participants,
            c.totals.cost_cents
        ),
        (5, 4, 200, 215_050)
    );
    // 2 150,50 € / 200 = 10,7525 €, rounded to the cent.
    assert_eq!(c.totals.cost_per_participant_cents, Some(1_075));
    assert_eq!((c.communes_reached, c.communes_total), (3, 92));
}

#[test]
fn the_bilan_of_the_hand_computed_edition() {
    let (conn, ed) = hand_computed();
    let b = events::bilan(&conn, ed).unwrap();
    assert_eq!(
        b.events.len(),
        5,
        "the event outside the week is not in its report"
    );
    assert_eq!(
        (b.events_held, b.events_pending, b.events_cancelled),
        (3, 1, 1)
    );
    assert_eq!(b.participants, 170);
    assert_eq!((b.women, b.men, b.unstated), (70, 45, 5));
    assert_eq!(b.participants_without_split, 50);
    assert_eq!(b.events_cost_cents, 185_050);
    assert_eq!((b.campaign_cost_cents, b.campaign_reach), (200_000, 6_000));
    assert_eq!(b.total_cost_cents, 385_050);
    // 3 850,50 € / 170 = 22,65 € exactly.
    assert_eq!(b.cost_per_participant_cents, Some(2_265));
    let kinds: Vec<(&str, i64, i64)> = b
        .by_kind
        .iter()
        .map(|k| (k.kind.code(), k.held, k.participants))
        .collect();
    assert_eq!(
        kinds,
        [
            ("conference", 1, 100),
            ("workshop", 1, 50),
            ("school_youth", 1, 20)
        ]
    );
    assert_eq!(b.coverage.communes_reached, 3);
    assert_eq!(b.coverage.totals.participants, 170);
}

#[test]
fn the_programme_lists_every_day_and_leaves_cancelled_events_out() {
    let (conn, ed) = hand_computed();
    let p = events::programme(&conn, ed).unwrap();
    let days: Vec<(&str, Vec<&str>)> = p
        .days
        .iter()
        .map(|d| {
            (
                d.day.as_str(),
                d.events.iter().map(|e| e.title.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-03-16", vec!["E2"]),
            ("2026-03-17", vec!["Conférence d’ouverture"]),
            ("2026-03-18", vec!["E3"]),
            ("2026-03-19", vec!["E5"]),
            ("2026-03-20", vec![]),
            ("2026-03-21", vec![]),
        ]
    );
}

#[test]
fn the_list_filters_sorts_and_pages_in_sql() {
    let (conn, _) = hand_computed();
    let mut q = EventQuery::year(2026);
    let all = events::list_events(&conn, &q).unwrap();
    assert_eq!(all.totals.events, 6);
    assert_eq!(all.totals.attended_total, 200);
    assert_eq!(all.totals.cost_cents, 215_050);
    q.scope = Some(EventScope::Standalone);
    assert_eq!(events::list_events(&conn, &q).unwrap().items[0].title, "S1");
    q.scope = Some(EventScope::Week);
    q.commune_insee = Some("13055".into());
    assert_eq!(events::list_events(&conn, &q).unwrap().totals.events, 2);
    q.commune_insee = None;
    q.search = Some("hôtel".into());
    let found = events::list_events(&conn, &q).unwrap();
    assert_eq!(found.items.len(), 1, "the venue is searched");
    q.search = Some("%".into());
    assert_eq!(
        events::list_events(&conn, &q).unwrap().totals.events,
        0,
        "typed % is literal"
    );
    let mut q = EventQuery::year(2026);
    q.sort = events::EventSort::Cost;
    q.descending = true;
    q.page_size = 2;
    q.page = 2;
    let page = events::list_events(&conn, &q).unwrap();
    assert_eq!(page.page_count, 3);
    assert_eq!(
        page.items.iter().map(|e| e.cost_cents).collect::<Vec<_>>(),
        [25_050, 10_000]
    );
}

#[test]
fn the_demo_year_has_its_week_events_and_campaign() {
    let mut conn = plan_lcd::store::open_in_memory().unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    let edition = events::edition_of_year(&conn, 2026)
        .unwrap()
        .expect("the demo prepares the year's week");
    assert_eq!(
        (edition.first_day.as_str(), edition.last_day.as_str()),
        ("2026-03-16", "2026-03-21")
    );
    let all = events::events_of_year(&conn, 2026).unwrap();
    assert!(all
        .iter()
        .any(|e| e.edition_id.is_none() && e.title.contains("Camp des Milles")));
    assert!(
        all.iter().any(|e| e.overlaps > 0),
        "the festive day stacks two events on one square"
    );
    assert!(all
        .iter()
        .all(|e| e.status != EventStatus::Held || e.day.as_str() <= "2026-06-15"));
    let b = events::bilan(&conn, edition.id).unwrap();
    assert!(b.participants > 500 && b.campaign.len() == 4, "{b:?}");
    assert!(b.coverage.communes_reached >= 5);
}
