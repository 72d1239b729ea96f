use plan_lcd::audit::{self, AuditPage, AuditQuery};
use plan_lcd::ApiError;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_audit(
    state: State<'_, AppState>,
    query: AuditQuery,
) -> Result<AuditPage, ApiError> {
    state.run(move |db| audit::list(&db.conn, &query)).await
}
