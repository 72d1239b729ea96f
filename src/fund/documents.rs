//! The fund's printed documents: the notification letter of a decision
//! (grant or refusal) and the shared dashboard of supported projects (seed
//! 000, article 8), both A4 PDFs rendered by [`crate::reports`].
//!
//! The letter's wording lives in its template, which the unit may replace: a
//! file named [`LETTER_TEMPLATE_FILE`] in the templates folder beside the
//! database ([`crate::reports::templates_dir`]) is used instead of the one
//! built into the app. The data the template receives is the same either
//! way, every value already written in French; private review notes are never
//! part of it.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::views::{
    dashboard, get_application, rows_where, ApplicationView, Breakdown, CallDashboard,
};
use super::{
    from_iso, get_call, get_organisation, iso_to_fr, Decision, Organisation,
    AGREEMENT_THRESHOLD_CENTS,
};
use crate::error::{Error, Result};
use crate::input::format_date_fr;
use crate::reports::{self, count_fr, long_date_fr, money_fr, quantity_fr};

/// The letter's template as the app ships it.
pub static LETTER_TEMPLATE: &str = include_str!("../../assets/reports/fund_notification.typ");
/// The name under which the unit's own version of the letter is looked for.
pub const LETTER_TEMPLATE_FILE: &str = "courrier-notification.typ";
static DASHBOARD_TEMPLATE: &str = include_str!("../../assets/reports/fund_dashboard.typ");

#[derive(Serialize)]
struct LetterRecipient {
    name: String,
    attention: String,
    address: String,
    city: String,
}

#[derive(Serialize)]
struct LetterTranche {
    planned_on: String,
    amount: String,
    paid_on: String,
}

#[derive(Serialize)]
struct LetterIndicator {
    label: String,
    target: String,
}

/// What the letter's template reads. Every text is French and final.
#[derive(Serialize)]
struct LetterData {
    /// `granted` or `refused`: the template words each differently.
    decision: String,
    title: String,
    unit: String,
    epci: String,
    date: String,
    recipient: LetterRecipient,
    call_name: String,
    year: i32,
    project: String,
    organisation: String,
    reference: String,
    decided_on: String,
    requested: String,
    granted: String,
    total_budget: String,
    /// The grant's share of the project's budget, `37,5 %`.
    share: String,
    project_period: String,
    communes: String,
    agreement_required: bool,
    agreement_threshold: String,
    agreement_signed_on: String,
    tranches: Vec<LetterTranche>,
    report_due_on: String,
    indicators: Vec<LetterIndicator>,
    reason: String,
    footer: String,
}

/// Reads the letter's template: the unit's own file in `templates` when there
/// is one, the built-in one otherwise. Returns the source and where it came
/// from (`None` for the built-in one).
pub fn letter_template(templates: &Path) -> Result<(String, Option<std::path::PathBuf>)> {
    reports::template_source(templates, LETTER_TEMPLATE_FILE, LETTER_TEMPLATE)
}

/// Writes the built-in letter template into `templates` for the unit to edit,
/// unless a version is already there; returns the file's path.
pub fn install_letter_template(templates: &Path) -> Result<std::path::PathBuf> {
    reports::install_template(templates, LETTER_TEMPLATE_FILE, LETTER_TEMPLATE)
}

/// Where the letter's editable template is, and whether the unit has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LetterTemplate {
    pub path: String,
    /// The unit's own version is there and is the one printed.
    pub customized: bool,
}

pub fn letter_template_info(templates: &Path) -> LetterTemplate {
    let file = templates.join(LETTER_TEMPLATE_FILE);
    LetterTemplate {
        customized: file.is_file(),
        path: file.display().to_string(),
    }
}

fn percent_fr(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    // One decimal, rounded half up: 15 000 of 40 000 is 37,5 %.
    let tenths = (part * 1000 + whole / 2) / whole;
    if tenths % 10 == 0 {
        format!("{}\u{a0}%", tenths / 10)
    } else {
        format!("{},{}\u{a0}%", tenths / 10, tenths % 10)
    }
}

