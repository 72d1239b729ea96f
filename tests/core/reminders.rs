//! Reminders on the boundaries of their windows: a convention's notice
//! deadline, renewal and end (60 days), a committee's meeting due (30 days),
//! a follow-up action (14 days), and from the fund a final report (30 days),
//! the call closing (30 days) and a payment planned (30 days).

use chrono::{Duration, NaiveDate};
use plan_lcd::partners::{self, Reminder, ReminderKind, ReminderPage};
use rusqlite::Connection;

use crate::fund_fixtures::{app, fund_db, grant, org, pay, to_review};
use crate::partners::{committee_input, convention_input, partner};
use crate::util::{amp_db, assistant, lead, now, today};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn of(conn: &Connection, on: NaiveDate, kind: ReminderKind) -> Vec<Reminder> {
    partners::reminders(conn, on)
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect()
}

/// A convention signed 31/01/2024 for a year, tacit renewal, two months'
/// notice: the term ends on 30/01/2025, the deadline is 30/11/2024 (from it,
/// two months expire on 30/01/2025), the renewal is on 31/01/2025.
fn tacit_db() -> (Connection, i64) {
    let mut conn = amp_db();
    let a = partner(&mut conn, "CGET");
    let b = partner(&mut conn, "Défenseur des droits");
    let mut input = convention_input(a, b);
    input.signed_on = "31/01/2024".into();
    input.duration_months = "12".into();
    let c = partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap();
    (conn, c.id)
}

#[test]
fn a_notice_deadline_is_reminded_from_sixty_days_before_to_the_day_itself() {
    let (conn, id) = tacit_db();
    let deadline = d(2024, 11, 30);
    assert!(
        of(
            &conn,
            deadline - Duration::days(61),
            ReminderKind::ConventionNotice
        )
        .is_empty(),
        "61 days before: not yet"
    );
    let r = of(
        &conn,
        deadline - Duration::days(60),
        ReminderKind::ConventionNotice,
    );
    assert_eq!(r.len(), 1, "60 days before");
    assert_eq!(r[0].date, "2024-11-30");
    assert_eq!(
        (r[0].page, r[0].target_id, r[0].late),
        (ReminderPage::Convention, id, false)
    );
    assert_eq!(
        r[0].label,
        "Convention « Convention CGET – Défenseur des droits » : la dénoncer au plus tard le 30/11/2024, sinon elle est reconduite tacitement le 31/01/2025."
    );
    assert_eq!(
        of(&conn, deadline, ReminderKind::ConventionNotice).len(),
        1,
        "on the day"
    );
    // The day after, the renewal is acquired: no notice reminder, and the
    // renewal's own is due sixty days before 31/01/2025, on 02/12/2024.
    let after = deadline + Duration::days(1);
    assert!(partners::reminders(&conn, after).unwrap().is_empty());
    let r = of(&conn, d(2024, 12, 2), ReminderKind::ConventionRenewal);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].date, "2025-01-31");
    // After the renewal, the next term's deadline (30/11/2025) is far.
    assert!(partners::reminders(&conn, d(2025, 2, 1))
        .unwrap()
        .is_empty());
    assert_eq!(
        of(&conn, d(2025, 10, 1), ReminderKind::ConventionNotice)[0].date,
        "2025-11-30"
    );
}

#[test]
fn a_denounced_or_ended_convention_reminds_nothing() {
    let (mut conn, id) = tacit_db();
    let mut form = partners::convention_form(&conn, id).unwrap();
    form.status = "denounced".into();
    partners::update_convention(&mut conn, &assistant(), now(), today(), id, &form).unwrap();
    assert!(partners::reminders(&conn, d(2024, 11, 1))
        .unwrap()
        .is_empty());
}

