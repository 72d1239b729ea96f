//! Imports: the file is chosen in the native dialog and kept by the shell;
//! the window asks for previews of it under a mapping, then for the import.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use plan_lcd::import::{
    self, ImportBatch, ImportKind, ImportOptions, ImportPreview, ImportProgress, ImportReport,
    Mapping, Watch,
};
use plan_lcd::{ApiError, Error};
use tauri::{AppHandle, Emitter, State};

use crate::state::{now, today, AppState, Db};

/// The event the window listens to for an import's progress
/// ([`ImportProgress`]).
pub const PROGRESS_EVENT: &str = "import-progress";

/// Runs `f` with a watch that sends the import's progress to the window and
/// stops when the person asked (`stop`, cleared first).
fn watched<T>(app: &AppHandle, stop: &Arc<AtomicBool>, f: impl FnOnce(&Watch) -> T) -> T {
    stop.store(false, Ordering::SeqCst);
    let send = |p: ImportProgress| {
        let _ = app.emit(PROGRESS_EVENT, p);
    };
    let stopped = || stop.load(Ordering::SeqCst);
    f(&Watch {
        progress: &send,
        stopped: &stopped,
    })
}

/// The file under way, or a refusal when none was chosen.
fn chosen(db: &Db) -> plan_lcd::Result<std::path::PathBuf> {
    db.import_file
        .clone()
        .ok_or_else(|| Error::Refused("Choisissez d’abord le fichier à importer.".into()))
}

/// Opens the native dialog on spreadsheets (XLSX, XLS, ODS, CSV) and
/// previews the chosen file as records of kind `kind`, with the columns
/// proposed from its header. `None` when the user cancelled.
#[tauri::command]
pub async fn choose_import(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: ImportKind,
    options: ImportOptions,
) -> Result<Option<ImportPreview>, ApiError> {
    let Some(path) = crate::commands::open_dialog(
        &app,
        &kind.dialog_title(),
        "Classeur ou fichier CSV",
        &["xlsx", "xls", "ods", "csv"],
    )
    .await?
    else {
        return Ok(None);
    };
    let stop = Arc::clone(&state.import_stop);
    state
        .run(move |db| {
            let preview = watched(&app, &stop, |w| {
                import::preview_watched(&db.conn, kind, &path, None, None, &options, today(), w)
            })?;
            db.import_file = Some(path);
            Ok(Some(preview))
        })
        .await
}

/// The chosen file's preview again, for sheet `sheet` (the first when
/// null) under `mapping` (proposed from the header when null).
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    kind: ImportKind,
    sheet: Option<String>,
    mapping: Option<Mapping>,
    options: ImportOptions,
) -> Result<ImportPreview, ApiError> {
    state
        .run(move |db| {
            let path = chosen(db)?;
            import::preview(
                &db.conn,
                kind,
                &path,
                sheet.as_deref(),
                mapping,
                &options,
                today(),
            )
        })
        .await
}

/// Imports the chosen file's ready rows as one batch; the file is then
/// forgotten.
#[tauri::command]
pub async fn run_import(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: ImportKind,
    sheet: Option<String>,
    mapping: Mapping,
    options: ImportOptions,
) -> Result<ImportReport, ApiError> {
    let stop = Arc::clone(&state.import_stop);
    state
        .run(move |db| {
            let path = chosen(db)?;
            let actor = db.actor()?;
            let report = watched(&app, &stop, |w| {
                import::import_watched(
                    &mut db.conn,
                    &actor,
                    today(),
                    now(),
                    kind,
                    &path,
                    sheet.as_deref(),
                    mapping,
                    &options,
                    w,
                )
            })?;
            db.import_file = None;
            Ok(report)
        })
        .await
}

/// Stops the preview or import under way: an import stopped before its
/// transaction commits writes nothing. Its command then answers with the
/// refusal « Import arrêté ».
#[tauri::command]
pub async fn stop_import(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.import_stop.store(true, Ordering::SeqCst);
    Ok(())
}

/// Takes an import batch back (the project lead's); how many rows of the
/// file its records were.
#[tauri::command]
pub async fn undo_import(state: State<'_, AppState>, batch_id: i64) -> Result<u32, ApiError> {
    state
        .as_actor(move |conn, actor| import::undo_batch(conn, actor, now(), batch_id))
        .await
}

/// The batches of kind `kind` imported, newest first.
#[tauri::command]
pub async fn list_imports(
    state: State<'_, AppState>,
    kind: ImportKind,
) -> Result<Vec<ImportBatch>, ApiError> {
    state.run(move |db| import::batches(&db.conn, kind)).await
}

/// Saves the columns chosen on screen for kind `kind` to a file chosen in
/// the native save dialog, for `plan-lcd import … --mapping`; the saved
/// path, or null when the user cancelled.
#[tauri::command]
pub async fn save_import_mapping(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: ImportKind,
    mapping: Mapping,
) -> Result<Option<String>, ApiError> {
    let name = format!("colonnes-{}.json", kind.code());
    crate::commands::save_file(
        &app,
        &state,
        &name,
        crate::commands::Saved::Other("Colonnes d’un import (JSON)", "json"),
        move |_, path| import::mapping::save(&mapping, path),
    )
    .await
}
