//! The core's errors, and the one serializable shape they take at the IPC edge.
//!
//! Validation failures carry one French message per field, keyed by the input
//! struct's field name, so that a form can show each message beside its field.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

/// Every field's message, keyed by the name of the field in the input struct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the first message for a field; later ones for the same field are
    /// dropped because the form shows one message per field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// `Ok(())` when no field failed, the whole list otherwise.
    pub fn into_result(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error("{0}")]
    NotFound(&'static str),
    /// A refusal the user can act on, already worded in French.
    #[error("{0}")]
    Refused(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("migration error: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("spreadsheet error: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A report template failed to compile: a defect of the template, never of user data.
    #[error("report error: {0}")]
    Report(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Whether SQLite found the file is not a database, or a damaged one.
    pub fn is_damaged_file(&self) -> bool {
        let code = match self {
            Error::Db(e) => e.sqlite_error_code(),
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                err.sqlite_error_code()
            }
            _ => None,
        };
        matches!(
            code,
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
        )
    }
}

/// A file-system error in French, by its kind (the system's own message is
/// in the system's language, often English).
fn io_in_french(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "le fichier ou le dossier n’existe pas",
        K::PermissionDenied => "l’accès au fichier ou au dossier est refusé",
        K::ReadOnlyFilesystem => "le disque est en lecture seule",
        K::StorageFull => "le disque est plein",
        K::AlreadyExists => "le fichier existe déjà",
        _ => "le fichier n’a pas pu être lu ou écrit",
    };
    format!("Opération impossible : {why}.")
}

/// The error as the window receives it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// `invalid`, `not_found`, `refused` or `internal`.
    pub code: String,
    /// A French sentence for the whole form or page.
    pub message: String,
    /// One French message per field, keyed by the input field's name.
    pub fields: BTreeMap<String, String>,
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        let (code, message, fields) = match err {
            Error::Invalid(f) => (
                "invalid",
                "Le formulaire contient des erreurs : rien n’a été enregistré.".to_string(),
                f.0,
            ),
            Error::NotFound(what) => ("not_found", format!("{what} introuvable."), BTreeMap::new()),
            Error::Refused(msg) => ("refused", msg, BTreeMap::new()),
            other if other.is_damaged_file() => (
                "refused",
                "Le fichier n’est pas une base Plan LCD lisible, ou il est endommagé. \
                 Restaurez la copie de sauvegarde la plus récente (dossier backups à côté du fichier)."
                    .to_string(),
                BTreeMap::new(),
            ),
            Error::Io(e) => ("refused", io_in_french(&e), BTreeMap::new()),
            other => (
                "internal",
                format!("Une erreur inattendue est survenue : {other}"),
                BTreeMap::new(),
            ),
        };
        ApiError {
            code: code.to_string(),
            message,
            fields,
        }
    }
}
