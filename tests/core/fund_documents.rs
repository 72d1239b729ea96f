//! The fund's PDFs, read back as text with `pdftotext`: the notification
//! letter of a grant and of a refusal (from the built-in template and from
//! the unit's own), the shared dashboard of supported projects, and the
//! call's table as CSV and XLSX.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use plan_lcd::export::SheetFormat;
use plan_lcd::fund::{self, StepInput};
use plan_lcd::reports;

use crate::fund_fixtures::*;
use crate::util::{assistant, now, today};

/// The PDF's text, every run of spaces (French number spacing included) and
/// line breaks made one plain space.
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

fn decide(conn: &mut rusqlite::Connection, id: i64, action: &str, amount: &str, text: &str) {
    fund::step(
        conn,
        &lead(),
        today(),
        now(),
        id,
        &StepInput {
            action: fund::StepAction::from_code(action).expect("a step action"),
            date: "10/04/2026".into(),
            amount: amount.into(),
            reference: "DEL-2026-042".into(),
            text: text.into(),
            confirm_over_budget: false,
        },
    )
    .unwrap();
}

/// A granted application (15 000 € of 18 000 € asked, budget 40 000 €) with
/// private notes and one tranche paid; and a refused one.
fn decided() -> (rusqlite::Connection, i64, i64, i64) {
    let (mut conn, call) = fund_db();
    let mut o = org_input("Association Égalité #Nord [bis]", "association");
    o.contact_name = "Samira Haddad".into();
    o.contact_role = "Présidente".into();
    o.address = "12 rue de la République".into();
    o.commune_insee = "13055".into();
    let o = fund::create_organisation(&mut conn, &assistant(), now(), &o)
        .unwrap()
        .id;
    let mut input = app_input(call, o, "18 000", "40 000");
    input.title = "Parcours *accès* aux droits".into();
    input.indicators = vec![fund::IndicatorInput {
        label: "Personnes accompagnées".into(),
        target: "120".into(),
        achieved: String::new(),
    }];
    let granted = fund::create_application(&mut conn, &assistant(), now(), &input).unwrap();
    to_review(&mut conn, granted);
    let criteria = fund::get_call(&conn, call).unwrap().criteria;
    fund::save_review(
        &mut conn,
        &lead(),
        now(),
        granted,
        &fund::ReviewInput {
            scores: criteria
                .iter()
                .map(|c| fund::ScoreInput {
                    criterion_id: c.id,
                    score: "4".into(),
                })
                .collect(),
            notes: "Trésorier peu fiable".into(),
        },
    )
    .unwrap();
    decide(&mut conn, granted, "grant", "15 000", "");
    pay(&mut conn, granted, "01/05/2026", "10 000", "02/05/2026").unwrap();

    let mut input = app_input(call, o, "5 000", "10 000");
    input.title = "Forum emploi".into();
    let refused = fund::create_application(&mut conn, &assistant(), now(), &input).unwrap();
    to_review(&mut conn, refused);
    decide(
        &mut conn,
        refused,
        "refuse",
        "",
        "Projet hors du champ de l’appel",
    );
    (conn, call, granted, refused)
}

#[test]
fn the_grant_letter_states_the_amount_the_tranches_and_the_report() {
    let (conn, _, granted, _) = decided();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("courrier.pdf");
    fund::notification_letter_pdf(&conn, granted, today(), dir.path(), &pdf).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "une subvention de 15 000,00 € est attribuée à Association Égalité #Nord [bis]",
        "« Parcours *accès* aux droits »",
        "À l’attention de Samira Haddad, Présidente",
        "12 rue de la République",
        "Réf. : DEL-2026-042",
        "par décision du vendredi 10 avril 2026",
        "37,5 % du budget prévisionnel du projet (40 000,00 €)",
        "demande de 18 000,00 €",
        "01/05/2026 10 000,00 € 02/05/2026",
        // The project ends on 30/11/2026: the report is due six months later.
        "au plus tard le dimanche 30 mai 2027",
        "Personnes accompagnées : cible 120",
        "Le lundi 15 juin 2026",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in: {text}");
    }
    assert!(
        !text.contains("Trésorier"),
        "private review notes never reach the applicant"
    );
}

#[test]
fn the_refusal_letter_gives_the_reason_and_no_amount_granted() {
    let (conn, _, _, refused) = decided();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("refus.pdf");
    fund::notification_letter_pdf(&conn, refused, today(), dir.path(), &pdf).unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("la demande de subvention de 5 000,00 €"),
        "{text}"
    );
    assert!(text.contains("n’a pas été retenue"), "{text}");
    assert!(
        text.contains("Motif de la décision : Projet hors du champ de l’appel"),
        "{text}"
    );
    assert!(
        !text.contains("est attribuée"),
        "a refusal never reads as a grant"
    );
}

