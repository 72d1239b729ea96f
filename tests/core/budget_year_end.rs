//! The year's figures by the one rule of French public accounting, the
//! *restes à réaliser* carried to the next year, the vote of the budget and
//! the closing of the year. Right values come from the rule texts: CGCT
//! R. 2311-11 and the M57 instruction (what is committed in N and not paid on
//! 31 December is carried to N+1 and paid there, from the carried amount),
//! and CGCT L. 1612-1 (a voted budget changes by amendment only).

use chrono::NaiveDate;
use plan_lcd::budget::{
    self, AmendmentInput, BudgetInput, BudgetPaymentInput, BudgetView, CommitmentInput, LineInput,
    LineKind, VoteInput,
};
use plan_lcd::events::{self, CostLineInput};
use plan_lcd::{fund, trainings, Error};
use rusqlite::Connection;

use crate::events::{conference, edition};
use crate::fund_fixtures::{app, fund_db, grant, org, pay, payment, to_review};
use crate::util::{amp_db, assistant, held, lead, now, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The budget of `year` with `amount` voted on the line of `kind`, its vote
/// recorded in the year before (never after the tests' today, 15/06/2026);
/// returns (budget, line).
fn voted_budget(conn: &mut Connection, year: i32, kind: LineKind, amount: &str) -> (i64, i64) {
    let line = crate::budget::budget_of(conn, year, kind, amount);
    let b = budget::get_line(conn, line).unwrap().budget_id;
    budget::vote_budget(
        conn,
        &lead(),
        now(),
        b,
        &VoteInput {
            day: if year - 1 >= 2026 {
                "01/06/2026".to_string()
            } else {
                format!("15/12/{}", year - 1)
            },
        },
    )
    .unwrap();
    (b, line)
}

fn view(conn: &Connection, year: i32, on: NaiveDate) -> BudgetView {
    budget::budget_view(conn, year, on).unwrap().unwrap()
}

fn line_of(v: &BudgetView, kind: LineKind) -> budget::Figures {
    v.lines
        .iter()
        .find(|l| l.line.kind == kind)
        .unwrap()
        .figures
}

/// A commitment of `amount` euros on `line_id`, dated `day` (`dd/mm/yyyy`).
fn commitment_on(line_id: i64, day: &str, amount: &str) -> CommitmentInput {
    CommitmentInput {
        line_id,
        day: day.into(),
        object: "Étude de l’offre".into(),
        party: String::new(),
        amount: amount.into(),
        reference: String::new(),
        confirm_over_commit: false,
    }
}

fn pay_on(commitment_id: i64, day: &str, amount: &str) -> BudgetPaymentInput {
    BudgetPaymentInput {
        commitment_id,
        day: day.into(),
        amount: amount.into(),
        reference: "M-1".into(),
    }
}

fn refused(r: plan_lcd::Result<impl std::fmt::Debug>) -> String {
    match r {
        Err(Error::Refused(m)) => m,
        Err(Error::Invalid(f)) => f.fields().map(|k| f.get(k).unwrap().to_string()).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_commitment_paid_the_next_year_leaves_its_year_unchanged_and_is_carried() {
    let mut conn = amp_db();
    let (_, studies26) = voted_budget(&mut conn, 2026, LineKind::Studies, "10 000");
    let (_, _) = voted_budget(&mut conn, 2027, LineKind::Studies, "8 000");
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment_on(studies26, "15/11/2026", "5 000"),
    )
    .unwrap();
    // The 2026 summary printed on 5 January 2027, before the payment.
    let before = view(&conn, 2026, day(2027, 1, 5));
    let s = line_of(&before, LineKind::Studies);
    assert_eq!(
        (s.committed_cents, s.paid_cents, s.left_to_pay_cents),
        (500_000, 0, 500_000),
        "committed in 2026, unpaid at 31/12: 5 000 € of restes à réaliser"
    );
    budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "20/01/2027", "5 000"),
    )
    .unwrap();
    // The same summary printed on 25 January 2027, after the payment.
    let after = view(&conn, 2026, day(2027, 1, 25));
    assert_eq!(
        before.total, after.total,
        "a payment of 2027 never changes the 2026 figures"
    );
    assert_eq!(before.lines, after.lines, "nor any line of 2026");

    let y27 = view(&conn, 2027, day(2027, 1, 25));
    let s27 = line_of(&y27, LineKind::Studies);
    assert_eq!(
        (s27.committed_cents, s27.paid_cents, s27.available_cents),
        (0, 0, 800_000),
        "the payment of a carried commitment never touches 2027's own voted credits"
    );
    assert_eq!(y27.carried.len(), 1);
    let r = &y27.carried[0];
    assert_eq!(
        (
            r.from_year,
            r.kind,
            r.carried_cents,
            r.paid_cents,
            r.left_cents
        ),
        (2026, LineKind::Studies, 500_000, 500_000, 0),
        "carried 5 000 € from 2026, paid in 2027 from there"
    );
    // 2028 sees nothing left of it.
    assert!(
        budget::carried_into(&conn, 2028).unwrap().is_empty(),
        "a carried amount paid in full is not carried again"
    );
}

