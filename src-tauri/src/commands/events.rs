use plan_lcd::events::{
    self, Bilan, CampaignInput, CampaignItem, Coverage, EditionInput, EventInput, EventPage,
    EventQuery, EventSaved, Programme, WeekEdition,
};
use plan_lcd::export::SheetFormat;
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn edition_of_year(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<WeekEdition>, ApiError> {
    state
        .run(move |db| events::edition_of_year(&db.conn, year))
        .await
}

#[tauri::command]
pub async fn list_editions(state: State<'_, AppState>) -> Result<Vec<WeekEdition>, ApiError> {
    state.run(move |db| events::editions(&db.conn)).await
}

#[tauri::command]
pub async fn get_edition_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<EditionInput, ApiError> {
    state
        .run(move |db| events::edition_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_edition(
    state: State<'_, AppState>,
    input: EditionInput,
) -> Result<WeekEdition, ApiError> {
    state
        .as_actor(move |conn, actor| events::create_edition(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_edition(
    state: State<'_, AppState>,
    id: i64,
    input: EditionInput,
) -> Result<WeekEdition, ApiError> {
    state
        .as_actor(move |conn, actor| events::update_edition(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_edition(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| events::delete_edition(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn list_events(
    state: State<'_, AppState>,
    query: EventQuery,
) -> Result<EventPage, ApiError> {
    state
        .run(move |db| events::list_events(&db.conn, &query))
        .await
}

#[tauri::command]
pub async fn get_event_form(state: State<'_, AppState>, id: i64) -> Result<EventInput, ApiError> {
    state.run(move |db| events::event_form(&db.conn, id)).await
}

#[tauri::command]
pub async fn create_event(
    state: State<'_, AppState>,
    input: EventInput,
) -> Result<EventSaved, ApiError> {
    state
        .as_actor(move |conn, actor| events::create_event(conn, actor, today(), now(), &input))
        .await
}

#[tauri::command]
pub async fn update_event(
    state: State<'_, AppState>,
    id: i64,
    input: EventInput,
) -> Result<EventSaved, ApiError> {
    state
        .as_actor(move |conn, actor| events::update_event(conn, actor, today(), now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_event(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| events::delete_event(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn week_programme(
    state: State<'_, AppState>,
    edition_id: i64,
) -> Result<Programme, ApiError> {
    state
        .run(move |db| events::programme(&db.conn, edition_id))
        .await
}

#[tauri::command]
pub async fn event_coverage(state: State<'_, AppState>, year: i32) -> Result<Coverage, ApiError> {
    state.run(move |db| events::coverage(&db.conn, year)).await
}

#[tauri::command]
pub async fn week_bilan(state: State<'_, AppState>, edition_id: i64) -> Result<Bilan, ApiError> {
    state
        .run(move |db| events::bilan(&db.conn, edition_id))
        .await
}

#[tauri::command]
pub async fn list_campaign(
    state: State<'_, AppState>,
    edition_id: i64,
) -> Result<Vec<CampaignItem>, ApiError> {
    state
        .run(move |db| events::campaign(&db.conn, edition_id))
        .await
}

#[tauri::command]
pub async fn get_campaign_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<CampaignInput, ApiError> {
    state
        .run(move |db| events::campaign_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_campaign_item(
    state: State<'_, AppState>,
    input: CampaignInput,
) -> Result<CampaignItem, ApiError> {
    state
        .as_actor(move |conn, actor| events::create_campaign_item(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_campaign_item(
    state: State<'_, AppState>,
    id: i64,
    input: CampaignInput,
) -> Result<CampaignItem, ApiError> {
    state
        .as_actor(move |conn, actor| events::update_campaign_item(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_campaign_item(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| events::delete_campaign_item(conn, actor, now(), id))
        .await
}

/// The year's events as a spreadsheet, saved where the native dialog says.
/// Returns the saved path, or `None` when the user cancelled.
#[tauri::command]
pub async fn export_events(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = events::events_file_name(year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| events::export_events(&db.conn, year, format, path),
    )
    .await
}

/// The coverage by commune as a spreadsheet.
#[tauri::command]
pub async fn export_coverage(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = events::coverage_file_name(year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| events::export_coverage(&db.conn, year, format, path),
    )
    .await
}

/// The week's printed programme (PDF), rendered by the core.
#[tauri::command]
pub async fn export_programme_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    edition_id: i64,
) -> Result<Option<String>, ApiError> {
    let edition = state
        .run(move |db| events::get_edition(&db.conn, edition_id))
        .await?;
    let file_name = events::programme_file_name(edition.year);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        events::programme_pdf(&db.conn, edition_id, today(), path)
    })
    .await
}

/// The edition's report (PDF), rendered by the core.
#[tauri::command]
pub async fn export_bilan_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    edition_id: i64,
) -> Result<Option<String>, ApiError> {
    let edition = state
        .run(move |db| events::get_edition(&db.conn, edition_id))
        .await?;
    let file_name = events::bilan_file_name(edition.year);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        events::bilan_pdf(&db.conn, edition_id, today(), path)
    })
    .await
}
