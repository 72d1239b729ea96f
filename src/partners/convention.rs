//! Conventions: the partners who signed (two or more), the dates, the
//! renewal and notice terms, each party's commitments as a checklist, the
//! attached file's location and the committees the convention sets up.
//!
//! A convention's current term and notice deadline are computed from its
//! start on reading ([`convention_dates`]), with the counts of
//! [`crate::dates`]: a term is a duration that includes its first day and
//! ends on the eve of its anniversary; the notice deadline is counted
//! backwards from the term's last day. Every term's end is counted from the
//! start date, never from the previous term's end, so that the terms do not
//! drift at month ends.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    bad_code, fr, from_iso, iso, optional_date, required_date, required_text, text_field,
    CommitmentStatus, CommitteeKind, ConventionStatus, PartnerRef,
};
use crate::dates::{deadline_before, duration_end};
use crate::error::{Error, FieldErrors, Result};
use crate::input;
use crate::rights::{Actor, Permission};
use crate::sql::row_exists;
use crate::store;

/// A convention's reminders start this many days before a notice deadline or
/// an end.
pub const CONVENTION_WINDOW_DAYS: i64 = 60;

/// The `party` code of a commitment taken by the unit's own authority.
pub const OWN_PARTY: &str = "collectivite";

/// One commitment of the convention form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionCommitmentInput {
    /// A partner's id among the convention's partners, or `collectivite`.
    pub party: String,
    pub text: String,
    /// A [`CommitmentStatus`] code.
    pub status: String,
    pub evidence: String,
}

/// The convention form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionInput {
    pub title: String,
    pub partner_ids: Vec<i64>,
    /// `dd/mm/yyyy`.
    pub signed_on: String,
    /// `dd/mm/yyyy`; empty means the signing date.
    pub starts_on: String,
    /// Whole months, e.g. `12` or `36`.
    pub duration_months: String,
    pub tacit_renewal: bool,
    /// Whole months; empty means none.
    pub notice_months: String,
    /// A [`ConventionStatus`] code.
    pub status: String,
    /// Where the signed file is kept: a path or an address, as typed.
    pub file_location: String,
    pub notes: String,
    pub commitments: Vec<ConventionCommitmentInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCommitment {
    /// `None` for the unit's own authority.
    pub party_partner_id: Option<i64>,
    pub text: String,
    pub status: CommitmentStatus,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidConvention {
    pub title: String,
    pub partner_ids: Vec<i64>,
    pub signed_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub duration_months: u32,
    pub tacit_renewal: bool,
    pub notice_months: u32,
    pub status: ConventionStatus,
    pub file_location: String,
    pub notes: String,
    pub commitments: Vec<ValidCommitment>,
}

fn months_field(e: &mut FieldErrors, field: &str, raw: &str) -> Option<u32> {
    match input::count(raw) {
        Ok(Some(n)) if n <= 240 => Some(n as u32),
        Ok(Some(_)) => {
            e.add(field, "240 mois (20 ans) au plus.");
            None
        }
        Ok(None) => None,
        Err(m) => {
            e.add(field, m);
            None
        }
    }
}

/// Checks every field of the form at once. `partner_exists` answers for an
/// id typed in the partners picker. A commitment's fields are keyed
/// `commitments.<index>.<field>`.
pub fn validate_convention(
    input: &ConventionInput,
    partner_exists: impl Fn(i64) -> bool,
) -> std::result::Result<ValidConvention, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = required_text(
        &mut e,
        "title",
        &input.title,
        300,
        "Le titre de la convention est obligatoire.",
    );
    let partner_ids = valid_partners(&mut e, &input.partner_ids, partner_exists);
    let signed_on = required_date(
        &mut e,
        "signed_on",
        &input.signed_on,
        "Indiquez la date de signature.",
    );
    let starts_on = optional_date(&mut e, "starts_on", &input.starts_on).or(signed_on);
    let (duration, notice) = valid_terms(&mut e, input);
    let status = ConventionStatus::from_code(input.status.trim());
    if status.is_none() {
        e.add("status", "Choisissez où en est la convention.");
    }
    let file_location = text_field(&mut e, "file_location", &input.file_location, 1000);
    let notes = text_field(&mut e, "notes", &input.notes, 5000);
    let commitments = valid_commitments(&mut e, &input.commitments, &partner_ids);
    match (signed_on, starts_on, duration, status) {
        (Some(signed_on), Some(starts_on), Some(duration), Some(status)) if e.is_empty() => {
            Ok(ValidConvention {
                title,
                partner_ids,
                signed_on,
                starts_on,
                duration_months: duration,
                tacit_renewal: input.tacit_renewal,
                notice_months: notice,
                status,
                file_location,
                notes,
                commitments,
            })
        }
        _ => Err(e),
    }
}

