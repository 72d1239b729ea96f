//! The documents drawn from the events: the XLSX and CSV of the year's table
//! and of the coverage by commune, the week's printed programme and the
//! edition's report, both PDF. Every function takes the target path.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::{bilan, coverage, events_of_year, from_iso, programme, Bilan, Event, EventStatus};
use crate::error::Result;
use crate::export::{write_table, Cell, SheetFormat};
use crate::input::format_date_fr;
use crate::reports::{self, count_fr, long_date_fr, money_fr};

const EVENT_HEADERS: &[&str] = &[
    "Date",
    "Début",
    "Fin",
    "Intitulé",
    "Type",
    "Semaine",
    "Lieu",
    "Commune",
    "Code INSEE",
    "Organisateur",
    "Partenaires",
    "Public",
    "Sur inscription",
    "Capacité",
    "Participation attendue",
    "Participant·es",
    "Femmes",
    "Hommes",
    "Non renseigné",
    "Coût (€)",
    "Statut",
    "Motif d’annulation",
];

fn event_row(e: &Event) -> Vec<Cell> {
    vec![
        Cell::Date(from_iso(&e.day)),
        Cell::Text(e.start_time.clone()),
        Cell::Text(e.end_time.clone()),
        Cell::Text(e.title.clone()),
        Cell::Text(e.kind.label_fr().into()),
        Cell::Text(if e.edition_id.is_some() { "oui" } else { "non" }.into()),
        Cell::Text(e.venue.clone()),
        Cell::Text(e.commune_name.clone().unwrap_or_default()),
        Cell::Text(e.commune_insee.clone().unwrap_or_default()),
        Cell::Text(e.organiser.clone()),
        Cell::Text(e.partners.clone()),
        Cell::Text(e.public.label_fr().into()),
        Cell::Text(
            if e.registration_required {
                "oui"
            } else {
                "non"
            }
            .into(),
        ),
        Cell::Int(e.capacity),
        Cell::Int(e.expected_attendance),
        Cell::Int(e.attended_total),
        Cell::Int(e.attended_women),
        Cell::Int(e.attended_men),
        Cell::Int(e.attended_unstated),
        Cell::Cents(Some(e.cost_cents)),
        Cell::Text(e.status.label_fr().into()),
        Cell::Text(e.cancel_reason.clone()),
    ]
}

/// Writes every event of `year` to `path`; returns the number of rows.
pub fn export_events(
    conn: &Connection,
    year: i32,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let events = events_of_year(conn, year)?;
    let rows: Vec<Vec<Cell>> = events.iter().map(event_row).collect();
    write_table(
        path,
        format,
        &format!("Événements {year}"),
        EVENT_HEADERS,
        &rows,
    )?;
    Ok(rows.len())
}

pub fn events_file_name(year: i32, format: SheetFormat) -> String {
    format!("evenements-{year}.{}", format.extension())
}

const COVERAGE_HEADERS: &[&str] = &[
    "Commune",
    "Code INSEE",
    "Plan local (PLCD)",
    "Événements",
    "Réalisés",
    "Participant·es",
    "Coût (€)",
    "Coût par participant·e (€)",
];

/// Writes the coverage by commune of `year` to `path`, with a total row.
pub fn export_coverage(
    conn: &Connection,
    year: i32,
    format: SheetFormat,
    path: &Path,
) -> Result<usize> {
    let c = coverage(conn, year)?;
    let mut rows: Vec<Vec<Cell>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(
                    r.commune_name
                        .clone()
                        .unwrap_or_else(|| "Sans commune".into()),
                ),
                Cell::Text(r.commune_insee.clone().unwrap_or_default()),
                Cell::Text(if r.has_plcd { "oui" } else { "non" }.into()),
                Cell::Int(Some(r.events)),
                Cell::Int(Some(r.held)),
                Cell::Int(Some(r.participants)),
                Cell::Cents(Some(r.cost_cents)),
                Cell::Cents(r.cost_per_participant_cents),
            ]
        })
        .collect();
    let n = rows.len();
    let t = &c.totals;
    rows.push(vec![
        Cell::Text("Total".into()),
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Int(Some(t.events)),
        Cell::Int(Some(t.held)),
        Cell::Int(Some(t.participants)),
        Cell::Cents(Some(t.cost_cents)),
        Cell::Cents(t.cost_per_participant_cents),
    ]);
    write_table(
        path,
        format,
        &format!("Couverture {year}"),
        COVERAGE_HEADERS,
        &rows,
    )?;
    Ok(n)
}

pub fn coverage_file_name(year: i32, format: SheetFormat) -> String {
    format!("couverture-communes-{year}.{}", format.extension())
}

static PROGRAMME_TEMPLATE: &str = include_str!("../../assets/reports/week_programme.typ");
static BILAN_TEMPLATE: &str = include_str!("../../assets/reports/week_bilan.typ");

