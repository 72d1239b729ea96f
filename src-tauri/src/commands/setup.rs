use plan_lcd::rights::Role;
use plan_lcd::status::{self, AppStatus};
use plan_lcd::territory::{self, EpciSummary, SetupInput};
use std::sync::Arc;

use plan_lcd::lock::Acquired;
use plan_lcd::{store, ApiError, Error};
use tauri::State;

use crate::state::{demo_path, now, open_own, today, AppState};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    // Kept for every status of this run: the window hides it once read.
    let notice = state.notice.lock().ok().and_then(|n| n.clone());
    let mut status = state
        .run(|db| status::status(&db.conn, &db.path, today()))
        .await?;
    status.notice = notice;
    Ok(status)
}

/// Tries again to take the own file's lock; when it is free now, the file is
/// reopened for writing.
#[tauri::command]
pub async fn retry_lock(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    let own = state.own_path.clone();
    let lock = Arc::clone(&state.lock);
    state
        .run(move |db| {
            let mut held = lock.lock().map_err(|_| poisoned())?;
            if held.is_none() {
                let name = db.actor().map(|a| a.name).unwrap_or_default();
                if let Acquired::Mine(guard) = plan_lcd::lock::acquire(&own, &name, now())? {
                    *held = Some(guard);
                }
            }
            if held.is_some() && db.path == own && store::is_read_only(&db.conn) {
                open_own(db, own, true)?;
            }
            status::status(&db.conn, &db.path, today())
        })
        .await
}

/// Takes over a lock its holder abandoned (the user confirmed in the window);
/// refused while the holder is alive.
#[tauri::command]
pub async fn take_over_lock(state: State<'_, AppState>) -> Result<AppStatus, ApiError> {
    let own = state.own_path.clone();
    let lock = Arc::clone(&state.lock);
    state
        .run(move |db| {
            let mut held = lock.lock().map_err(|_| poisoned())?;
            if held.is_none() {
                let name = db.actor().map(|a| a.name).unwrap_or_default();
                *held = Some(plan_lcd::lock::take_over(&own, &name, now())?);
            }
            if db.path == own {
                open_own(db, own, true)?;
            }
            status::status(&db.conn, &db.path, today())
        })
        .await
}

/// The diagnostic text the user copies for the IT department.
#[tauri::command]
pub async fn diagnostic_info(state: State<'_, AppState>) -> Result<String, ApiError> {
    state
        .run(|db| {
            Ok(status::diagnostics(
                &db.conn,
                &db.path,
                plan_lcd::log::dir().as_deref(),
            ))
        })
        .await
}

fn poisoned() -> Error {
    Error::Refused("Le verrou est indisponible ; redémarrez l’application.".into())
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
    let holds_lock = state.lock.lock().map(|l| l.is_some()).unwrap_or(false);
    state
        .run(move |db| {
            open_own(db, path, holds_lock)?;
            status::status(&db.conn, &db.path, today())
        })
        .await
}

/// Makes another person the one the app acts for (a colleague at the shared
/// computer); answers with the status that names them.
#[tauri::command]
pub async fn switch_actor(
    state: State<'_, AppState>,
    name: String,
    role: Option<Role>,
) -> Result<AppStatus, ApiError> {
    // The first save of a start: it waits for the file's check without
    // holding the pages' reads.
    state.after_check().await?;
    state
        .run(move |db| {
            territory::switch_actor(&mut db.conn, &name, role, now())?;
            status::status(&db.conn, &db.path, today())
        })
        .await
}