#[test]
fn a_grants_balance_paid_the_next_year_is_carried_never_negative() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "10 000").unwrap();
    pay(&mut conn, a, "01/05/2026", "8 000", "02/05/2026").unwrap();
    voted_budget(&mut conn, 2026, LineKind::Fund, "25 000");
    voted_budget(&mut conn, 2027, LineKind::Fund, "25 000");
    let before = view(&conn, 2026, day(2027, 1, 5));
    fund::add_payment(
        &mut conn,
        &assistant(),
        day(2027, 3, 20),
        now(),
        a,
        &payment("15/03/2027", "2 000", "15/03/2027"),
    )
    .unwrap();
    let after = view(&conn, 2026, day(2027, 3, 20));
    let f = line_of(&after, LineKind::Fund);
    assert_eq!(
        (f.committed_cents, f.paid_cents, f.left_to_pay_cents),
        (1_000_000, 800_000, 200_000),
        "2026: the grant committed, its first tranche paid, 2 000 € left at 31/12"
    );
    assert_eq!(
        before.total, after.total,
        "2026 is the same before and after"
    );

    let y27 = view(&conn, 2027, day(2027, 3, 20));
    let f27 = line_of(&y27, LineKind::Fund);
    assert_eq!(
        (f27.committed_cents, f27.paid_cents, f27.left_to_pay_cents),
        (0, 0, 0),
        "2027 has no grant of its own: nothing committed, nothing paid, never negative"
    );
    let r = y27
        .carried
        .iter()
        .find(|c| c.kind == LineKind::Fund)
        .expect("the grant's balance is carried");
    assert_eq!(
        (r.from_year, r.carried_cents, r.paid_cents, r.left_cents),
        (2026, 200_000, 200_000, 0)
    );
    for y in [2026, 2027] {
        let v = view(&conn, y, day(2027, 3, 20));
        for l in &v.lines {
            assert!(
                l.figures.left_to_pay_cents >= 0 && l.figures.paid_cents >= 0,
                "no figure is ever negative ({y}, {})",
                l.line.label
            );
        }
    }
    let fund_2026 = fund::amounts_by_year(&conn)
        .unwrap()
        .into_iter()
        .find(|a| a.year == 2026)
        .unwrap();
    assert_eq!(
        fund_2026.paid_cents, 800_000,
        "the fund's own figures follow the same rule as its budget line"
    );
}

