//! The annual budget summary (*synthèse budgétaire annuelle*, A4 PDF) and the
//! budget's spreadsheets. Every figure comes from [`budget_view`] and
//! [`staff_year`], the functions the screens call, so the PDF, the
//! spreadsheets and the window show the same numbers.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{budget_view, from_iso, staff_year, BudgetView, Figures, LineFigures};
use crate::error::{Error, Result};
use crate::export::{write_table, Cell, SheetFormat};
use crate::input::{format_date_fr, format_scaled};
use crate::reports::{count_fr, money_fr, write_pdf};

const SUMMARY_TEMPLATE: &str = include_str!("../../assets/reports/budget_summary.typ");

#[derive(Serialize)]
struct PrintedRow {
    label: String,
    nature: String,
    initial: String,
    amendments: String,
    voted: String,
    committed: String,
    paid: String,
    available: String,
    left_to_pay: String,
    rate: String,
    over: bool,
    fed: String,
    /// Bar lengths against the largest amount of the table, in thousandths.
    bar_voted: i64,
    bar_committed: i64,
    bar_paid: i64,
}

#[derive(Serialize)]
struct Pair {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct Comparison {
    label: String,
    current: String,
    previous: String,
}

#[derive(Serialize)]
struct PrintedPosition {
    title: String,
    person: String,
    fte: String,
    share: String,
    dates: String,
    plan_fte: String,
}

#[derive(Serialize)]
struct PrintedCarried {
    label: String,
    carried: String,
    paid: String,
    left: String,
}

#[derive(Serialize)]
struct SummaryData {
    title: String,
    /// « Document définitif » once the year is closed, « provisoire » before.
    status: String,
    #[serde(rename = "final")]
    is_final: bool,
    /// The planned activities' costs, outside the figures; empty when none.
    forecast: String,
    carried: Vec<PrintedCarried>,
    /// The total row of the carried table: label, carried, paid, left.
    carried_total: Vec<String>,
    publisher: String,
    notes: String,
    rows: Vec<PrintedRow>,
    total: PrintedRow,
    previous_year: Option<i32>,
    comparison: Vec<Comparison>,
    fund: Vec<Pair>,
    positions: Vec<PrintedPosition>,
    fte: Vec<Pair>,
    fte_warnings: Vec<String>,
    activity: Vec<Pair>,
    grants_by_commune: Vec<Pair>,
    footer: String,
}

/// A rate in thousandths as French print writes a percentage: `1000` → `100,0 %`.
pub fn rate_fr(permille: Option<i64>) -> String {
    match permille {
        Some(p) => format!("{},{}\u{a0}%", p / 10, (p % 10).abs()),
        None => "—".into(),
    }
}

fn fte_fr(hundredths: i64) -> String {
    format_scaled(hundredths, 2)
}

fn printed(label: String, nature: &str, f: &Figures, fed: String, max: i64) -> PrintedRow {
    let bar = |v: i64| {
        if max > 0 {
            (v.max(0) * 1000 / max).min(1000)
        } else {
            0
        }
    };
    PrintedRow {
        label,
        nature: nature.into(),
        initial: money_fr(f.initial_cents),
        amendments: money_fr(f.amendments_cents),
        voted: money_fr(f.voted_cents),
        committed: money_fr(f.committed_cents),
        paid: money_fr(f.paid_cents),
        available: money_fr(f.available_cents),
        left_to_pay: money_fr(f.left_to_pay_cents),
        rate: rate_fr(f.rate_permille),
        over: f.over_committed(),
        fed,
        bar_voted: bar(f.voted_cents),
        bar_committed: bar(f.committed_cents),
        bar_paid: bar(f.paid_cents),
    }
}

fn fed_note(l: &LineFigures) -> String {
    match &l.fed_by {
        Some(by) if l.fed_committed_cents > 0 || l.fed_paid_cents > 0 => format!(
            "dont {} engagés et {} mandatés : {by}",
            money_fr(l.fed_committed_cents),
            money_fr(l.fed_paid_cents)
        ),
        _ => String::new(),
    }
}

fn publisher(conn: &Connection) -> Result<String> {
    Ok(crate::territory::unit(conn)?
        .map(|u| format!("{} — {}", u.name, u.epci_name))
        .unwrap_or_default())
}

/// The view of `year`, or a refusal in French when it has no budget.
fn view_of(conn: &Connection, year: i32, today: NaiveDate) -> Result<BudgetView> {
    budget_view(conn, year, today)?
        .ok_or_else(|| Error::Refused(format!("Aucun budget n’est saisi pour {year}.")))
}

/// Writes the annual budget summary of `year` to `path`: the lines with their
/// figures and totals, the fund, the FTE, the year's activity, the previous
/// year beside it and a chart. `printed_by` and `today` date the footer.
pub fn summary_pdf(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
    path: &Path,
) -> Result<()> {
    let data = summary_data(conn, year, printed_by, today)?;
    write_pdf(SUMMARY_TEMPLATE, &data, path)
}

fn summary_data(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
) -> Result<SummaryData> {
    let view = view_of(conn, year, today)?;
    let max = view
        .lines
        .iter()
        .map(|l| l.figures.voted_cents.max(l.figures.committed_cents))
        .max()
        .unwrap_or(0);
    let rows = view
        .lines
        .iter()
        .map(|l| {
            printed(
                l.line.label.clone(),
                l.line.nature.label_fr(),
                &l.figures,
                fed_note(l),
                max,
            )
        })
        .collect();
    let total = printed("Total".into(), "", &view.total, String::new(), 0);
    let previous = budget_view(conn, year - 1, today)?;
    let comparison = previous
        .as_ref()
        .map(|p| comparison(&view.total, &p.total))
        .unwrap_or_default();
    let fund = fund_section(conn, year, &view, today)?;
    let staff = staff_section(conn, year)?;
    let (carried, carried_total) = carried_section(&view);
    let forecast = if view.forecast_cents > 0 {
        format!(
            "Prévisionnel hors chiffres ci-dessus : {} de coûts d’activités prévues, pas encore réalisées.",
            money_fr(view.forecast_cents)
        )
    } else {
        String::new()
    };
    Ok(SummaryData {
        title: format!("Synthèse budgétaire annuelle {year}"),
        status: status_line(&view, year, today),
        is_final: view.budget.closed_on.is_some(),
        forecast,
        carried,
        carried_total,
        publisher: publisher(conn)?,
        notes: view.budget.notes.clone(),
        rows,
        total,
        previous_year: previous.map(|p| p.budget.year),
        comparison,
        activity: activity_section(conn, year, fund.grants_count)?,
        fund: fund.amounts,
        grants_by_commune: fund.by_commune,
        positions: staff.positions,
        fte: staff.fte,
        fte_warnings: staff.warnings,
        footer: crate::reports::with_fingerprint(
            conn,
            format!("Imprimé le {} par {printed_by}", format_date_fr(today)),
        )?,
    })
}

fn pair(label: &str, value: String) -> Pair {
    Pair {
        label: label.into(),
        value,
    }
}

/// The year's totals beside the previous year's.
fn comparison(c: &Figures, q: &Figures) -> Vec<Comparison> {
    let row = |label: &str, current: String, previous: String| Comparison {
        label: label.into(),
        current,
        previous,
    };
    vec![
        row(
            "Crédits votés",
            money_fr(c.voted_cents),
            money_fr(q.voted_cents),
        ),
        row(
            "Engagé",
            money_fr(c.committed_cents),
            money_fr(q.committed_cents),
        ),
        row("Mandaté", money_fr(c.paid_cents), money_fr(q.paid_cents)),
        row(
            "Taux de réalisation",
            rate_fr(c.rate_permille),
            rate_fr(q.rate_permille),
        ),
    ]
}

/// The fund's part of the summary: its amounts, its grants by commune.
struct FundSection {
    amounts: Vec<Pair>,
    by_commune: Vec<Pair>,
    grants_count: i64,
}

fn fund_section(
    conn: &Connection,
    year: i32,
    view: &BudgetView,
    today: NaiveDate,
) -> Result<FundSection> {
    let amounts = match crate::fund::amounts_of_year(conn, year)? {
        Some(a) => {
            let earlier_paid = view
                .carried
                .iter()
                .filter(|c| c.kind == super::LineKind::Fund)
                .map(|c| c.paid_cents)
                .sum();
            vec![
                pair("Enveloppe de l’appel à projets", money_fr(a.envelope_cents)),
                pair("Subventions accordées", money_fr(a.granted_cents)),
                pair("Tranches versées dans l’année", money_fr(a.paid_cents)),
                pair(
                    "Tranches versées sur les subventions des années précédentes",
                    money_fr(earlier_paid),
                ),
            ]
        }
        None => Vec::new(),
    };
    let mut section = FundSection {
        amounts,
        by_commune: Vec::new(),
        grants_count: 0,
    };
    if let Some(call) = crate::fund::call_of_year(conn, year)? {
        let d = crate::fund::dashboard(conn, call.id, today)?;
        section.grants_count = d.granted_count;
        section.by_commune = d
            .by_commune
            .iter()
            .filter(|b| b.granted_cents > 0)
            .map(|b| pair(&b.label, money_fr(b.granted_cents)))
            .collect();
    }
    Ok(section)
}

/// The staff's part: each position, the FTE planned and spent, the warnings.
struct StaffSection {
    positions: Vec<PrintedPosition>,
    fte: Vec<Pair>,
    warnings: Vec<String>,
}

fn staff_section(conn: &Connection, year: i32) -> Result<StaffSection> {
    let staff = staff_year(conn, year)?;
    let date = |s: &str| from_iso(s).map(format_date_fr).unwrap_or_default();
    let positions = staff
        .positions
        .iter()
        .map(|p| PrintedPosition {
            title: p.position.title.clone(),
            person: p.position.person.clone(),
            fte: fte_fr(p.position.fte_hundredths),
            share: format!("{}\u{a0}%", p.position.plan_share_hundredths),
            dates: match &p.position.end_day {
                Some(e) => format!("du {} au {}", date(&p.position.start_day), date(e)),
                None => format!("depuis le {}", date(&p.position.start_day)),
            },
            plan_fte: fte_fr(p.plan_fte_hundredths),
        })
        .collect();
    let fte = vec![
        pair("ETP prévus au plan", fte_fr(staff.planned_fte_hundredths)),
        pair(
            "ETP réels consacrés au plan (au prorata des dates)",
            fte_fr(staff.plan_fte_hundredths),
        ),
    ];
    Ok(StaffSection {
        positions,
        fte,
        warnings: staff.warnings,
    })
}

/// The year's activity: trainings held and their participants, events held, grants.
fn activity_section(conn: &Connection, year: i32, grants_count: i64) -> Result<Vec<Pair>> {
    let t = crate::trainings::stats(conn, year)?;
    let (from, to) = super::year_bounds(year);
    let events_held: i64 = conn.query_row(
        "SELECT count(*) FROM event WHERE status = 'held' AND day BETWEEN ?1 AND ?2",
        params![from, to],
        |r| r.get(0),
    )?;
    Ok(vec![
        pair("Sessions de formation réalisées", count_fr(t.sessions_held)),
        pair(
            "Participant·es aux formations",
            format!(
                "{} (femmes {}, hommes {}, non renseigné {})",
                count_fr(t.participants),
                count_fr(t.women),
                count_fr(t.men),
                count_fr(t.unstated)
            ),
        ),
        pair("Événements réalisés", count_fr(events_held)),
        pair("Subventions accordées par le fonds", count_fr(grants_count)),
    ])
}

/// Whether the document is final (the year closed) or provisional.
fn status_line(view: &BudgetView, year: i32, today: NaiveDate) -> String {
    match &view.budget.closed_on {
        Some(on) => format!(
            "Document définitif : exercice {year} clos le {}",
            from_iso(on).map(format_date_fr).unwrap_or_default()
        ),
        None => format!(
            "Document provisoire : exercice {year} non clos, chiffres au {}",
            format_date_fr(today)
        ),
    }
}

/// The restes à réaliser carried in from earlier years, and their total row.
fn carried_section(view: &BudgetView) -> (Vec<PrintedCarried>, Vec<String>) {
    let carried = view
        .carried
        .iter()
        .map(|c| PrintedCarried {
            label: format!("{} : {}", c.from_year, c.label),
            carried: money_fr(c.carried_cents),
            paid: money_fr(c.paid_cents),
            left: money_fr(c.left_cents),
        })
        .collect();
    let t = view.carried_total;
    let total = vec![
        "Total".to_string(),
        money_fr(t.carried_cents),
        money_fr(t.paid_cents),
        money_fr(t.left_cents),
    ];
    (carried, total)
}

/// The folder where documents to print are rendered before the system's
/// viewer opens them: the platform's cache folder (`~/.cache/plan-lcd/impression`
/// on Linux), or the temporary folder when there is none.
pub fn print_dir() -> PathBuf {
    directories::ProjectDirs::from("fr", "PlanLCD", "plan-lcd")
        .map(|d| d.cache_dir().join("impression"))
        .unwrap_or_else(|| std::env::temp_dir().join("plan-lcd-impression"))
}

/// Renders the annual budget summary of `year` into [`print_dir`] and returns
/// its path, for the window to open in the system's PDF viewer. The file of
/// the same year is replaced at each print.
pub fn summary_pdf_to_print(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
) -> Result<PathBuf> {
    summary_pdf_to_print_in(conn, year, printed_by, today, &print_dir())
}

/// [`summary_pdf_to_print`] into a given folder (created when missing).
pub fn summary_pdf_to_print_in(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
    dir: &Path,
) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::Refused(format!(
            "Le dossier d’impression {} n’a pas pu être créé : {e}",
            dir.display()
        ))
    })?;
    let path = dir.join(summary_file_name(year));
    summary_pdf(conn, year, printed_by, today, &path)?;
    Ok(path)
}