#[test]
fn an_end_without_renewal_is_reminded_sixty_days_before_and_stays_until_handled() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "Charte de la diversité");
    let b = partner(&mut conn, "CNML");
    let mut input = convention_input(a, b);
    input.signed_on = "16/06/2009".into();
    input.duration_months = "12".into();
    input.tacit_renewal = false;
    input.notice_months = String::new();
    let c = partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap();
    // Twelve months from 16/06/2009, that day included: the last day is
    // 15/06/2010.
    let end = d(2010, 6, 15);
    assert!(of(&conn, end - Duration::days(61), ReminderKind::ConventionEnd).is_empty());
    let r = of(&conn, end - Duration::days(60), ReminderKind::ConventionEnd);
    assert_eq!(r.len(), 1);
    assert!(!r[0].late);
    assert!(
        r[0].label.contains("arrive à échéance le 15/06/2010"),
        "{}",
        r[0].label
    );
    let r = of(&conn, end, ReminderKind::ConventionEnd);
    assert!(!r[0].late, "in force on its last day");
    assert!(r[0].label.contains("arrive à échéance"), "{}", r[0].label);
    let r = of(&conn, end + Duration::days(1), ReminderKind::ConventionEnd);
    assert!(r[0].late, "ended the day before");
    assert!(
        r[0].label.contains("a pris fin le 15/06/2010"),
        "{}",
        r[0].label
    );
    let r = of(
        &conn,
        end + Duration::days(400),
        ReminderKind::ConventionEnd,
    );
    assert_eq!(r.len(), 1, "passed and not handled");
    assert!(r[0].late);
    let mut form = partners::convention_form(&conn, c.id).unwrap();
    form.status = "ended".into();
    partners::update_convention(&mut conn, &assistant(), now(), today(), c.id, &form).unwrap();
    assert!(of(
        &conn,
        end + Duration::days(400),
        ReminderKind::ConventionEnd
    )
    .is_empty());
}

#[test]
fn a_committee_is_reminded_thirty_days_before_its_meeting_is_due() {
    let mut conn = amp_db();
    let mut input = committee_input(None);
    input.frequency_per_year = "4".into();
    let c = partners::create_committee(&mut conn, &assistant(), now(), today(), &input).unwrap();
    // No meeting yet: due today.
    let r = of(&conn, today(), ReminderKind::CommitteeDue);
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].date.as_str(), r[0].target_id), ("2026-06-15", c.id));
    assert!(r[0].label.contains("aucune réunion"));
    let meeting = |day: &str| partners::MeetingInput {
        committee_id: c.id,
        held_on: day.into(),
        ..Default::default()
    };
    // Quarterly: the last meeting plus three months.
    let m =
        partners::create_meeting(&mut conn, &assistant(), now(), &meeting("16/04/2026")).unwrap();
    assert!(
        of(&conn, today(), ReminderKind::CommitteeDue).is_empty(),
        "due 16/07/2026, 31 days ahead"
    );
    partners::update_meeting(&mut conn, &assistant(), now(), m.id, &meeting("15/04/2026")).unwrap();
    let r = of(&conn, today(), ReminderKind::CommitteeDue);
    assert_eq!(r.len(), 1, "due 15/07/2026, 30 days ahead");
    assert_eq!(r[0].date, "2026-07-15");
    assert!(!r[0].late);
    // Late once the date passed.
    let r = of(&conn, d(2026, 8, 1), ReminderKind::CommitteeDue);
    assert!(r[0].late);
    // A meeting already recorded after today: nothing to remind.
    partners::create_meeting(&mut conn, &assistant(), now(), &meeting("01/09/2026")).unwrap();
    assert!(of(&conn, d(2026, 8, 1), ReminderKind::CommitteeDue).is_empty());
    // Monthly from 31 January: due on the last day of February.
    let mut monthly = committee_input(None);
    monthly.name = "Comité mensuel".into();
    monthly.frequency_per_year = "12".into();
    let mc = partners::create_committee(&mut conn, &assistant(), now(), today(), &monthly).unwrap();
    partners::create_meeting(
        &mut conn,
        &assistant(),
        now(),
        &partners::MeetingInput {
            committee_id: mc.id,
            held_on: "31/01/2028".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        partners::get_committee(&conn, mc.id, d(2028, 2, 1))
            .unwrap()
            .next_due
            .as_deref(),
        Some("2028-02-29")
    );
}

#[test]
fn a_committee_that_meets_as_needed_is_never_reminded() {
    let mut conn = amp_db();
    let mut input = committee_input(None);
    input.frequency_per_year = "0".into();
    partners::create_committee(&mut conn, &assistant(), now(), today(), &input).unwrap();
    assert!(partners::reminders(&conn, today()).unwrap().is_empty());
}