/// The signatories, each once: two at least, every one still recorded.
fn valid_partners(
    e: &mut FieldErrors,
    chosen: &[i64],
    partner_exists: impl Fn(i64) -> bool,
) -> Vec<i64> {
    let mut partner_ids: Vec<i64> = Vec::new();
    for id in chosen {
        if !partner_ids.contains(id) {
            partner_ids.push(*id);
        }
    }
    if partner_ids.iter().any(|id| !partner_exists(*id)) {
        e.add("partner_ids", "Un des partenaires choisis n’existe plus.");
    } else if partner_ids.len() < 2 {
        e.add(
            "partner_ids",
            "Une convention est signée par deux partenaires au moins : cochez-les.",
        );
    }
    partner_ids
}

/// The duration in months (one at least) and the notice (shorter than the
/// duration, 0 when none).
fn valid_terms(e: &mut FieldErrors, input: &ConventionInput) -> (Option<u32>, u32) {
    let duration = months_field(e, "duration_months", &input.duration_months);
    match duration {
        Some(0) => e.add(
            "duration_months",
            "La durée est d’un mois au moins : la fin doit venir après le début.",
        ),
        None if e.get("duration_months").is_none() => e.add(
            "duration_months",
            "Indiquez la durée en mois, par exemple 12 pour un an ou 36 pour trois ans.",
        ),
        _ => {}
    }
    let notice = months_field(e, "notice_months", &input.notice_months).unwrap_or(0);
    if let Some(d) = duration.filter(|d| *d > 0) {
        if notice >= d {
            e.add(
                "notice_months",
                format!("Le préavis doit être plus court que la durée ({d} mois)."),
            );
        }
    }
    (duration, notice)
}

/// Each party's commitments: a party among the signatories or the unit's own
/// authority, a text, a status; 200 at most.
fn valid_commitments(
    e: &mut FieldErrors,
    lines: &[ConventionCommitmentInput],
    partner_ids: &[i64],
) -> Vec<ValidCommitment> {
    if lines.len() > 200 {
        e.add("commitments", "200 engagements au plus.");
    }
    let mut commitments = Vec::new();
    for (i, c) in lines.iter().enumerate() {
        let key = |f: &str| format!("commitments.{i}.{f}");
        let party = match c.party.trim() {
            OWN_PARTY => Some(None),
            raw => match raw.parse::<i64>() {
                Ok(id) if partner_ids.contains(&id) => Some(Some(id)),
                _ => {
                    e.add(
                        &key("party"),
                        "Choisissez la partie : un des signataires ou la collectivité.",
                    );
                    None
                }
            },
        };
        let text = required_text(e, &key("text"), &c.text, 1000, "Décrivez l’engagement.");
        let cstatus = CommitmentStatus::from_code(c.status.trim());
        if cstatus.is_none() {
            e.add(&key("status"), "Choisissez où en est l’engagement.");
        }
        let evidence = text_field(e, &key("evidence"), &c.evidence, 2000);
        if let (Some(party), Some(status)) = (party, cstatus) {
            commitments.push(ValidCommitment {
                party_partner_id: party,
                text,
                status,
                evidence,
            });
        }
    }
    commitments
}

/// The dates computed from a convention's terms on a given day. Every date is
/// a last day, included: the convention is in force on `term_end` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConventionDates {
    /// The last day of the first term ([`crate::dates::duration_end`]).
    pub first_end: NaiveDate,
    /// The last day of the current term: without tacit renewal, the first
    /// term's (even once passed); with it, that of the term in force on
    /// `today`, the eve of the next renewal.
    pub term_end: NaiveDate,
    /// With tacit renewal and a notice period: the last day to denounce it
    /// before `term_end` ([`crate::dates::deadline_before`]).
    pub notice_deadline: Option<NaiveDate>,
    /// Tacit renewals already past on `today`.
    pub renewals: u32,
}

impl ConventionDates {
    /// The day the next term starts if the convention is not denounced.
    pub fn renews_on(&self) -> NaiveDate {
        self.term_end.succ_opt().unwrap_or(NaiveDate::MAX)
    }
}

