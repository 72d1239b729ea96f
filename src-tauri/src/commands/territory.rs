use plan_lcd::rights::Actor;
use plan_lcd::territory::{self, Commune};
use plan_lcd::ApiError;
use tauri::State;

use crate::state::{now, AppState};

#[tauri::command]
pub async fn list_communes(state: State<'_, AppState>) -> Result<Vec<Commune>, ApiError> {
    state.run(|db| territory::communes(&db.conn)).await
}

#[tauri::command]
pub async fn set_commune_flags(
    state: State<'_, AppState>,
    insee: String,
    has_plcd: bool,
    has_officer: bool,
) -> Result<Commune, ApiError> {
    state
        .as_actor(move |conn, actor| {
            territory::set_commune_flags(conn, actor, now(), &insee, has_plcd, has_officer)
        })
        .await
}

/// The people who have used the app on this database, the last one first.
#[tauri::command]
pub async fn list_profiles(state: State<'_, AppState>) -> Result<Vec<Actor>, ApiError> {
    state.run(|db| territory::profiles(&db.conn)).await
}
