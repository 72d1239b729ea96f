//! The week's documents: the programme and report PDFs (read back as text
//! with `pdftotext`), and the spreadsheets of the events and the coverage.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use plan_lcd::events::{self, EventInput};
use plan_lcd::export::SheetFormat;

use crate::events::{conference, hand_computed};
use crate::util::{assistant, now, today};

/// The PDF's text in reading order, every run of spaces (French number
/// spacing included) and line breaks made one plain space, so that a title
/// wrapped on two lines still reads as one.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a real PDF file");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian package poppler-utils, installed by scripts/deps.sh)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '\u{202f}' || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn the_programme_prints_each_day_with_its_times_and_venues() {
    let (mut conn, ed) = hand_computed();
    // Typed text that Typst would run as markup must print as typed.
    events::create_event(
        &mut conn,
        &assistant(),
        today(),
        now(),
        &EventInput {
            title: "#pagebreak() *Égalité* $x$ _réelle_ <b>".into(),
            day: "20/03/2026".into(),
            start_time: "9h30".into(),
            end_time: "12:00".into(),
            venue: "Salle #2 [bas]".into(),
            status: "confirmed".into(),
            attended_women: String::new(),
            attended_men: String::new(),
            attended_unstated: String::new(),
            ..conference(ed)
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("programme.pdf");
    let started = std::time::Instant::now();
    events::programme_pdf(&conn, ed, today(), &path).unwrap();
    eprintln!("programme PDF rendered in {:?}", started.elapsed());
    let text = pdf_text(&path);
    for expected in [
        "Semaine de lutte contre les discriminations 2026",
        "Toutes et tous concernés",
        "Du lundi 16 mars 2026 au samedi 21 mars 2026",
        "Mardi 17 mars 2026",
        "14h00 – 16h00",
        "Conférence d’ouverture",
        "Hôtel de la Métropole, Marseille",
        "Sur inscription, 200 places",
        "#pagebreak() *Égalité* $x$ _réelle_ <b>",
        "Salle #2 [bas], Marseille",
        "09h30 – 12h00",
        "Organisation : Métropole · Partenaires : Défenseur des droits",
        "Programme au 15/06/2026, sous réserve de modifications",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("E4"), "a cancelled event is not announced");
    assert!(
        !text.contains("Samedi 21 mars"),
        "a day without events is left out"
    );
    assert_eq!(pages(&path), 1, "a short week fits one A4 page");
}

#[test]
fn the_bilan_reports_the_hand_computed_figures() {
    let (conn, ed) = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bilan.pdf");
    let started = std::time::Instant::now();
    events::bilan_pdf(&conn, ed, today(), &path).unwrap();
    eprintln!("bilan PDF rendered in {:?}", started.elapsed());
    let text = pdf_text(&path);
    for expected in [
        "Bilan de la semaine de lutte contre les discriminations 2026",
        "Événements réalisés",
        "170",
        "3 sur 92",
        "3 850,50 €",
        "22,65 €",
        "femmes 70 (58 %), hommes 45 (38 %), non renseigné 5 (4 %)",
        "50 participant·es n’ont pas été comptés par sexe",
        "Annulé : Météo",
        // The edition's Marseille: 1 500 + 250,50, the January event left out.
        "Marseille 2 2 150 1 750,50 € 11,67 €",
        "Campagne posters",
        "2 000,00 €",
        "Bilan édité le 15/06/2026",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn the_events_and_coverage_spreadsheets_hold_the_figures() {
    let (conn, _) = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("e.csv");
    assert_eq!(
        events::export_events(&conn, 2026, SheetFormat::Csv, &csv).unwrap(),
        6
    );
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(text.starts_with("\u{feff}Date;Début;Fin;Intitulé"));
    assert!(
        text.contains("17/03/2026;14:00;16:00;Conférence d’ouverture;Conférence;oui;"),
        "{text}"
    );
    assert!(text.contains(";1500,00;Réalisé;"));

    let xlsx = dir.path().join("c.xlsx");
    assert_eq!(
        events::export_coverage(&conn, 2026, SheetFormat::Xlsx, &xlsx).unwrap(),
        4
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Couverture 2026").unwrap();
    let marseille = sheet
        .rows()
        .find(|r| r[0] == Data::String("Marseille".into()))
        .expect("a Marseille row");
    assert_eq!(marseille[5], Data::Float(180.0));
    assert_eq!(marseille[6], Data::Float(2050.5));
    assert_eq!(marseille[7], Data::Float(11.39));
    let total = sheet.rows().last().unwrap();
    assert_eq!(total[0], Data::String("Total".into()));
    assert_eq!(total[5], Data::Float(200.0));
}
