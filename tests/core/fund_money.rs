//! Public money: the envelope, the amount granted, the agreement above
//! 23 000 €, payment tranches; and the envelope invariant under random
//! sequences of decisions, withdrawals and undos (property test).

use plan_lcd::fund::{self, Stage};
use proptest::prelude::*;

use crate::fund_fixtures::*;
use crate::util::{assistant, now, today};

#[test]
fn a_grant_stays_within_the_request() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "5 000");
    to_review(&mut conn, id);
    assert!(field(grant(&mut conn, id, "5 000,01").unwrap_err(), "amount").contains("demandé"));
    assert!(field(grant(&mut conn, id, "0").unwrap_err(), "amount").contains("positif"));
    assert!(field(grant(&mut conn, id, "").unwrap_err(), "amount").contains("montant"));
    grant(&mut conn, id, "5 000").expect("exactly the request");
}

#[test]
fn a_grant_that_would_overrun_the_envelope_is_refused_with_what_is_left() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "30 000");
    let b = app(&mut conn, call, o, "30 000");
    to_review(&mut conn, a);
    to_review(&mut conn, b);
    grant(&mut conn, a, "30 000").unwrap();
    let msg = field(grant(&mut conn, b, "20 000,01").unwrap_err(), "amount");
    assert!(msg.contains("il reste 20\u{202f}000,00\u{a0}€"), "{msg}");
    assert_eq!(stage_of(&conn, b), Stage::UnderReview, "nothing was saved");
    grant(&mut conn, b, "20 000").expect("the envelope to the cent");
    let d = fund::dashboard(&conn, call, today()).unwrap();
    assert_eq!(d.left_to_grant_cents, 0);
}

#[test]
fn the_schema_refuses_an_overrun_that_slips_past_the_core() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "30 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "30 000").unwrap();
    let r = conn.execute("UPDATE fund_application SET requested_cents = 6000000, granted_cents = 6000000 WHERE id = ?1", [a]);
    assert!(r.is_err(), "the trigger holds the envelope: {r:?}");
}

#[test]
fn the_agreement_is_required_strictly_above_23_000_euros_a_year() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let at = app(&mut conn, call, o, "23 000");
    to_review(&mut conn, at);
    grant(&mut conn, at, "23 000").unwrap();
    let v = fund::get_application(&conn, at, today()).unwrap();
    assert!(!v.agreement_required, "23 000 € exactly needs no agreement");
    pay(&mut conn, at, "01/05/2026", "23 000", "02/05/2026").expect("paid without an agreement");

    let o2 = org(&mut conn, "Asso 2", "association");
    let above = app(&mut conn, call, o2, "23 000,01");
    to_review(&mut conn, above);
    grant(&mut conn, above, "23 000,01").unwrap();
    let v = fund::get_application(&conn, above, today()).unwrap();
    assert!(v.agreement_required, "one cent more needs one");
    pay(&mut conn, above, "01/05/2026", "10 000", "")
        .expect("a tranche can be planned before the agreement");
    let err = pay(&mut conn, above, "01/05/2026", "1 000", "02/05/2026").unwrap_err();
    assert!(field(err, "paid_on").contains("convention"));
    let planned = fund::get_application(&conn, above, today())
        .unwrap()
        .payments[0]
        .id;
    let err = fund::pay_payment(
        &mut conn,
        &assistant(),
        today(),
        now(),
        above,
        planned,
        "02/05/2026",
    )
    .unwrap_err();
    assert!(field(err, "paid_on").contains("convention"));
    let err = take(&mut conn, above, "receive_report", "01/06/2026").unwrap_err();
    assert!(
        field(err, "action").contains("convention"),
        "no final report before the agreement either"
    );
    take(&mut conn, above, "sign_agreement", "10/05/2026").unwrap();
    let err = fund::pay_payment(
        &mut conn,
        &assistant(),
        today(),
        now(),
        above,
        planned,
        "09/05/2026",
    )
    .unwrap_err();
    assert!(
        field(err, "paid_on").contains("10/05/2026"),
        "not before the signature"
    );
    fund::pay_payment(
        &mut conn,
        &assistant(),
        today(),
        now(),
        above,
        planned,
        "10/05/2026",
    )
    .expect("on the signature day");
}

