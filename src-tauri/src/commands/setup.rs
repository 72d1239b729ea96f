use plan_lcd::status::{self, AppStatus};
use plan_lcd::territory::{self, EpciSummary, SetupInput};
use plan_lcd::ApiError;
use tauri::State;

use crate::state::{demo_path, now, today, AppState};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    state
        .run(|db| status::status(&db.conn, &db.path, today()))
        .await
}

#[tauri::command]
pub async fn search_epcis(query: String) -> Result<Vec<EpciSummary>, ApiError> {
    Ok(territory::search_epcis(&query, 50))
}

#[tauri::command]
pub async fn complete_setup(
    state: State<'_, AppState>,
    input: SetupInput,
) -> Result<AppStatus, ApiError> {
    state
        .run(move |db| {
            territory::setup(&mut db.conn, &input, today(), now())?;
            status::status(&db.conn, &db.path, today())
        })
        .await
}

#[tauri::command]
pub async fn open_demo(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    let path = demo_path(&state.own_path);
    state
        .run(move |db| {
            AppState::switch_to(db, path, true)?;
            status::status(&db.conn, &db.path, today())
        })
        .await
}

#[tauri::command]
pub async fn open_own_database(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    let path = state.own_path.clone();
    state
        .run(move |db| {
            AppState::switch_to(db, path, false)?;
            status::status(&db.conn, &db.path, today())
        })
        .await
}
