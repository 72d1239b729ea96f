//! What needs doing soon, computed from the dates the unit recorded and the
//! `today` passed in, never stored: a convention's notice deadline, renewal
//! or end; a committee meeting due by its planned frequency; a follow-up
//! action due or late; and, read from the fund's tables without changing its
//! rules, a grant's final report due, the call for projects closing, a
//! payment tranche planned.
//!
//! Each kind has its window, in days before the date; anything late (its date
//! passed and nothing recorded since) stays listed until it is handled.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    convention_dates, fr, from_iso, iso, list_committees, CommitteeKind, ConventionDates,
    ConventionStatus, CONVENTION_WINDOW_DAYS,
};
use crate::error::Result;
use crate::reports::money_fr;

/// A committee's meeting is reminded this many days before it is due.
pub const COMMITTEE_WINDOW_DAYS: i64 = 30;
/// A follow-up action is reminded this many days before its due date.
pub const FOLLOW_UP_WINDOW_DAYS: i64 = 14;
/// A grant's final report is reminded this many days before it is due.
pub const REPORT_WINDOW_DAYS: i64 = 30;
/// The call for projects is reminded this many days before it closes.
pub const CALL_WINDOW_DAYS: i64 = 30;
/// A payment tranche is reminded this many days before its planned date.
pub const PAYMENT_WINDOW_DAYS: i64 = 30;

code_enum! {
    /// What a reminder is about.
    ReminderKind {
        ConventionNotice = "convention_notice" / "Préavis de convention",
        ConventionRenewal = "convention_renewal" / "Reconduction de convention",
        ConventionEnd = "convention_end" / "Échéance de convention",
        CommitteeDue = "committee_due" / "Réunion d’instance à prévoir",
        FollowUpDue = "follow_up_due" / "Action de suivi",
        GrantReportDue = "grant_report_due" / "Bilan de subvention attendu",
        CallClosing = "call_closing" / "Clôture de l’appel à projets",
        PaymentPlanned = "payment_planned" / "Versement prévu",
    }
}

