//! How the core writes values into SQL and reads them back, once for every
//! module: dates are stored as ISO 8601 text (`2026-03-14`), so that they
//! sort and compare as dates; a year is the closed range of its days; text
//! typed into a search box is matched literally by `LIKE`; a list is read
//! by one helper.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Params, Row};

use crate::input;

/// A date as stored: `2026-03-14`.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A stored date read back; `None` when the text is not an ISO date.
pub fn from_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A stored date as a form shows it: `2026-03-14` → `14/03/2026`; anything
/// unreadable is returned empty.
pub fn iso_to_fr(s: &str) -> String {
    from_iso(s).map(input::format_date_fr).unwrap_or_default()
}

/// The first and last day of `year`, as stored: `("2026-01-01", "2026-12-31")`,
/// for `BETWEEN ?1 AND ?2`.
pub fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// `%word%` with `%`, `_` and `\` escaped, so that typed text is matched
/// literally by `LIKE … ESCAPE '\'`.
pub fn like_pattern(word: &str) -> String {
    let mut p = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_years_are_closed_ranges() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(iso(d), "2026-03-14");
        assert_eq!(from_iso("2026-03-14"), Some(d));
        assert_eq!(from_iso("14/03/2026"), None);
        assert_eq!(iso_to_fr("2026-03-14"), "14/03/2026");
        assert_eq!(iso_to_fr("n/a"), "");
        assert_eq!(
            year_bounds(2026),
            ("2026-01-01".into(), "2026-12-31".into())
        );
    }

    #[test]
    fn like_wildcards_typed_by_a_person_are_matched_literally() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}

/// Every row `sql` returns for `params`, each read by `read`: the prepared
/// statement, its rows and their errors in one call.
pub fn all<T, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    conn.prepare_cached(sql)?.query_map(params, read)?.collect()
}

/// Page `page` (from 1) of `page_size` rows of `sql`, a query without its
/// `LIMIT`, whose placeholders `args` fill: the paging every list shares.
pub fn page_of<T>(
    conn: &Connection,
    sql: &str,
    mut args: Vec<Value>,
    page: i64,
    page_size: i64,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    args.push(Value::Integer(page_size));
    args.push(Value::Integer((page - 1).max(0) * page_size));
    all(
        conn,
        &format!("{sql} LIMIT ? OFFSET ?"),
        params_from_iter(args),
        read,
    )
}
