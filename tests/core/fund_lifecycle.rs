//! An application's life: every edge of the state machine allowed and every
//! other refused, dates in order, the documents rule, undo with its reason,
//! roles, and the history that records who did what and when.

use plan_lcd::fund::{self, actions_from, transition, Stage, StepAction};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::Error;

use crate::fund_fixtures::*;
use crate::util::{assistant, now, today};

/// The whole machine, written out by hand from the issue.
const EDGES: &[(Stage, StepAction, Stage)] = &[
    (Stage::Draft, StepAction::Receive, Stage::Received),
    (
        Stage::Received,
        StepAction::MarkIncomplete,
        Stage::Incomplete,
    ),
    (Stage::Received, StepAction::MarkComplete, Stage::Complete),
    (Stage::Incomplete, StepAction::MarkComplete, Stage::Complete),
    (Stage::Complete, StepAction::StartReview, Stage::UnderReview),
    (Stage::UnderReview, StepAction::Grant, Stage::Granted),
    (Stage::UnderReview, StepAction::Refuse, Stage::Refused),
    (Stage::Received, StepAction::Withdraw, Stage::Withdrawn),
    (Stage::Incomplete, StepAction::Withdraw, Stage::Withdrawn),
    (Stage::Complete, StepAction::Withdraw, Stage::Withdrawn),
    (Stage::UnderReview, StepAction::Withdraw, Stage::Withdrawn),
    (Stage::Granted, StepAction::Withdraw, Stage::Withdrawn),
    (
        Stage::AgreementSigned,
        StepAction::Withdraw,
        Stage::Withdrawn,
    ),
    (
        Stage::Granted,
        StepAction::SignAgreement,
        Stage::AgreementSigned,
    ),
    (
        Stage::Granted,
        StepAction::ReceiveReport,
        Stage::ReportReceived,
    ),
    (
        Stage::AgreementSigned,
        StepAction::ReceiveReport,
        Stage::ReportReceived,
    ),
    (Stage::ReportReceived, StepAction::Close, Stage::Closed),
    (Stage::Refused, StepAction::Close, Stage::Closed),
    (Stage::Withdrawn, StepAction::Close, Stage::Closed),
];

#[test]
fn the_machine_has_exactly_the_issues_edges() {
    let mut allowed = 0;
    for &from in Stage::ALL {
        for &action in StepAction::ALL {
            let expected = EDGES
                .iter()
                .find(|(f, a, _)| *f == from && *a == action)
                .map(|(_, _, to)| *to);
            assert_eq!(
                transition(from, action),
                expected,
                "{from:?} --{action:?}-->"
            );
            allowed += expected.is_some() as usize;
        }
    }
    assert_eq!(allowed, EDGES.len());
    assert!(
        actions_from(Stage::Closed).is_empty(),
        "a closed application goes nowhere"
    );
    assert_eq!(actions_from(Stage::Draft), vec![StepAction::Receive]);
}

/// Brings an application to `stage` along the shortest path.
fn bring_to(conn: &mut rusqlite::Connection, id: i64, stage: Stage) {
    let path: &[(&str, &str)] = match stage {
        Stage::Draft => &[],
        Stage::Received => &[("receive", "15/02/2026")],
        Stage::Incomplete => &[("receive", "15/02/2026"), ("mark_incomplete", "16/02/2026")],
        Stage::Complete => &[("receive", "15/02/2026"), ("mark_complete", "20/02/2026")],
        Stage::UnderReview => &[
            ("receive", "15/02/2026"),
            ("mark_complete", "20/02/2026"),
            ("start_review", "01/03/2026"),
        ],
        Stage::Granted
        | Stage::AgreementSigned
        | Stage::ReportReceived
        | Stage::Refused
        | Stage::Withdrawn
        | Stage::Closed => &[
            ("receive", "15/02/2026"),
            ("mark_complete", "20/02/2026"),
            ("start_review", "01/03/2026"),
        ],
    };
    for (action, date) in path {
        if *action == "mark_complete" {
            tick_all(conn, id, "15/02/2026");
        }
        take(conn, id, action, date).unwrap();
    }
    let rest: &[(&str, &str)] = match stage {
        Stage::Granted => &[("grant", "10/04/2026")],
        Stage::AgreementSigned => &[("grant", "10/04/2026"), ("sign_agreement", "20/04/2026")],
        Stage::ReportReceived => &[("grant", "10/04/2026"), ("receive_report", "01/06/2026")],
        Stage::Refused => &[("refuse", "10/04/2026")],
        Stage::Withdrawn => &[("withdraw", "10/04/2026")],
        Stage::Closed => &[("refuse", "10/04/2026"), ("close", "01/06/2026")],
        _ => &[],
    };
    for (action, date) in rest {
        take_as(conn, &lead(), id, action, date, "1 000", "Motif écrit").unwrap();
    }
    assert_eq!(stage_of(conn, id), stage);
}

