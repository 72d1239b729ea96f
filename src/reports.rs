//! Printable reports: Typst templates compiled in-process to PDF.
//!
//! A module that prints something owns its template (under `assets/reports/`,
//! included at build time) and a serializable data value; this module turns the
//! two into PDF bytes or a file. The data travels as one JSON document read by
//! the template with `json(bytes(sys.inputs.data))`, so whatever a user typed
//! reaches the page as text and is never parsed as Typst markup.
//!
//! The fonts are embedded in the binary (`assets/fonts/`, DejaVu Sans, free
//! licence beside them): rendering reads no system font and opens no network
//! connection, so the same data gives the same PDF on every machine.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::error::{Error, Result};

static FONTS: [&[u8]; 3] = [
    include_bytes!("../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../assets/fonts/DejaVuSans-Oblique.ttf"),
];

/// Whether the embedded fonts can draw `c`, from their character maps.
fn printable(c: char) -> bool {
    static COVERAGE: std::sync::OnceLock<Vec<typst::text::Font>> = std::sync::OnceLock::new();
    let fonts = COVERAGE.get_or_init(|| {
        FONTS
            .iter()
            .flat_map(|f| typst::text::Font::iter(typst::foundations::Bytes::new(*f)))
            .collect()
    });
    c.is_whitespace() || fonts.iter().any(|f| f.info().coverage.contains(c as u32))
}

/// What a report prints of a text a user typed: the characters the embedded
/// fonts cannot draw (emoji and other pictographs, which would print as
/// empty boxes) and the directional overrides (which would print the rest
/// backwards, see [`crate::input::is_bidi_control`]) are left out,
/// deliberately, and the rest is kept as typed.
pub fn printable_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dropped = false;
    for c in s.chars() {
        // The joiner and the variation selectors of a dropped emoji
        // sequence (🏳️‍🌈) go with it; elsewhere they shape the script.
        let joins = c == '\u{200D}' || ('\u{FE00}'..='\u{FE0F}').contains(&c);
        dropped = crate::input::is_bidi_control(c) || !printable(c) || (joins && dropped);
        if !dropped {
            out.push(c);
        }
    }
    out
}

fn printable_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if s.chars().any(|c| !c.is_ascii()) {
                *s = printable_text(s);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(printable_json),
        serde_json::Value::Object(map) => map.values_mut().for_each(printable_json),
        _ => {}
    }
}

/// Compiles `template` (Typst source) with `data` and returns the PDF bytes.
/// Every text in `data` goes through [`printable_text`].
pub fn render_pdf<T: Serialize>(template: &str, data: &T) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(data)
        .map_err(|e| Error::Report(format!("report data is not serializable: {e}")))?;
    printable_json(&mut value);
    let json = value.to_string();
    let engine = TypstEngine::builder()
        .main_file(template.to_string())
        .fonts(FONTS)
        .build();
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.into_value());
    let doc: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| Error::Report(format!("template does not compile: {e}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| Error::Report(format!("PDF export failed: {e:?}")))
}

/// Renders and writes the PDF to `path`, flushed to disk before returning so
/// that a user who opens the file at once finds it whole.
pub fn write_pdf<T: Serialize>(template: &str, data: &T, path: &Path) -> Result<()> {
    let bytes = render_pdf(template, data)?;
    let mut file = std::fs::File::create(path)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    Ok(())
}

/// A report's footer with the journal's *empreinte* (see
/// [`crate::anchor::Head::fingerprint`]): the printed page then anchors the
/// journal outside the file, so that a journal rewritten after it was
/// printed can be shown to disagree with the paper.
pub fn with_fingerprint(conn: &rusqlite::Connection, footer: String) -> Result<String> {
    Ok(match crate::anchor::head(conn)? {
        Some(head) => format!("{footer} · empreinte du journal {}", head.fingerprint()),
        None => footer,
    })
}

const NNBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

/// A whole number as French print groups it: `12345` → `12 345` (narrow
/// no-break space, as `Intl.NumberFormat('fr-FR')` writes it in the window).
pub fn count_fr(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A count with its noun, singular for 0 and 1 as French wants:
/// `quantity_fr(1, "dossier", "dossiers")` → `1 dossier`, `1 234 dossiers`.
pub fn quantity_fr(n: i64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        count_fr(n),
        if n.abs() < 2 { singular } else { plural }
    )
}

/// Cents as French print writes euros: `123456` → `1 234,56 €`.
pub fn money_fr(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}{NBSP}€", count_fr((c / 100) as i64), c % 100)
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2026-03-16` → `lundi 16 mars 2026`; the first of a month is `1er`.
pub fn long_date_fr(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let day = match d.day() {
        1 => "1er".to_string(),
        n => n.to_string(),
    };
    format!(
        "{} {} {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        day,
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// The folder, beside the database file, where the unit keeps its own
/// versions of the report templates that may be edited (the notification
/// letter): `modeles/`.
pub fn templates_dir(db_path: &Path) -> std::path::PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("modeles")
}

/// The template named `file`: the unit's own version in `dir` when there is
/// one, `builtin` otherwise. The second value is the file read, if any.
pub fn template_source(
    dir: &Path,
    file: &str,
    builtin: &str,
) -> Result<(String, Option<std::path::PathBuf>)> {
    let custom = dir.join(file);
    match std::fs::read_to_string(&custom) {
        Ok(source) => Ok((source, Some(custom))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((builtin.to_string(), None)),
        Err(e) => Err(e.into()),
    }
}

/// Copies `builtin` to `dir/file` for the unit to edit, unless the file is
/// already there (an edited version is never overwritten). Returns its path.
pub fn install_template(dir: &Path, file: &str, builtin: &str) -> Result<std::path::PathBuf> {
    let target = dir.join(file);
    if !target.exists() {
        std::fs::create_dir_all(dir)?;
        let mut f = std::fs::File::create(&target)?;
        f.write_all(builtin.as_bytes())?;
        f.sync_all()?;
    }
    Ok(target)
}
