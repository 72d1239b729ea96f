//! The identifiers of the French business register (SIRENE): the SIREN of a
//! legal unit (9 digits) and the SIRET of one of its establishments (the
//! SIREN and a 5-digit NIC). Every place that reads one (the fund's
//! organisations and the call's grantor, the partners, the unit's EPCI) goes
//! through these functions, so that a number the app accepts is one the
//! official SCDL validator accepts too.

/// Whether the Luhn sum of `digits` (ASCII digits only) is a multiple of 10.
// `is_multiple_of` would need Rust 1.87; the project builds with 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn luhn_sum_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// La Poste's SIREN: its establishments do not carry the Luhn key on their
/// fourteen digits.
const LA_POSTE_SIREN: &str = "356000000";

/// La Poste's head office, which keeps the Luhn key.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// Whether a SIREN (9 digits) is valid: its last digit is the Luhn key of
/// the first eight.
///
/// The rule is INSEE's (insee.fr/fr/metadonnees/definition/c2047) as
/// python-stdnum applies it in `stdnum.fr.siren`, which the official SCDL
/// validator (Validata) runs; the tests compare this function with stdnum.
/// No maintained Rust crate holds the French rule with its La Poste case, so
/// the project keeps its own ten lines.
pub fn siren_is_valid(siren: &str) -> bool {
    siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit()) && luhn_sum_ok(siren)
}

/// Whether a SIRET (14 digits) is valid. Two keys hold: the SIREN, its first
/// nine digits, carries its own Luhn key, and the fourteen digits carry
/// theirs. La Poste's establishments (SIREN 356 000 000) are the one
/// exception INSEE documents: their fourteen digits add up to a multiple of
/// 5 instead, except the head office (35600000000048), which keeps the Luhn
/// key.
///
/// Source: INSEE (insee.fr/fr/metadonnees/definition/c1841) and
/// python-stdnum's `stdnum.fr.siret`, which the official SCDL validator
/// (Validata) runs: a number this function accepts is one the validator
/// accepts, as the tests check against stdnum itself.
pub fn siret_is_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let fourteen_ok = if siret.starts_with(LA_POSTE_SIREN) && siret != LA_POSTE_HEAD_OFFICE {
        siret.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0
    } else {
        luhn_sum_ok(siret)
    };
    fourteen_ok && siren_is_valid(&siret[..9])
}

/// Drops the separators people type inside a SIRET or a SIREN.
fn compact_number(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '-'))
        .collect()
}

/// Reads a SIRET typed with or without spaces; `Ok(None)` when empty. The
/// message says which key is wrong: the SIREN's (its first nine digits) or
/// the whole number's.
pub fn parse_siret(raw: &str) -> std::result::Result<Option<String>, String> {
    let s = compact_number(raw);
    if s.is_empty() {
        return Ok(None);
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err("Le SIRET ne contient que des chiffres (14).".into());
    }
    if s.len() != 14 {
        return Err(format!(
            "Le SIRET compte 14 chiffres ; celui-ci en a {}.",
            s.len()
        ));
    }
    if !siren_is_valid(&s[..9]) {
        return Err(format!(
            "Ce SIRET n’est pas valide : ses 9 premiers chiffres (le SIREN {}) n’ont pas une clé de contrôle correcte (vérifiez chaque chiffre).",
            &s[..9]
        ));
    }
    if !siret_is_valid(&s) {
        return Err(
            "Ce SIRET n’est pas valide : sa clé de contrôle ne correspond pas (vérifiez chaque chiffre)."
                .into(),
        );
    }
    Ok(Some(s))
}

/// Reads a SIREN typed with or without spaces; `Ok(None)` when empty.
pub fn parse_siren(raw: &str) -> std::result::Result<Option<String>, String> {
    let s = compact_number(raw);
    if s.is_empty() {
        return Ok(None);
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err("Le SIREN ne contient que des chiffres (9).".into());
    }
    if s.len() != 9 {
        return Err(format!(
            "Le SIREN compte 9 chiffres ; celui-ci en a {}.",
            s.len()
        ));
    }
    if !siren_is_valid(&s) {
        return Err(
            "Ce SIREN n’est pas valide : sa clé de contrôle ne correspond pas (vérifiez chaque chiffre)."
                .into(),
        );
    }
    Ok(Some(s))
}