#[test]
fn the_threshold_counts_every_grant_to_the_organisation_in_the_year() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "15 000");
    let b = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    to_review(&mut conn, b);
    grant(&mut conn, a, "15 000").unwrap();
    assert!(
        !fund::get_application(&conn, a, today())
            .unwrap()
            .agreement_required
    );
    grant(&mut conn, b, "8 000,01").unwrap();
    assert!(
        fund::get_application(&conn, b, today())
            .unwrap()
            .agreement_required,
        "15 000 + 8 000,01 > 23 000"
    );
    assert!(
        fund::get_application(&conn, a, today())
            .unwrap()
            .agreement_required,
        "both grants fall under it"
    );
}

/// Law 2000-321 art. 10 and decree 2001-495 art. 1 ask the agreement of
/// private-law bodies only: a commune, a CCAS or a public body granted
/// 30 000 € is paid without one; an association, a company and, out of
/// prudence, a body of the « other » kind need one above 23 000 €.
#[test]
fn the_agreement_is_required_of_private_law_bodies_only() {
    for kind in ["commune", "ccas", "public_body"] {
        let (mut conn, call) = fund_db();
        let o = org(&mut conn, &format!("Structure {kind}"), kind);
        let id = app(&mut conn, call, o, "30 000");
        to_review(&mut conn, id);
        grant(&mut conn, id, "30 000").unwrap();
        let v = fund::get_application(&conn, id, today()).unwrap();
        assert!(
            !v.agreement_required,
            "the law asks no agreement of a {kind}, even for 30 000 €"
        );
        pay(&mut conn, id, "01/05/2026", "30 000", "02/05/2026")
            .unwrap_or_else(|e| panic!("a {kind} is paid without an agreement: {e:?}"));
        take(&mut conn, id, "receive_report", "01/06/2026")
            .unwrap_or_else(|e| panic!("nor does its report wait for one: {e:?}"));
    }
    for kind in ["company", "other"] {
        let (mut conn, call) = fund_db();
        let o = org(&mut conn, "Structure", kind);
        let id = app(&mut conn, call, o, "23 000,01");
        to_review(&mut conn, id);
        grant(&mut conn, id, "23 000,01").unwrap();
        assert!(
            fund::get_application(&conn, id, today())
                .unwrap()
                .agreement_required,
            "a {kind} above 23 000 € needs an agreement"
        );
        let err = pay(&mut conn, id, "01/05/2026", "1 000", "02/05/2026").unwrap_err();
        assert!(field(err, "paid_on").contains("au-delà de 23 000 €"));
    }
}

/// The unit may still ask the agreement of public-law bodies: a setting of
/// the project lead, off by default.
#[test]
fn the_unit_may_ask_the_agreement_of_public_law_bodies_too() {
    let (mut conn, call) = fund_db();
    assert!(
        !fund::agreement_for_public_bodies(&conn).unwrap(),
        "off by default: the law alone applies"
    );
    let o = org(&mut conn, "Commune", "commune");
    let id = app(&mut conn, call, o, "30 000");
    to_review(&mut conn, id);
    grant(&mut conn, id, "30 000").unwrap();
    let err =
        fund::set_agreement_for_public_bodies(&mut conn, &assistant(), now(), true).unwrap_err();
    assert!(
        matches!(err, plan_lcd::Error::Refused(_)),
        "the project lead's choice: {err:?}"
    );
    assert!(!fund::agreement_for_public_bodies(&conn).unwrap());
    fund::set_agreement_for_public_bodies(&mut conn, &lead(), now(), true).unwrap();
    assert!(fund::agreement_for_public_bodies(&conn).unwrap());
    assert!(
        plan_lcd::territory::unit(&conn)
            .unwrap()
            .unwrap()
            .agreement_for_public_bodies,
        "the settings page reads it with the unit"
    );
    assert!(
        fund::get_application(&conn, id, today())
            .unwrap()
            .agreement_required,
        "with the setting on, 30 000 € to a commune needs an agreement"
    );
    let err = pay(&mut conn, id, "01/05/2026", "1 000", "02/05/2026").unwrap_err();
    assert!(field(err, "paid_on").contains("convention"));
    fund::set_agreement_for_public_bodies(&mut conn, &lead(), now(), false).unwrap();
    pay(&mut conn, id, "01/05/2026", "1 000", "02/05/2026")
        .expect("the setting off again, the law alone applies");
}

