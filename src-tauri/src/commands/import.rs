//! Imports: the file is chosen in the native dialog and kept by the shell;
//! the window asks for previews of it under a mapping, then for the import.

use plan_lcd::import::trainings::{self, ImportBatch, ImportPreview, ImportReport};
use plan_lcd::import::Mapping;
use plan_lcd::{ApiError, Error};
use tauri::{AppHandle, State};

use crate::state::{now, today, AppState, Db};

/// The file under way, or a refusal when none was chosen.
fn chosen(db: &Db) -> plan_lcd::Result<std::path::PathBuf> {
    db.import_file
        .clone()
        .ok_or_else(|| Error::Refused("Choisissez d’abord le fichier à importer.".into()))
}

/// Opens the native dialog on spreadsheets (XLSX, XLS, ODS, CSV) and
/// previews the chosen file as training sessions, with the columns
/// proposed from its header. `None` when the user cancelled.
#[tauri::command]
pub async fn choose_trainings_import(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<ImportPreview>, ApiError> {
    let Some(path) = crate::commands::open_dialog(
        &app,
        "Importer des sessions de formation",
        "Classeur ou fichier CSV",
        &["xlsx", "xls", "ods", "csv"],
    )
    .await?
    else {
        return Ok(None);
    };
    state
        .run(move |db| {
            let preview = trainings::preview(&db.conn, &path, None, None, today())?;
            db.import_file = Some(path);
            Ok(Some(preview))
        })
        .await
}

/// The chosen file's preview again, for sheet `sheet` (the first when
/// null) under `mapping` (proposed from the header when null).
#[tauri::command]
pub async fn preview_trainings_import(
    state: State<'_, AppState>,
    sheet: Option<String>,
    mapping: Option<Mapping>,
) -> Result<ImportPreview, ApiError> {
    state
        .run(move |db| {
            trainings::preview(&db.conn, &chosen(db)?, sheet.as_deref(), mapping, today())
        })
        .await
}

/// Imports the chosen file's ready rows as one batch; the file is then
/// forgotten.
#[tauri::command]
pub async fn run_trainings_import(
    state: State<'_, AppState>,
    sheet: Option<String>,
    mapping: Mapping,
) -> Result<ImportReport, ApiError> {
    state
        .run(move |db| {
            let path = chosen(db)?;
            let actor = db.actor()?;
            let report = trainings::import(
                &mut db.conn,
                &actor,
                today(),
                now(),
                &path,
                sheet.as_deref(),
                mapping,
            )?;
            db.import_file = None;
            Ok(report)
        })
        .await
}

/// Takes an import batch back (the project lead's); the number of sessions
/// removed.
#[tauri::command]
pub async fn undo_trainings_import(
    state: State<'_, AppState>,
    batch_id: i64,
) -> Result<u32, ApiError> {
    state
        .as_actor(move |conn, actor| trainings::undo_batch(conn, actor, now(), batch_id))
        .await
}

/// The batches of sessions imported, newest first.
#[tauri::command]
pub async fn list_trainings_imports(
    state: State<'_, AppState>,
) -> Result<Vec<ImportBatch>, ApiError> {
    state.run(|db| trainings::batches(&db.conn)).await
}
