//! Parsing of what people type in forms: French dates, amounts and decimals.
//!
//! Every parser returns the French message to show beside the field when the
//! text cannot be read, so that modules only decide which rules apply.

use chrono::NaiveDate;

use crate::error::FieldErrors;

/// Largest amount accepted anywhere: ten billion euros, far above any plan's
/// budget, and far below what an `i64` of cents can hold.
pub const MAX_CENTS: i64 = 1_000_000_000_000;

/// Trims a text field and refuses one longer than `max` characters.
pub fn text(raw: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    // A control character (NUL, escape…) is never typed on purpose, prints
    // as nothing, and cuts SQLite's text functions short at a NUL.
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("Ce texte contient un caractère de contrôle invisible : retapez-le.".into());
    }
    if t.chars().any(is_bidi_control) {
        return Err(
            "Ce texte contient un caractère invisible qui inverse le sens d’écriture : retapez-le."
                .into(),
        );
    }
    if t.chars().count() > max {
        return Err(format!(
            "Ce texte est trop long ({max} caractères au plus)."
        ));
    }
    Ok(t.to_string())
}

/// The explicit directional formatting characters of the Unicode
/// Bidirectional Algorithm (UAX #9, section 2: embeddings and overrides
/// U+202A–U+202E, isolates U+2066–U+2069). Typed by no one, pasted by
/// mistake or on purpose, they make the text after them print backwards
/// (a name reversed in a PDF); the marks U+200E/U+200F, which reverse
/// nothing, stay allowed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a spreadsheet opening a CSV would take this text for a formula
/// (it starts with `=`, `+`, `-` or `@`, as OWASP's *CSV injection* note
/// lists them): `=HYPERLINK(…)` becomes a live link in LibreOffice.
pub fn formula_like(s: &str) -> bool {
    s.trim_start().starts_with(['=', '+', '-', '@'])
}

/// Refuses, beside the field, a text that goes into the open-data (SCDL)
/// file and would read as a formula there: that file must carry the value
/// as typed, so it cannot be defused with a quote the way the app's other
/// CSVs are.
pub fn refuse_formula(errors: &mut FieldErrors, field: &str, value: &str) {
    if formula_like(value) && errors.get(field).is_none() {
        errors.add(
            field,
            "Ce texte ne peut pas commencer par =, +, - ou @ : il part dans le fichier des données \
             ouvertes (SCDL), où un tableur le prendrait pour une formule.",
        );
    }
}

/// Reads `dd/mm/yyyy` (one-digit day and month allowed). Empty text is `None`.
pub fn date_fr(raw: &str) -> Result<Option<NaiveDate>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = t.split('/').collect();
    let bad = || "Date invalide : écrivez-la jj/mm/aaaa, par exemple 14/03/2026.".to_string();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        || parts[0].len() > 2
        || parts[1].len() > 2
        || parts[2].len() != 4
    {
        return Err(bad());
    }
    let (d, m, y): (u32, u32, i32) = match (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
        (Ok(d), Ok(m), Ok(y)) => (d, m, y),
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) {
        return Err("Année hors des limites (1900 à 2200).".to_string());
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .map(Some)
        .ok_or_else(|| format!("Cette date n’existe pas : {t}."))
}