pub fn summary_file_name(year: i32) -> String {
    format!("synthese-budgetaire-{year}.pdf")
}

const LINE_HEADERS: &[&str] = &[
    "Ligne",
    "Nature",
    "Budget initial (€)",
    "Modifications (€)",
    "Crédits votés (€)",
    "Engagé (€)",
    "Mandaté (€)",
    "Disponible (€)",
    "Restes à réaliser (€)",
    "Taux de réalisation (%)",
    "Alimenté par",
];

fn figures_row(label: String, nature: &str, f: &Figures, fed: String) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::Text(nature.into()),
        Cell::Cents(Some(f.initial_cents)),
        Cell::Cents(Some(f.amendments_cents)),
        Cell::Cents(Some(f.voted_cents)),
        Cell::Cents(Some(f.committed_cents)),
        Cell::Cents(Some(f.paid_cents)),
        Cell::Cents(Some(f.available_cents)),
        Cell::Cents(Some(f.left_to_pay_cents)),
        Cell::Permille(f.rate_permille),
        Cell::Text(fed),
    ]
}

/// A row of carried *restes à réaliser*: what was carried (« Engagé »),
/// paid from it in the year (« Mandaté ») and still to pay (« Restes à
/// réaliser »); no credits of the year are involved.
fn carried_row(label: String, carried: i64, paid: i64, left: i64) -> Vec<Cell> {
    vec![
        Cell::Text(label),
        Cell::Text("Report".into()),
        Cell::Cents(None),
        Cell::Cents(None),
        Cell::Cents(None),
        Cell::Cents(Some(carried)),
        Cell::Cents(Some(paid)),
        Cell::Cents(None),
        Cell::Cents(Some(left)),
        Cell::Text(String::new()),
        Cell::Text("reporté de l’exercice précédent".into()),
    ]
}