/// The threshold counts every grant to the body decided in the calendar year
/// of the decision, whatever the call: 15 000 € from the 2025 call decided
/// in April 2026 and 10 000 € from the 2026 call make 25 000 € in 2026.
/// Grants decided in two different years are not added up.
#[test]
fn the_threshold_counts_the_grants_decided_in_the_year_across_calls() {
    let (mut conn, call_2026) = fund_db();
    let mut c = fund::CallInput::with_defaults(2025);
    c.envelope = "50 000".into();
    let call_2025 = fund::create_call(&mut conn, &lead(), now(), &c).unwrap().id;

    let o = org(&mut conn, "Asso", "association");
    let late = app(&mut conn, call_2025, o, "15 000");
    to_review(&mut conn, late);
    grant(&mut conn, late, "15 000").unwrap(); // decided on 10/04/2026
    let this_year = app(&mut conn, call_2026, o, "10 000");
    to_review(&mut conn, this_year);
    assert!(
        fund::get_application(&conn, this_year, today())
            .unwrap()
            .agreement_required,
        "15 000 + 10 000 requested in 2026 > 23 000: the screen warns before the decision"
    );
    grant(&mut conn, this_year, "10 000").unwrap();
    for id in [late, this_year] {
        assert!(
            fund::get_application(&conn, id, today())
                .unwrap()
                .agreement_required,
            "15 000 + 10 000 decided in 2026 > 23 000, across two calls"
        );
    }
    let err = pay(&mut conn, late, "01/05/2026", "1 000", "02/05/2026").unwrap_err();
    assert!(field(err, "paid_on").contains("convention"));

    let o2 = org(&mut conn, "Asso 2", "association");
    let last_year = app(&mut conn, call_2025, o2, "20 000");
    take(&mut conn, last_year, "receive", "01/11/2025").unwrap();
    tick_all(&mut conn, last_year, "01/11/2025");
    take(&mut conn, last_year, "mark_complete", "02/11/2025").unwrap();
    take(&mut conn, last_year, "start_review", "03/11/2025").unwrap();
    take_as(
        &mut conn,
        &lead(),
        last_year,
        "grant",
        "10/12/2025",
        "20 000",
        "",
    )
    .unwrap();
    let next_year = app(&mut conn, call_2026, o2, "10 000");
    to_review(&mut conn, next_year);
    grant(&mut conn, next_year, "10 000").unwrap();
    for id in [last_year, next_year] {
        assert!(
            !fund::get_application(&conn, id, today())
                .unwrap()
                .agreement_required,
            "20 000 decided in 2025 and 10 000 in 2026 stay under 23 000 each year"
        );
    }
}

#[test]
fn tranches_never_exceed_the_grant_nor_precede_the_decision() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, id);
    let err = pay(&mut conn, id, "01/05/2026", "1 000", "").unwrap_err();
    assert!(
        refused(err).contains("accordée"),
        "no payment before the decision"
    );
    grant(&mut conn, id, "10 000").unwrap();
    pay(&mut conn, id, "01/05/2026", "7 000", "02/05/2026").unwrap();
    let err = pay(&mut conn, id, "01/09/2026", "3 000,01", "").unwrap_err();
    assert!(field(err, "amount").contains("il reste 3\u{202f}000,00\u{a0}€"));
    pay(&mut conn, id, "01/09/2026", "3 000", "").expect("to the cent");
    let err = pay(&mut conn, id, "01/04/2026", "1", "09/04/2026").unwrap_err();
    assert!(matches!(err, plan_lcd::Error::Invalid(_)));
    let v = fund::get_application(&conn, id, today()).unwrap();
    assert_eq!(v.planned_cents, 1_000_000);
    assert_eq!(v.row.paid_cents, 700_000);
    let planned = v.payments.iter().find(|p| p.paid_on.is_none()).unwrap().id;
    let paid = v.payments.iter().find(|p| p.paid_on.is_some()).unwrap().id;
    let err = fund::pay_payment(
        &mut conn,
        &assistant(),
        today(),
        now(),
        id,
        planned,
        "09/04/2026",
    )
    .unwrap_err();
    assert!(field(err, "paid_on").contains("décision"));
    let err = fund::pay_payment(
        &mut conn,
        &assistant(),
        today(),
        now(),
        id,
        planned,
        "16/06/2026",
    )
    .unwrap_err();
    assert!(field(err, "paid_on").contains("futur"));
    assert!(
        refused(fund::delete_payment(&mut conn, &lead(), now(), id, paid).unwrap_err())
            .contains("motif")
    );
    assert!(
        fund::unpay_payment(&mut conn, &assistant(), now(), id, paid, "").is_err(),
        "a reason is required"
    );
    fund::unpay_payment(
        &mut conn,
        &assistant(),
        now(),
        id,
        paid,
        "Mandat rejeté par la paierie",
    )
    .unwrap();
    assert_eq!(
        fund::get_application(&conn, id, today())
            .unwrap()
            .row
            .paid_cents,
        0
    );
    // With tranches, the decision cannot be undone nor the file withdrawn.
    assert!(
        refused(fund::undo(&mut conn, &lead(), now(), id, "erreur").unwrap_err())
            .contains("versements")
    );
    let err = take_as(
        &mut conn,
        &lead(),
        id,
        "withdraw",
        "14/06/2026",
        "",
        "renonce",
    )
    .unwrap_err();
    assert!(field(err, "action").contains("versements"));
    // Closing waits for every planned tranche to be paid or removed.
    take(&mut conn, id, "receive_report", "14/06/2026").unwrap();
    let err = take(&mut conn, id, "close", "15/06/2026").unwrap_err();
    assert!(field(err, "action").contains("2 versements prévus ne sont pas payés"));
    for p in fund::get_application(&conn, id, today()).unwrap().payments {
        fund::pay_payment(
            &mut conn,
            &assistant(),
            today(),
            now(),
            id,
            p.id,
            "15/06/2026",
        )
        .unwrap();
    }
    take(&mut conn, id, "close", "15/06/2026").unwrap();
    let err = pay(&mut conn, id, "15/06/2026", "1", "").unwrap_err();
    assert!(
        refused(err).contains("Clôturé"),
        "a closed file takes no more payment"
    );
}