fn long_iso(s: Option<&str>) -> String {
    s.and_then(from_iso).map(long_date_fr).unwrap_or_default()
}

fn publisher(conn: &Connection) -> Result<(String, String)> {
    Ok(crate::territory::unit(conn)?
        .map(|u| (u.name, u.epci_name))
        .unwrap_or_default())
}

/// Writes the notification letter of application `id`'s decision to `path`,
/// from the unit's template in `templates` when there is one. Only a granted
/// or refused application has a letter; `today` dates it.
pub fn notification_letter_pdf(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
    templates: &Path,
    path: &Path,
) -> Result<()> {
    let v = get_application(conn, id, today)?;
    let decision = letter_decision(&v)?;
    let org = get_organisation(conn, v.row.organisation_id)?;
    let (unit, epci) = publisher(conn)?;
    let granted = v.granted_amount_cents.unwrap_or(0);
    // The due date is set with the grant; a letter printed from older data
    // still says when the report is expected.
    let report_due = v.report_due_on.clone().or_else(|| {
        from_iso(&v.ends_on)
            .map(super::lifecycle::report_due)
            .map(super::iso)
    });
    let data = LetterData {
        decision: decision.into(),
        title: format!("Notification de décision — {}", v.row.title),
        unit,
        epci,
        date: long_date_fr(today),
        recipient: recipient(&org),
        call_name: v.call_name.clone(),
        year: v.call_year,
        project: v.row.title.clone(),
        organisation: org.name.clone(),
        reference: v.decision_ref.clone(),
        decided_on: long_iso(v.decided_on.as_deref()),
        requested: money_fr(v.row.requested_cents),
        granted: money_fr(granted),
        total_budget: money_fr(v.total_budget_cents),
        share: percent_fr(granted, v.total_budget_cents),
        project_period: format!(
            "du {} au {}",
            iso_to_fr(&v.starts_on),
            iso_to_fr(&v.ends_on)
        ),
        communes: v
            .communes
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        agreement_required: v.agreement_required,
        agreement_threshold: money_fr(AGREEMENT_THRESHOLD_CENTS),
        agreement_signed_on: long_iso(v.agreement_signed_on.as_deref()),
        tranches: letter_tranches(&v),
        report_due_on: long_iso(report_due.as_deref()),
        indicators: letter_indicators(&v),
        reason: v.decision_reason.clone(),
        footer: format!(
            "Dossier n° {} · édité le {}",
            v.row.id,
            format_date_fr(today)
        ),
    };
    write_letter(&data, templates, path)
}

/// The decision the letter tells, as its template names it: `granted` or
/// `refused`; any other application has no letter (refused in French).
fn letter_decision(v: &ApplicationView) -> Result<&'static str> {
    match v.decision {
        Some(Decision::Granted) => Ok("granted"),
        Some(Decision::Refused) => Ok("refused"),
        _ => Err(Error::Refused(
            "Le courrier de notification suit une décision du comité : ce dossier n’est ni accordé ni refusé."
                .into(),
        )),
    }
}

/// The grant's payment tranches, as the letter lists them.
fn letter_tranches(v: &ApplicationView) -> Vec<LetterTranche> {
    v.payments
        .iter()
        .map(|p| LetterTranche {
            planned_on: iso_to_fr(&p.planned_on),
            amount: money_fr(p.amount_cents),
            paid_on: p.paid_on.as_deref().map(iso_to_fr).unwrap_or_default(),
        })
        .collect()
}

/// The project's indicators and their targets, as the letter lists them.
fn letter_indicators(v: &ApplicationView) -> Vec<LetterIndicator> {
    v.indicators
        .iter()
        .map(|i| LetterIndicator {
            label: i.label.clone(),
            target: count_fr(i.target),
        })
        .collect()
}

