use plan_lcd::export::SheetFormat;
use plan_lcd::plan::{
    self, ActionInput, AxisInput, CommuneYear, Dashboard, LinkOption, PlanAction, PlanAxis,
    PlanYear,
};
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn plan_year(state: State<'_, AppState>, year: i32) -> Result<PlanYear, ApiError> {
    state.run(move |db| plan::plan_year(&db.conn, year)).await
}

/// The home page: the year at a glance.
#[tauri::command]
pub async fn plan_dashboard(state: State<'_, AppState>, year: i32) -> Result<Dashboard, ApiError> {
    state
        .run(move |db| plan::dashboard(&db.conn, year, today()))
        .await
}

#[tauri::command]
pub async fn plan_communes(state: State<'_, AppState>, year: i32) -> Result<CommuneYear, ApiError> {
    state
        .run(move |db| plan::communes_year(&db.conn, year, today()))
        .await
}

#[tauri::command]
pub async fn plan_link_options(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Vec<LinkOption>, ApiError> {
    state
        .run(move |db| plan::link_options(&db.conn, year))
        .await
}

#[tauri::command]
pub async fn create_plan_axis(
    state: State<'_, AppState>,
    input: AxisInput,
) -> Result<PlanAxis, ApiError> {
    state
        .as_actor(move |conn, actor| plan::create_axis(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_plan_axis(
    state: State<'_, AppState>,
    id: i64,
    input: AxisInput,
) -> Result<PlanAxis, ApiError> {
    state
        .as_actor(move |conn, actor| plan::update_axis(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_plan_axis(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| plan::delete_axis(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn plan_action_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ActionInput, ApiError> {
    state.run(move |db| plan::action_form(&db.conn, id)).await
}

#[tauri::command]
pub async fn create_plan_action(
    state: State<'_, AppState>,
    input: ActionInput,
) -> Result<PlanAction, ApiError> {
    state
        .as_actor(move |conn, actor| plan::create_action(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_plan_action(
    state: State<'_, AppState>,
    id: i64,
    input: ActionInput,
) -> Result<PlanAction, ApiError> {
    state
        .as_actor(move |conn, actor| plan::update_action(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_plan_action(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| plan::delete_action(conn, actor, now(), id))
        .await
}

/// The yearly activity report (PDF), saved where the user chooses.
#[tauri::command]
pub async fn export_plan_bilan_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<String>, ApiError> {
    let file_name = plan::bilan_file_name(year);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        let actor = db.actor()?;
        plan::bilan_pdf(&db.conn, year, &actor.name, today(), path)
    })
    .await
}

/// The per-commune table as XLSX or CSV.
#[tauri::command]
pub async fn export_plan_communes(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = plan::communes_file_name(year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| plan::export_communes(&db.conn, year, today(), format, path),
    )
    .await
}
