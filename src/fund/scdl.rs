//! The open-data export of a call's grants in the national SCDL
//! *subventions* format (schema 2.1.1, schema.data.gouv.fr/scdl/subventions),
//! which decree 2017-779 asks of authorities for grants above 23 000 € and
//! which many publish for every grant.
//!
//! Unlike the spreadsheet exports, this file follows the schema, not French
//! spreadsheet habits: comma-separated, UTF-8 without a byte-order mark, ISO
//! dates, amounts with a decimal point, so that validators and portals read it.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;

use super::{get_call, siret_is_valid, FundCall, FULL_SHARE_BP};
use crate::error::{Error, Result};

/// The schema's columns, in its order, with its exact names.
pub const SCDL_HEADERS: [&str; 16] = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
];

/// `123456` cents → `1234.56`.
fn decimal_euros(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A share in basis points as the schema writes it, a decimal between 0.01
/// and 1 with at least two decimals: 10000 → `1.00`, 4500 → `0.45`,
/// 3333 → `0.3333`.
fn share_decimal(bp: i64) -> String {
    let frac = format!("{:04}", bp % 10_000);
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac:0<2}", bp / 10_000)
}

/// The whole grant a beneficiary's part belongs to, which the schema's
/// `montant` holds "before it is split between beneficiaries": the part
/// divided by its share, rounded half up to the cent. A single beneficiary's
/// grant is its own amount.
fn whole_grant_cents(part_cents: i64, share_bp: i64) -> i64 {
    if share_bp >= FULL_SHARE_BP || share_bp <= 0 {
        return part_cents;
    }
    (part_cents * FULL_SHARE_BP * 2 + share_bp) / (2 * share_bp)
}

/// One granted application as the export reads it.
struct Grant {
    id: i64,
    convention: String,
    reference: String,
    name: String,
    siret: Option<String>,
    rna: Option<String>,
    title: String,
    granted_cents: i64,
    share_bp: i64,
    ends_on: String,
}

