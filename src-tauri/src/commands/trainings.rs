use plan_lcd::export::SheetFormat;
use plan_lcd::trainings::{
    self, TrainingInput, TrainingPage, TrainingQuery, TrainingSession, TrainingStats,
};
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

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
        .run(move |db| {
            let actor = db.actor()?;
            trainings::create(&mut db.conn, &actor, today(), now(), &input)
        })
        .await
}

#[tauri::command]
pub async fn update_training(
    state: State<'_, AppState>,
    id: i64,
    input: TrainingInput,
) -> Result<TrainingSession, ApiError> {
    state
        .run(move |db| {
            let actor = db.actor()?;
            trainings::update(&mut db.conn, &actor, today(), now(), id, &input)
        })
        .await
}

#[tauri::command]
pub async fn delete_training(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .run(move |db| {
            let actor = db.actor()?;
            trainings::delete(&mut db.conn, &actor, now(), id)
        })
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
    let (filter_name, ext) = crate::commands::sheet_filter(format);
    let Some(path) = crate::commands::save_dialog(&app, &file_name, filter_name, ext).await? else {
        return Ok(None);
    };
    state
        .run(move |db| {
            trainings::export_sheet(&db.conn, year, format, &path)?;
            Ok(Some(path.display().to_string()))
        })
        .await
}
