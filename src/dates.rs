//! Periods counted in months, as French law counts them. Every date the app
//! derives from a number of months goes through one of the three functions
//! below, and each says which rule it applies and where the rule comes from;
//! nothing else in the core adds or subtracts months.
//!
//! The three counts differ by a day, and that day matters: a notice given on
//! the day after the deadline lets a tacit renewal bind the authority for a
//! whole new term.
//!
//! - [`duration_end`]: a *duration* that starts on a day, that day included
//!   (a convention « conclue pour trois ans à compter du 1er avril 2020 »,
//!   each renewed term). It ends on the eve of the same-numbered day.
//! - [`period_after`]: a *period after an event*, the event's day excluded
//!   (a report due six months after a project's end, contact details kept
//!   three years after the last exchange). It expires on the same-numbered
//!   day.
//! - [`deadline_before`]: a *period counted backwards* from a term (*délai à
//!   rebours*: a notice to give two months before the end). It gives the last
//!   day on which to act.
//!
//! [`duration_end_sql!`] writes the first rule in SQL for the queries that need
//! it; a test checks that both agree. SQLite's own `date(x, '+1 month')`
//! must never be used for these counts: it turns 31 January + 1 month into
//! 3 March.

use chrono::{Datelike, Duration, Months, NaiveDate};

/// The last day of a duration of `months` months that starts on `start`, the
/// start day included: the eve of the same-numbered day `months` months
/// later or, when that month has no such day, the last day of that month.
///
/// A duration « à compter du » a day includes that day, so it ends the day
/// before its anniversary: three years from 1 April 2020 end on 31 March
/// 2023, at midnight. This is how the Cour de cassation and the Conseil
/// d’État read a contract concluded for a duration running from a date: the
/// starting day is a day of performance, unlike the event that opens a
/// period of art. 641, and the term falls on the eve of the anniversary;
/// Code civil art. 642 al. 1 then makes it expire on that day at midnight.
/// When the anniversary does not exist
/// (a 31st, a 29 February), the month runs to its end, following Code civil
/// art. 641 al. 2, which counts months from date to date and, failing the
/// date, to the month's last day: one month from 31 January ends on 28
/// February (29 in a leap year), and the next term starts on 1 March, so that
/// consecutive terms neither overlap nor leave a gap.
///
/// `None` only past the calendar's end.
pub fn duration_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    let first = start.with_day(1)?.checked_add_months(Months::new(months))?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    // The eve of the same-numbered day is `first + (day - 2)` days; past the
    // month's end, that day does not exist and the month's last day is kept.
    let eve = first + Duration::days(i64::from(start.day()) - 2);
    Some(eve.min(last))
}

/// The day a period of `months` months after the event of `event` expires,
/// the event's day excluded: the same-numbered day `months` months later or,
/// when that month has no such day, the last day of that month.
///
/// Code civil art. 641 (al. 1: the day of the act or event that starts a
/// period does not count; al. 2: a period in months expires on the day of the
/// last month that bears the same number as the event's day or, failing it,
/// on the month's last day) and art. 642 (it expires on that day at
/// midnight). A report due six months after a project ending on 31 August
/// 2027 is due on 29 February 2028.
///
/// `None` only past the calendar's end.
pub fn period_after(event: NaiveDate, months: u32) -> Option<NaiveDate> {
    // chrono clamps to the month's last day, which is art. 641 al. 2.
    event.checked_add_months(Months::new(months))
}

/// The last day on which to act to respect a period of `months` months
/// counted backwards from a term whose last day is `term_end` (a *délai à
/// rebours*, such as a notice to give « deux mois avant l’échéance »).
///
/// The rule: the last day to act is the eve of the same-numbered day
/// `months` months before the day following the term (the day a renewal
/// would start) or, when that month has no such day, the last day of that
/// month. Equivalently, it is the latest day from which a period of `months`
/// months counted forwards under Code civil art. 641 and 642 (the day of the
/// notice excluded, see [`period_after`]) still expires on or before
/// `term_end`: the whole notice period must fit before the term, and the
/// courts apply art. 641 and 642 to periods counted backwards as to the
/// others (the usual reading for a lease's notice: for a term on 31 December,
/// six months' notice must be given by 30 June). A convention running 36
/// months from 1 April 2020 ends on 31 March 2023; six months' notice must be
/// given by 30 September 2022 (from 30 September the six months expire on 30
/// March, within the term; from 1 October they would expire on 1 April, after
/// it). Seed 001 ends a term on 16 November 2018: two months' notice by 16
/// September 2018.
///
/// `None` only before the calendar's start.
pub fn deadline_before(term_end: NaiveDate, months: u32) -> Option<NaiveDate> {
    let next = term_end.succ_opt()?;
    let first = next.with_day(1)?.checked_sub_months(Months::new(months))?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    let eve = first + Duration::days(i64::from(next.day()) - 2);
    Some(eve.min(last))
}

/// [`duration_end`] as an SQLite expression: the ISO last day of a duration of
/// `$months` months from the ISO date `$start` (both SQL expressions given as
/// string literals). It computes the same `min(eve, last day of the month)`
/// with SQLite's exact month arithmetic from a month's first day.
macro_rules! duration_end_sql {
    ($start:literal, $months:literal) => {
        concat!(
            "min(date(",
            $start,
            ", 'start of month', '+' || (",
            $months,
            ") || ' months', (CAST(strftime('%d', ",
            $start,
            ") AS INTEGER) - 2) || ' days'), date(",
            $start,
            ", 'start of month', '+' || (",
            $months,
            ") || ' months', '+1 month', '-1 day'))"
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Every day from 2023 to 2029, enough for month ends and two leap years.
    fn days() -> impl Iterator<Item = NaiveDate> {
        d(2023, 1, 1).iter_days().take_while(|x| x.year() < 2030)
    }

    #[test]
    fn sql_duration_end_agrees_with_the_rust_one() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut stmt = conn
            .prepare(concat!("SELECT ", duration_end_sql!("?1", "?2")))
            .unwrap();
        for start in days() {
            for months in [1u32, 2, 6, 12, 13, 36] {
                let sql: String = stmt
                    .query_row(rusqlite::params![start.to_string(), months], |r| r.get(0))
                    .unwrap();
                assert_eq!(
                    sql,
                    duration_end(start, months).unwrap().to_string(),
                    "{start} + {months} months: SQL and Rust must count alike"
                );
            }
        }
    }

    #[test]
    fn a_deadline_before_is_the_latest_day_whose_period_fits_in_the_term() {
        // The closed form against its definition, by brute force.
        for term_end in days().skip(400) {
            for months in [1u32, 2, 3, 6] {
                // period_after never decreases: walk back to the first fit.
                let mut by_definition = term_end;
                while period_after(by_definition, months).unwrap() > term_end {
                    by_definition = by_definition.pred_opt().unwrap();
                }
                assert_eq!(
                    deadline_before(term_end, months),
                    Some(by_definition),
                    "term ending {term_end}, {months} months' notice"
                );
            }
        }
    }
}