#[test]
fn refused_and_withdrawn_applications_are_never_paid() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let r = app(&mut conn, call, o, "1000");
    let w = app(&mut conn, call, o, "1000");
    to_review(&mut conn, r);
    to_review(&mut conn, w);
    take_as(
        &mut conn,
        &lead(),
        r,
        "refuse",
        "10/04/2026",
        "",
        "Hors champ",
    )
    .unwrap();
    grant(&mut conn, w, "1000").unwrap();
    take_as(
        &mut conn,
        &lead(),
        w,
        "withdraw",
        "20/04/2026",
        "",
        "Projet abandonné",
    )
    .unwrap();
    for id in [r, w] {
        let err = pay(&mut conn, id, "01/05/2026", "1", "").unwrap_err();
        assert!(refused(err).contains("accordée"));
    }
    let d = fund::dashboard(&conn, call, today()).unwrap();
    assert_eq!(d.granted_cents, 0, "a withdrawn grant no longer counts");
    assert_eq!(d.paid_cents, 0, "a refused application must never be paid");
    assert_eq!(d.withdrawn_count, 1);
    assert_eq!(d.refused_count, 1);
}

#[test]
fn undoing_a_withdrawal_restores_the_grant_only_if_the_envelope_allows() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "30 000");
    let b = app(&mut conn, call, o, "30 000");
    to_review(&mut conn, a);
    to_review(&mut conn, b);
    grant(&mut conn, a, "30 000").unwrap();
    take_as(
        &mut conn,
        &lead(),
        a,
        "withdraw",
        "20/04/2026",
        "",
        "Renonce",
    )
    .unwrap();
    grant(&mut conn, b, "25 000").unwrap();
    let msg = refused(
        fund::undo(
            &mut conn,
            &lead(),
            now(),
            a,
            "Retrait annulé par l’association",
        )
        .unwrap_err(),
    );
    assert!(
        msg.contains("25\u{202f}000,00\u{a0}€"),
        "says what the envelope has left: {msg}"
    );
    fund::undo(&mut conn, &lead(), now(), b, "Décision reportée").unwrap();
    assert_eq!(
        fund::undo(&mut conn, &lead(), now(), a, "Retrait annulé").unwrap(),
        Stage::Granted
    );
    let d = fund::dashboard(&conn, call, today()).unwrap();
    assert_eq!(d.granted_cents, 3_000_000);
}

/// One move of the random walk: (which application, what to try, amount in €).
#[derive(Debug, Clone)]
enum Move {
    Grant(usize, i64),
    Refuse(usize),
    Withdraw(usize),
    Undo(usize),
}