/// A convention's current term and notice deadline on `today`. Each term is
/// a duration ([`crate::dates::duration_end`]); a tacit renewal starts a new
/// term of the same duration the day after the previous one ends (a renewal
/// is a new contract that follows the expired one, Code civil art. 1214 al. 2
/// and 1215). A convention starting on 31 January for one month thus ends
/// its terms on 28 February, 31 March, 30 April: the last day of each month,
/// never drifting to the 28th. The notice deadline is counted backwards from
/// the current term's end ([`crate::dates::deadline_before`]).
pub fn convention_dates(
    starts_on: NaiveDate,
    duration_months: u32,
    tacit_renewal: bool,
    notice_months: u32,
    today: NaiveDate,
) -> ConventionDates {
    let duration = duration_months.max(1);
    let first_end = duration_end(starts_on, duration).unwrap_or(NaiveDate::MAX);
    let mut end = first_end;
    let mut renewals = 0;
    if tacit_renewal {
        // The term in force on `today` is the first that ends on or after
        // it: at most a few thousand steps (a one-month term over two
        // centuries).
        while end < today {
            let Some(next) = end.succ_opt().and_then(|s| duration_end(s, duration)) else {
                break;
            };
            end = next;
            renewals += 1;
        }
    }
    let notice_deadline = (tacit_renewal && notice_months > 0)
        .then(|| deadline_before(end, notice_months))
        .flatten();
    ConventionDates {
        first_end,
        term_end: end,
        notice_deadline,
        renewals,
    }
}

code_enum! {
    /// Where a convention stands on a day, computed: the badge the list shows.
    ConventionState {
        Active = "active" / "En vigueur",
        NoticeSoon = "notice_soon" / "Préavis proche",
        RenewalSoon = "renewal_soon" / "Reconduction proche",
        EndingSoon = "ending_soon" / "Échéance proche",
        Expired = "expired" / "Échue",
        Denounced = "denounced" / "Dénoncée",
        Ended = "ended" / "Terminée",
    }
}