#[test]
fn a_planned_event_is_a_forecast_never_paid() {
    let mut conn = amp_db();
    voted_budget(&mut conn, 2026, LineKind::Events, "10 000");
    let ed = edition(&mut conn);
    // A held conference: 1 500 € of costs, committed and paid.
    events::create_event(&mut conn, &assistant(), today(), now(), &conference(ed.id)).unwrap();
    let v = view(&conn, 2026, today());
    let held_line = line_of(&v, LineKind::Events);
    assert_eq!(
        (held_line.committed_cents, held_line.paid_cents),
        (150_000, 150_000)
    );
    // A planned event on 10/12 with an estimated cost of 600 €.
    let planned = events::EventInput {
        edition_id: None,
        title: "Ciné-débat".into(),
        day: "10/12/2026".into(),
        status: "planned".into(),
        attended_women: String::new(),
        attended_men: String::new(),
        attended_unstated: String::new(),
        costs: vec![CostLineInput {
            object: "Projection".into(),
            supplier: "Cinéma".into(),
            amount: "600".into(),
        }],
        ..conference(ed.id)
    };
    let saved = events::create_event(&mut conn, &assistant(), today(), now(), &planned).unwrap();
    let v = view(&conn, 2026, today());
    let after = line_of(&v, LineKind::Events);
    assert_eq!(
        (after.committed_cents, after.paid_cents, after.rate_permille),
        (150_000, 150_000, Some(150)),
        "a planned event is neither committed nor paid: the rate stays 15,0 %"
    );
    assert_eq!(
        v.forecast_cents, 60_000,
        "its cost shows apart, as a forecast"
    );
    // Cancelled: nothing anywhere.
    events::update_event(
        &mut conn,
        &assistant(),
        today(),
        now(),
        saved.event.id,
        &events::EventInput {
            status: "cancelled".into(),
            cancel_reason: "Salle indisponible".into(),
            ..planned
        },
    )
    .unwrap();
    let v = view(&conn, 2026, today());
    assert_eq!(line_of(&v, LineKind::Events).paid_cents, 150_000);
    assert_eq!(
        v.forecast_cents, 0,
        "a cancelled event is not even a forecast"
    );
}

#[test]
fn a_planned_training_counts_only_once_held() {
    let mut conn = amp_db();
    voted_budget(&mut conn, 2026, LineKind::Trainings, "12 000");
    let planned = trainings::TrainingInput {
        status: "planned".into(),
        attended_women: "0".into(),
        attended_men: "0".into(),
        attended_unstated: "0".into(),
        actual_cost: String::new(),
        satisfaction: String::new(),
        ..held()
    };
    trainings::create(&mut conn, &assistant(), today(), now(), &planned).unwrap();
    let v = view(&conn, 2026, today());
    let t = line_of(&v, LineKind::Trainings);
    assert_eq!(
        (t.committed_cents, t.paid_cents),
        (0, 0),
        "a planned session is never paid"
    );
    trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let t = line_of(&view(&conn, 2026, today()), LineKind::Trainings);
    assert_eq!((t.committed_cents, t.paid_cents), (85_050, 85_050));
}