fn moves() -> impl Strategy<Value = Vec<Move>> {
    let one = prop_oneof![
        4 => (0..5usize, 1..30_000i64).prop_map(|(i, a)| Move::Grant(i, a)),
        1 => (0..5usize).prop_map(Move::Refuse),
        1 => (0..5usize).prop_map(Move::Withdraw),
        3 => (0..5usize).prop_map(Move::Undo),
    ];
    prop::collection::vec(one, 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the order of decisions, withdrawals and undos, and whether
    /// each is accepted or refused, the sum granted never exceeds the
    /// envelope, and every figure of the dashboard agrees with the rows.
    #[test]
    fn the_envelope_holds_under_any_sequence(moves in moves()) {
        let (mut conn, call) = fund_db();
        let o = org(&mut conn, "Asso", "association");
        let ids: Vec<i64> = (0..5).map(|_| app(&mut conn, call, o, "30 000")).collect();
        for id in &ids {
            to_review(&mut conn, *id);
        }
        for m in moves {
            let _ = match m {
                Move::Grant(i, a) => grant(&mut conn, ids[i], &a.to_string()).map(|_| ()),
                Move::Refuse(i) => take_as(&mut conn, &lead(), ids[i], "refuse", "10/04/2026", "", "Non").map(|_| ()),
                Move::Withdraw(i) => take_as(&mut conn, &lead(), ids[i], "withdraw", "11/04/2026", "", "Retiré").map(|_| ()),
                Move::Undo(i) => fund::undo(&mut conn, &lead(), now(), ids[i], "Correction").map(|_| ()),
            };
            let d = fund::dashboard(&conn, call, today()).unwrap();
            prop_assert!(d.granted_cents <= d.envelope_cents, "granted {} > envelope {}", d.granted_cents, d.envelope_cents);
            prop_assert_eq!(d.left_to_grant_cents, d.envelope_cents - d.granted_cents);
            let by_rows: i64 = ids
                .iter()
                .map(|id| fund::get_application(&conn, *id, today()).unwrap())
                .filter(|v| v.decision == Some(fund::Decision::Granted))
                .map(|v| v.row.granted_cents.unwrap_or(0))
                .sum();
            prop_assert_eq!(by_rows, d.granted_cents);
            for id in &ids {
                let v = fund::get_application(&conn, *id, today()).unwrap();
                let counted = matches!(v.row.stage, Stage::Granted);
                prop_assert_eq!(counted, v.row.granted_cents.is_some(), "stage and grant agree for {}", id);
            }
        }
    }
}

#[test]
fn the_schema_refuses_deletions_funders_and_payments_that_slip_past_the_core() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "10 000").unwrap();

    let r = conn.execute("DELETE FROM fund_step WHERE application_id = ?1", [a]);
    assert!(
        r.is_err(),
        "the history of a received application stays: {r:?}"
    );
    let r = conn.execute("DELETE FROM fund_application WHERE id = ?1", [a]);
    assert!(r.is_err(), "a decided application is never deleted: {r:?}");

    // The fixture's budget is 100 000 € for 10 000 € asked: 90 000 € of other funders fit, not a cent more.
    conn.execute(
        "INSERT INTO fund_cofunder (application_id, position, name, amount_cents) VALUES (?1, 0, 'État', 9000000)",
        [a],
    )
    .expect("other funders up to the budget");
    let r = conn.execute(
        "INSERT INTO fund_cofunder (application_id, position, name, amount_cents) VALUES (?1, 1, 'Région', 1)",
        [a],
    );
    assert!(r.is_err(), "one cent over the budget is refused: {r:?}");
    let r = conn.execute(
        "UPDATE fund_cofunder SET amount_cents = 9000001 WHERE application_id = ?1",
        [a],
    );
    assert!(
        r.is_err(),
        "raising a funder over the budget is refused: {r:?}"
    );

    // Granted on 10/04/2026: a tranche paid the day before is refused, the same day is not.
    let insert = |paid: &str| {
        conn.execute(
            "INSERT INTO fund_payment (application_id, planned_on, amount_cents, paid_on, created_at, created_by, updated_at, updated_by)
             VALUES (?1, '2026-04-01', 100000, ?2, 'now', 'test', 'now', 'test')",
            rusqlite::params![a, paid],
        )
    };
    assert!(
        insert("2026-04-09").is_err(),
        "no payment before the decision"
    );
    insert("2026-04-10").expect("a payment on the day of the decision");

    // A draft, with its history, is still deleted by the core.
    let d = app(&mut conn, call, o, "1 000");
    fund::delete_application(&mut conn, &lead(), now(), d).expect("a draft is deleted");
}
