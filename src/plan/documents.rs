//! The yearly activity report (*bilan annuel*, A4 PDF) for the steering
//! committee, and the per-commune table as XLSX/CSV. The figures come from
//! [`plan_year`], [`dashboard`] and [`communes_year`], the functions the
//! window calls, so the report and the screens show the same numbers.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::{communes_year, dashboard, from_iso, plan_year, Dashboard, PlanIndicator, Rollup};
use crate::budget::rate_fr;
use crate::error::Result;
use crate::export::{write_table, Cell, SheetFormat};
use crate::input::{format_date_fr, format_scaled};
use crate::reports::{count_fr, money_fr, write_pdf};

const BILAN_TEMPLATE: &str = include_str!("../../assets/reports/bilan_annuel.typ");

/// A label and its value, both written in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanPair {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanIndicator {
    pub label: String,
    pub target: String,
    pub achieved: String,
    pub rate: String,
    pub reached: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanAction {
    pub title: String,
    pub owner: String,
    pub status: String,
    pub period: String,
    pub indicators: Vec<BilanIndicator>,
    /// What carries the action, one line each.
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanAxis {
    pub title: String,
    /// The axis's roll-up in one French sentence.
    pub summary: String,
    pub actions: Vec<BilanAction>,
}

/// One convention in the report's section « Les conventions », read from
/// the partners module; the section is printed only when the list is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanConvention {
    pub title: String,
    /// The partners, joined in one line.
    pub partners: String,
    /// Its state on the day of printing, e.g. « En vigueur », « Échue ».
    pub status: String,
    /// Signing and end dates, in one line.
    pub dates: String,
}

/// Everything the bilan's template prints, already written in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanData {
    pub title: String,
    pub publisher: String,
    pub year: i32,
    /// The plan's roll-up in one French sentence.
    pub summary: String,
    pub statuses: Vec<BilanPair>,
    pub axes: Vec<BilanAxis>,
    pub key_figures: Vec<BilanPair>,
    /// Section « Les conventions »: those in force during the year, from the
    /// partners module; printed only when there is one.
    pub conventions: Vec<BilanConvention>,
    pub footer: String,
}

fn value_fr(hundredths: i64, unit: &str) -> String {
    let n = format_scaled(hundredths, 2);
    if unit.is_empty() {
        n
    } else {
        format!("{n} {unit}")
    }
}

/// A roll-up in one sentence, e.g. « 2 indicateurs sur 3 atteints (66,7 %) ;
/// réalisation moyenne 80,0 % ».
pub fn rollup_fr(r: &Rollup) -> String {
    if r.indicators == 0 {
        return "Aucun indicateur pour l’année.".into();
    }
    let mut s = format!(
        "{} sur {} {} ({})",
        crate::reports::quantity_fr(r.reached, "indicateur", "indicateurs"),
        crate::reports::count_fr(r.indicators),
        if r.reached < 2 { "atteint" } else { "atteints" },
        rate_fr(r.reached_permille)
    );
    if let Some(m) = r.mean_rate_permille {
        s.push_str(&format!(" ; réalisation moyenne {}", rate_fr(Some(m))));
    }
    s.push('.');
    s
}

fn printed_indicator(i: &PlanIndicator) -> BilanIndicator {
    BilanIndicator {
        label: i.label.clone(),
        target: value_fr(i.target_hundredths, &i.unit),
        achieved: i
            .achieved_hundredths
            .map(|a| value_fr(a, &i.unit))
            .unwrap_or_else(|| "non mesuré".into()),
        rate: rate_fr(i.rate_permille),
        reached: i.reached,
    }
}

fn period_fr(start: Option<&str>, end: Option<&str>) -> String {
    let d = |s: &str| from_iso(s).map(format_date_fr).unwrap_or_default();
    match (start, end) {
        (Some(s), Some(e)) => format!("du {} au {}", d(s), d(e)),
        (Some(s), None) => format!("à partir du {}", d(s)),
        (None, Some(e)) => format!("jusqu’au {}", d(e)),
        (None, None) => String::new(),
    }
}

/// The key figures of the year, as the home page and the report word them.
pub fn key_figures_fr(d: &Dashboard) -> Vec<BilanPair> {
    let pair = |label: &str, value: String| BilanPair {
        label: label.into(),
        value,
    };
    let mut out = vec![
        pair(
            "Sessions de formation réalisées",
            count_fr(d.trainings_held),
        ),
        pair(
            "Participant·es aux formations",
            format!(
                "{} (femmes {}, hommes {}, non renseigné {})",
                count_fr(d.training_participants),
                count_fr(d.training_women),
                count_fr(d.training_men),
                count_fr(d.training_unstated)
            ),
        ),
        pair("Événements réalisés", count_fr(d.events_held)),
        pair(
            "Participant·es aux événements",
            count_fr(d.event_participants),
        ),
        pair(
            "Subventions accordées par le fonds",
            count_fr(d.grants_count),
        ),
        pair("Montant accordé", money_fr(d.grants_granted_cents)),
        pair(
            "Tranches versées dans l’année",
            money_fr(d.grants_paid_cents),
        ),
    ];
    match &d.budget {
        Some(b) => {
            out.push(pair("Crédits votés", money_fr(b.voted_cents)));
            out.push(pair("Budget engagé", money_fr(b.committed_cents)));
            out.push(pair("Budget mandaté", money_fr(b.paid_cents)));
            out.push(pair("Taux de réalisation", rate_fr(b.rate_permille)));
        }
        None => out.push(pair("Budget", "non saisi".into())),
    }
    out.push(pair(
        "ETP consacrés au plan",
        format!(
            "{} (prévus : {})",
            format_scaled(d.plan_fte_hundredths, 2),
            format_scaled(d.planned_fte_hundredths, 2)
        ),
    ));
    out
}

