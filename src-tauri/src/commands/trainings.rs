use plan_lcd::export::SheetFormat;
use plan_lcd::trainings::{
    self, TrainingInput, TrainingPage, TrainingQuery, TrainingSession, TrainingStats,
};
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn list_trainings(
    state: State<'_, AppState>,
    query: TrainingQuery,
) -> Result<TrainingPage, ApiError> {
    state.run(move |db| trainings::list(&db.conn, &query)).await
}

#[tauri::command]
pub async fn get_training_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<TrainingInput, ApiError> {
    state.run(move |db| trainings::form(&db.conn, id)).await
}

#[tauri::command]
pub async fn create_training(
    state: State<'_, AppState>,
    input: TrainingInput,
) -> Result<TrainingSession, ApiError> {
    state
        .as_actor(move |conn, actor| trainings::create(conn, actor, today(), now(), &input))
        .await
}

#[tauri::command]
pub async fn update_training(
    state: State<'_, AppState>,
    id: i64,
    input: TrainingInput,
) -> Result<TrainingSession, ApiError> {
    state
        .as_actor(move |conn, actor| trainings::update(conn, actor, today(), now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_training(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| trainings::delete(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn training_stats(
    state: State<'_, AppState>,
    year: i32,
) -> Result<TrainingStats, ApiError> {
    state.run(move |db| trainings::stats(&db.conn, year)).await
}

/// Asks where to save through the native dialog, then writes the file in the
/// core. Returns the saved path, or `None` when the user cancelled.
#[tauri::command]
pub async fn export_trainings(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = trainings::sheet_file_name(year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| trainings::export_sheet(&db.conn, year, format, path),
    )
    .await
}
