//! Every validation rule of a training session, on its boundaries: a refused
//! form names the field, says why in French, and saves nothing.

use plan_lcd::trainings::{self, TrainingInput};
use plan_lcd::Error;

use crate::util::{amp_db, assistant, count_sessions, create, held, lead, now, today};

/// Submits `input` and returns the refused fields, checking nothing was saved.
fn refused(input: &TrainingInput) -> plan_lcd::error::FieldErrors {
    let mut conn = amp_db();
    match trainings::create(&mut conn, &assistant(), today(), now(), input) {
        Err(Error::Invalid(fields)) => {
            assert_eq!(count_sessions(&conn), 0, "a refused form saves nothing");
            fields
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn accepted(input: &TrainingInput) {
    let mut conn = amp_db();
    create(&mut conn, input);
    assert_eq!(count_sessions(&conn), 1);
}

#[test]
fn a_complete_form_is_saved_with_exact_figures() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    assert_eq!(s.hours_centi, 700);
    assert_eq!(s.planned_cost_cents, Some(100_000));
    assert_eq!(s.actual_cost_cents, Some(85_050));
    assert_eq!(s.satisfaction_tenths, Some(45));
    assert_eq!(s.attended_total, 17);
    assert_eq!(s.commune_name.as_deref(), Some("Marseille"));
    assert_eq!(s.first_day, "2026-03-10");
    assert_eq!(
        s.created_by, "Nadia Benali",
        "every write records who made it"
    );
    assert!(!s.over_capacity);
}

#[test]
fn title_is_required() {
    let f = refused(&TrainingInput {
        title: "   ".into(),
        ..held()
    });
    assert_eq!(f.get("title"), Some("L’intitulé est obligatoire."));
}

#[test]
fn last_day_cannot_precede_first_day() {
    let f = refused(&TrainingInput {
        last_day: "09/03/2026".into(),
        ..held()
    });
    assert!(f.get("last_day").unwrap().contains("précéder"));
    accepted(&TrainingInput {
        last_day: "10/03/2026".into(),
        ..held()
    });
    accepted(&TrainingInput {
        last_day: String::new(),
        ..held()
    });
}

#[test]
fn dates_must_exist_and_be_written_day_first() {
    assert!(refused(&TrainingInput {
        first_day: "31/02/2026".into(),
        ..held()
    })
    .get("first_day")
    .unwrap()
    .contains("n’existe pas"));
    assert!(refused(&TrainingInput {
        first_day: "2026-03-10".into(),
        ..held()
    })
    .get("first_day")
    .is_some());
    assert!(refused(&TrainingInput {
        first_day: String::new(),
        ..held()
    })
    .get("first_day")
    .is_some());
}

#[test]
fn hours_are_positive_and_at_most_24_per_day() {
    assert!(refused(&TrainingInput {
        hours: "0".into(),
        ..held()
    })
    .get("hours")
    .is_some());
    assert!(refused(&TrainingInput {
        hours: String::new(),
        ..held()
    })
    .get("hours")
    .is_some());
    assert!(refused(&TrainingInput {
        hours: "-2".into(),
        ..held()
    })
    .get("hours")
    .is_some());
    accepted(&TrainingInput {
        hours: "24".into(),
        ..held()
    });
    assert!(refused(&TrainingInput {
        hours: "24,01".into(),
        ..held()
    })
    .get("hours")
    .unwrap()
    .contains("24 heures"));
    // Two days allow 48 hours.
    accepted(&TrainingInput {
        last_day: "11/03/2026".into(),
        hours: "48".into(),
        ..held()
    });
    assert!(refused(&TrainingInput {
        last_day: "11/03/2026".into(),
        hours: "48,5".into(),
        ..held()
    })
    .get("hours")
    .is_some());
}

#[test]
fn capacity_is_positive_when_given() {
    assert!(refused(&TrainingInput {
        capacity: "0".into(),
        ..held()
    })
    .get("capacity")
    .is_some());
    accepted(&TrainingInput {
        capacity: String::new(),
        ..held()
    });
    accepted(&TrainingInput {
        capacity: "1".into(),
        attended_women: "1".into(),
        attended_men: "0".into(),
        attended_unstated: "0".into(),
        ..held()
    });
}

#[test]
fn attendance_counts_are_whole_and_non_negative() {
    assert!(refused(&TrainingInput {
        attended_women: "-1".into(),
        ..held()
    })
    .get("attended_women")
    .is_some());
    assert!(refused(&TrainingInput {
        attended_men: "2,5".into(),
        ..held()
    })
    .get("attended_men")
    .is_some());
    assert!(refused(&TrainingInput {
        attended_unstated: "beaucoup".into(),
        ..held()
    })
    .get("attended_unstated")
    .is_some());
}

#[test]
fn attendance_above_capacity_is_allowed_but_flagged() {
    let mut conn = amp_db();
    let s = create(
        &mut conn,
        &TrainingInput {
            capacity: "16".into(),
            ..held()
        },
    );
    assert!(s.over_capacity, "17 present for 16 places is flagged");
    let s = create(
        &mut conn,
        &TrainingInput {
            capacity: "17".into(),
            ..held()
        },
    );
    assert!(!s.over_capacity, "a full room is not over capacity");
}

#[test]
fn costs_are_non_negative_amounts_in_cents() {
    assert!(refused(&TrainingInput {
        planned_cost: "-10".into(),
        ..held()
    })
    .get("planned_cost")
    .is_some());
    assert!(refused(&TrainingInput {
        actual_cost: "12,345".into(),
        ..held()
    })
    .get("actual_cost")
    .is_some());
    accepted(&TrainingInput {
        planned_cost: "0".into(),
        actual_cost: String::new(),
        ..held()
    });
}

#[test]
fn a_cancelled_session_needs_a_reason_and_has_no_attendance() {
    let cancelled = TrainingInput {
        status: "cancelled".into(),
        ..held()
    };
    let f = refused(&TrainingInput {
        cancel_reason: String::new(),
        ..cancelled.clone()
    });
    assert_eq!(
        f.get("cancel_reason"),
        Some("Indiquez le motif de l’annulation.")
    );
    assert!(
        f.get("status").unwrap().contains("annulée"),
        "attendance on a cancelled session is refused too"
    );
    accepted(&TrainingInput {
        cancel_reason: "Intervenant malade".into(),
        attended_women: String::new(),
        attended_men: "0".into(),
        attended_unstated: String::new(),
        ..cancelled
    });
}

#[test]
fn a_session_cannot_be_held_before_its_first_day() {
    // Today is 15/06/2026 in the tests.
    assert!(refused(&TrainingInput {
        first_day: "16/06/2026".into(),
        last_day: String::new(),
        ..held()
    })
    .get("status")
    .is_some());
    accepted(&TrainingInput {
        first_day: "15/06/2026".into(),
        last_day: String::new(),
        ..held()
    });
}

#[test]
fn attendance_is_entered_only_once_a_session_is_held() {
    let f = refused(&TrainingInput {
        status: "planned".into(),
        ..held()
    });
    assert!(f.get("status").unwrap().contains("réalisée"));
    accepted(&TrainingInput {
        status: "confirmed".into(),
        first_day: "01/10/2026".into(),
        last_day: String::new(),
        attended_women: String::new(),
        attended_men: String::new(),
        attended_unstated: String::new(),
        ..held()
    });
}

#[test]
fn satisfaction_is_a_score_from_1_to_5() {
    assert!(refused(&TrainingInput {
        satisfaction: "0,9".into(),
        ..held()
    })
    .get("satisfaction")
    .is_some());
    assert!(refused(&TrainingInput {
        satisfaction: "5,1".into(),
        ..held()
    })
    .get("satisfaction")
    .is_some());
    assert!(refused(&TrainingInput {
        satisfaction: "4,25".into(),
        ..held()
    })
    .get("satisfaction")
    .is_some());
    accepted(&TrainingInput {
        satisfaction: "1".into(),
        ..held()
    });
    accepted(&TrainingInput {
        satisfaction: "5".into(),
        ..held()
    });
}

#[test]
fn codes_and_commune_must_be_known() {
    let f = refused(&TrainingInput {
        audience: "everyone".into(),
        format: "hybrid".into(),
        status: "done".into(),
        commune_insee: "75056".into(),
        ..held()
    });
    for field in ["audience", "format", "status", "commune_insee"] {
        assert!(f.get(field).is_some(), "{field} is refused");
    }
}

#[test]
fn every_wrong_field_is_reported_at_once() {
    let f = refused(&TrainingInput {
        title: String::new(),
        hours: "abc".into(),
        capacity: "-3".into(),
        actual_cost: "beaucoup".into(),
        ..held()
    });
    let fields: Vec<&str> = f.fields().collect();
    assert_eq!(fields, ["actual_cost", "capacity", "hours", "title"]);
}

#[test]
fn hostile_text_is_stored_as_text_and_huge_text_refused() {
    let mut conn = amp_db();
    let s = create(
        &mut conn,
        &TrainingInput {
            title: "<img src=x onerror=alert(1)>'; DROP TABLE unit;--".into(),
            ..held()
        },
    );
    assert_eq!(s.title, "<img src=x onerror=alert(1)>'; DROP TABLE unit;--");
    assert!(plan_lcd::territory::unit(&conn).unwrap().is_some());
    let f = refused(&TrainingInput {
        notes: "x".repeat(1_000_000),
        ..held()
    });
    assert!(f.get("notes").unwrap().contains("trop long"));
}

#[test]
fn editing_replaces_the_fields_and_an_invalid_edit_changes_nothing() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    let edited = trainings::update(
        &mut conn,
        &assistant(),
        today(),
        now(),
        s.id,
        &TrainingInput {
            title: "Nouveau titre".into(),
            ..held()
        },
    )
    .unwrap();
    assert_eq!(edited.title, "Nouveau titre");
    let bad = trainings::update(
        &mut conn,
        &assistant(),
        today(),
        now(),
        s.id,
        &TrainingInput {
            title: String::new(),
            hours: "99".into(),
            ..held()
        },
    );
    assert!(matches!(bad, Err(Error::Invalid(_))));
    assert_eq!(
        trainings::get(&conn, s.id).unwrap(),
        edited,
        "an invalid edit leaves the session as it was"
    );
    assert_eq!(
        trainings::form(&conn, s.id).unwrap(),
        TrainingInput {
            title: "Nouveau titre".into(),
            planned_cost: "1000".into(),
            ..held()
        },
        "the form shows what was typed, normalised"
    );
}

#[test]
fn deleting_removes_the_session() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    trainings::delete(&mut conn, &lead(), now(), s.id).unwrap();
    assert_eq!(count_sessions(&conn), 0);
    assert!(matches!(
        trainings::delete(&mut conn, &lead(), now(), s.id),
        Err(Error::NotFound(_))
    ));
}
