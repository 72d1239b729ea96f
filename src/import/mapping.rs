//! Which column of a file feeds which field of a form. The app proposes it
//! from the header's words, compared without accents, case, punctuation or
//! extra spaces, against each field's label and its French synonyms; the
//! person corrects it, or gives one value for every row to a field the file
//! does not have (a legacy file seldom says « Présentiel »).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A field an import fills: its key (the form's field name), its label, and
/// the other words a header may use for it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub synonyms: &'static [&'static str],
}

/// Where one field takes its value from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Source {
    /// The column at this index (from 0) of the header.
    Column(usize),
    /// The same text for every row, as the form would take it.
    Value(String),
}

/// For each field key, where its value comes from; a field not listed stays
/// empty, as in an empty form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct Mapping(pub BTreeMap<String, Source>);

impl std::ops::Deref for Mapping {
    type Target = BTreeMap<String, Source>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Mapping {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// Writes `mapping` to the file at `path`, as JSON (`{"title": {"kind":
/// "column", "value": 0}, "format": {"kind": "value", "value":
/// "in_person"}}`): the file `plan-lcd import --mapping` reads, so that the
/// IT department's bulk loads take the columns a person chose in the window.
pub fn save(mapping: &Mapping, path: &std::path::Path) -> crate::Result<()> {
    let json =
        serde_json::to_string_pretty(mapping).map_err(|e| crate::Error::Refused(e.to_string()))?;
    std::fs::write(path, json + "\n")?;
    Ok(())
}

/// Reads a mapping written by [`save`]; a file that is not one is refused
/// in French.
pub fn load(path: &std::path::Path) -> crate::Result<Mapping> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        crate::Error::Refused(format!("{} ne peut pas être lu : {e}.", path.display()))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        crate::Error::Refused(format!(
            "{} n’est pas un fichier de colonnes enregistré par Plan LCD : {e}.",
            path.display()
        ))
    })
}

/// A header or a label reduced to its words: `« Date de début »` →
/// `date de debut`, `Nb. d'inscrit·es` → `nb d inscrit es`.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mapping proposed for `headers`: each field takes the column whose
/// header is its label or, else, one of its synonyms, in the order the field
/// lists them (a DS export's « Association titre » names the structure
/// before its applicant's « Nom » does); failing that, the column whose
/// header holds one of them as whole words. A column feeds one field only.
pub fn propose(fields: &[FieldSpec], headers: &[String]) -> Mapping {
    let heads: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let words = |f: &FieldSpec| -> Vec<String> {
        std::iter::once(f.label)
            .chain(f.synonyms.iter().copied())
            .map(normalize)
            .collect()
    };
    let mut taken = vec![false; heads.len()];
    let mut mapping = Mapping::default();
    let exact = |s: &str, h: &str| s == h;
    let within = |s: &str, h: &str| s.len() > 2 && format!(" {h} ").contains(&format!(" {s} "));
    for pass in [&exact as &dyn Fn(&str, &str) -> bool, &within] {
        for f in fields {
            if mapping.contains_key(f.key) {
                continue;
            }
            let column = words(f)
                .iter()
                .find_map(|s| (0..heads.len()).find(|&i| !taken[i] && pass(s, &heads[i])));
            if let Some(i) = column {
                taken[i] = true;
                mapping.insert(f.key.to_string(), Source::Column(i));
            }
        }
    }
    mapping
}

/// The value of field `key` for a row's `cells` under `mapping` (empty when
/// the field is not mapped, or its column is past the row).
pub fn value_of<'a>(mapping: &'a Mapping, key: &str, cells: &'a [String]) -> &'a str {
    match mapping.get(key) {
        Some(Source::Column(i)) => cells.get(*i).map_or("", String::as_str),
        Some(Source::Value(v)) => v,
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_without_accents_case_or_punctuation() {
        assert_eq!(normalize("  Date de DÉBUT "), "date de debut");
        assert_eq!(normalize("Nb. d’inscrit·es"), "nb d inscrit es");
        assert_eq!(normalize("Coût réel (€)"), "cout reel");
    }

    #[test]
    fn a_field_takes_its_exact_header_first_and_each_column_once() {
        const FIELDS: &[FieldSpec] = &[
            FieldSpec {
                key: "title",
                label: "Intitulé",
                synonyms: &["Titre", "Nom de l'action"],
            },
            FieldSpec {
                key: "first_day",
                label: "Date de début",
                synonyms: &["Date"],
            },
            FieldSpec {
                key: "last_day",
                label: "Date de fin",
                synonyms: &[],
            },
        ];
        let headers: Vec<String> = ["N°", "Date", "NOM DE L’ACTION", "Date de fin prévue"]
            .map(String::from)
            .to_vec();
        let m = propose(FIELDS, &headers);
        assert_eq!(m.get("title"), Some(&Source::Column(2)));
        assert_eq!(m.get("first_day"), Some(&Source::Column(1)));
        assert_eq!(
            m.get("last_day"),
            Some(&Source::Column(3)),
            "« date de fin » within « date de fin prevue »"
        );
        let ds: Vec<String> = ["ID", "Nom", "Prénom", "Association titre"]
            .map(String::from)
            .to_vec();
        let structure = FieldSpec {
            key: "organisation",
            label: "Structure",
            synonyms: &["Association titre", "Nom"],
        };
        assert_eq!(
            propose(&[structure], &ds).get("organisation"),
            Some(&Source::Column(3)),
            "the synonyms' order, not the columns', decides"
        );
        let row: Vec<String> = ["1", "14/03/2026", "Atelier", ""]
            .map(String::from)
            .to_vec();
        assert_eq!(value_of(&m, "title", &row), "Atelier");
        assert_eq!(value_of(&m, "theme", &row), "");
    }

    #[test]
    fn a_saved_mapping_reads_back_and_a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("colonnes.json");
        let mut m = Mapping::default();
        m.insert("title".into(), Source::Column(2));
        m.insert("format".into(), Source::Value("remote".into()));
        save(&m, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(r#""kind": "column""#), "{text}");
        assert_eq!(load(&path).unwrap(), m);
        std::fs::write(&path, "Intitulé;Date").unwrap();
        let err = load(&path).unwrap_err();
        assert!(
            matches!(err, crate::Error::Refused(ref t) if t.contains("pas un fichier de colonnes"))
        );
    }
}
