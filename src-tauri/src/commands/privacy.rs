use plan_lcd::privacy::{self, PersonData, PurgeDone, PurgeItem, PurgeKey};
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

/// The contact details past their retention period today.
#[tauri::command]
pub async fn privacy_purge_plan(state: State<'_, AppState>) -> Result<Vec<PurgeItem>, ApiError> {
    state
        .run(move |db| privacy::purge_plan(&db.conn, today()))
        .await
}

/// Removes exactly the contact details the user read in the plan.
#[tauri::command]
pub async fn privacy_purge(
    state: State<'_, AppState>,
    keys: Vec<PurgeKey>,
) -> Result<PurgeDone, ApiError> {
    state
        .as_actor(move |conn, actor| privacy::purge(conn, actor, today(), now(), &keys))
        .await
}

/// Everything the file holds about one person.
#[tauri::command]
pub async fn privacy_find_person(
    state: State<'_, AppState>,
    query: String,
) -> Result<PersonData, ApiError> {
    state
        .run(move |db| privacy::find_person(&db.conn, &query, today()))
        .await
}

/// The same search, written as JSON where the user chooses.
#[tauri::command]
pub async fn export_person_data(
    app: AppHandle,
    state: State<'_, AppState>,
    query: String,
) -> Result<Option<String>, ApiError> {
    let file_name = privacy::person_file_name(today());
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Other("Fichier JSON", "json"),
        move |db, path| {
            let data = privacy::find_person(&db.conn, &query, today())?;
            privacy::write_person_json(&data, path)
        },
    )
    .await
}

/// The processing register entry (PDF), saved where the user chooses.
#[tauri::command]
pub async fn export_privacy_register(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    let file_name = privacy::register_file_name(today());
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        let actor = db.actor()?;
        privacy::register_pdf(&db.conn, &actor.name, today(), path)
    })
    .await
}