/// The rows of a call's granted applications, in the schema's column order.
///
/// Refused, naming what to correct, when the file would not pass the
/// schema: the call without the authority's SIRET (or with one whose keys
/// do not hold), a beneficiary with neither SIRET nor RNA number (the schema
/// wants one of them), a beneficiary whose stored SIRET does not hold its
/// keys (saved before the SIREN's key was checked).
pub fn scdl_rows(conn: &Connection, call_id: i64) -> Result<Vec<Vec<String>>> {
    let call = get_call(conn, call_id)?;
    let (grantor, grantor_siret) = grantor(conn, &call)?;
    let grants = granted(conn, call_id)?;
    check_grants(&grants, &call)?;
    let mut dates = conn.prepare(
        "SELECT coalesce(paid_on, planned_on) FROM fund_payment
         WHERE application_id = ?1 ORDER BY coalesce(paid_on, planned_on)",
    )?;
    let mut rows = Vec::new();
    for g in grants {
        let tranches: Vec<String> = dates
            .query_map([g.id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        // The schema's ISO 8601 interval, `start/end`, for a payment in
        // several tranches; a date alone for one tranche. Before any tranche
        // is planned, the date is not known: the period runs from the
        // convention to the project's end.
        let period = match (tranches.first(), tranches.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}/{b}"),
            (Some(a), _) => a.clone(),
            _ if g.ends_on > g.convention => format!("{}/{}", g.convention, g.ends_on),
            _ => g.convention.clone(),
        };
        rows.push(vec![
            grantor.clone(),
            grantor_siret.clone(),
            g.convention,
            g.reference,
            g.name,
            g.siret.unwrap_or_default(),
            g.rna.unwrap_or_default(),
            g.title,
            decimal_euros(whole_grant_cents(g.granted_cents, g.share_bp)),
            "aide en numéraire".into(),
            if tranches.len() > 1 {
                "échelonné".into()
            } else {
                "unique".into()
            },
            period,
            String::new(),
            "non".into(),
            share_decimal(g.share_bp),
            call.name.clone(),
        ]);
    }
    Ok(rows)
}

/// The authority granting (its name, its SIRET from the call's record), refused
/// when the SIRET is missing or its keys do not hold.
fn grantor(conn: &Connection, call: &FundCall) -> Result<(String, String)> {
    let grantor_siret = call.grantor_siret.clone().ok_or_else(|| {
        Error::Refused(
            "Indiquez d’abord le SIRET de la collectivité dans la fiche de l’appel : le format SCDL l’exige."
                .into(),
        )
    })?;
    if !siret_is_valid(&grantor_siret) {
        return Err(Error::Refused(format!(
            "Le SIRET de la collectivité dans la fiche de l’appel ({grantor_siret}) n’est pas valide : corrigez-le avant de produire le fichier SCDL."
        )));
    }
    let grantor: String = conn
        .query_row("SELECT epci_name FROM unit WHERE id = 1", [], |r| r.get(0))
        .map_err(|_| Error::Refused("Le service n’est pas encore configuré.".into()))?;
    Ok((grantor, grantor_siret))
}

/// The call's granted applications, by decision date then structure.
fn granted(conn: &Connection, call_id: i64) -> Result<Vec<Grant>> {
    Ok(crate::sql::all(
        conn,
        "SELECT a.id, coalesce(a.agreement_signed_on, a.decided_on), a.decision_ref, o.name,
            o.siret, o.rna, a.title, a.granted_cents, a.grant_share_bp, a.ends_on
         FROM fund_application a JOIN fund_organisation o ON o.id = a.organisation_id
         WHERE a.call_id = ?1 AND a.decision = 'granted'
         ORDER BY a.decided_on, o.name COLLATE NOCASE, a.id",
        [call_id],
        |r| {
            Ok(Grant {
                id: r.get(0)?,
                convention: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                reference: r.get(2)?,
                name: r.get(3)?,
                siret: r.get(4)?,
                rna: r.get(5)?,
                title: r.get(6)?,
                granted_cents: r.get(7)?,
                share_bp: r.get(8)?,
                ends_on: r.get(9)?,
            })
        },
    )?)
}

/// Refuses, naming each structure or text to correct, grants the file could
/// not carry: no SIRET nor RNA, a SIRET whose keys fail, text a spreadsheet
/// would run as a formula.
fn check_grants(grants: &[Grant], call: &FundCall) -> Result<()> {
    let mut unidentified: Vec<&str> = Vec::new();
    let mut bad_siret: Vec<&str> = Vec::new();
    for g in grants {
        match (&g.siret, &g.rna) {
            (None, None) => push_once(&mut unidentified, &g.name),
            (Some(siret), _) if !siret_is_valid(siret) => push_once(&mut bad_siret, &g.name),
            _ => {}
        }
    }
    // Text the file must carry as typed, yet a spreadsheet would run as a
    // formula: refused at entry since this version, so only older records.
    let mut formula: Vec<&str> = Vec::new();
    for g in grants {
        for text in [&g.name, &g.title, &g.reference] {
            if crate::input::formula_like(text) {
                push_once(&mut formula, text);
            }
        }
    }
    if crate::input::formula_like(&call.name) {
        push_once(&mut formula, &call.name);
    }
    let mut problems = Vec::new();
    if !formula.is_empty() {
        problems.push(format!(
            "{} {} par =, +, - ou @, qu’un tableur prendrait pour une formule : corrigez ce texte dans sa fiche",
            quoted_list(&formula),
            if formula.len() > 1 { "commencent" } else { "commence" }
        ));
    }
    if !unidentified.is_empty() {
        problems.push(format!(
            "le format exige le SIRET ou le numéro RNA de chaque bénéficiaire, et {} {} ni l’un ni l’autre",
            quoted_list(&unidentified),
            if unidentified.len() > 1 { "n’ont" } else { "n’a" }
        ));
    }
    if !bad_siret.is_empty() {
        problems.push(format!(
            "le SIRET enregistré pour {} n’est pas valide",
            quoted_list(&bad_siret)
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "Le fichier SCDL n’a pas été produit : {}. Complétez la fiche de la structure (« Structures » du fonds), puis recommencez.",
        problems.join(" ; ")
    )))
}

fn push_once<'a>(names: &mut Vec<&'a str>, name: &'a str) {
    if !names.contains(&name) {
        names.push(name);
    }
}

/// `« A »`, `« A » et « B »`, `« A », « B » et « C »`.
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("« {n} »")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} et {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes the call's SCDL file to `path`. Returns the number of grants written.
pub fn write_scdl(conn: &Connection, call_id: i64, path: &Path) -> Result<usize> {
    let rows = scdl_rows(conn, call_id)?;
    let mut out = String::new();
    out.push_str(&SCDL_HEADERS.join(","));
    out.push_str("\r\n");
    for row in &rows {
        let line: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    let mut file = std::fs::File::create(path)?;
    file.write_all(out.as_bytes())?;
    file.sync_all()?;
    Ok(rows.len())
}

/// The proposed file name, as data.gouv.fr names SCDL files: date and type.
pub fn scdl_file_name(year: i32) -> String {
    format!("{year}_subventions_fonds-initiative.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_amounts() {
        assert_eq!(share_decimal(10_000), "1.00", "the schema's own example");
        assert_eq!(share_decimal(4_500), "0.45");
        assert_eq!(share_decimal(3_333), "0.3333");
        assert_eq!(share_decimal(100), "0.01", "the schema's minimum");
        assert_eq!(share_decimal(5_050), "0.505");
        assert_eq!(whole_grant_cents(450_000, 4_500), 1_000_000);
        assert_eq!(whole_grant_cents(550_000, 5_500), 1_000_000);
        assert_eq!(whole_grant_cents(600_000, 10_000), 600_000);
        assert_eq!(
            whole_grant_cents(333_333, 3_333),
            1_000_099,
            "a part that is not exactly its share is rounded half up to the cent"
        );
        assert_eq!(quoted_list(&["A"]), "« A »");
        assert_eq!(quoted_list(&["A", "B", "C"]), "« A », « B » et « C »");
        assert_eq!(decimal_euros(123_456), "1234.56");
        assert_eq!(decimal_euros(5), "0.05");
    }
}