#[test]
fn every_step_is_refused_from_a_stage_without_that_edge() {
    for &from in Stage::ALL {
        let (mut conn, call) = fund_db();
        let o = org(&mut conn, "Asso", "association");
        let id = app(&mut conn, call, o, "1000");
        bring_to(&mut conn, id, from);
        for &action in StepAction::ALL {
            if transition(from, action).is_some() {
                continue;
            }
            let err = take_as(
                &mut conn,
                &lead(),
                id,
                action.code(),
                "14/06/2026",
                "500",
                "motif",
            )
            .unwrap_err();
            let msg = refused(err);
            assert!(
                msg.contains("n’est pas possible"),
                "{from:?} {action:?}: {msg}"
            );
            assert_eq!(stage_of(&conn, id), from, "a refused step changes nothing");
        }
    }
}

#[test]
fn every_edge_is_taken_through_the_core() {
    for (from, action, to) in EDGES {
        let (mut conn, call) = fund_db();
        let o = org(&mut conn, "Asso", "association");
        let id = app(&mut conn, call, o, "1000");
        bring_to(&mut conn, id, *from);
        tick_all(&mut conn, id, "15/02/2026");
        let reached = take_as(
            &mut conn,
            &lead(),
            id,
            action.code(),
            "14/06/2026",
            "1000",
            "Motif écrit",
        )
        .unwrap_or_else(|e| panic!("{from:?} --{action:?}--> {to:?}: {e:?}"));
        assert_eq!(reached, *to);
        assert_eq!(stage_of(&conn, id), *to);
    }
}

#[test]
fn step_dates_are_in_order_and_never_in_the_future() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    let err = take(&mut conn, id, "receive", "16/06/2026").unwrap_err();
    assert!(field(err, "date").contains("futur"), "today is 15/06/2026");
    take(&mut conn, id, "receive", "15/06/2026").expect("today itself is fine");
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    take(&mut conn, id, "receive", "15/02/2026").unwrap();
    tick_all(&mut conn, id, "15/02/2026");
    let err = take(&mut conn, id, "mark_complete", "14/02/2026").unwrap_err();
    assert!(
        field(err, "date").contains("15/02/2026"),
        "says which step came before"
    );
    take(&mut conn, id, "mark_complete", "15/02/2026").expect("the same day is in order");
    take(&mut conn, id, "start_review", "15/02/2026").unwrap();
    let err = take_as(&mut conn, &lead(), id, "grant", "", "500", "").unwrap_err();
    assert!(field(err, "date").contains("obligatoire"));
}

#[test]
fn receipt_after_the_call_closes_is_flagged_late_not_refused() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let on_time = app(&mut conn, call, o, "1000");
    let late = app(&mut conn, call, o, "1000");
    take(&mut conn, on_time, "receive", "31/03/2026").unwrap();
    take(&mut conn, late, "receive", "01/04/2026").unwrap();
    let v = |id| fund::get_application(&conn, id, today()).unwrap().row.late;
    assert!(!v(on_time), "the closing day is still on time");
    assert!(v(late), "the day after is late");
}

