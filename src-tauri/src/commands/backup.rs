use plan_lcd::backup::{self, BackupInfo};
use plan_lcd::rights;
use plan_lcd::status::{self, AppStatus};
use plan_lcd::{store, ApiError};
use rusqlite::Connection;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn backup_info(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    state
        .run(|db| Ok(backup::info(&store::backup_dir(&db.path))))
        .await
}

/// Checks the open file as `plan-lcd check` does, with the same report.
#[tauri::command]
pub async fn check_database(state: State<'_, AppState>) -> Result<store::CheckReport, ApiError> {
    state.run(|db| store::check(&db.path)).await
}

/// Saves a copy of the open database where the user says, through the native dialog.
#[tauri::command]
pub async fn save_backup_copy(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    let name = format!("plan-lcd-copie-{}.sqlite3", today().format("%Y-%m-%d"));
    save_file(
        &app,
        &state,
        &name,
        Saved::Other("Base Plan LCD", "sqlite3"),
        move |db, path| backup::save_copy(&db.conn, path),
    )
    .await
}

/// Restores a copy the user picks: checked first, the current file kept
/// aside, then the app works on the restored data.
#[tauri::command]
pub async fn restore_backup_copy(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<AppStatus>, ApiError> {
    // Checked before the dialog: a read-only app cannot replace the file,
    // and only the project lead restores.
    state
        .run(|db| {
            if store::is_read_only(&db.conn) {
                return Err(plan_lcd::Error::Refused(store::READ_ONLY.into()));
            }
            rights::require(&db.actor()?, rights::Permission::Decide)
        })
        .await?;
    let Some(copy) = crate::commands::open_dialog(
        &app,
        "Restaurer une copie de la base",
        "Base Plan LCD",
        &["sqlite3"],
    )
    .await?
    else {
        return Ok(None);
    };
    state
        .run(move |db| {
            let actor = db.actor()?;
            backup::check_copy(&copy)?;
            // The file must be closed while its content is replaced.
            let open = std::mem::replace(&mut db.conn, Connection::open_in_memory()?);
            drop(open);
            let restored =
                backup::restore(&db.path, &copy, &store::backup_dir(&db.path), &actor, now());
            db.conn = store::open(&db.path)?;
            restored?;
            status::status(&db.conn, &db.path, today()).map(Some)
        })
        .await
}