/// The badge of a convention on `today`.
pub fn convention_state(
    status: ConventionStatus,
    tacit_renewal: bool,
    dates: &ConventionDates,
    today: NaiveDate,
) -> ConventionState {
    let soon = |d: NaiveDate| (d - today).num_days() <= CONVENTION_WINDOW_DAYS;
    match status {
        ConventionStatus::Denounced => ConventionState::Denounced,
        ConventionStatus::Ended => ConventionState::Ended,
        ConventionStatus::Active if !tacit_renewal => {
            if dates.term_end < today {
                ConventionState::Expired
            } else if soon(dates.term_end) {
                ConventionState::EndingSoon
            } else {
                ConventionState::Active
            }
        }
        ConventionStatus::Active => match dates.notice_deadline {
            Some(d) if d >= today && soon(d) => ConventionState::NoticeSoon,
            _ if soon(dates.renews_on()) => ConventionState::RenewalSoon,
            _ => ConventionState::Active,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConventionCommitment {
    pub id: i64,
    /// `None` for the unit's own authority.
    pub party_partner_id: Option<i64>,
    /// The partner's name, or « La collectivité ».
    pub party_name: String,
    pub text: String,
    pub status: CommitmentStatus,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommitteeRef {
    pub id: i64,
    pub name: String,
    pub kind: CommitteeKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Convention {
    pub id: i64,
    pub title: String,
    pub partners: Vec<PartnerRef>,
    /// ISO dates.
    pub signed_on: String,
    pub starts_on: String,
    pub duration_months: u32,
    pub tacit_renewal: bool,
    pub notice_months: u32,
    pub status: ConventionStatus,
    pub file_location: String,
    pub notes: String,
    pub commitments: Vec<ConventionCommitment>,
    pub committees: Vec<CommitteeRef>,
    /// Computed on reading: the last day of the current term, included (ISO):
    /// the end or, with tacit renewal, the eve of the next renewal.
    pub term_end: String,
    /// Computed: the last day to denounce it before the renewal (ISO).
    pub notice_deadline: Option<String>,
    pub renewals: u32,
    pub state: ConventionState,
    pub commitments_done: u32,
    pub updated_at: String,
    pub updated_by: String,
}

const SELECT: &str = "SELECT id, title, signed_on, starts_on, duration_months, tacit_renewal,
    notice_months, status, file_location, notes, updated_at, updated_by FROM convention";

fn from_row(r: &Row, today: NaiveDate) -> rusqlite::Result<Convention> {
    let starts_on: String = r.get(3)?;
    let duration: u32 = r.get(4)?;
    let tacit: bool = r.get(5)?;
    let notice: u32 = r.get(6)?;
    let status = ConventionStatus::from_code(&r.get::<_, String>(7)?).ok_or_else(|| bad_code(7))?;
    let start = from_iso(&starts_on).ok_or_else(|| bad_code(3))?;
    let dates = convention_dates(start, duration, tacit, notice, today);
    Ok(Convention {
        id: r.get(0)?,
        title: r.get(1)?,
        partners: Vec::new(),
        signed_on: r.get(2)?,
        starts_on,
        duration_months: duration,
        tacit_renewal: tacit,
        notice_months: notice,
        status,
        file_location: r.get(8)?,
        notes: r.get(9)?,
        commitments: Vec::new(),
        committees: Vec::new(),
        term_end: iso(dates.term_end),
        notice_deadline: dates.notice_deadline.map(iso),
        renewals: dates.renewals,
        state: convention_state(status, tacit, &dates, today),
        commitments_done: 0,
        updated_at: r.get(10)?,
        updated_by: r.get(11)?,
    })
}

fn fill(conn: &Connection, c: &mut Convention) -> Result<()> {
    c.partners = super::partner_refs(
        conn,
        "SELECT p.id, p.name FROM convention_partner cp JOIN partner p ON p.id = cp.partner_id
         WHERE cp.convention_id = ?1 ORDER BY p.name COLLATE NOCASE",
        c.id,
    )?;
    let mut stmt = conn.prepare(
        "SELECT cc.id, cc.party_partner_id, p.name, cc.text, cc.status, cc.evidence
         FROM convention_commitment cc LEFT JOIN partner p ON p.id = cc.party_partner_id
         WHERE cc.convention_id = ?1 ORDER BY cc.position, cc.id",
    )?;
    c.commitments = stmt
        .query_map([c.id], |r| {
            Ok(ConventionCommitment {
                id: r.get(0)?,
                party_partner_id: r.get(1)?,
                party_name: r
                    .get::<_, Option<String>>(2)?
                    .unwrap_or_else(|| "La collectivité".into()),
                text: r.get(3)?,
                status: CommitmentStatus::from_code(&r.get::<_, String>(4)?)
                    .ok_or_else(|| bad_code(4))?,
                evidence: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    c.commitments_done = c
        .commitments
        .iter()
        .filter(|x| x.status == CommitmentStatus::Done)
        .count() as u32;
    let mut stmt = conn.prepare(
        "SELECT id, name, kind FROM committee WHERE convention_id = ?1 ORDER BY name, id",
    )?;
    c.committees = stmt
        .query_map([c.id], |r| {
            Ok(CommitteeRef {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: CommitteeKind::from_code(&r.get::<_, String>(2)?)
                    .ok_or_else(|| bad_code(2))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

pub fn get_convention(conn: &Connection, id: i64, today: NaiveDate) -> Result<Convention> {
    let mut c = conn
        .query_row(&format!("{SELECT} WHERE id = ?1"), [id], |r| {
            from_row(r, today)
        })
        .optional()?
        .ok_or(Error::NotFound("Convention"))?;
    fill(conn, &mut c)?;
    Ok(c)
}

/// Every convention, the most recently signed first, with its dates on `today`.
pub fn list_conventions(conn: &Connection, today: NaiveDate) -> Result<Vec<Convention>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY signed_on DESC, id DESC"))?;
    let rows = stmt.query_map([], |r| from_row(r, today))?;
    let mut list: Vec<Convention> = rows.collect::<rusqlite::Result<_>>()?;
    for c in &mut list {
        fill(conn, c)?;
    }
    Ok(list)
}

/// The form of a saved convention, as it was typed back.
pub fn convention_form(conn: &Connection, id: i64) -> Result<ConventionInput> {
    let c = get_convention(conn, id, NaiveDate::MIN)?;
    let date = |s: &str| from_iso(s).map(fr).unwrap_or_default();
    Ok(ConventionInput {
        title: c.title,
        partner_ids: c.partners.iter().map(|p| p.id).collect(),
        signed_on: date(&c.signed_on),
        starts_on: date(&c.starts_on),
        duration_months: c.duration_months.to_string(),
        tacit_renewal: c.tacit_renewal,
        notice_months: if c.notice_months == 0 {
            String::new()
        } else {
            c.notice_months.to_string()
        },
        status: c.status.code().into(),
        file_location: c.file_location,
        notes: c.notes,
        commitments: c
            .commitments
            .into_iter()
            .map(|x| ConventionCommitmentInput {
                party: x
                    .party_partner_id
                    .map_or_else(|| OWN_PARTY.to_string(), |id| id.to_string()),
                text: x.text,
                status: x.status.code().into(),
                evidence: x.evidence,
            })
            .collect(),
    })
}

fn write_children(tx: &rusqlite::Transaction, id: i64, v: &ValidConvention) -> Result<()> {
    // Commitments first: a partner leaves a convention only once no
    // commitment names it (a trigger holds it).
    tx.execute(
        "DELETE FROM convention_commitment WHERE convention_id = ?1",
        [id],
    )?;
    tx.execute(
        "DELETE FROM convention_partner WHERE convention_id = ?1",
        [id],
    )?;
    for p in &v.partner_ids {
        tx.execute(
            "INSERT INTO convention_partner (convention_id, partner_id) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    for (position, c) in v.commitments.iter().enumerate() {
        tx.execute(
            "INSERT INTO convention_commitment (convention_id, position, party_partner_id, text,
                status, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                position as i64,
                c.party_partner_id,
                c.text,
                c.status.code(),
                c.evidence
            ],
        )?;
    }
    Ok(())
}

pub fn create_convention(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
    input: &ConventionInput,
) -> Result<Convention> {
    let v = validate_convention(input, row_exists(conn, "partner")).map_err(Error::Invalid)?;
    let id = store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "INSERT INTO convention (title, signed_on, starts_on, duration_months, tacit_renewal,
                notice_months, status, file_location, notes, created_at, created_by, updated_at,
                updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11)",
            params![
                v.title,
                iso(v.signed_on),
                iso(v.starts_on),
                v.duration_months,
                v.tacit_renewal,
                v.notice_months,
                v.status.code(),
                v.file_location,
                v.notes,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_children(tx, id, &v)?;
        Ok(id)
    })?;
    get_convention(conn, id, today)
}

pub fn update_convention(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
    id: i64,
    input: &ConventionInput,
) -> Result<Convention> {
    get_convention(conn, id, today)?;
    let v = validate_convention(input, row_exists(conn, "partner")).map_err(Error::Invalid)?;
    store::write(conn, actor, Permission::Enter, now, |tx, ctx| {
        tx.execute(
            "UPDATE convention SET title = ?2, signed_on = ?3, starts_on = ?4,
                duration_months = ?5, tacit_renewal = ?6, notice_months = ?7, status = ?8,
                file_location = ?9, notes = ?10, updated_at = ?11, updated_by = ?12
             WHERE id = ?1",
            params![
                id,
                v.title,
                iso(v.signed_on),
                iso(v.starts_on),
                v.duration_months,
                v.tacit_renewal,
                v.notice_months,
                v.status.code(),
                v.file_location,
                v.notes,
                ctx.stamp(),
                ctx.actor.name
            ],
        )?;
        write_children(tx, id, &v)?;
        Ok(())
    })?;
    get_convention(conn, id, today)
}

/// Deletes a convention with its partners' links and its commitments,
/// unless a committee it set up still refers to it.
pub fn delete_convention(
    conn: &mut Connection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<()> {
    let c = get_convention(conn, id, NaiveDate::MIN)?;
    if !c.committees.is_empty() {
        let names: Vec<String> = c
            .committees
            .iter()
            .map(|x| format!("« {} »", x.name))
            .collect();
        let (which, them) = if names.len() == 1 {
            (format!("l’instance {} s’y rattache", names[0]), "la")
        } else {
            (
                format!("les instances {} s’y rattachent", names.join(", ")),
                "les",
            )
        };
        return Err(Error::Refused(format!(
            "La convention « {} » ne peut pas être supprimée : {which}. Détachez-{them} ou supprimez-{them} d’abord.",
            c.title
        )));
    }
    store::write(conn, actor, Permission::Delete, now, |tx, _| {
        tx.execute(
            "DELETE FROM convention_commitment WHERE convention_id = ?1",
            [id],
        )?;
        tx.execute(
            "DELETE FROM convention_partner WHERE convention_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM convention WHERE id = ?1", [id])?;
        Ok(())
    })
}
