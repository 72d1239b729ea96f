//! A file into a table of text cells, the way a person reads it in their
//! spreadsheet program: XLSX, XLS and ODS through `calamine`, CSV through
//! `csv` (`;`, `,` or tab, detected from the header line) in UTF-8, with or
//! without its byte-order mark, or in Windows-1252 as older Excel writes it
//! (`encoding_rs`). A date cell reads as `dd/mm/yyyy`, a number as French
//! writes it (`1234,5`), a formula as its computed value.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Dimensions, Reader, Sheets};
use encoding_rs::WINDOWS_1252;

use crate::error::{Error, Result};

/// The largest file an import reads: 50 MB, some hundred thousand rows.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The most characters a cell holds: 32 767, Excel's own limit ("Excel
/// specifications and limits", Microsoft: "Total number of characters that a
/// cell can contain"). A longer cell is not a value a person typed.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One sheet of a file, read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Every sheet of the file, in order (one, named after the file, for a CSV).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    /// The header row: the first row with two cells filled or more (a title
    /// typed above the table is passed over).
    pub headers: Vec<String>,
    /// The rows under the header that hold anything, as long as the header.
    pub rows: Vec<TableRow>,
}

/// A row of the table and where the person finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row's number in the spreadsheet program (the first row is 1).
    pub line: usize,
    pub cells: Vec<String>,
}

/// Reads sheet `sheet` of the file at `path` (the first sheet when `None`).
/// Errors, in French: a file too large, unreadable, not a spreadsheet, with
/// a password, a sheet that does not exist or holds no table, a CSV row
/// whose cells do not match its header.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let size = std::fs::metadata(path)
        .map_err(|e| refused(format!("Le fichier ne peut pas être lu : {e}.")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(refused(format!(
            "Le fichier pèse {} Mo : une importation lit 50 Mo au plus. Découpez-le en plusieurs fichiers.",
            size / (1024 * 1024)
        )));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("CSV")
        .to_string();
    match ext.as_str() {
        "csv" | "txt" => csv_table(&std::fs::read(path)?, name),
        _ => workbook_table(path, sheet),
    }
}

fn refused(message: String) -> Error {
    Error::Refused(message)
}

fn workbook_table(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let mut book = open_workbook_auto(path).map_err(|e| {
        let text = e.to_string();
        if text.contains("password") || text.contains("Password") || text.contains("encrypt") {
            refused("Ce classeur est protégé par un mot de passe : enregistrez-en une copie sans mot de passe, puis importez-la.".into())
        } else {
            refused("Ce fichier n’est pas un classeur lisible : importez un fichier XLSX, XLS, ODS ou CSV.".into())
        }
    })?;
    let sheets = book.sheet_names().to_vec();
    let chosen = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| refused(format!("Ce classeur n’a pas de feuille « {s} ».")))?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| refused("Ce classeur n’a aucune feuille.".into()))?,
    };
    let range = book.worksheet_range(&chosen).map_err(|e| {
        refused(format!(
            "La feuille « {chosen} » ne peut pas être lue : {e}."
        ))
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let lines: Vec<(usize, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            (
                first_row as usize + i + 1,
                row.iter().map(cell_text).collect(),
            )
        })
        .collect();
    let merged = merged_cells(&mut book, &chosen);
    table_of(sheets, chosen, lines, false, first_col as usize, &merged)
}

/// The merged cells of a sheet (XLSX and XLS; calamine does not read them
/// from ODS), as (first row, last row, first column, last column) from 0.
fn merged_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
) -> Vec<(u32, u32, u32, u32)> {
    let regions: Vec<Dimensions> = match book {
        Sheets::Xlsx(x) => x
            .worksheet_merge_cells(sheet)
            .and_then(|r| r.ok())
            .unwrap_or_default(),
        Sheets::Xls(x) => x.worksheet_merge_cells(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    regions
        .into_iter()
        .map(|d| (d.start.0, d.end.0, d.start.1, d.end.1))
        .collect()
}

/// A cell's name as a spreadsheet shows it: column `2` (from 0) of line 3 is `C3`.
fn cell_name(column: usize, line: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{line}", String::from_utf8(letters).unwrap_or_default())
}

/// A spreadsheet cell as a person reads it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_fr(*f),
        Data::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        // A serial below 1 is a time of day alone (14:30), as a spreadsheet
        // stores one: the fraction of a day.
        Data::DateTime(d) if d.is_datetime() && (0.0..1.0).contains(&d.as_f64()) => {
            let minutes = (d.as_f64() * 24.0 * 60.0).round() as i64;
            format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
        }
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => dt.date().format("%d/%m/%Y").to_string(),
            _ => number_fr(d.as_f64()),
        },
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| s.clone()),
        Data::DurationIso(s) => time_of_duration(s).unwrap_or_else(|| s.clone()),
    }
}

/// An OpenDocument time of day (`PT14H30M00S`) as `14:30`.
fn time_of_duration(iso: &str) -> Option<String> {
    let rest = iso.strip_prefix("PT")?;
    let (hours, rest) = rest.split_once('H')?;
    let minutes = rest.split_once('M').map_or("0", |(m, _)| m);
    let (h, m): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// A number as French writes it: `12`, `3,5`; never `3.5000000001` (a
/// spreadsheet's binary fractions are rounded to 9 decimals).
fn number_fr(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let text = format!("{:.9}", f);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

fn csv_table(bytes: &[u8], name: String) -> Result<Table> {
    let text = decode(bytes);
    let delimiter = delimiter_of(text.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            refused(format!(
                "Le fichier CSV ne peut pas être lu à la ligne {} : {e}.",
                i + 1
            ))
        })?;
        let line = record
            .position()
            .map_or(i + 1, |p| line_at(&text, p.byte() as usize));
        lines.push((line, record.iter().map(|c| c.trim().to_string()).collect()));
    }
    table_of(vec![name.clone()], name, lines, true, 0, &[])
}

