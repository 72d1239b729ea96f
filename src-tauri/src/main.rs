//! The Plan LCD desktop shell: opens the database, then hands the window to
//! the Svelte UI. Every command is a thin adapter over a core function.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;

fn main() {
    // `--db FILE` (or PLAN_LCD_DB) points the app at another database, which
    // is how the end-to-end tests and demos stay apart from real data.
    let args: Vec<String> = std::env::args().collect();
    let explicit = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);

    let app_state = match state::AppState::open(explicit) {
        Ok(s) => s,
        Err(message) => {
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("Plan LCD ne peut pas démarrer")
                .set_description(&message)
                .show();
            eprintln!("{message}");
            std::process::exit(1);
        }
    };

    let result = tauri::Builder::default()
        .manage(app_state)
        .invoke_handler(tauri::generate_handler![
            commands::audit::list_audit,
            commands::backup::backup_info,
            commands::backup::save_backup_copy,
            commands::backup::restore_backup_copy,
            commands::setup::app_status,
            commands::setup::search_epcis,
            commands::setup::complete_setup,
            commands::setup::open_demo,
            commands::setup::open_own_database,
            commands::territory::list_communes,
            commands::territory::set_commune_flags,
            commands::trainings::list_trainings,
            commands::trainings::get_training_form,
            commands::trainings::create_training,
            commands::trainings::update_training,
            commands::trainings::delete_training,
            commands::trainings::training_stats,
            commands::trainings::export_trainings,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("Plan LCD s'est arrêté sur une erreur : {err}");
        std::process::exit(1);
    }
}
