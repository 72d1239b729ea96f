//! Imports: the data a unit already has comes in, checked, all or nothing.
//!
//! `read.rs` reads a file (XLSX, XLS, ODS, CSV) into a table of text cells;
//! `mapping.rs` says which column feeds which form field, proposed from the
//! header's words; each kind of record then turns a row into its form as
//! typed (`*Input`) and checks it with the form's own validator, so that an
//! import refuses what the form refuses, in the same words. The preview
//! writes nothing; the import writes the ready rows as one batch
//! (`import_batch`, journaled with the file's name and SHA-256, the sheet
//! and the mapping) in one transaction, and the project lead can take a
//! batch back while nothing has been built on it.
//!
//! Kinds so far: training sessions (`trainings.rs`).

pub mod mapping;
pub mod read;
pub mod trainings;

pub use mapping::{Mapping, Source};
