//! Exports: the CSV French spreadsheets expect and an XLSX read back cell by cell.

use calamine::{open_workbook, Data, Reader, Xlsx};
use plan_lcd::export::SheetFormat;
use plan_lcd::trainings;
use plan_lcd::trainings::TrainingInput;

use crate::util::{amp_db, create, held};

fn dataset() -> rusqlite::Connection {
    let mut conn = amp_db();
    create(
        &mut conn,
        &TrainingInput {
            title: "Accueil; \"égalité\"".into(),
            actual_cost: "1 234,5".into(),
            ..held()
        },
    );
    create(
        &mut conn,
        &TrainingInput {
            title: "=HYPERLINK(\"x\")".into(),
            first_day: "01/02/2026".into(),
            last_day: String::new(),
            ..held()
        },
    );
    conn
}

#[test]
fn csv_is_semicolon_separated_utf8_with_bom_and_french_numbers() {
    let conn = dataset();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    assert_eq!(
        trainings::export_sheet(&conn, 2026, SheetFormat::Csv, &path).unwrap(),
        2
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a BOM tells Excel the file is UTF-8"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("Intitulé;Thème;Public;"));
    assert_eq!(lines.len(), 4, "header, two sessions, final line break");
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\";"),
        "sorted by date; formulas are defused: {}",
        lines[1]
    );
    let cells: Vec<&str> = lines[2].split(';').collect();
    assert_eq!(cells[0], "\"Accueil", "a field holding ; is quoted");
    assert!(lines[2].contains("\"Accueil; \"\"égalité\"\"\""));
    assert!(
        lines[2].contains(";10/03/2026;10/03/2026;7;"),
        "dates day first, hours as a number"
    );
    assert!(
        lines[2].contains(";1000,00;1234,50;Réalisée;"),
        "amounts with a decimal comma"
    );
    assert!(lines[2].contains(";Marseille;13055;20;18;10;6;1;17;"));
}

#[test]
fn xlsx_holds_dates_as_dates_and_amounts_as_numbers() {
    let conn = dataset();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.xlsx");
    trainings::export_sheet(&conn, 2026, SheetFormat::Xlsx, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Formations 2026"]);
    let range = book.worksheet_range("Formations 2026").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("Intitulé".into())));
    assert_eq!(
        range.get((0, 18)),
        Some(&Data::String("Coût réel (€)".into()))
    );
    let row = 2; // the March session
    assert_eq!(
        range.get((row, 0)),
        Some(&Data::String("Accueil; \"égalité\"".into()))
    );
    match range.get((row, 5)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_datetime().unwrap().date().to_string(), "2026-03-10")
        }
        other => panic!("the first day is a date cell, got {other:?}"),
    }
    assert_eq!(range.get((row, 7)), Some(&Data::Float(7.0)));
    assert_eq!(range.get((row, 18)), Some(&Data::Float(1234.5)));
    assert_eq!(range.get((row, 16)), Some(&Data::Float(17.0)));
}

/// Every figure of the trainings' sheet is a number: counts, hours, costs and
/// the satisfaction (4,5 out of 5 is the number 4.5, not the text « 4,5 »).
#[test]
fn xlsx_writes_every_figure_as_a_number() {
    let conn = dataset();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.xlsx");
    trainings::export_sheet(&conn, 2026, SheetFormat::Xlsx, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Formations 2026").unwrap();
    assert_eq!(
        range.get((0, 21)),
        Some(&Data::String("Satisfaction (sur 5)".into()))
    );
    let row = 2; // the March session
    assert_eq!(
        range.get((row, 21)),
        Some(&Data::Float(4.5)),
        "the satisfaction is a number"
    );
    // Hours, capacity, registered, the four attendance counts, both costs.
    for col in [7, 11, 12, 13, 14, 15, 16, 17, 18, 21] {
        assert!(
            matches!(range.get((row, col)), Some(Data::Float(_) | Data::Int(_))),
            "column {col} holds a number: {:?}",
            range.get((row, col))
        );
    }
}
