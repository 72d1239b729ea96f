//! The three counts of periods in months, on the examples, month
//! ends, 29 February and one-month terms. The expected dates come from the
//! rules (Code civil art. 641 and 642, the reading of « à compter du »), not
//! from what the code writes.

use chrono::NaiveDate;
use plan_lcd::dates::{deadline_before, duration_end, period_after};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

// ---- A duration from a day, that day included ----

#[test]
fn a_duration_ends_on_the_eve_of_its_anniversary() {
    assert_eq!(
        duration_end(d(2020, 4, 1), 36),
        Some(d(2023, 3, 31)),
        "36 months from 01/04/2020 are in force until 31/03/2023"
    );
    assert_eq!(
        duration_end(d(2015, 11, 17), 36),
        Some(d(2018, 11, 16)),
        "seed 001, signed 17/11/2015 for three years"
    );
    assert_eq!(duration_end(d(2026, 6, 16), 12), Some(d(2027, 6, 15)));
    assert_eq!(
        duration_end(d(2026, 1, 1), 12),
        Some(d(2026, 12, 31)),
        "a calendar year"
    );
    assert_eq!(
        duration_end(d(2026, 3, 1), 1),
        Some(d(2026, 3, 31)),
        "a month from the 1st is that month"
    );
}

#[test]
fn a_duration_whose_anniversary_does_not_exist_runs_to_the_month_s_end() {
    // No 31 February: one month from 31 January covers all of February.
    assert_eq!(duration_end(d(2027, 1, 31), 1), Some(d(2027, 2, 28)));
    assert_eq!(duration_end(d(2028, 1, 31), 1), Some(d(2028, 2, 29)));
    assert_eq!(duration_end(d(2027, 1, 30), 1), Some(d(2027, 2, 28)));
    assert_eq!(
        duration_end(d(2028, 1, 30), 1),
        Some(d(2028, 2, 29)),
        "30 February does not exist in a leap year either"
    );
    assert_eq!(
        duration_end(d(2028, 1, 29), 1),
        Some(d(2028, 2, 28)),
        "29 February 2028 exists: its eve"
    );
    assert_eq!(
        duration_end(d(2026, 8, 31), 1),
        Some(d(2026, 9, 30)),
        "no 31 September"
    );
    assert_eq!(
        duration_end(d(2026, 10, 31), 1),
        Some(d(2026, 11, 30)),
        "no 31 November"
    );
    assert_eq!(
        duration_end(d(2026, 3, 31), 1),
        Some(d(2026, 4, 30)),
        "no 31 April"
    );
    assert_eq!(
        duration_end(d(2026, 12, 31), 1),
        Some(d(2027, 1, 30)),
        "31 January exists: its eve"
    );
}

#[test]
fn a_duration_from_29_february() {
    assert_eq!(
        duration_end(d(2024, 2, 29), 12),
        Some(d(2025, 2, 28)),
        "no 29 February 2025: the end of February"
    );
    assert_eq!(
        duration_end(d(2024, 2, 29), 48),
        Some(d(2028, 2, 28)),
        "29 February 2028 exists: its eve"
    );
    assert_eq!(
        duration_end(d(2027, 3, 1), 12),
        Some(d(2028, 2, 29)),
        "a year from 1 March ends on the last day of February"
    );
}

// ---- A period after an event, the event's day excluded ----

#[test]
fn a_period_after_an_event_expires_on_the_same_numbered_day() {
    assert_eq!(period_after(d(2026, 11, 30), 6), Some(d(2027, 5, 30)));
    assert_eq!(period_after(d(2026, 6, 15), 36), Some(d(2029, 6, 15)));
    assert_eq!(
        period_after(d(2026, 5, 10), 3),
        Some(d(2026, 8, 10)),
        "a quarterly committee"
    );
}

#[test]
fn a_period_after_an_event_expires_at_the_month_s_end_when_the_day_is_missing() {
    assert_eq!(
        period_after(d(2027, 8, 31), 6),
        Some(d(2028, 2, 29)),
        "the fund's final report: six months after a project ending 31/08/2027"
    );
    assert_eq!(period_after(d(2026, 8, 31), 6), Some(d(2027, 2, 28)));
    assert_eq!(period_after(d(2027, 1, 31), 1), Some(d(2027, 2, 28)));
    assert_eq!(
        period_after(d(2028, 2, 29), 36),
        Some(d(2031, 2, 28)),
        "contact details kept three years after 29 February"
    );
    assert_eq!(period_after(d(2026, 11, 30), 3), Some(d(2027, 2, 28)));
}

// ---- A period counted backwards from a term ----

#[test]
fn a_notice_is_due_the_day_before_the_count_back_from_the_renewal() {
    assert_eq!(
        deadline_before(d(2023, 3, 31), 6),
        Some(d(2022, 9, 30)),
        "six months before the term ending 31/03/2023: by 30/09/2022"
    );
    assert_eq!(
        deadline_before(d(2018, 11, 16), 2),
        Some(d(2018, 9, 16)),
        "seed 001: two months before the term ending 16/11/2018"
    );
    assert_eq!(
        deadline_before(d(2026, 12, 31), 6),
        Some(d(2026, 6, 30)),
        "a calendar year's end: by 30 June"
    );
    assert_eq!(deadline_before(d(2026, 12, 31), 1), Some(d(2026, 11, 30)));
    assert_eq!(
        deadline_before(d(2026, 9, 30), 3),
        Some(d(2026, 6, 30)),
        "from 1 July, three months would expire on 1 October"
    );
}

#[test]
fn a_notice_counted_back_into_february() {
    assert_eq!(
        deadline_before(d(2027, 2, 28), 1),
        Some(d(2027, 1, 31)),
        "from 31 January a month expires on 28 February, the term's last day"
    );
    assert_eq!(deadline_before(d(2028, 2, 29), 1), Some(d(2028, 1, 31)));
    // A term ending 29 March: the renewal is on the 30th, and there is no 30
    // February, so the notice can be given until the end of February (a
    // month from 28 February expires on 28 March, within the term).
    assert_eq!(deadline_before(d(2027, 3, 29), 1), Some(d(2027, 2, 28)));
    assert_eq!(deadline_before(d(2028, 3, 29), 1), Some(d(2028, 2, 29)));
    assert_eq!(
        deadline_before(d(2028, 3, 28), 1),
        Some(d(2028, 2, 28)),
        "the renewal on 29 March: the eve of 29 February"
    );
    assert_eq!(deadline_before(d(2025, 4, 29), 2), Some(d(2025, 2, 28)));
    assert_eq!(deadline_before(d(2024, 4, 29), 2), Some(d(2024, 2, 29)));
}

#[test]
fn the_notice_period_fits_exactly_before_the_term() {
    // The rule's meaning: from the deadline, the notice period expires by
    // the term's last day; from the day after, it would expire after it.
    for (term_end, months) in [
        (d(2023, 3, 31), 6),
        (d(2018, 11, 16), 2),
        (d(2027, 2, 28), 1),
        (d(2027, 3, 29), 1),
        (d(2025, 1, 30), 2),
    ] {
        let deadline = deadline_before(term_end, months).unwrap();
        assert!(period_after(deadline, months).unwrap() <= term_end);
        assert!(period_after(deadline.succ_opt().unwrap(), months).unwrap() > term_end);
    }
}