#[test]
fn complete_needs_every_document_and_incomplete_says_what_is_missing() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    take(&mut conn, id, "receive", "15/02/2026").unwrap();
    let docs = fund::get_application(&conn, id, today()).unwrap().documents;
    for doc in &docs[..4] {
        fund::set_document(
            &mut conn,
            &assistant(),
            today(),
            now(),
            id,
            doc.document_id,
            "16/02/2026",
        )
        .unwrap();
    }
    let err = take(&mut conn, id, "mark_complete", "20/02/2026").unwrap_err();
    assert!(
        field(err, "action").contains("Budget prévisionnel"),
        "names the missing document"
    );
    take(&mut conn, id, "mark_incomplete", "20/02/2026").unwrap();
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(
        v.missing, "Budget prévisionnel du projet",
        "what is missing defaults to the unticked documents"
    );
    let err = fund::set_document(
        &mut conn,
        &assistant(),
        today(),
        now(),
        id,
        docs[4].document_id,
        "16/06/2026",
    )
    .unwrap_err();
    assert!(field(err, "received_on").contains("futur"));
    fund::set_document(
        &mut conn,
        &assistant(),
        today(),
        now(),
        id,
        docs[4].document_id,
        "01/03/2026",
    )
    .unwrap();
    take(&mut conn, id, "mark_complete", "02/03/2026").unwrap();
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(
        v.documents[4].received_on.as_deref(),
        Some("2026-03-01"),
        "each document keeps its date"
    );
    assert_eq!(v.missing, "");
    let err = fund::set_document(
        &mut conn,
        &assistant(),
        today(),
        now(),
        id,
        docs[0].document_id,
        "",
    )
    .unwrap_err();
    assert!(
        refused(err).contains("complet"),
        "a complete file does not lose a document silently"
    );
}

#[test]
fn refusal_and_withdrawal_need_a_reason() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    to_review(&mut conn, id);
    let err = take_as(&mut conn, &lead(), id, "refuse", "10/04/2026", "", " ").unwrap_err();
    assert!(field(err, "text").contains("motif"));
    let err = take_as(&mut conn, &lead(), id, "withdraw", "10/04/2026", "", "").unwrap_err();
    assert!(field(err, "text").contains("retiré"));
    take_as(
        &mut conn,
        &lead(),
        id,
        "refuse",
        "10/04/2026",
        "",
        "Hors du champ de l’appel",
    )
    .unwrap();
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(v.decision_reason, "Hors du champ de l’appel");
    assert_eq!(v.row.granted_cents, None);
}

#[test]
fn decisions_and_scores_are_the_project_leads() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    to_review(&mut conn, id);
    let manager = Actor {
        name: "Paul Durand".into(),
        role: Role::Manager,
    };
    for who in [assistant(), manager] {
        let msg =
            refused(take_as(&mut conn, &who, id, "grant", "10/04/2026", "500", "").unwrap_err());
        // The assistant meets the fund's rule; the manager, who enters
        // nothing at all, the general one.
        assert!(
            msg.contains("chef·fe de projet") || msg.contains("consulter et d’imprimer"),
            "{msg}"
        );
        assert!(take_as(&mut conn, &who, id, "refuse", "10/04/2026", "", "non").is_err());
    }
    let crit = fund::get_call(&conn, call).unwrap().criteria[0].id;
    let review = fund::ReviewInput {
        scores: vec![fund::ScoreInput {
            criterion_id: crit,
            score: "3".into(),
        }],
        notes: "Note privée".into(),
    };
    assert!(fund::save_review(&mut conn, &assistant(), now(), id, &review).is_err());
    fund::save_review(&mut conn, &lead(), now(), id, &review).unwrap();
    // The assistant may still keep notes, as long as the scores stay as they are.
    let notes_only = fund::ReviewInput {
        notes: "Pièces vérifiées".into(),
        ..review.clone()
    };
    fund::save_review(&mut conn, &assistant(), now(), id, &notes_only).unwrap();
    assert_eq!(stage_of(&conn, id), Stage::UnderReview);
}

