use plan_lcd::audit::reading::{self, JournalFilter, JournalPage, JournalQuery};
use plan_lcd::export::SheetFormat;
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::AppState;

#[tauri::command]
pub async fn list_audit(
    state: State<'_, AppState>,
    query: JournalQuery,
) -> Result<JournalPage, ApiError> {
    state.run(move |db| reading::page(&db.conn, &query)).await
}

/// Asks where to save the journal (the entries the filter keeps) through the
/// native dialog, then writes it in the core. `None` when the user cancelled.
#[tauri::command]
pub async fn export_audit(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: JournalFilter,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let today = chrono::Local::now().date_naive();
    let file_name = reading::export_file_name(today, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| reading::export(&db.conn, &filter, format, path),
    )
    .await
}