/// The letter's addressee: the structure, its contact (« À l’attention
/// de … ») and its city (else its commune's name).
fn recipient(org: &Organisation) -> LetterRecipient {
    let attention = match (org.contact_name.is_empty(), org.contact_role.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!("À l’attention de {}", org.contact_name),
        (false, false) => format!(
            "À l’attention de {}, {}",
            org.contact_name, org.contact_role
        ),
    };
    let city = if !org.city.is_empty() {
        org.city.clone()
    } else {
        org.commune_name.clone().unwrap_or_default()
    };
    LetterRecipient {
        name: org.name.clone(),
        attention,
        address: org.address.clone(),
        city,
    }
}

/// Renders the letter with the unit's own template when it has one: a
/// mistake in it is named, with the way back to the built-in template.
fn write_letter(data: &LetterData, templates: &Path, path: &Path) -> Result<()> {
    let (template, custom) = letter_template(templates)?;
    reports::write_pdf(&template, data, path).map_err(|e| match (e, custom) {
        (Error::Report(msg), Some(file)) => Error::Refused(format!(
            "Le modèle de courrier modifié ({}) contient une erreur : {msg}. Corrigez-le, ou supprimez ce fichier pour revenir au modèle d’origine.",
            file.display()
        )),
        (e, _) => e,
    })
}

pub fn letter_file_name(id: i64, decision_ref: &str) -> String {
    let tag: String = decision_ref
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if tag.is_empty() {
        format!("courrier-notification-dossier-{id}.pdf")
    } else {
        format!("courrier-notification-dossier-{id}-{tag}.pdf")
    }
}

#[derive(Serialize)]
struct Figure {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct DashboardData {
    title: String,
    call_name: String,
    period: String,
    publisher: String,
    figures: Vec<Figure>,
    counts: String,
    projects: Vec<Vec<String>>,
    projects_total: Vec<String>,
    by_kind: Vec<Vec<String>>,
    by_local_plan: Vec<Vec<String>>,
    by_commune: Vec<Vec<String>>,
    breakdown_total: Vec<String>,
    split_note: String,
    footer: String,
}

fn breakdown_rows(rows: &[Breakdown]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|b| {
            vec![
                b.label.clone(),
                count_fr(b.applications),
                money_fr(b.requested_cents),
                money_fr(b.granted_cents),
                money_fr(b.paid_cents),
            ]
        })
        .collect()
}

/// Writes the call's shared dashboard of supported projects: the figures of
/// the call's screen, every supported project with its amounts and final
/// report, and the same breakdowns by kind, local plan and commune. `today`
/// dates it and decides which reports are overdue.
pub fn dashboard_pdf(conn: &Connection, call_id: i64, today: NaiveDate, path: &Path) -> Result<()> {
    let call = get_call(conn, call_id)?;
    let d = dashboard(conn, call_id, today)?;
    let (unit, epci) = publisher(conn)?;
    let figures = [
        ("Enveloppe", d.envelope_cents),
        ("Demandé", d.requested_cents),
        ("Accordé", d.granted_cents),
        ("Versé", d.paid_cents),
        ("Reste à attribuer", d.left_to_grant_cents),
        ("Reste à verser", d.left_to_pay_cents),
    ]
    .into_iter()
    .map(|(label, cents)| Figure {
        label: label.into(),
        value: money_fr(cents),
    })
    .collect();
    let supported = supported_projects(conn, call_id, today)?;
    let projects_total = vec![
        format!(
            "Total : {}",
            quantity_fr(supported.len() as i64, "projet", "projets")
        ),
        String::new(),
        String::new(),
        money_fr(d.granted_cents),
        money_fr(d.paid_cents),
        String::new(),
    ];
    let counted: i64 = d.by_kind.iter().map(|b| b.applications).sum();
    let breakdown_total = vec![
        "Total".into(),
        count_fr(counted),
        money_fr(d.requested_cents),
        money_fr(d.granted_cents),
        money_fr(d.paid_cents),
    ];
    let data = DashboardData {
        title: format!("Tableau de bord commun des projets soutenus — {}", call.year),
        call_name: call.name.clone(),
        period: format!(
            "Dépôt du {} au {}",
            iso_to_fr(&call.opens_on),
            iso_to_fr(&call.closes_on)
        ),
        publisher: [unit, epci]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — "),
        figures,
        counts: dashboard_counts(&d),
        projects: supported,
        projects_total,
        by_kind: breakdown_rows(&d.by_kind),
        by_local_plan: breakdown_rows(&d.by_local_plan),
        by_commune: breakdown_rows(&d.by_commune),
        breakdown_total,
        split_note: "Les dossiers retirés et les brouillons ne sont pas comptés. Un projet qui concerne plusieurs communes voit ses montants répartis à parts égales entre elles, au centime près : chaque répartition totalise les montants de l’appel.".into(),
        footer: reports::with_fingerprint(conn, format!("Édité le {}", format_date_fr(today)))?,
    };
    reports::write_pdf(DASHBOARD_TEMPLATE, &data, path)
}