/// The line (from 1) a record starting at byte `at` is on; a record's
/// position may point at the end of the line before it (`\r\n`).
fn line_at(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = at.min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// The file's text: UTF-8 (its byte-order mark dropped) when it is valid
/// UTF-8, else Windows-1252, the encoding of CSV files older Excel writes.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator the header line uses most: `;` (French Excel), `,` or tab.
fn delimiter_of(header: &str) -> u8 {
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b';')
}

/// The table under the first row with two cells filled or more. In a CSV
/// (`strict`), a row with more cells than the header is refused, naming it.
/// Refused too: a header with merged cells (`merged`, see [`merged_cells`]),
/// whose columns have no names of their own, and a cell longer than
/// [`MAX_CELL_CHARS`]. `first_col` is the sheet's column (from 0) of the
/// lines' first cell, for naming cells.
fn table_of(
    sheets: Vec<String>,
    sheet: String,
    lines: Vec<(usize, Vec<String>)>,
    strict: bool,
    first_col: usize,
    merged: &[(u32, u32, u32, u32)],
) -> Result<Table> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count();
    for (line, cells) in &lines {
        if let Some((col, c)) = cells
            .iter()
            .enumerate()
            .find(|(_, c)| c.chars().count() > MAX_CELL_CHARS)
        {
            return Err(refused(format!(
                "La cellule {} contient {} caractères : une cellule en compte {MAX_CELL_CHARS} au plus. Vérifiez ce fichier.",
                cell_name(first_col + col, *line),
                c.chars().count()
            )));
        }
    }
    let Some(at) = lines.iter().position(|(_, cells)| filled(cells) >= 2) else {
        return Err(refused(format!(
            "La feuille « {sheet} » ne contient pas de tableau : il faut une ligne d’en-tête (les noms des colonnes) puis une ligne par enregistrement."
        )));
    };
    let header_row = (lines[at].0 - 1) as u32;
    if let Some(&(r0, r1, c0, c1)) = merged
        .iter()
        .find(|(r0, r1, c0, c1)| (*r0..=*r1).contains(&header_row) && (r0 != r1 || c0 != c1))
    {
        return Err(refused(format!(
            "Les cellules {} à {} de l’en-tête sont fusionnées : défusionnez-les et donnez à chaque colonne son propre nom, puis importez de nouveau.",
            cell_name(c0 as usize, r0 as usize + 1),
            cell_name(c1 as usize, r1 as usize + 1)
        )));
    }
    let mut headers = lines[at].1.clone();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    let width = headers.len();
    let mut rows = Vec::new();
    for (line, mut cells) in lines.into_iter().skip(at + 1) {
        if filled(&cells) == 0 {
            continue;
        }
        if strict && cells.len() > width && cells[width..].iter().any(|c| !c.is_empty()) {
            return Err(refused(format!(
                "La ligne {line} a {} cellules, l’en-tête {width} : vérifiez le séparateur et les guillemets de cette ligne.",
                cells.len()
            )));
        }
        cells.resize(width, String::new());
        rows.push(TableRow { line, cells });
    }
    if rows.is_empty() {
        return Err(refused(format!(
            "La feuille « {sheet} » n’a aucune ligne sous son en-tête."
        )));
    }
    Ok(Table {
        sheets,
        sheet,
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(cell_name(0, 1), "A1");
        assert_eq!(cell_name(2, 12), "C12");
        assert_eq!(cell_name(25, 3), "Z3");
        assert_eq!(cell_name(26, 3), "AA3");
        assert_eq!(cell_name(701, 9), "ZZ9");
        assert_eq!(cell_name(702, 9), "AAA9");
    }

    #[test]
    fn times_of_day_read_as_the_forms_take_them() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let time = ExcelDateTime::new(14.5 / 24.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(time)), "14:30");
        let day = ExcelDateTime::new(46095.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "14/03/2026");
        assert_eq!(time_of_duration("PT14H30M00S").as_deref(), Some("14:30"));
        assert_eq!(time_of_duration("PT9H"), Some("09:00".to_string()));
        assert_eq!(time_of_duration("P1DT2H"), None);
        assert_eq!(
            cell_text(&Data::DateTimeIso("é2026-03-14".into())),
            "é2026-03-14",
            "no panic"
        );
    }

    #[test]
    fn numbers_read_as_french_writes_them() {
        assert_eq!(number_fr(12.0), "12");
        assert_eq!(number_fr(3.5), "3,5");
        assert_eq!(number_fr(0.1 + 0.2), "0,3");
        assert_eq!(number_fr(1234.56), "1234,56");
    }

    #[test]
    fn windows_1252_and_a_byte_order_mark_are_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFIntitul\xC3\xA9"), "Intitulé");
        assert_eq!(decode(b"Intitul\xE9;Dur\xE9e"), "Intitulé;Durée");
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(delimiter_of("Intitulé;Date;Lieu"), b';');
        assert_eq!(delimiter_of("Intitulé,Date,Lieu"), b',');
        assert_eq!(delimiter_of("Intitulé\tDate"), b'\t');
    }
}