#[test]
fn only_a_decision_has_a_letter() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let id = app(&mut conn, call, o, "1 000");
    to_review(&mut conn, id);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("courrier.pdf");
    let err = fund::notification_letter_pdf(&conn, id, today(), dir.path(), &pdf).unwrap_err();
    assert!(refused(err).contains("ni accordé ni refusé"));
    assert!(
        !pdf.exists(),
        "nothing is written for an undecided application"
    );
}

#[test]
fn the_unit_edits_the_letter_in_its_templates_folder() {
    let (conn, _, granted, _) = decided();
    let dir = tempfile::tempdir().unwrap();
    let templates = reports::templates_dir(&dir.path().join("plan-lcd.sqlite3"));
    assert_eq!(templates, dir.path().join("modeles"));

    // The copy offered for editing is the built-in letter, never overwritten later.
    let file = fund::install_letter_template(&templates).unwrap();
    assert_eq!(file, templates.join(fund::LETTER_TEMPLATE_FILE));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        fund::LETTER_TEMPLATE
    );
    let edited = fund::LETTER_TEMPLATE.replace(
        "J’ai le plaisir de vous informer",
        "Nous avons la joie de vous annoncer",
    );
    std::fs::write(&file, &edited).unwrap();
    fund::install_letter_template(&templates).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited,
        "an edited template is kept"
    );

    let pdf = dir.path().join("courrier.pdf");
    fund::notification_letter_pdf(&conn, granted, today(), &templates, &pdf).unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Nous avons la joie de vous annoncer"),
        "{text}"
    );
    assert!(
        text.contains("15 000,00 €"),
        "the data still reaches the page"
    );

    // A broken template is named, with the way back.
    std::fs::write(&file, "#let x = (").unwrap();
    let err = fund::notification_letter_pdf(&conn, granted, today(), &templates, &pdf).unwrap_err();
    let msg = refused(err);
    assert!(msg.contains("courrier-notification.typ"), "{msg}");
    assert!(msg.contains("supprimez ce fichier"), "{msg}");
}

#[test]
fn the_shared_dashboard_lists_the_supported_projects_and_adds_up() {
    let (conn, call, _, _) = decided();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("tableau.pdf");
    fund::dashboard_pdf(&conn, call, today(), &pdf).unwrap();
    let text = pdf_text(&pdf);
    let d = fund::dashboard(&conn, call, today()).unwrap();
    assert_eq!(
        (d.granted_cents, d.paid_cents),
        (1_500_000, 1_000_000),
        "the hand-computed figures"
    );
    for expected in [
        "Tableau de bord commun des projets soutenus — 2026",
        // The figures in their three columns, labels above values.
        "Enveloppe Demandé Accordé 50 000,00 € 23 000,00 € 15 000,00 €",
        "Versé Reste à attribuer Reste à verser 10 000,00 € 35 000,00 € 5 000,00 €",
        "2 dossiers reçus · 1 projet soutenu · 1 refusé · 0 retiré",
        "Parcours *accès* aux droits",
        "attendu le 30/05/2027",
        "Total : 1 projet",
        "Communes sans plan local",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in: {text}");
    }
    assert!(
        !text.contains("Forum emploi"),
        "a refused project is not a supported one"
    );
}

#[test]
fn the_table_exports_to_csv_and_xlsx_with_the_screens_figures() {
    let (conn, call, granted, refused) = decided();
    let dir = tempfile::tempdir().unwrap();

    let csv = dir.path().join("dossiers.csv");
    fund::export_applications(&conn, call, SheetFormat::Csv, &csv).unwrap();
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    assert!(
        text.starts_with("\u{feff}Dossier;Projet;Structure;Type de structure;Communes;Stade;Reçu le;Hors délai;Demandé (€);Accordé (€);Versé (€);Note pondérée (sur 5)"),
        "French spreadsheet users' CSV: BOM, semicolons: {text}"
    );
    assert!(
        text.contains(&format!("{granted};Parcours *accès* aux droits;Association Égalité #Nord [bis];Association;Marseille;Accordé;15/02/2026;;18000,00;15000,00;10000,00;4")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{refused};Forum emploi;Association Égalité #Nord [bis];Association;Marseille;Refusé;15/02/2026;;5000,00;;0,00;")),
        "a refused application has no amount granted: {text}"
    );

    let xlsx = dir.path().join("dossiers.xlsx");
    fund::export_applications(&conn, call, SheetFormat::Xlsx, &xlsx).unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Dossiers").unwrap();
    let row = sheet
        .rows()
        .find(|r| r[1] == Data::String("Parcours *accès* aux droits".into()))
        .expect("the granted application's row");
    assert_eq!(row[8], Data::Float(18000.0), "requested, in euros");
    assert_eq!(row[9], Data::Float(15000.0), "granted, in euros");
    assert_eq!(row[10], Data::Float(10000.0), "paid, in euros");
    assert_eq!(row[11], Data::Float(4.0), "the weighted score, a number");
}