/// The dashboard's line of counts: received, supported, refused, withdrawn
/// and, when there are any, overdue final reports.
fn dashboard_counts(d: &CallDashboard) -> String {
    let mut counts = vec![
        quantity_fr(d.applications, "dossier reçu", "dossiers reçus"),
        quantity_fr(d.granted_count, "projet soutenu", "projets soutenus"),
        quantity_fr(d.refused_count, "refusé", "refusés"),
        quantity_fr(d.withdrawn_count, "retiré", "retirés"),
    ];
    if d.reports_overdue > 0 {
        counts.push(quantity_fr(
            d.reports_overdue,
            "bilan en retard",
            "bilans en retard",
        ));
    }
    counts.join(" · ")
}

/// The call's granted projects, by structure then title, as the dashboard's
/// rows: project and structure, communes, stage, granted, paid, final report.
fn supported_projects(
    conn: &Connection,
    call_id: i64,
    today: NaiveDate,
) -> Result<Vec<Vec<String>>> {
    let supported = rows_where(
        conn,
        "a.call_id = ?1 AND a.decision = 'granted' ORDER BY o.name COLLATE NOCASE, a.title COLLATE NOCASE",
        &[&call_id],
    )?;
    let mut projects = Vec::new();
    for r in &supported {
        let (due, received): (Option<String>, Option<String>) = conn.query_row(
            "SELECT report_due_on, report_received_on FROM fund_application WHERE id = ?1",
            [r.id],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )?;
        let who = format!(
            "{} ({})",
            r.organisation_name,
            r.organisation_kind.label_fr()
        );
        projects.push(vec![
            format!("{}\n{who}", r.title),
            r.communes.clone(),
            r.stage.label_fr().to_string(),
            money_fr(r.granted_cents.unwrap_or(0)),
            money_fr(r.paid_cents),
            final_report(received, due, today),
        ]);
    }
    Ok(projects)
}

/// Where a project's final report stands on `today`: received (when),
/// overdue, expected (by when), or nothing when no due date is set.
fn final_report(received: Option<String>, due: Option<String>, today: NaiveDate) -> String {
    match (received, due) {
        (Some(on), _) => format!("reçu le {}", iso_to_fr(&on)),
        (None, Some(due)) if from_iso(&due).is_some_and(|d| d < today) => {
            format!("en retard (attendu le {})", iso_to_fr(&due))
        }
        (None, Some(due)) => format!("attendu le {}", iso_to_fr(&due)),
        (None, None) => String::new(),
    }
}

pub fn dashboard_file_name(year: i32) -> String {
    format!("tableau-de-bord-fonds-{year}.pdf")
}