/// Writes the summary table of `year`: one row per line and the total, the
/// same figures as the PDF. Returns the number of lines.
pub fn summary_sheet(
    conn: &Connection,
    year: i32,
    today: NaiveDate,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let view = view_of(conn, year, today)?;
    let mut rows: Vec<Vec<Cell>> = view
        .lines
        .iter()
        .map(|l| {
            figures_row(
                l.line.label.clone(),
                l.line.nature.label_fr(),
                &l.figures,
                fed_note(l),
            )
        })
        .collect();
    rows.push(figures_row("Total".into(), "", &view.total, String::new()));
    // The restes à réaliser carried from earlier years, apart from the
    // year's own figures: carried in « Restes à réaliser », paid from them
    // in « Mandaté », still to pay in « Disponible » is left empty.
    for c in &view.carried {
        rows.push(carried_row(
            format!("Restes à réaliser {} : {}", c.from_year, c.label),
            c.carried_cents,
            c.paid_cents,
            c.left_cents,
        ));
    }
    if !view.carried.is_empty() {
        let t = view.carried_total;
        rows.push(carried_row(
            "Total des restes à réaliser reportés".into(),
            t.carried_cents,
            t.paid_cents,
            t.left_cents,
        ));
    }
    write_table(path, format, &format!("Budget {year}"), LINE_HEADERS, &rows)?;
    Ok(view.lines.len())
}