#[test]
fn a_voted_budget_changes_only_by_amendment() {
    let mut conn = amp_db();
    let (b, platform) = voted_budget(&mut conn, 2026, LineKind::Platform, "3 000");
    let line = budget::get_line(&conn, platform).unwrap();
    let raise = budget::update_line(
        &mut conn,
        &lead(),
        now(),
        platform,
        &LineInput {
            budget_id: b,
            label: line.label.clone(),
            kind: "platform".into(),
            nature: line.nature.code().into(),
            initial: "3 500".into(),
        },
    );
    match raise {
        Err(Error::Invalid(f)) => assert!(
            f.get("initial").unwrap().contains("voté"),
            "the message beside the initial credits says why"
        ),
        other => panic!("3 000 € → 3 500 € after the vote must be refused, got {other:?}"),
    }
    assert_eq!(
        budget::get_line(&conn, platform).unwrap().initial_cents,
        300_000
    );
    // The label still changes.
    budget::update_line(
        &mut conn,
        &lead(),
        now(),
        platform,
        &LineInput {
            budget_id: b,
            label: "Plateforme".into(),
            kind: "platform".into(),
            nature: line.nature.code().into(),
            initial: "3 000".into(),
        },
    )
    .unwrap();
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &AmendmentInput {
            line_id: platform,
            day: "20/03/2026".into(),
            direction: "increase".into(),
            amount: "500".into(),
            reason: "Décision modificative n° 1".into(),
        },
    )
    .unwrap();
    let f = budget::line_figures(&conn, platform, today()).unwrap();
    assert_eq!(
        (f.initial_cents, f.amendments_cents, f.voted_cents),
        (300_000, 50_000, 350_000),
        "initial, amendments and voted side by side"
    );
    // The database refuses it too.
    let raw = conn.execute(
        "UPDATE budget_line SET initial_cents = 350000 WHERE id = ?1",
        [platform],
    );
    assert!(
        raw.is_err(),
        "the schema keeps a voted line's initial credits"
    );
}

#[test]
fn an_amendment_follows_the_vote() {
    let mut conn = amp_db();
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
    let l = budget::lines(&conn, b.id).unwrap()[0].clone();
    let m = refused(budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &AmendmentInput {
            line_id: l.id,
            day: "20/03/2026".into(),
            direction: "increase".into(),
            amount: "500".into(),
            reason: "DM 1".into(),
        },
    ));
    assert!(m.contains("pas encore voté"), "{m}");
    let m = refused(budget::vote_budget(
        &mut conn,
        &lead(),
        now(),
        b.id,
        &VoteInput {
            day: "15/12/2024".into(),
        },
    ));
    assert!(m.contains("2025 ou en 2026"), "{m}");
    let m = refused(budget::vote_budget(
        &mut conn,
        &assistant(),
        now(),
        b.id,
        &VoteInput {
            day: "15/12/2025".into(),
        },
    ));
    assert!(!m.is_empty(), "only the project lead records the vote");
}

#[test]
fn a_closed_year_takes_nothing_more_and_its_summary_is_final() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "10 000").unwrap();
    let (b26, studies) = voted_budget(&mut conn, 2026, LineKind::Studies, "10 000");
    voted_budget(&mut conn, 2027, LineKind::Studies, "10 000");
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment_on(studies, "15/11/2026", "5 000"),
    )
    .unwrap();

    let m = refused(budget::close_year(
        &mut conn,
        &lead(),
        now(),
        day(2026, 12, 31),
        b26,
    ));
    assert!(m.contains("pas terminé"), "a year closes after 31/12: {m}");
    let m = refused(budget::close_year(
        &mut conn,
        &assistant(),
        now(),
        day(2027, 1, 10),
        b26,
    ));
    assert!(!m.is_empty(), "only the project lead closes");
    let closed = budget::close_year(&mut conn, &lead(), now(), day(2027, 1, 10), b26).unwrap();
    assert_eq!(closed.closed_on.as_deref(), Some("2027-01-10"));

    let before = view(&conn, 2026, day(2027, 1, 10));
    // Nothing dated in 2026 any more: a commitment, a payment, an amendment,
    // a tranche of the fund, a held training.
    let m = refused(budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment_on(studies, "20/12/2026", "100"),
    ));
    assert!(m.contains("clos"), "{m}");
    let m = refused(budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "30/12/2026", "100"),
    ));
    assert!(m.contains("clos"), "{m}");
    let m = refused(budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &AmendmentInput {
            line_id: studies,
            day: "20/12/2026".into(),
            direction: "increase".into(),
            amount: "100".into(),
            reason: "DM".into(),
        },
    ));
    assert!(m.contains("clos"), "{m}");
    let m = refused(fund::add_payment(
        &mut conn,
        &assistant(),
        day(2027, 1, 15),
        now(),
        a,
        &payment("20/12/2026", "1 000", "20/12/2026"),
    ));
    assert!(
        m.contains("clos"),
        "a tranche paid in a closed year is refused: {m}"
    );
    let m = refused(trainings::create(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &held(),
    ));
    assert!(
        m.contains("clos"),
        "a held training's cost in a closed year is refused: {m}"
    );
    assert_eq!(
        view(&conn, 2026, day(2027, 2, 1)).total,
        before.total,
        "the closed year's figures are final"
    );
    // Its restes à réaliser are paid in 2027, from the carried amount.
    budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "20/01/2027", "5 000"),
    )
    .unwrap();
    assert_eq!(view(&conn, 2026, day(2027, 2, 1)).total, before.total);
    // And the database refuses a write behind the core's back.
    assert!(
        conn.execute(
            "UPDATE budget_commitment SET amount_cents = 600000 WHERE id = ?1",
            [c.id]
        )
        .is_err(),
        "the schema keeps a closed year"
    );
    assert!(
        conn.execute(
            "UPDATE budget_year SET closed_on = NULL WHERE id = ?1",
            [b26]
        )
        .is_err(),
        "a closed year is not reopened"
    );
}