/// The edition's days as a French phrase: "du lundi 16 au dimanche 22 mars 2026".
fn days_phrase(first: &str, last: &str) -> String {
    match (from_iso(first), from_iso(last)) {
        (Some(f), Some(l)) if f == l => format!("le {}", long_date_fr(f)),
        (Some(f), Some(l)) => format!("du {} au {}", long_date_fr(f), long_date_fr(l)),
        _ => String::new(),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One event as the printed programme shows it; every text is already French.
#[derive(Serialize)]
struct PrintedEvent {
    time: String,
    title: String,
    kind: String,
    public: String,
    place: String,
    organiser: String,
    registration: String,
    description: String,
}

#[derive(Serialize)]
struct PrintedDay {
    label: String,
    events: Vec<PrintedEvent>,
}

#[derive(Serialize)]
struct PrintedProgramme {
    title: String,
    theme: String,
    days_phrase: String,
    aims: String,
    publisher: String,
    days: Vec<PrintedDay>,
    footer: String,
}

fn publisher(conn: &Connection) -> Result<String> {
    Ok(crate::territory::unit(conn)?
        .map(|u| format!("{} — {}", u.name, u.epci_name))
        .unwrap_or_default())
}

fn place(e: &Event) -> String {
    [e.venue.as_str(), e.commune_name.as_deref().unwrap_or("")]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Organisation : Ville de Vitrolles · Partenaires : Point d’accès au droit".
/// Labels rather than a sentence: names typed without their article
/// ("Défenseur des droits") read right after a colon, not after "avec".
fn organisers(e: &Event) -> String {
    let mut parts = Vec::new();
    if !e.organiser.is_empty() {
        parts.push(format!("Organisation : {}", e.organiser));
    }
    if !e.partners.is_empty() {
        parts.push(format!("Partenaires : {}", e.partners));
    }
    parts.join(" · ")
}

/// Writes the week's programme, A4, day by day with times and venues, as the
/// unit hands it to the public. Days without events and cancelled events are
/// left out. `today` dates the footer.
pub fn programme_pdf(
    conn: &Connection,
    edition_id: i64,
    today: NaiveDate,
    path: &Path,
) -> Result<()> {
    let p = programme(conn, edition_id)?;
    let days = p
        .days
        .iter()
        .filter(|d| !d.events.is_empty())
        .map(|d| PrintedDay {
            label: from_iso(&d.day)
                .map(|d| capitalized(&long_date_fr(d)))
                .unwrap_or_default(),
            events: d
                .events
                .iter()
                .map(|e| PrintedEvent {
                    time: format!(
                        "{} – {}",
                        e.start_time.replace(':', "h"),
                        e.end_time.replace(':', "h")
                    ),
                    title: e.title.clone(),
                    kind: e.kind.label_fr().into(),
                    public: e.public.label_fr().into(),
                    place: place(e),
                    organiser: organisers(e),
                    registration: if e.registration_required {
                        match e.capacity {
                            Some(c) => format!("Sur inscription, {} places", count_fr(c)),
                            None => "Sur inscription".into(),
                        }
                    } else {
                        "Entrée libre".into()
                    },
                    description: e.description.clone(),
                })
                .collect(),
        })
        .collect();
    let data = PrintedProgramme {
        title: format!(
            "Semaine de lutte contre les discriminations {}",
            p.edition.year
        ),
        theme: p.edition.theme.clone(),
        days_phrase: capitalized(&days_phrase(&p.edition.first_day, &p.edition.last_day)),
        aims: p.edition.aims.clone(),
        publisher: publisher(conn)?,
        days,
        footer: format!(
            "Programme au {}, sous réserve de modifications",
            format_date_fr(today)
        ),
    };
    reports::write_pdf(PROGRAMME_TEMPLATE, &data, path)
}

pub fn programme_file_name(year: i32) -> String {
    format!("programme-semaine-{year}.pdf")
}

#[derive(Serialize)]
struct Figure {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct BilanData {
    title: String,
    theme: String,
    days_phrase: String,
    aims: String,
    publisher: String,
    figures: Vec<Figure>,
    /// Rows of text cells: date, title, commune, status, participants, cost.
    events: Vec<Vec<String>>,
    kinds: Vec<Vec<String>>,
    communes: Vec<Vec<String>>,
    communes_total: Vec<String>,
    campaign: Vec<Vec<String>>,
    campaign_total: Vec<String>,
    costs: Vec<Figure>,
    sex_note: String,
    footer: String,
}

fn opt_count(n: Option<i64>) -> String {
    n.map(count_fr).unwrap_or_else(|| "—".into())
}

fn opt_money(c: Option<i64>) -> String {
    c.map(money_fr).unwrap_or_else(|| "—".into())
}

fn short_date(iso: &str) -> String {
    from_iso(iso).map(format_date_fr).unwrap_or_default()
}

/// Writes the edition's report (*bilan*): events held, attendance (by sex
/// where counted), coverage by commune, costs and campaign.
pub fn bilan_pdf(conn: &Connection, edition_id: i64, today: NaiveDate, path: &Path) -> Result<()> {
    let b = bilan(conn, edition_id)?;
    let (communes, communes_total) = commune_rows(&b);
    let (campaign, campaign_total) = campaign_rows(&b);
    let data = BilanData {
        title: format!(
            "Bilan de la semaine de lutte contre les discriminations {}",
            b.edition.year
        ),
        theme: b.edition.theme.clone(),
        days_phrase: capitalized(&days_phrase(&b.edition.first_day, &b.edition.last_day)),
        aims: b.edition.aims.clone(),
        publisher: publisher(conn)?,
        figures: key_figures(&b),
        events: event_rows(&b),
        kinds: b
            .by_kind
            .iter()
            .map(|k| {
                vec![
                    k.kind.label_fr().into(),
                    count_fr(k.held),
                    count_fr(k.participants),
                ]
            })
            .collect(),
        communes,
        communes_total,
        campaign,
        campaign_total,
        costs: vec![
            figure("Événements", money_fr(b.events_cost_cents)),
            figure("Campagne de communication", money_fr(b.campaign_cost_cents)),
            figure("Total", money_fr(b.total_cost_cents)),
        ],
        sex_note: sex_note(&b),
        footer: reports::with_fingerprint(
            conn,
            format!("Bilan édité le {}", format_date_fr(today)),
        )?,
    };
    reports::write_pdf(BILAN_TEMPLATE, &data, path)
}

fn figure(label: &str, value: String) -> Figure {
    Figure {
        label: label.into(),
        value,
    }
}

/// The figures at the head of the report.
fn key_figures(b: &Bilan) -> Vec<Figure> {
    vec![
        figure("Événements réalisés", count_fr(b.events_held)),
        figure("Participant·es", count_fr(b.participants)),
        figure(
            "Communes touchées",
            format!(
                "{} sur {}",
                count_fr(b.coverage.communes_reached),
                count_fr(b.coverage.communes_total)
            ),
        ),
        figure("Coût total", money_fr(b.total_cost_cents)),
        figure(
            "Coût par participant·e",
            opt_money(b.cost_per_participant_cents),
        ),
        figure(
            "Annulés / encore à venir",
            format!(
                "{} / {}",
                count_fr(b.events_cancelled),
                count_fr(b.events_pending)
            ),
        ),
    ]
}

/// The sentence on attendance by sex, each share rounded to the nearest percent.
fn sex_note(b: &Bilan) -> String {
    let split = b.women + b.men + b.unstated;
    if split == 0 {
        return "La participation n’a pas été comptée par sexe.".into();
    }
    let pct = |part: i64| format!(" ({} %)", (part * 100 + split / 2) / split);
    let uncounted = if b.participants_without_split > 0 {
        format!(
            " {} participant·es n’ont pas été comptés par sexe.",
            count_fr(b.participants_without_split)
        )
    } else {
        String::new()
    };
    format!(
        "Répartition par sexe, sur {} participant·es comptés : femmes {}{}, hommes {}{}, \
         non renseigné {}{}.{uncounted}",
        count_fr(split),
        count_fr(b.women),
        pct(b.women),
        count_fr(b.men),
        pct(b.men),
        count_fr(b.unstated),
        pct(b.unstated),
    )
}

fn event_rows(b: &Bilan) -> Vec<Vec<String>> {
    b.events
        .iter()
        .map(|e| {
            vec![
                short_date(&e.day),
                e.title.clone(),
                e.commune_name.clone().unwrap_or_else(|| "—".into()),
                if e.status == EventStatus::Cancelled {
                    format!("Annulé : {}", e.cancel_reason)
                } else {
                    e.status.label_fr().into()
                },
                opt_count(e.attended_total),
                money_fr(e.cost_cents),
            ]
        })
        .collect()
}

/// The coverage by commune, and its total row.
fn commune_rows(b: &Bilan) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = b
        .coverage
        .rows
        .iter()
        .map(|r| {
            vec![
                r.commune_name
                    .clone()
                    .unwrap_or_else(|| "Sans commune".into()),
                count_fr(r.events),
                count_fr(r.held),
                count_fr(r.participants),
                money_fr(r.cost_cents),
                opt_money(r.cost_per_participant_cents),
            ]
        })
        .collect();
    let t = &b.coverage.totals;
    let total = vec![
        "Total".into(),
        count_fr(t.events),
        count_fr(t.held),
        count_fr(t.participants),
        money_fr(t.cost_cents),
        opt_money(t.cost_per_participant_cents),
    ];
    (rows, total)
}

/// The communication campaign's items, and its total row.
fn campaign_rows(b: &Bilan) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = b
        .campaign
        .iter()
        .map(|c| {
            let dates = match (&c.first_day, &c.last_day) {
                (Some(f), Some(l)) if f != l => format!("{} – {}", short_date(f), short_date(l)),
                (Some(f), _) => short_date(f),
                _ => "—".into(),
            };
            vec![
                c.kind.label_fr().into(),
                c.description.clone(),
                c.supplier.clone(),
                dates,
                opt_count(c.reach),
                opt_money(c.cost_cents),
            ]
        })
        .collect();
    let total = vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        count_fr(b.campaign_reach),
        money_fr(b.campaign_cost_cents),
    ];
    (rows, total)
}

pub fn bilan_file_name(year: i32) -> String {
    format!("bilan-semaine-{year}.pdf")
}
