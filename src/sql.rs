//! How the core writes values into SQL and reads them back, once for every
//! module: dates are stored as ISO 8601 text (`2026-03-14`), so that they
//! sort and compare as dates; a year is the closed range of its days; text
//! typed into a search box is matched literally by `LIKE`; a list is read,
//! filtered and paged by one helper each.

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

/// Whether row `id` of `table` exists, as a check a validation calls;
/// a failed read counts as absent. `table` is named by the code.
pub fn row_exists<'a>(conn: &'a Connection, table: &'static str) -> impl Fn(i64) -> bool + 'a {
    move |id| {
        conn.query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1"),
            [id],
            |_| Ok(()),
        )
        .is_ok()
    }
}

/// A list's filter as SQL: clauses joined by `AND`, and the values of their
/// `?` placeholders, in order.
#[derive(Debug, Default)]
pub struct Where {
    clauses: Vec<String>,
    /// The placeholders' values, in the order of the clauses.
    pub args: Vec<Value>,
}

impl Where {
    /// Starts with `clause` and the values of its placeholders.
    pub fn new(clause: &str, args: impl IntoIterator<Item = Value>) -> Self {
        let mut w = Where::default();
        w.clause(clause, args);
        w
    }

    /// Adds `clause` and the values of its placeholders.
    pub fn clause(&mut self, clause: &str, args: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_string());
        self.args.extend(args);
    }

    /// `column = ?` when a value is chosen (an empty text is no choice).
    pub fn equals(&mut self, column: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.clause(&format!("{column} = ?"), [Value::Text(v.into())]);
        }
    }

    /// Each word typed (the first ten) is found, literally, in one of
    /// `columns`: `"a b"` keeps the rows that contain `a` and contain `b`.
    pub fn search(&mut self, typed: Option<&str>, columns: &[&str]) {
        for word in typed.unwrap_or("").split_whitespace().take(10) {
            let any = columns
                .iter()
                .map(|c| format!("{c} LIKE ? ESCAPE '\\'"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let p = like_pattern(word);
            self.clause(
                &format!("({any})"),
                columns.iter().map(|_| Value::Text(p.clone())),
            );
        }
    }

    /// The clauses joined by `AND` (`1` when there is none).
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "1".into()
        } else {
            self.clauses.join(" AND ")
        }
    }
}

/// Which page of a list is shown: the size asked, kept from 1 to 500 rows,
/// and the page asked, kept from 1 to the last (a list with no row has one
/// empty page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: u32,
    pub page_size: u32,
    /// At least 1.
    pub page_count: u32,
}

impl Paging {
    /// The paging of `rows` rows, for the `page` and `page_size` asked.
    pub fn of(rows: i64, page: u32, page_size: u32) -> Self {
        let page_size = page_size.clamp(1, 500);
        let page_count = (rows.max(0) as u64)
            .div_ceil(page_size as u64)
            .clamp(1, u32::MAX as u64) as u32;
        Paging {
            page: page.clamp(1, page_count),
            page_size,
            page_count,
        }
    }
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

    #[test]
    fn a_filter_joins_its_clauses_and_keeps_their_values_in_order() {
        let mut w = Where::new("t.year = ?", [Value::Integer(2026)]);
        w.equals("t.status", Some("held"));
        w.equals("t.audience", Some(""));
        w.equals("t.commune", None);
        w.search(Some("  50% égal "), &["t.title", "t.trainer"]);
        assert_eq!(
            w.sql(),
            "t.year = ? AND t.status = ? \
             AND (t.title LIKE ? ESCAPE '\\' OR t.trainer LIKE ? ESCAPE '\\') \
             AND (t.title LIKE ? ESCAPE '\\' OR t.trainer LIKE ? ESCAPE '\\')"
        );
        let text = |s: &str| Value::Text(s.into());
        assert_eq!(
            w.args,
            vec![
                Value::Integer(2026),
                text("held"),
                text("%50\\%%"),
                text("%50\\%%"),
                text("%égal%"),
                text("%égal%"),
            ]
        );
        assert_eq!(Where::default().sql(), "1");
        let mut many = Where::default();
        many.search(Some("a b c d e f g h i j k l"), &["x"]);
        assert_eq!(many.args.len(), 10, "ten words at most");
    }

    #[test]
    fn a_page_is_kept_within_the_list() {
        let p = |rows, page, size| {
            let p = Paging::of(rows, page, size);
            (p.page, p.page_size, p.page_count)
        };
        assert_eq!(p(0, 1, 50), (1, 50, 1), "an empty list has one page");
        assert_eq!(p(101, 3, 50), (3, 50, 3));
        assert_eq!(p(100, 3, 50), (2, 50, 2), "past the last page: the last");
        assert_eq!(p(10, 0, 50), (1, 50, 1), "pages count from 1");
        assert_eq!(p(10, 1, 0), (1, 1, 10), "at least one row a page");
        assert_eq!(p(2000, 1, 9999), (1, 500, 4), "at most 500 rows a page");
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