#[test]
fn the_summary_and_the_spreadsheet_show_the_carried_amounts_and_the_final_state() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut conn = amp_db();
    let (b26, studies) = voted_budget(&mut conn, 2026, LineKind::Studies, "10 000");
    voted_budget(&mut conn, 2027, LineKind::Studies, "8 000");
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment_on(studies, "15/11/2026", "5 000"),
    )
    .unwrap();
    budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "20/01/2027", "1 000"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("2026-provisoire.pdf");
    budget::summary_pdf(&conn, 2026, "Claire Dupuis", day(2027, 1, 5), &open).unwrap();
    let text = crate::budget::pdf_text(&open);
    assert!(text.contains("Document provisoire"), "{text}");
    assert!(
        text.contains("primitif") && text.contains("Modif. (DM)"),
        "{text}"
    );

    budget::close_year(&mut conn, &lead(), now(), day(2027, 1, 10), b26).unwrap();
    let closed = dir.path().join("2026-definitif.pdf");
    budget::summary_pdf(&conn, 2026, "Claire Dupuis", day(2027, 1, 25), &closed).unwrap();
    let text = crate::budget::pdf_text(&closed);
    assert!(
        text.contains("Document définitif : exercice 2026 clos le 10/01/2027"),
        "{text}"
    );

    let next = dir.path().join("2027.pdf");
    budget::summary_pdf(&conn, 2027, "Claire Dupuis", day(2027, 1, 25), &next).unwrap();
    let text = crate::budget::pdf_text(&next);
    assert!(text.contains("Restes à réaliser reportés"), "{text}");
    assert!(
        text.contains("5 000,00 €") && text.contains("4 000,00 €"),
        "carried 5 000 €, 1 000 € paid, 4 000 € left: {text}"
    );

    let xlsx = dir.path().join("2027.xlsx");
    budget::summary_sheet(
        &conn,
        2027,
        day(2027, 1, 25),
        plan_lcd::export::SheetFormat::Xlsx,
        &xlsx,
    )
    .unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row = sheet
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s.starts_with("Restes à réaliser 2026")))
        .expect("the carried line is in the spreadsheet");
    let number = |d: &Data| match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("a number, not {other:?}"),
    };
    assert_eq!(
        (number(&row[5]), number(&row[6]), number(&row[8])),
        (5000.0, 1000.0, 4000.0),
        "carried, paid in 2027, left: numbers in euros"
    );
}