code_enum! {
    /// The page a reminder opens.
    ReminderPage {
        Convention = "convention" / "Convention",
        Committee = "committee" / "Instance",
        FundApplication = "fund_application" / "Dossier du fonds",
        FundCall = "fund_call" / "Appel à projets",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The date the reminder is about (ISO).
    pub date: String,
    /// The date is before today.
    pub late: bool,
    /// What to do, in French, with the date written out.
    pub label: String,
    /// The page that shows the thing, and its id there.
    pub page: ReminderPage,
    pub target_id: i64,
}

fn within(date: NaiveDate, today: NaiveDate, window: i64) -> bool {
    date <= today + Duration::days(window)
}

/// Every reminder on `today`, by date (the late ones first), then by kind.
pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Vec<Reminder>> {
    let mut out = Vec::new();
    convention_reminders(conn, today, &mut out)?;
    committee_reminders(conn, today, &mut out)?;
    follow_up_reminders(conn, today, &mut out)?;
    fund_reminders(conn, today, &mut out)?;
    out.sort_by(|a, b| {
        (a.date.as_str(), a.kind.code(), a.target_id).cmp(&(
            b.date.as_str(),
            b.kind.code(),
            b.target_id,
        ))
    });
    Ok(out)
}

fn push(
    out: &mut Vec<Reminder>,
    today: NaiveDate,
    kind: ReminderKind,
    date: NaiveDate,
    label: String,
    page: ReminderPage,
    target_id: i64,
) {
    out.push(Reminder {
        kind,
        date: iso(date),
        late: date < today,
        label,
        page,
        target_id,
    });
}

/// What an active convention calls for on `today`, if anything: without
/// tacit renewal, its end (passed, or within the window); with it, the
/// deadline to give notice while it can still be given, else the renewal
/// itself, each within the window.
fn convention_reminder(
    title: &str,
    d: &ConventionDates,
    tacit: bool,
    today: NaiveDate,
) -> Option<(ReminderKind, NaiveDate, String)> {
    let end = d.term_end;
    if !tacit {
        return if end < today {
            Some((
                ReminderKind::ConventionEnd,
                end,
                format!(
                    "La convention « {title} » a pris fin le {} : renouvelez-la par avenant ou indiquez qu’elle est terminée.",
                    fr(end)
                ),
            ))
        } else if within(end, today, CONVENTION_WINDOW_DAYS) {
            Some((
                ReminderKind::ConventionEnd,
                end,
                format!(
                    "La convention « {title} » arrive à échéance le {} : à renouveler par avenant ou à clore.",
                    fr(end)
                ),
            ))
        } else {
            None
        };
    }
    match d.notice_deadline {
        Some(deadline) if deadline >= today => {
            within(deadline, today, CONVENTION_WINDOW_DAYS).then(|| {
                (
                    ReminderKind::ConventionNotice,
                    deadline,
                    format!(
                        "Convention « {title} » : la dénoncer au plus tard le {}, sinon elle est reconduite tacitement le {}.",
                        fr(deadline),
                        fr(d.renews_on())
                    ),
                )
            })
        }
        // No notice, or its deadline passed: the renewal is acquired.
        _ => {
            let renews_on = d.renews_on();
            within(renews_on, today, CONVENTION_WINDOW_DAYS).then(|| {
                (
                    ReminderKind::ConventionRenewal,
                    renews_on,
                    format!(
                        "La convention « {title} » sera reconduite tacitement le {}.",
                        fr(renews_on)
                    ),
                )
            })
        }
    }
}

fn convention_reminders(
    conn: &Connection,
    today: NaiveDate,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, title, starts_on, duration_months, tacit_renewal, notice_months
         FROM convention WHERE status = ?1",
    )?;
    let rows = stmt.query_map([ConventionStatus::Active.code()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, u32>(5)?,
        ))
    })?;
    for row in rows {
        let (id, title, starts_on, duration, tacit, notice) = row?;
        let Some(start) = from_iso(&starts_on) else {
            continue;
        };
        let d = convention_dates(start, duration, tacit, notice, today);
        if let Some((kind, date, label)) = convention_reminder(&title, &d, tacit, today) {
            push(out, today, kind, date, label, ReminderPage::Convention, id);
        }
    }
    Ok(())
}

fn committee_reminders(conn: &Connection, today: NaiveDate, out: &mut Vec<Reminder>) -> Result<()> {
    for c in list_committees(conn, today)? {
        // A committee set up by a convention that ended meets no more.
        if let Some(convention) = c.convention_id {
            let status: String = conn.query_row(
                "SELECT status FROM convention WHERE id = ?1",
                [convention],
                |r| r.get(0),
            )?;
            if status != ConventionStatus::Active.code() {
                continue;
            }
        }
        let Some(due) = c.next_due.as_deref().and_then(from_iso) else {
            continue;
        };
        if !within(due, today, COMMITTEE_WINDOW_DAYS) {
            continue;
        }
        let what = match c.kind {
            CommitteeKind::Steering | CommitteeKind::Technical => c.kind.label_fr().to_lowercase(),
            CommitteeKind::Other => "instance".into(),
        };
        let label = match c.last_meeting.as_deref().and_then(from_iso) {
            Some(last) => format!(
                "Réunir « {} » ({what}) : dernière réunion le {}, la suivante est prévue vers le {}.",
                c.name,
                fr(last),
                fr(due)
            ),
            None => format!(
                "Réunir « {} » ({what}) : aucune réunion n’est encore enregistrée.",
                c.name
            ),
        };
        push(
            out,
            today,
            ReminderKind::CommitteeDue,
            due,
            label,
            ReminderPage::Committee,
            c.id,
        );
    }
    Ok(())
}