#[test]
fn scores_run_from_0_to_5_and_weigh_by_criterion() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    to_review(&mut conn, id);
    let crit = fund::get_call(&conn, call).unwrap().criteria;
    let mut scores: Vec<fund::ScoreInput> = crit
        .iter()
        .map(|c| fund::ScoreInput {
            criterion_id: c.id,
            score: "6".into(),
        })
        .collect();
    let err = fund::save_review(
        &mut conn,
        &lead(),
        now(),
        id,
        &fund::ReviewInput {
            scores: scores.clone(),
            notes: String::new(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "6 is above the scale");
    // Equal weights 25: (5 + 4 + 0 + 3) / 4 = 3 exactly.
    for (s, v) in scores.iter_mut().zip(["5", "4", "0", "3"]) {
        s.score = v.into();
    }
    let partial = fund::ReviewInput {
        scores: scores[..3].to_vec(),
        notes: String::new(),
    };
    fund::save_review(&mut conn, &lead(), now(), id, &partial).unwrap();
    assert_eq!(
        fund::get_application(&conn, id, today())
            .unwrap()
            .row
            .score_centi,
        None,
        "not every criterion scored yet"
    );
    fund::save_review(
        &mut conn,
        &lead(),
        now(),
        id,
        &fund::ReviewInput {
            scores,
            notes: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        fund::get_application(&conn, id, today())
            .unwrap()
            .row
            .score_centi,
        Some(300)
    );
}

#[test]
fn undo_takes_back_the_last_step_with_a_reason_and_is_recorded() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "5 000");
    to_review(&mut conn, id);
    grant(&mut conn, id, "4 000").unwrap();
    let err = fund::undo(&mut conn, &lead(), now(), id, "  ").unwrap_err();
    assert!(field(err, "reason").contains("pourquoi"));
    let msg =
        refused(fund::undo(&mut conn, &assistant(), now(), id, "erreur de saisie").unwrap_err());
    assert!(
        msg.contains("chef·fe de projet"),
        "undoing a decision is a decision"
    );
    assert_eq!(
        fund::undo(&mut conn, &lead(), now(), id, "Montant mal saisi").unwrap(),
        Stage::UnderReview
    );
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(v.row.granted_cents, None);
    assert_eq!(v.decided_on, None);
    assert_eq!(v.history[0].kind, "undo");
    assert_eq!(v.history[0].detail, "Montant mal saisi");
    assert_eq!(v.history[0].actor_name, "Camille Martin");
    assert_eq!(v.history[1].kind, "forward");
    assert_eq!(
        v.history[1].amount_cents,
        Some(400_000),
        "the undone grant stays in the history"
    );
    // Undo all the way back to the draft, one step at a time.
    for expected in [Stage::Complete, Stage::Received, Stage::Draft] {
        assert_eq!(
            fund::undo(&mut conn, &assistant(), now(), id, "Retour arrière").unwrap(),
            expected
        );
    }
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(v.row.received_on, None);
    assert!(
        refused(fund::undo(&mut conn, &assistant(), now(), id, "encore").unwrap_err())
            .contains("aucune étape")
    );
    // Steps taken again after undos stack properly.
    take(&mut conn, id, "receive", "16/02/2026").unwrap();
    assert_eq!(
        fund::undo(&mut conn, &assistant(), now(), id, "doublon").unwrap(),
        Stage::Draft
    );
}

#[test]
fn the_history_is_append_only() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1000");
    take(&mut conn, id, "receive", "15/02/2026").unwrap();
    let r = conn.execute("UPDATE fund_step SET detail = 'réécrit'", []);
    assert!(
        r.is_err(),
        "no step can be rewritten, even behind the app's back"
    );
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(v.history.len(), 2, "creation and receipt");
    assert_eq!(v.history[0].on_date.as_deref(), Some("2026-02-15"));
    assert_eq!(v.history[0].actor_role, "project_lead");
    assert_eq!(v.history[1].kind, "create");
}