/// The commitments still open on 1 January (migration 0018, kept by
/// triggers) follow every payment, its deletion and a corrected amount, so
/// that the restes à réaliser read through them are the rule's: what was
/// committed before the year and left to pay on 31 December (CGCT
/// R. 2311-11). A table changed behind the app's back is reported by `check`.
#[test]
fn the_open_commitments_follow_payments_deletions_and_corrections() {
    let mut conn = amp_db();
    let (_, s26) = voted_budget(&mut conn, 2026, LineKind::Studies, "10 000");
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment_on(s26, "02/03/2026", "3 000"),
    )
    .unwrap();
    let carried = |conn: &Connection, year: i32| -> Vec<(i32, i64, i64, i64)> {
        budget::carried_into(conn, year)
            .unwrap()
            .iter()
            .map(|r| (r.from_year, r.carried_cents, r.paid_cents, r.left_cents))
            .collect()
    };
    // Paid 1 000 € in 2026, nothing yet in 2027: 2 000 € carried into 2027 and 2028.
    budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "10/04/2026", "1 000"),
    )
    .unwrap();
    assert_eq!(carried(&conn, 2027), [(2026, 200_000, 0, 200_000)]);
    assert_eq!(carried(&conn, 2028), [(2026, 200_000, 0, 200_000)]);
    // The rest paid on 31/12/2026: settled in 2026, carried nowhere.
    let last = budget::create_payment(
        &mut conn,
        &assistant(),
        now(),
        &pay_on(c.id, "31/12/2026", "2 000"),
    )
    .unwrap();
    assert!(
        carried(&conn, 2027).is_empty(),
        "{:?}",
        carried(&conn, 2027)
    );
    // That payment removed: open again.
    budget::delete_payment(&mut conn, &lead(), now(), last.id).unwrap();
    assert_eq!(carried(&conn, 2027), [(2026, 200_000, 0, 200_000)]);
    // The amount corrected down to what was paid: settled on the first payment's day.
    let mut form = budget::commitment_form(&conn, c.id).unwrap();
    form.amount = "1 000".into();
    budget::update_commitment(&mut conn, &assistant(), now(), c.id, &form).unwrap();
    assert!(carried(&conn, 2027).is_empty());
    form.amount = "2 500".into();
    budget::update_commitment(&mut conn, &assistant(), now(), c.id, &form).unwrap();
    assert_eq!(carried(&conn, 2027), [(2026, 150_000, 0, 150_000)]);
    assert!(budget::open_amounts_problems(&conn).unwrap().is_empty());

    conn.execute(
        "UPDATE budget_commitment_open SET open_until = '2026-04-10'",
        [],
    )
    .unwrap();
    let problems = budget::open_amounts_problems(&conn).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("engagements"), "{problems:?}");
}

/// A grant stays open until its paid tranches reach the amount granted; a
/// planned tranche (not yet paid) leaves it open, and a refused application
/// has no row at all.
#[test]
fn the_open_grants_follow_their_paid_tranches() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "10 000").unwrap();
    let open = |conn: &Connection| -> Option<String> {
        conn.query_row(
            "SELECT open_until FROM fund_grant_open WHERE application_id = ?1",
            [a],
            |r| r.get(0),
        )
        .ok()
    };
    assert_eq!(open(&conn).as_deref(), Some("9999-12-31"));
    pay(&mut conn, a, "01/05/2026", "8 000", "02/05/2026").unwrap();
    assert_eq!(open(&conn).as_deref(), Some("9999-12-31"), "2 000 € left");
    fund::add_payment(
        &mut conn,
        &assistant(),
        day(2027, 3, 20),
        now(),
        a,
        &payment("15/03/2027", "2 000", "15/03/2027"),
    )
    .unwrap();
    assert_eq!(
        open(&conn).as_deref(),
        Some("2027-03-15"),
        "paid in full that day"
    );
    assert!(budget::open_amounts_problems(&conn).unwrap().is_empty());
    let refused_app = app(&mut conn, call, o, "5 000");
    let none: i64 = conn
        .query_row(
            "SELECT count(*) FROM fund_grant_open WHERE application_id = ?1",
            [refused_app],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(none, 0, "not granted: never carried");
}
