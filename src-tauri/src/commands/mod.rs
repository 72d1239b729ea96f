//! The window's commands, one file per domain. Each takes its input, calls one
//! core function inside [`crate::state::AppState::run`] and maps the error.

pub mod audit;
pub mod backup;
pub mod budget;
pub mod events;
pub mod fund;
pub mod import;
pub mod partners;
pub mod plan;
pub mod privacy;
pub mod setup;
pub mod territory;
pub mod trainings;

use std::path::{Path, PathBuf};

use plan_lcd::export::SheetFormat;
use plan_lcd::{ApiError, Error};
use tauri::{AppHandle, Manager};

use crate::state::{AppState, Db};

/// The save dialog's filter for a spreadsheet format: (name shown, extension).
pub fn sheet_filter(format: SheetFormat) -> (&'static str, &'static str) {
    match format {
        SheetFormat::Csv => ("Fichier CSV", "csv"),
        SheetFormat::Xlsx => ("Classeur Excel", "xlsx"),
    }
}

/// Opens the system's native save dialog from the Rust side, proposing
/// `file_name` with one filter (`filter_name`, `ext`, e.g. "Document PDF",
/// "pdf"). GTK wants the dialog created on the main thread; the answer is
/// awaited here, off it. `None` means the user cancelled.
pub async fn save_dialog(
    app: &AppHandle,
    file_name: &str,
    filter_name: &'static str,
    ext: &'static str,
) -> Result<Option<PathBuf>, ApiError> {
    let (tx, rx) = futures_channel::oneshot::channel();
    let window = app.get_webview_window("main");
    let file_name = file_name.to_string();
    app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title("Enregistrer le fichier")
            .set_file_name(&file_name)
            .add_filter(filter_name, &[ext]);
        if let Some(w) = window.as_ref() {
            dialog = dialog.set_parent(w);
        }
        let pending = dialog.save_file();
        tauri::async_runtime::spawn(async move {
            let _ = tx.send(pending.await.map(|h| h.path().to_path_buf()));
        });
    })
    .map_err(|e| {
        ApiError::from(Error::Refused(format!(
            "La fenêtre d’enregistrement n’a pas pu s’ouvrir : {e}"
        )))
    })?;
    let chosen = rx.await.unwrap_or(None);
    // GTK keeps the name typed even when the filter's extension is missing.
    Ok(chosen.map(|p| {
        if p.extension().is_none() {
            p.with_extension(ext)
        } else {
            p
        }
    }))
}

/// A file the core writes for the user: a spreadsheet, a PDF, or another
/// kind named by its filter (name shown, extension).
#[derive(Clone, Copy)]
pub enum Saved {
    Sheet(SheetFormat),
    Pdf,
    Other(&'static str, &'static str),
}

/// Asks where to save `file_name` (native dialog, one filter for `kind`),
/// then lets `write` write the file there on the database's thread (what it
/// returns, a count of rows say, is not needed). The saved path, or `None`
/// when the user cancelled.
pub async fn save_file<T, F>(
    app: &AppHandle,
    state: &AppState,
    file_name: &str,
    kind: Saved,
    write: F,
) -> Result<Option<String>, ApiError>
where
    F: FnOnce(&mut Db, &Path) -> plan_lcd::Result<T> + Send + 'static,
{
    let (filter_name, ext) = match kind {
        Saved::Sheet(format) => sheet_filter(format),
        Saved::Pdf => ("Document PDF", "pdf"),
        Saved::Other(filter_name, ext) => (filter_name, ext),
    };
    let Some(path) = save_dialog(app, file_name, filter_name, ext).await? else {
        return Ok(None);
    };
    state
        .run(move |db| {
            write(db, &path)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}

/// Opens the system's native open dialog from the Rust side, with one filter.
/// `None` means the user cancelled.
pub async fn open_dialog(
    app: &AppHandle,
    title: &str,
    filter_name: &'static str,
    exts: &'static [&'static str],
) -> Result<Option<PathBuf>, ApiError> {
    let (tx, rx) = futures_channel::oneshot::channel();
    let window = app.get_webview_window("main");
    let title = title.to_string();
    app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title(title)
            .add_filter(filter_name, exts);
        if let Some(w) = window.as_ref() {
            dialog = dialog.set_parent(w);
        }
        let pending = dialog.pick_file();
        tauri::async_runtime::spawn(async move {
            let _ = tx.send(pending.await.map(|h| h.path().to_path_buf()));
        });
    })
    .map_err(|e| {
        ApiError::from(Error::Refused(format!(
            "La fenêtre d’ouverture n’a pas pu s’ouvrir : {e}"
        )))
    })?;
    Ok(rx.await.unwrap_or(None))
}

/// Environment variable naming a program that replaces the system's viewer:
/// it is run with the file's path as its only argument (the end-to-end tests
/// use it to read the file that would have been opened).
pub const OPEN_WITH_ENV: &str = "PLAN_LCD_OPEN_WITH";

/// Opens a file the app wrote in the system's default application for its
/// type (`xdg-open` on Linux), or in the program `PLAN_LCD_OPEN_WITH` names.
/// The path always comes from the core, never from the window.
pub fn open_in_viewer(path: &Path) -> Result<(), ApiError> {
    let refused = |e: String| {
        ApiError::from(Error::Refused(format!(
            "Le document a été créé ({}) mais n’a pas pu s’ouvrir : {e}",
            path.display()
        )))
    };
    match std::env::var_os(OPEN_WITH_ENV) {
        Some(program) if !program.is_empty() => {
            let mut child = std::process::Command::new(program)
                .arg(path)
                .spawn()
                .map_err(|e| refused(e.to_string()))?;
            // Reaped off the window's thread, so that no process is left behind.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        _ => opener::open(path).map_err(|e| refused(e.to_string())),
    }
}