fn follow_up_reminders(conn: &Connection, today: NaiveDate, out: &mut Vec<Reminder>) -> Result<()> {
    let limit = iso(today + Duration::days(FOLLOW_UP_WINDOW_DAYS));
    let mut stmt = conn.prepare(
        "SELECT f.text, f.owner, f.due_on, co.id, co.name FROM meeting_follow_up f
         JOIN committee_meeting m ON m.id = f.meeting_id
         JOIN committee co ON co.id = m.committee_id
         WHERE f.status = 'todo' AND f.due_on IS NOT NULL AND f.due_on <= ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (text, owner, due, committee_id, committee) = row?;
        let Some(due) = from_iso(&due) else { continue };
        let owner = if owner.is_empty() {
            String::new()
        } else {
            format!(" ({owner})")
        };
        let when = if due < today {
            format!("en retard depuis le {}", fr(due))
        } else {
            format!("pour le {}", fr(due))
        };
        push(
            out,
            today,
            ReminderKind::FollowUpDue,
            due,
            format!("Suivi de « {committee} » : {text}{owner}, {when}."),
            ReminderPage::Committee,
            committee_id,
        );
    }
    Ok(())
}

/// The fund's reminders: final reports due, the call closing, tranches to pay.
fn fund_reminders(conn: &Connection, today: NaiveDate, out: &mut Vec<Reminder>) -> Result<()> {
    grant_report_reminders(conn, today, out)?;
    call_closing_reminders(conn, today, out)?;
    payment_reminders(conn, today, out)
}

fn grant_report_reminders(
    conn: &Connection,
    today: NaiveDate,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    // A grant's final report: due once the grant is decided, until received.
    let limit = iso(today + Duration::days(REPORT_WINDOW_DAYS));
    let mut stmt = conn.prepare(
        "SELECT a.id, a.title, o.name, a.report_due_on FROM fund_application a
         JOIN fund_organisation o ON o.id = a.organisation_id
         WHERE a.decision = 'granted' AND a.stage IN ('granted', 'agreement_signed')
           AND a.report_received_on IS NULL AND a.report_due_on IS NOT NULL
           AND a.report_due_on <= ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (id, title, org, due) = row?;
        let Some(due) = from_iso(&due) else { continue };
        push(
            out,
            today,
            ReminderKind::GrantReportDue,
            due,
            format!("Bilan final de « {title} » ({org}) attendu le {}.", fr(due)),
            ReminderPage::FundApplication,
            id,
        );
    }
    Ok(())
}

fn call_closing_reminders(
    conn: &Connection,
    today: NaiveDate,
    out: &mut Vec<Reminder>,
) -> Result<()> {
    // The call for projects closing.
    let limit = iso(today + Duration::days(CALL_WINDOW_DAYS));
    let mut stmt = conn.prepare(
        "SELECT id, name, closes_on FROM fund_call WHERE closes_on >= ?1 AND closes_on <= ?2",
    )?;
    let rows = stmt.query_map(params![iso(today), limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, closes) = row?;
        let Some(closes) = from_iso(&closes) else {
            continue;
        };
        push(
            out,
            today,
            ReminderKind::CallClosing,
            closes,
            format!("L’appel à projets « {name} » se clôt le {}.", fr(closes)),
            ReminderPage::FundCall,
            id,
        );
    }
    Ok(())
}

fn payment_reminders(conn: &Connection, today: NaiveDate, out: &mut Vec<Reminder>) -> Result<()> {
    // A tranche planned and not yet paid, on a grant still standing.
    let limit = iso(today + Duration::days(PAYMENT_WINDOW_DAYS));
    let mut stmt = conn.prepare(
        "SELECT a.id, a.title, o.name, p.planned_on, p.amount_cents FROM fund_payment p
         JOIN fund_application a ON a.id = p.application_id
         JOIN fund_organisation o ON o.id = a.organisation_id
         WHERE p.paid_on IS NULL AND p.planned_on <= ?1 AND a.decision = 'granted'
         ORDER BY p.planned_on, p.id",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (id, title, org, planned, cents) = row?;
        let Some(planned) = from_iso(&planned) else {
            continue;
        };
        push(
            out,
            today,
            ReminderKind::PaymentPlanned,
            planned,
            format!(
                "Versement de {} prévu le {} pour « {title} » ({org}).",
                money_fr(cents),
                fr(planned)
            ),
            ReminderPage::FundApplication,
            id,
        );
    }
    Ok(())
}
