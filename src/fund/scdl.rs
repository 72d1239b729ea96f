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

use super::get_call;
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

/// A share `part / whole` between 0 and 1 with at most four decimals,
/// rounded half up, trailing zeros dropped: 1/4 → `0.25`, 1/1 → `1`.
fn ratio(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return String::new();
    }
    let ten_thousandths = (part * 10_000 * 2 + whole) / (2 * whole);
    let int = ten_thousandths / 10_000;
    let frac = ten_thousandths % 10_000;
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int}.{}", format!("{frac:04}").trim_end_matches('0'))
    }
}

/// The rows of a call's granted applications, in the schema's column order.
pub fn scdl_rows(conn: &Connection, call_id: i64) -> Result<Vec<Vec<String>>> {
    let call = get_call(conn, call_id)?;
    let grantor_siret = call.grantor_siret.clone().ok_or_else(|| {
        Error::Refused(
            "Indiquez d'abord le SIRET de la collectivité dans la fiche de l'appel : le format SCDL l'exige."
                .into(),
        )
    })?;
    let grantor: String = conn
        .query_row("SELECT epci_name FROM unit WHERE id = 1", [], |r| r.get(0))
        .map_err(|_| Error::Refused("Le service n'est pas encore configuré.".into()))?;
    let mut stmt = conn.prepare(
        "SELECT a.id, coalesce(a.agreement_signed_on, a.decided_on), a.decision_ref, o.name,
            coalesce(o.siret, ''), coalesce(o.rna, ''), a.title, a.granted_cents, a.total_budget_cents
         FROM fund_application a JOIN fund_organisation o ON o.id = a.organisation_id
         WHERE a.call_id = ?1 AND a.decision = 'granted'
         ORDER BY a.decided_on, o.name COLLATE NOCASE, a.id",
    )?;
    let grants = stmt
        .query_map([call_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut dates = conn.prepare(
        "SELECT planned_on, coalesce(paid_on, planned_on) FROM fund_payment
         WHERE application_id = ?1 ORDER BY coalesce(paid_on, planned_on)",
    )?;
    let mut rows = Vec::new();
    for (id, convention, reference, name, siret, rna, title, granted, total) in grants {
        let tranches: Vec<String> = dates
            .query_map([id], |r| r.get::<_, String>(1))?
            .collect::<rusqlite::Result<_>>()?;
        let period = match (tranches.first(), tranches.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}_{b}"),
            (Some(a), _) => a.clone(),
            _ => convention.clone(),
        };
        rows.push(vec![
            grantor.clone(),
            grantor_siret.clone(),
            convention,
            reference,
            name,
            siret,
            rna,
            title,
            decimal_euros(granted),
            "aide en numéraire".into(),
            if tranches.len() > 1 {
                "échelonné".into()
            } else {
                "unique".into()
            },
            period,
            String::new(),
            "non".into(),
            ratio(granted, total),
            call.name.clone(),
        ]);
    }
    Ok(rows)
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
    fn ratios_and_amounts() {
        assert_eq!(ratio(1, 4), "0.25");
        assert_eq!(ratio(5, 5), "1");
        assert_eq!(ratio(1, 3), "0.3333");
        assert_eq!(ratio(2, 3), "0.6667");
        assert_eq!(decimal_euros(123_456), "1234.56");
        assert_eq!(decimal_euros(5), "0.05");
    }
}