#[test]
fn a_follow_up_is_reminded_fourteen_days_before_and_while_late_until_done() {
    let mut conn = amp_db();
    let c = partners::create_committee(&mut conn, &assistant(), now(), today(), &{
        let mut i = committee_input(None);
        i.frequency_per_year = "0".into();
        i
    })
    .unwrap();
    let mut input = partners::MeetingInput {
        committee_id: c.id,
        held_on: "01/06/2026".into(),
        follow_ups: vec![partners::FollowUpInput {
            text: "Envoyer le compte rendu".into(),
            owner: "Nadia Benali".into(),
            due_on: "29/06/2026".into(),
            status: "todo".into(),
        }],
        ..Default::default()
    };
    let m = partners::create_meeting(&mut conn, &assistant(), now(), &input).unwrap();
    let due = d(2026, 6, 29);
    assert!(of(&conn, due - Duration::days(15), ReminderKind::FollowUpDue).is_empty());
    let r = of(&conn, due - Duration::days(14), ReminderKind::FollowUpDue);
    assert_eq!(r.len(), 1);
    assert_eq!(
        r[0].label,
        "Suivi de « Comité technique » : Envoyer le compte rendu (Nadia Benali), pour le 29/06/2026."
    );
    assert_eq!((r[0].page, r[0].target_id), (ReminderPage::Committee, c.id));
    let r = of(&conn, due + Duration::days(1), ReminderKind::FollowUpDue);
    assert!(r[0].late);
    assert!(r[0].label.contains("en retard depuis le 29/06/2026"));
    input.follow_ups[0].status = "done".into();
    partners::update_meeting(&mut conn, &assistant(), now(), m.id, &input).unwrap();
    assert!(of(&conn, due + Duration::days(1), ReminderKind::FollowUpDue).is_empty());
}

#[test]
fn the_fund_reminds_the_call_closing_the_payments_planned_and_the_reports_due() {
    let (mut conn, call) = fund_db();
    // The call closes on 31/03/2026.
    assert!(
        of(&conn, d(2026, 2, 28), ReminderKind::CallClosing).is_empty(),
        "31 days before"
    );
    let r = of(&conn, d(2026, 3, 1), ReminderKind::CallClosing);
    assert_eq!(r.len(), 1, "30 days before");
    assert_eq!((r[0].page, r[0].target_id), (ReminderPage::FundCall, call));
    assert_eq!(
        of(&conn, d(2026, 3, 31), ReminderKind::CallClosing).len(),
        1,
        "on the day"
    );
    assert!(
        of(&conn, d(2026, 4, 1), ReminderKind::CallClosing).is_empty(),
        "closed"
    );

    let o = org(&mut conn, "Association Parole d’habitants", "association");
    let a = app(&mut conn, call, o, "10 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "10 000").unwrap();
    pay(&mut conn, a, "15/07/2026", "4 000", "").unwrap();
    assert!(of(&conn, d(2026, 6, 14), ReminderKind::PaymentPlanned).is_empty());
    let r = of(&conn, d(2026, 6, 15), ReminderKind::PaymentPlanned);
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].page, r[0].target_id),
        (ReminderPage::FundApplication, a)
    );
    assert!(
        r[0].label
            .starts_with("Versement de 4\u{202f}000,00\u{a0}€ prévu le 15/07/2026"),
        "{}",
        r[0].label
    );
    assert!(
        of(&conn, d(2026, 8, 1), ReminderKind::PaymentPlanned)[0].late,
        "planned and not paid"
    );

    // The project ends 30/11/2026: its report is due six months later, 30/05/2027.
    let due = d(2027, 5, 30);
    assert!(of(
        &conn,
        due - Duration::days(31),
        ReminderKind::GrantReportDue
    )
    .is_empty());
    let r = of(
        &conn,
        due - Duration::days(30),
        ReminderKind::GrantReportDue,
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].date, "2027-05-30");
    assert!(r[0].label.contains("Association Parole d’habitants"));
    assert!(
        of(
            &conn,
            due + Duration::days(10),
            ReminderKind::GrantReportDue
        )[0]
        .late
    );
    let _ = lead();
}

#[test]
fn reminders_come_sorted_by_date() {
    let (mut conn, _) = tacit_db();
    let c = partners::create_committee(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &committee_input(None),
    )
    .unwrap();
    partners::create_meeting(
        &mut conn,
        &assistant(),
        now(),
        &partners::MeetingInput {
            committee_id: c.id,
            held_on: "01/10/2024".into(),
            follow_ups: vec![partners::FollowUpInput {
                text: "Relancer".into(),
                owner: String::new(),
                due_on: "05/10/2024".into(),
                status: "todo".into(),
            }],
            ..Default::default()
        },
    )
    .unwrap();
    let all = partners::reminders(&conn, d(2024, 10, 15)).unwrap();
    let dates: Vec<&str> = all.iter().map(|r| r.date.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].kind, ReminderKind::FollowUpDue, "late, first");
    assert_eq!(all[1].kind, ReminderKind::ConventionNotice);
}