/// Writes a date as `dd/mm/yyyy`.
pub fn format_date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Reads a non-negative decimal number with at most `decimals` digits after
/// the comma (or point) and returns it scaled by `10^decimals`: `"3,5"` with
/// two decimals is `350`. Spaces (including no-break ones) and a trailing
/// euro sign are ignored. Empty text is `None`.
pub fn scaled(raw: &str, decimals: u32) -> Result<Option<i64>, String> {
    let cleaned: String = raw
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    if cleaned.starts_with('-') {
        return Err("La valeur ne peut pas être négative.".to_string());
    }
    let normalized = cleaned.replace(',', ".");
    let (int_part, frac_part) = match normalized.split_once('.') {
        Some((i, f)) => (i, f),
        None => (normalized.as_str(), ""),
    };
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits_ok(int_part)
        || !digits_ok(frac_part)
        || (int_part.is_empty() && frac_part.is_empty())
    {
        return Err(
            "Nombre invalide : des chiffres et une virgule, par exemple 3,5 ou 1 234,50."
                .to_string(),
        );
    }
    if frac_part.len() > decimals as usize {
        return Err(match decimals {
            0 => "Un nombre entier, sans virgule.".to_string(),
            1 => "Un chiffre après la virgule au plus.".to_string(),
            n => format!("{n} chiffres après la virgule au plus."),
        });
    }
    if int_part.len() > 13 {
        return Err("Valeur trop grande.".to_string());
    }
    let scale = 10_i64.pow(decimals);
    let int: i64 = if int_part.is_empty() {
        0
    } else {
        int_part
            .parse()
            .map_err(|_| "Valeur trop grande.".to_string())?
    };
    let mut frac: i64 = if frac_part.is_empty() {
        0
    } else {
        frac_part
            .parse()
            .map_err(|_| "Nombre invalide.".to_string())?
    };
    for _ in frac_part.len()..decimals as usize {
        frac *= 10;
    }
    int.checked_mul(scale)
        .and_then(|v| v.checked_add(frac))
        .map(Some)
        .ok_or_else(|| "Valeur trop grande.".to_string())
}

/// Reads an amount in euros into cents.
pub fn money_cents(raw: &str) -> Result<Option<i64>, String> {
    match scaled(raw, 2)? {
        Some(c) if c > MAX_CENTS => Err("Montant trop élevé.".to_string()),
        other => Ok(other),
    }
}

/// Reads a whole, non-negative count. Empty text is `None`.
pub fn count(raw: &str) -> Result<Option<i64>, String> {
    let t: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with('-') {
        return Err("Le nombre ne peut pas être négatif.".to_string());
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err("Nombre entier attendu.".to_string());
    }
    match t.parse::<i64>() {
        Ok(n) if n <= 1_000_000 => Ok(Some(n)),
        _ => Err("Nombre trop grand (1 000 000 au plus).".to_string()),
    }
}

/// Reads a time of day `hh:mm` (or `9h30`, `9:30`, `14h`) into `HH:MM`.
/// Empty text is `None`.
pub fn time_hm(raw: &str) -> Result<Option<String>, String> {
    let t = raw.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || "Heure invalide : écrivez-la hh:mm, par exemple 09:30 ou 18:00.".to_string();
    let (h, m) = match t.split_once([':', 'h']) {
        Some((h, "")) => (h, "0"),
        Some((h, m)) => (h, m),
        None => return Err(bad()),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(bad());
    }
    let (h, m): (u32, u32) = match (h.parse(), m.parse()) {
        (Ok(h), Ok(m)) => (h, m),
        _ => return Err(bad()),
    };
    if h > 23 || m > 59 {
        return Err(format!("Cette heure n’existe pas : {}.", raw.trim()));
    }
    Ok(Some(format!("{h:02}:{m:02}")))
}

/// Writes a scaled number back the way a French form shows it: `350` with two
/// decimals is `"3,5"`, `1200` is `"12"`.
pub fn format_scaled(value: i64, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals);
    let int = value / scale;
    let frac = value % scale;
    if frac == 0 {
        return int.to_string();
    }
    let frac = format!("{:0width$}", frac, width = decimals as usize);
    format!("{int},{}", frac.trim_end_matches('0'))
}

/// Writes cents the way a French form shows an amount: `85050` is
/// `"850,50"`, `100000` is `"1000"`.
pub fn format_cents(cents: i64) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{},{:02}", cents / 100, cents % 100)
    }
}

// ---------------------------------------------------------------------------
// Form helpers: each reads one field of a raw form and records its French
// message in the form's errors, so that a validator reports every field at once.

/// A text field, trimmed and bounded; on error, its message is recorded and
/// the text is empty.
pub fn text_field(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> String {
    text(raw, max).unwrap_or_else(|e| {
        errors.add(field, e);
        String::new()
    })
}

/// A text field that must not be empty: `missing` is its message then.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    max: usize,
    missing: &str,
) -> String {
    let t = text_field(errors, field, raw, max);
    if t.is_empty() && errors.get(field).is_none() {
        errors.add(field, missing);
    }
    t
}