/// The report's data for `year`; `printed_by` and `today` date the footer.
pub fn bilan_data(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
) -> Result<BilanData> {
    let plan = plan_year(conn, year)?;
    let d = dashboard(conn, year, today)?;
    let axes = plan
        .axes
        .iter()
        .map(|x| BilanAxis {
            title: x.axis.title.clone(),
            summary: rollup_fr(&x.rollup),
            actions: x
                .actions
                .iter()
                .map(|a| BilanAction {
                    title: a.action.title.clone(),
                    owner: a.action.owner.clone(),
                    status: a.action.status.label_fr().into(),
                    period: period_fr(a.action.start_day.as_deref(), a.action.end_day.as_deref()),
                    indicators: a.indicators.iter().map(printed_indicator).collect(),
                    links: a
                        .action
                        .links
                        .iter()
                        .map(|l| format!("{} : {}", l.kind.label_fr(), l.label))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let publisher = crate::territory::unit(conn)?
        .map(|u| format!("{} — {}", u.name, u.epci_name))
        .unwrap_or_default();
    Ok(BilanData {
        title: format!("Bilan annuel {year} du plan de lutte contre les discriminations"),
        publisher,
        year,
        summary: rollup_fr(&plan.rollup),
        statuses: d
            .actions_by_status
            .iter()
            .map(|s| BilanPair {
                label: s.status.label_fr().into(),
                value: count_fr(s.count),
            })
            .collect(),
        axes,
        key_figures: key_figures_fr(&d),
        conventions: conventions_of_year(conn, year, today)?,
        footer: crate::reports::with_fingerprint(
            conn,
            format!("Imprimé le {} par {printed_by}", format_date_fr(today)),
        )?,
    })
}

/// The conventions in force at some time of `year`: signed by its end, not
/// ended before it began; each with its state on `today` and its dates.
fn conventions_of_year(
    conn: &Connection,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<BilanConvention>> {
    let (first, last) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let date = |iso: &str| from_iso(iso).map(format_date_fr).unwrap_or_default();
    Ok(crate::partners::list_conventions(conn, today)?
        .into_iter()
        .filter(|c| {
            // A tacit convention runs while in force; once denounced or ended,
            // until it was marked so (its last change).
            let until = match (c.tacit_renewal, c.status) {
                (true, crate::partners::ConventionStatus::Active) => "9999-12-31",
                (true, _) => c.updated_at.get(..10).unwrap_or(""),
                (false, _) => c.term_end.as_str(),
            };
            c.signed_on <= last && until >= first.as_str()
        })
        .rev()
        .map(|c| {
            let until = if c.tacit_renewal {
                format!("terme le {}, puis reconduction tacite", date(&c.term_end))
            } else {
                format!("fin le {}", date(&c.term_end))
            };
            let notice = c
                .notice_deadline
                .as_deref()
                .map(|d| format!(" ; préavis jusqu’au {}", date(d)))
                .unwrap_or_default();
            BilanConvention {
                title: c.title,
                partners: c
                    .partners
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                status: c.state.label_fr().to_string(),
                dates: format!("Signée le {} ; {until}{notice}", date(&c.signed_on)),
            }
        })
        .collect())
}

/// Writes the bilan of `year` to `path`.
pub fn bilan_pdf(
    conn: &Connection,
    year: i32,
    printed_by: &str,
    today: NaiveDate,
    path: &Path,
) -> Result<()> {
    let data = bilan_data(conn, year, printed_by, today)?;
    write_bilan(&data, path)
}

/// Renders already gathered data.
pub fn write_bilan(data: &BilanData, path: &Path) -> Result<()> {
    write_pdf(BILAN_TEMPLATE, data, path)
}

pub fn bilan_file_name(year: i32) -> String {
    format!("bilan-annuel-{year}.pdf")
}

const COMMUNE_HEADERS: &[&str] = &[
    "Commune",
    "Code INSEE",
    "Plan local (PLCD)",
    "Chargé·e de mission",
    "Formations réalisées",
    "Participant·es aux formations",
    "Événements réalisés",
    "Participant·es aux événements",
    "Dossiers du fonds",
    "Montant accordé (€)",
    "Montant versé (€)",
];

/// Writes the per-commune table of `year` to `path`, with a total row.
/// Returns the number of communes.
pub fn export_communes(
    conn: &Connection,
    year: i32,
    today: NaiveDate,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let c = communes_year(conn, year, today)?;
    let yes_no = |b: bool| Cell::Text(if b { "oui" } else { "non" }.into());
    let rows: Vec<Vec<Cell>> = c
        .rows
        .iter()
        .chain(std::iter::once(&c.totals))
        .map(|r| {
            let total = r.insee.is_empty();
            vec![
                Cell::Text(r.name.clone()),
                Cell::Text(r.insee.clone()),
                if total {
                    Cell::Text(String::new())
                } else {
                    yes_no(r.has_plcd)
                },
                if total {
                    Cell::Text(String::new())
                } else {
                    yes_no(r.has_officer)
                },
                Cell::Int(Some(r.trainings_held)),
                Cell::Int(Some(r.training_participants)),
                Cell::Int(Some(r.events_held)),
                Cell::Int(Some(r.event_participants)),
                Cell::Int(Some(r.grant_applications)),
                Cell::Cents(Some(r.granted_cents)),
                Cell::Cents(Some(r.paid_cents)),
            ]
        })
        .collect();
    let n = rows.len() - 1;
    write_table(
        path,
        format,
        &format!("Communes {year}"),
        COMMUNE_HEADERS,
        &rows,
    )?;
    Ok(n)
}

pub fn communes_file_name(year: i32, format: SheetFormat) -> String {
    format!("plan-par-commune-{year}.{}", format.extension())
}