const COMMITMENT_HEADERS: &[&str] = &[
    "Date",
    "Ligne",
    "Objet",
    "Fournisseur ou bénéficiaire",
    "Référence",
    "Montant engagé (€)",
    "Mandaté (€)",
    "Reste à payer (€)",
    "Dépassement confirmé",
];

/// Writes every commitment of `year` with what was paid on it.
pub fn commitments_sheet(
    conn: &Connection,
    year: i32,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let budget = super::budget_of_year(conn, year)?
        .ok_or_else(|| Error::Refused(format!("Aucun budget n’est saisi pour {year}.")))?;
    let all = super::all_commitments(conn, budget.id)?;
    let rows: Vec<Vec<Cell>> = all
        .iter()
        .map(|c| {
            vec![
                Cell::Date(from_iso(&c.day)),
                Cell::Text(c.line_label.clone()),
                Cell::Text(c.object.clone()),
                Cell::Text(c.party.clone()),
                Cell::Text(c.reference.clone()),
                Cell::Cents(Some(c.amount_cents)),
                Cell::Cents(Some(c.paid_cents)),
                Cell::Cents(Some(c.left_to_pay_cents)),
                Cell::Text(if c.over_commit { "oui" } else { "" }.into()),
            ]
        })
        .collect();
    write_table(
        path,
        format,
        &format!("Engagements {year}"),
        COMMITMENT_HEADERS,
        &rows,
    )?;
    Ok(rows.len())
}

/// What a budget spreadsheet holds: the year's summary table or its
/// commitments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BudgetSheet {
    Summary,
    Commitments,
}

/// The file name the save dialog proposes for a spreadsheet: `summary` or
/// `commitments`.
pub fn sheet_file_name(what: BudgetSheet, year: i32, format: SheetFormat) -> String {
    let stem = match what {
        BudgetSheet::Commitments => "engagements",
        BudgetSheet::Summary => "budget",
    };
    format!("{stem}-{year}.{}", format.extension())
}
