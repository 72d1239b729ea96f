//! Partners, conventions, committees and reminders: thin adapters over
//! `plan_lcd::partners`. Dates that depend on the day use the app's date
//! (`state::today`, which `PLAN_LCD_TODAY` may set).

use plan_lcd::partners::{
    self, Committee, CommitteeInput, CommitteeMeeting, Convention, ConventionInput, MeetingInput,
    Partner, PartnerInput, Reminder,
};
use plan_lcd::ApiError;
use tauri::State;

use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn list_partners(
    state: State<'_, AppState>,
    search: String,
) -> Result<Vec<Partner>, ApiError> {
    state
        .run(move |db| partners::list_partners(&db.conn, &search))
        .await
}

#[tauri::command]
pub async fn get_partner_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<PartnerInput, ApiError> {
    state
        .run(move |db| partners::partner_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_partner(
    state: State<'_, AppState>,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state
        .as_actor(move |conn, actor| partners::create_partner(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_partner(
    state: State<'_, AppState>,
    id: i64,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state
        .as_actor(move |conn, actor| partners::update_partner(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_partner(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| partners::delete_partner(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn list_conventions(state: State<'_, AppState>) -> Result<Vec<Convention>, ApiError> {
    state
        .run(move |db| partners::list_conventions(&db.conn, today()))
        .await
}

#[tauri::command]
pub async fn get_convention_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ConventionInput, ApiError> {
    state
        .run(move |db| partners::convention_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_convention(
    state: State<'_, AppState>,
    input: ConventionInput,
) -> Result<Convention, ApiError> {
    state
        .as_actor(move |conn, actor| {
            partners::create_convention(conn, actor, now(), today(), &input)
        })
        .await
}

#[tauri::command]
pub async fn update_convention(
    state: State<'_, AppState>,
    id: i64,
    input: ConventionInput,
) -> Result<Convention, ApiError> {
    state
        .as_actor(move |conn, actor| {
            partners::update_convention(conn, actor, now(), today(), id, &input)
        })
        .await
}

#[tauri::command]
pub async fn delete_convention(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| partners::delete_convention(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn list_committees(state: State<'_, AppState>) -> Result<Vec<Committee>, ApiError> {
    state
        .run(move |db| partners::list_committees(&db.conn, today()))
        .await
}

#[tauri::command]
pub async fn get_committee_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<CommitteeInput, ApiError> {
    state
        .run(move |db| partners::committee_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_committee(
    state: State<'_, AppState>,
    input: CommitteeInput,
) -> Result<Committee, ApiError> {
    state
        .as_actor(move |conn, actor| {
            partners::create_committee(conn, actor, now(), today(), &input)
        })
        .await
}

#[tauri::command]
pub async fn update_committee(
    state: State<'_, AppState>,
    id: i64,
    input: CommitteeInput,
) -> Result<Committee, ApiError> {
    state
        .as_actor(move |conn, actor| {
            partners::update_committee(conn, actor, now(), today(), id, &input)
        })
        .await
}

#[tauri::command]
pub async fn delete_committee(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| partners::delete_committee(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn list_meetings(
    state: State<'_, AppState>,
    committee_id: i64,
) -> Result<Vec<CommitteeMeeting>, ApiError> {
    state
        .run(move |db| partners::list_meetings(&db.conn, committee_id))
        .await
}

#[tauri::command]
pub async fn get_meeting_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<MeetingInput, ApiError> {
    state
        .run(move |db| partners::meeting_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_meeting(
    state: State<'_, AppState>,
    input: MeetingInput,
) -> Result<CommitteeMeeting, ApiError> {
    state
        .as_actor(move |conn, actor| partners::create_meeting(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_meeting(
    state: State<'_, AppState>,
    id: i64,
    input: MeetingInput,
) -> Result<CommitteeMeeting, ApiError> {
    state
        .as_actor(move |conn, actor| partners::update_meeting(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_meeting(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| partners::delete_meeting(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn list_reminders(state: State<'_, AppState>) -> Result<Vec<Reminder>, ApiError> {
    state
        .run(move |db| partners::reminders(&db.conn, today()))
        .await
}
