//! Plan LCD's core: the domain modules, the SQLite store and the exports.
//!
//! It knows nothing of Tauri: the desktop shell in `src-tauri` and the
//! `plan-lcd` CLI both call these functions, and so do the tests.

#[macro_use]
mod macros;

pub mod anchor;
pub mod audit;
pub mod backup;
pub mod budget;
pub mod check;
#[macro_use]
pub mod dates;
pub mod demo;
pub mod error;
pub mod events;
pub mod export;
pub mod fund;
pub mod import;
pub mod input;
pub mod labels;
pub mod lock;
pub mod log;
pub mod partners;
pub mod plan;
pub mod privacy;
pub mod reports;
pub mod rights;
pub mod sirene;
pub mod sql;
pub mod status;
pub mod store;
pub mod territory;
pub mod trainings;

pub use error::{ApiError, Error, Result};

/// The version shown in the app, the package and `plan-lcd --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
