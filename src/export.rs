//! Spreadsheet exports: CSV the way French spreadsheet users expect it
//! (`;`-separated, UTF-8 with a byte-order mark, CRLF) and XLSX with French
//! headers, real dates and amounts formatted in euros.
//!
//! Every export takes the target path: the desktop shell asks for it through
//! the native save dialog, the CLI through an argument, the tests directly.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::input::format_scaled;

/// The two spreadsheet formats every export offers; the window sends `csv`
/// or `xlsx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "csv" => Some(SheetFormat::Csv),
            "xlsx" => Some(SheetFormat::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Csv => "csv",
            SheetFormat::Xlsx => "xlsx",
        }
    }
}

/// A cell before it is written in one format or the other.
pub enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Int(Option<i64>),
    /// Hundredths: hours, a weighted score.
    Centi(i64),
    /// Tenths: a satisfaction out of 5.
    Tenths(Option<i64>),
    Cents(Option<i64>),
    /// A rate in thousandths of the whole: `174` is 17,4 %. The XLSX cell
    /// holds the fraction (0.174) with a percentage format, so that a
    /// spreadsheet sums, sorts and charts it; the CSV writes `17,4` under a
    /// header that says `(%)`.
    Permille(Option<i64>),
}

/// Quotes a CSV field when it holds the separator, a quote or a line break,
/// and defuses text a spreadsheet would run as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => csv_field(s),
        Cell::Date(d) => d
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Cell::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Cell::Centi(n) => format_scaled(*n, 2),
        Cell::Tenths(n) => n.map(|n| format_scaled(n, 1)).unwrap_or_default(),
        // A plain decimal comma, no thousands separator: Calc and Excel in
        // French read it as a number.
        Cell::Cents(c) => c
            .map(|c| format!("{},{:02}", c / 100, c % 100))
            .unwrap_or_default(),
        Cell::Permille(p) => p
            .map(|p| {
                let sign = if p < 0 { "-" } else { "" };
                format!("{sign}{},{}", (p / 10).abs(), (p % 10).abs())
            })
            .unwrap_or_default(),
    }
}

fn write_csv(path: &Path, headers: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
    let mut out = Vec::new();
    out.extend_from_slice("\u{feff}".as_bytes());
    let header: Vec<String> = headers.iter().map(|h| csv_field(h)).collect();
    out.extend_from_slice(header.join(";").as_bytes());
    out.extend_from_slice(b"\r\n");
    for row in rows {
        let line: Vec<String> = row.iter().map(csv_cell).collect();
        out.extend_from_slice(line.join(";").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(&out)?;
    file.sync_all()?;
    Ok(())
}

fn write_xlsx(path: &Path, sheet_name: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let euros = Format::new().set_num_format("#,##0.00\\ \"€\"");
    let hours = Format::new().set_num_format("0.##");
    let tenths = Format::new().set_num_format("0.0");
    let count = Format::new().set_num_format("0");
    let percent = Format::new().set_num_format("0.0\\ %");
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &bold)?;
        sheet.set_column_width(col as u16, 14)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Date(Some(d)) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, c, &dt, &date)?;
                }
                Cell::Int(Some(n)) => {
                    sheet.write_number_with_format(r, c, *n as f64, &count)?;
                }
                Cell::Tenths(Some(n)) => {
                    sheet.write_number_with_format(r, c, *n as f64 / 10.0, &tenths)?;
                }
                Cell::Permille(Some(p)) => {
                    sheet.write_number_with_format(r, c, *p as f64 / 1000.0, &percent)?;
                }
                Cell::Centi(n) => {
                    sheet.write_number_with_format(r, c, *n as f64 / 100.0, &hours)?;
                }
                Cell::Cents(Some(cents)) => {
                    sheet.write_number_with_format(r, c, *cents as f64 / 100.0, &euros)?;
                }
                _ => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 40)?;
    book.save(path)?;
    Ok(())
}

/// Writes any table to `path` in `format`: the one way every module exports a
/// list. `sheet` names the XLSX worksheet (31 characters at most).
pub fn write_table(
    path: &Path,
    format: SheetFormat,
    sheet: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    match format {
        SheetFormat::Csv => write_csv(path, headers, rows),
        SheetFormat::Xlsx => write_xlsx(path, sheet, headers, rows),
    }
}
