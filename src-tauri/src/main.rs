//! The Plan LCD desktop shell: opens the database, then hands the window to
//! the Svelte UI. Every command is a thin adapter over a core function.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

fn main() {
    // Before anything else, while the process has one thread: WebKitGTK
    // reads the variable when the window is made.
    #[cfg(target_os = "linux")]
    if let Some(value) =
        state::compositing_default(std::env::var_os(state::COMPOSITING_VAR).as_deref())
    {
        std::env::set_var(state::COMPOSITING_VAR, value);
    }
    // `--db FILE` (or PLAN_LCD_DB) points the app at another database, which
    // is how the end-to-end tests and demos stay apart from real data.
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, title, text, yes, no] = args.as_slice() {
        if flag == state::QUESTION_ARG {
            std::process::exit(state::ask_here(title, text, yes, no));
        }
    }
    let explicit = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);

    if let Some(dir) = plan_lcd::log::default_dir() {
        plan_lcd::log::init(&dir);
    }
    let app_state = match state::AppState::open(explicit) {
        Ok(s) => s,
        Err(message) => {
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("Plan LCD ne peut pas démarrer")
                .set_description(&message)
                .show();
            plan_lcd::log::error("start refused: the database could not be opened");
            eprintln!("{message}");
            std::process::exit(1);
        }
    };

    let result = tauri::Builder::default()
        .manage(app_state)
        // The file's check waits for the page, so as not to slow its start.
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                state::page_loaded();
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::audit::list_audit,
            commands::audit::export_audit,
            commands::backup::backup_info,
            commands::setup::retry_lock,
            commands::setup::diagnostic_info,
            commands::setup::take_over_lock,
            commands::backup::save_backup_copy,
            commands::backup::restore_backup_copy,
            commands::backup::check_database,
            commands::events::edition_of_year,
            commands::events::list_editions,
            commands::events::get_edition_form,
            commands::events::create_edition,
            commands::events::update_edition,
            commands::events::delete_edition,
            commands::events::list_events,
            commands::events::get_event_form,
            commands::events::create_event,
            commands::events::update_event,
            commands::events::delete_event,
            commands::events::week_programme,
            commands::events::event_coverage,
            commands::events::week_bilan,
            commands::events::list_campaign,
            commands::events::get_campaign_form,
            commands::events::create_campaign_item,
            commands::events::update_campaign_item,
            commands::events::delete_campaign_item,
            commands::events::export_events,
            commands::events::export_coverage,
            commands::events::export_programme_pdf,
            commands::events::export_bilan_pdf,
            commands::partners::list_partners,
            commands::partners::get_partner_form,
            commands::partners::create_partner,
            commands::partners::update_partner,
            commands::partners::delete_partner,
            commands::partners::list_conventions,
            commands::partners::get_convention_form,
            commands::partners::create_convention,
            commands::partners::update_convention,
            commands::partners::delete_convention,
            commands::partners::list_committees,
            commands::partners::get_committee_form,
            commands::partners::create_committee,
            commands::partners::update_committee,
            commands::partners::delete_committee,
            commands::partners::list_meetings,
            commands::partners::get_meeting_form,
            commands::partners::create_meeting,
            commands::partners::update_meeting,
            commands::partners::delete_meeting,
            commands::partners::list_reminders,
            commands::privacy::privacy_purge_plan,
            commands::privacy::privacy_purge,
            commands::privacy::privacy_find_person,
            commands::privacy::export_person_data,
            commands::privacy::export_privacy_register,
            commands::budget::list_budgets,
            commands::budget::budget_view,
            commands::budget::create_budget,
            commands::budget::vote_budget,
            commands::budget::close_budget_year,
            commands::budget::update_budget_line,
            commands::budget::create_budget_line,
            commands::budget::list_amendments,
            commands::budget::add_amendment,
            commands::budget::list_commitments,
            commands::budget::create_commitment,
            commands::budget::commitment_form,
            commands::budget::update_commitment,
            commands::budget::delete_commitment,
            commands::budget::create_payment,
            commands::budget::staff_year,
            commands::budget::create_position,
            commands::budget::position_form,
            commands::budget::update_position,
            commands::budget::delete_position,
            commands::budget::budget_forecast,
            commands::budget::set_forecast_increase,
            commands::budget::year_comparison,
            commands::budget::print_budget_summary,
            commands::budget::export_budget_summary_pdf,
            commands::budget::export_budget_sheet,
            commands::plan::plan_year,
            commands::plan::plan_dashboard,
            commands::plan::plan_communes,
            commands::plan::plan_link_options,
            commands::plan::create_plan_axis,
            commands::plan::update_plan_axis,
            commands::plan::delete_plan_axis,
            commands::plan::plan_action_form,
            commands::plan::create_plan_action,
            commands::plan::update_plan_action,
            commands::plan::delete_plan_action,
            commands::plan::export_plan_bilan_pdf,
            commands::plan::export_plan_communes,
            commands::setup::app_status,
            commands::setup::search_epcis,
            commands::setup::complete_setup,
            commands::setup::open_demo,
            commands::setup::open_own_database,
            commands::setup::switch_actor,
            commands::territory::list_profiles,
            commands::territory::list_communes,
            commands::territory::set_commune_flags,
            commands::trainings::list_trainings,
            commands::trainings::get_training_form,
            commands::trainings::create_training,
            commands::trainings::update_training,
            commands::trainings::delete_training,
            commands::trainings::training_stats,
            commands::trainings::export_trainings,
            commands::import::choose_import,
            commands::import::preview_import,
            commands::import::run_import,
            commands::import::stop_import,
            commands::import::save_import_mapping,
            commands::import::undo_import,
            commands::import::list_imports,
            commands::fund::fund_call_of_year,
            commands::fund::new_fund_call_form,
            commands::fund::get_fund_call_form,
            commands::fund::create_fund_call,
            commands::fund::update_fund_call,
            commands::fund::fund_dashboard,
            commands::fund::list_fund_applications,
            commands::fund::fund_board,
            commands::fund::fund_ranking,
            commands::fund::get_fund_application,
            commands::fund::get_fund_application_form,
            commands::fund::create_fund_application,
            commands::fund::update_fund_application,
            commands::fund::delete_fund_application,
            commands::fund::fund_step,
            commands::fund::fund_undo,
            commands::fund::fund_set_document,
            commands::fund::fund_save_review,
            commands::fund::fund_add_payment,
            commands::fund::fund_pay_payment,
            commands::fund::fund_delete_payment,
            commands::fund::fund_unpay_payment,
            commands::fund::list_organisations,
            commands::fund::get_organisation_form,
            commands::fund::create_organisation,
            commands::fund::update_organisation,
            commands::fund::delete_organisation,
            commands::fund::export_fund_applications,
            commands::fund::export_fund_scdl,
            commands::fund::export_fund_letter_pdf,
            commands::fund::fund_letter_template,
            commands::fund::install_fund_letter_template,
            commands::fund::export_fund_dashboard_pdf,
            commands::fund::set_agreement_for_public_bodies,
            commands::fund::fund_envelope_over_credits,
            commands::fund::fund_call_envelope_over_credits,
        ])
        .build(tauri::generate_context!());
    match result {
        // The lock goes when the app closes, so that a colleague can write.
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<state::AppState>().release();
            }
        }),
        Err(err) => {
            plan_lcd::log::error(&format!("the window failed: {err}"));
            std::process::exit(1);
        }
    }
}
