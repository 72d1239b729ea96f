//! Privacy (GDPR): what the app holds about people, for how long, and the
//! three things the unit owes them and its data protection officer:
//!
//! - the processing register entry, printed from the app ([`register`]);
//! - the retention of contact details, with a purge that lists what it will
//!   remove before removing it, and removes it from the audit journal too
//!   ([`retention`]);
//! - the export of everything held about one person ([`person`]).
//!
//! The only personal data are professional contact details (applicant
//! organisations' and partners' contacts), the names of trainers, of the
//! unit's staff, of the people in charge of the plan's actions and of
//! meetings' follow-ups, and the names of the app's users in the journal. There is no
//! field for a sensitive category anywhere: training and event participants
//! are counted by sex, never named.

pub mod person;
pub mod register;
pub mod retention;

pub use person::{find_person, person_file_name, write_person_json, PersonData, PersonRecord};
pub use register::{register_data, register_file_name, register_pdf, RegisterData};
pub use retention::{purge, purge_plan, PurgeDone, PurgeItem, PurgeKey, CONTACT_RETENTION_MONTHS};

use serde::Serialize;
use ts_rs::TS;

/// One field of a record, as shown and exported: its French label and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldValue {
    pub label: String,
    pub value: String,
}

/// A kind of record that holds a person's contact details, and how long the
/// unit keeps them.
pub(crate) struct ContactSource {
    /// The table, as the journal names it.
    pub table: &'static str,
    /// What such a record is, in French.
    pub label_fr: &'static str,
    /// The personal columns with their French labels.
    pub columns: &'static [(&'static str, &'static str)],
    /// `SELECT rowid, record label, last activity (YYYY-MM-DD)` for every
    /// record whose personal columns are not all empty.
    pub activity_sql: &'static str,
    /// `SELECT rowid, record label, the personal columns in their order` for
    /// every record: what a person's export searches.
    pub record_sql: &'static str,
    /// What a purge does: empty the columns of the record (`false`), or
    /// delete the record, which is nothing but the contact (`true`).
    pub delete_row: bool,
    /// For contacts a form replaces row by row (their former rows' journal
    /// entries hold them too): the column naming their owner, and the SQL
    /// giving the owner of the record `?1`. The purge then redacts every
    /// entry of the table recorded for that owner, and only those.
    pub journal_owner: Option<(&'static str, &'static str)>,
    /// When the retention period runs from, in French, for the register.
    pub retention_fr: &'static str,
}

/// Every kind of record with contact details that a purge looks at.
pub(crate) const CONTACT_SOURCES: &[ContactSource] = &[
    ContactSource {
    table: "fund_organisation",
    label_fr: "Contact d’un porteur de projet (fonds d’initiative)",
    columns: &[
        ("contact_name", "nom"),
        ("contact_role", "fonction"),
        ("contact_email", "courriel"),
        ("contact_phone", "téléphone"),
    ],
    activity_sql: "SELECT o.id, o.name,
            max(substr(o.updated_at, 1, 10),
                coalesce((SELECT max(max(a.ends_on, substr(a.updated_at, 1, 10)))
                          FROM fund_application a WHERE a.organisation_id = o.id), ''))
        FROM fund_organisation o
        WHERE o.contact_name <> '' OR o.contact_role <> '' OR o.contact_email <> ''
           OR o.contact_phone <> ''",
    record_sql: "SELECT id, name, contact_name, contact_role, contact_email, contact_phone
        FROM fund_organisation ORDER BY id",
    delete_row: false,
    journal_owner: None,
    retention_fr: "3 ans après le dernier échange : la dernière mise à jour de la fiche ou \
                   d’un de ses dossiers, ou la fin du dernier projet soutenu",
    },
    ContactSource {
        table: "partner_contact",
        label_fr: "Contact d’un partenaire",
        columns: &[
            ("name", "nom"),
            ("role", "fonction"),
            ("email", "courriel"),
            ("phone", "téléphone"),
        ],
        // A convention renewed by tacit agreement and still in force keeps
        // the exchange going; one denounced or ended counts until it was
        // marked so (its last change) or the last day of its first term
        // (`crate::dates::duration_end`), whichever is later.
        activity_sql: concat!(
            "SELECT c.id, p.name || ' — ' || c.name,
                max(substr(p.updated_at, 1, 10),
                    coalesce((SELECT max(CASE WHEN v.status = 'active' AND v.tacit_renewal = 1
                                   THEN '9999-12-31'
                                   ELSE max(",
            duration_end_sql!("v.starts_on", "v.duration_months"),
            ",
                                            CASE WHEN v.status <> 'active'
                                                 THEN substr(v.updated_at, 1, 10) ELSE '' END) END)
                              FROM convention v JOIN convention_partner cp ON cp.convention_id = v.id
                              WHERE cp.partner_id = p.id), ''),
                    coalesce((SELECT max(m.held_on) FROM committee_meeting m
                              JOIN meeting_attendance a ON a.meeting_id = m.id
                              WHERE a.partner_id = p.id), ''))
            FROM partner_contact c JOIN partner p ON p.id = c.partner_id"
        ),
        record_sql: "SELECT c.id, p.name, c.name, c.role, c.email, c.phone
            FROM partner_contact c JOIN partner p ON p.id = c.partner_id ORDER BY c.id",
        delete_row: true,
        journal_owner: Some((
            "partner_id",
            "SELECT partner_id FROM partner_contact WHERE id = ?1",
        )),
        retention_fr: "3 ans après le dernier échange avec le partenaire : la dernière mise à \
                       jour de sa fiche, la fin de sa dernière convention (jamais tant qu’une \
                       convention à reconduction tacite est en vigueur) ou sa dernière réunion",
    },
];

/// Lower-cased for a search that ignores case, accents kept.
pub(crate) fn fold(s: &str) -> String {
    s.to_lowercase()
}