/// A code picked from a list, or `message` beside the field when it is none.
pub fn chosen<T>(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<T>,
    message: &str,
) -> Option<T> {
    if value.is_none() {
        errors.add(field, message);
    }
    value
}

/// A record's commune (a session's, an event's, a structure's): empty, or
/// an INSEE code the territory holds (`exists`, as
/// [`crate::territory::commune_exists`] answers).
pub fn territory_commune(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    exists: impl Fn(&str) -> bool,
) -> Option<String> {
    match raw.trim() {
        "" => None,
        code if exists(code) => Some(code.to_string()),
        _ => {
            errors.add(field, "Cette commune n’appartient pas au territoire.");
            None
        }
    }
}

/// A capacity (places): empty when unknown, else a positive count.
pub fn capacity(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let capacity = parsed(errors, field, count(raw));
    if capacity == Some(0) {
        errors.add(
            field,
            "La capacité doit être positive (laissez vide si elle est inconnue).",
        );
    }
    capacity
}

/// The value a parser read, or `None` with its message recorded.
pub fn parsed<T>(errors: &mut FieldErrors, field: &str, r: Result<Option<T>, String>) -> Option<T> {
    r.unwrap_or_else(|e| {
        errors.add(field, e);
        None
    })
}

/// A `dd/mm/yyyy` date that may be left empty.
pub fn optional_date(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<NaiveDate> {
    parsed(errors, field, date_fr(raw))
}

/// A `dd/mm/yyyy` date that must be given: `missing` is its message then.
pub fn required_date(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    missing: &str,
) -> Option<NaiveDate> {
    let d = optional_date(errors, field, raw);
    if d.is_none() && errors.get(field).is_none() {
        errors.add(field, missing);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(text("  Atelier \n", 10), Ok("Atelier".into()));
        assert_eq!(
            text("ligne 1\r\nligne 2\tfin", 50),
            Ok("ligne 1\r\nligne 2\tfin".into())
        );
        assert!(text("a\0b", 10)
            .unwrap_err()
            .contains("caractère de contrôle"));
        assert!(text("\u{1b}[31m", 10).is_err());
        assert_eq!(text(&"é".repeat(10), 10), Ok("é".repeat(10)));
        assert!(text(&"é".repeat(11), 10)
            .unwrap_err()
            .contains("10 caractères au plus"));
    }

    #[test]
    fn dates() {
        assert_eq!(
            date_fr("14/03/2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 14))
        );
        assert_eq!(
            date_fr(" 1/2/2026 "),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 1))
        );
        assert_eq!(date_fr(""), Ok(None));
        assert!(date_fr("31/02/2027").unwrap_err().contains("n’existe pas"));
        assert!(date_fr("2026-03-14").is_err());
        assert!(date_fr("14/03/26").is_err());
        assert!(date_fr("aa/bb/cccc").is_err());
        assert!(
            date_fr("١٤/٠٣/٢٠٢٦").is_err(),
            "only ASCII digits are dates"
        );
    }

    #[test]
    fn amounts() {
        assert_eq!(money_cents("1 234,56 €"), Ok(Some(123_456)));
        assert_eq!(money_cents("1\u{202f}234,5"), Ok(Some(123_450)));
        assert_eq!(money_cents("12"), Ok(Some(1_200)));
        assert_eq!(money_cents("0,05"), Ok(Some(5)));
        assert_eq!(money_cents(""), Ok(None));
        assert!(money_cents("-3").is_err());
        assert!(
            money_cents("1,234").is_err(),
            "three decimals are not cents"
        );
        assert!(money_cents("12a").is_err());
        assert!(money_cents("NaN").is_err());
        assert!(money_cents("99999999999999999999").is_err());
        assert!(money_cents(",").is_err());
    }

    #[test]
    fn counts_and_formatting() {
        assert_eq!(count("12"), Ok(Some(12)));
        assert!(count("1,5").is_err());
        assert!(count("-1").is_err());
        assert_eq!(format_scaled(350, 2), "3,5");
        assert_eq!(format_scaled(1200, 2), "12");
        assert_eq!(format_scaled(5, 2), "0,05");
        assert_eq!(format_scaled(42, 1), "4,2");
    }
}
