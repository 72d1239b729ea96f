//! The annual initiative fund's commands: calls, organisations, applications
//! and their steps, views and exports. Each is a thin adapter over
//! `plan_lcd::fund`; the steps answer with the application's page as it now
//! stands, so that the window shows what the core recorded.

use plan_lcd::export::SheetFormat;
use plan_lcd::fund::{
    self, ApplicationInput, ApplicationPage, ApplicationQuery, ApplicationRow, ApplicationView,
    BoardColumn, CallDashboard, CallInput, FundCall, LetterTemplate, Organisation,
    OrganisationInput, PaymentInput, ReviewInput, StepInput,
};
use plan_lcd::{reports, ApiError, Error};
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn fund_call_of_year(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<FundCall>, ApiError> {
    state
        .run(move |db| fund::call_of_year(&db.conn, year))
        .await
}

#[tauri::command]
pub async fn new_fund_call_form(year: i32) -> Result<CallInput, ApiError> {
    Ok(CallInput::with_defaults(year))
}

#[tauri::command]
pub async fn get_fund_call_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<CallInput, ApiError> {
    state.run(move |db| fund::call_form(&db.conn, id)).await
}

#[tauri::command]
pub async fn create_fund_call(
    state: State<'_, AppState>,
    input: CallInput,
) -> Result<FundCall, ApiError> {
    state
        .as_actor(move |conn, actor| fund::create_call(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_fund_call(
    state: State<'_, AppState>,
    id: i64,
    input: CallInput,
) -> Result<FundCall, ApiError> {
    state
        .as_actor(move |conn, actor| fund::update_call(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn fund_dashboard(
    state: State<'_, AppState>,
    call_id: i64,
) -> Result<CallDashboard, ApiError> {
    state
        .run(move |db| fund::dashboard(&db.conn, call_id, today()))
        .await
}

#[tauri::command]
pub async fn list_fund_applications(
    state: State<'_, AppState>,
    query: ApplicationQuery,
) -> Result<ApplicationPage, ApiError> {
    state
        .run(move |db| fund::list_applications(&db.conn, &query))
        .await
}

#[tauri::command]
pub async fn fund_board(
    state: State<'_, AppState>,
    call_id: i64,
) -> Result<Vec<BoardColumn>, ApiError> {
    state.run(move |db| fund::board(&db.conn, call_id)).await
}

#[tauri::command]
pub async fn fund_ranking(
    state: State<'_, AppState>,
    call_id: i64,
) -> Result<Vec<ApplicationRow>, ApiError> {
    state.run(move |db| fund::ranking(&db.conn, call_id)).await
}

#[tauri::command]
pub async fn get_fund_application(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ApplicationView, ApiError> {
    state
        .run(move |db| fund::get_application(&db.conn, id, today()))
        .await
}

#[tauri::command]
pub async fn get_fund_application_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ApplicationInput, ApiError> {
    state
        .run(move |db| fund::application_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_fund_application(
    state: State<'_, AppState>,
    input: ApplicationInput,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            let id = fund::create_application(conn, actor, now(), &input)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn update_fund_application(
    state: State<'_, AppState>,
    id: i64,
    input: ApplicationInput,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::update_application(conn, actor, now(), id, &input)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn delete_fund_application(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| fund::delete_application(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn fund_step(
    state: State<'_, AppState>,
    id: i64,
    input: StepInput,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::step(conn, actor, today(), now(), id, &input)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_undo(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::undo(conn, actor, now(), id, &reason)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_set_document(
    state: State<'_, AppState>,
    id: i64,
    document_id: i64,
    received_on: String,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::set_document(conn, actor, today(), now(), id, document_id, &received_on)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_save_review(
    state: State<'_, AppState>,
    id: i64,
    input: ReviewInput,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::save_review(conn, actor, now(), id, &input)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_add_payment(
    state: State<'_, AppState>,
    id: i64,
    input: PaymentInput,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::add_payment(conn, actor, today(), now(), id, &input)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_pay_payment(
    state: State<'_, AppState>,
    id: i64,
    payment_id: i64,
    paid_on: String,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::pay_payment(conn, actor, today(), now(), id, payment_id, &paid_on)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_delete_payment(
    state: State<'_, AppState>,
    id: i64,
    payment_id: i64,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::delete_payment(conn, actor, now(), id, payment_id)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn fund_unpay_payment(
    state: State<'_, AppState>,
    id: i64,
    payment_id: i64,
    reason: String,
) -> Result<ApplicationView, ApiError> {
    state
        .as_actor(move |conn, actor| {
            fund::unpay_payment(conn, actor, now(), id, payment_id, &reason)?;
            fund::get_application(conn, id, today())
        })
        .await
}

#[tauri::command]
pub async fn list_organisations(
    state: State<'_, AppState>,
    search: String,
) -> Result<Vec<Organisation>, ApiError> {
    state
        .run(move |db| fund::list_organisations(&db.conn, &search))
        .await
}

#[tauri::command]
pub async fn get_organisation_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<OrganisationInput, ApiError> {
    state
        .run(move |db| fund::organisation_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn create_organisation(
    state: State<'_, AppState>,
    input: OrganisationInput,
) -> Result<Organisation, ApiError> {
    state
        .as_actor(move |conn, actor| fund::create_organisation(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn update_organisation(
    state: State<'_, AppState>,
    id: i64,
    input: OrganisationInput,
) -> Result<Organisation, ApiError> {
    state
        .as_actor(move |conn, actor| fund::update_organisation(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_organisation(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| fund::delete_organisation(conn, actor, now(), id))
        .await
}

/// The call's table as CSV or XLSX, through the native save dialog.
#[tauri::command]
pub async fn export_fund_applications(
    app: AppHandle,
    state: State<'_, AppState>,
    call_id: i64,
    year: i32,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = fund::applications_file_name(year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| fund::export_applications(&db.conn, call_id, format, path),
    )
    .await
}

/// The SCDL *subventions* open-data file, through the native save dialog.
#[tauri::command]
pub async fn export_fund_scdl(
    app: AppHandle,
    state: State<'_, AppState>,
    call_id: i64,
    year: i32,
) -> Result<Option<String>, ApiError> {
    // Checked before the dialog opens, so that nobody picks a file for nothing.
    state
        .run(move |db| fund::scdl_rows(&db.conn, call_id).map(|_| ()))
        .await?;
    let file_name = fund::scdl_file_name(year);
    let kind = Saved::Other("Fichier CSV (SCDL)", "csv");
    save_file(&app, &state, &file_name, kind, move |db, path| {
        fund::write_scdl(&db.conn, call_id, path)
    })
    .await
}

/// The notification letter of a decision (PDF), from the unit's template
/// when it has one, through the native save dialog.
#[tauri::command]
pub async fn export_fund_letter_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Option<String>, ApiError> {
    // Checked before the dialog opens: an undecided application has no letter.
    let view = state
        .run(move |db| fund::get_application(&db.conn, id, today()))
        .await?;
    if !matches!(
        view.decision,
        Some(fund::Decision::Granted | fund::Decision::Refused)
    ) {
        return Err(ApiError::from(Error::Refused(
            "Le courrier de notification suit une décision du comité : ce dossier n’est ni accordé ni refusé.".into(),
        )));
    }
    let file_name = fund::letter_file_name(id, &view.decision_ref);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        let templates = reports::templates_dir(&db.path);
        fund::notification_letter_pdf(&db.conn, id, today(), &templates, path)
    })
    .await
}

/// Where the letter's editable template is, and whether the unit has its own.
#[tauri::command]
pub async fn fund_letter_template(state: State<'_, AppState>) -> Result<LetterTemplate, ApiError> {
    state
        .run(|db| {
            Ok(fund::letter_template_info(&reports::templates_dir(
                &db.path,
            )))
        })
        .await
}

/// Copies the built-in letter template beside the database for the unit to edit.
#[tauri::command]
pub async fn install_fund_letter_template(
    state: State<'_, AppState>,
) -> Result<LetterTemplate, ApiError> {
    state
        .run(|db| {
            let templates = reports::templates_dir(&db.path);
            fund::install_letter_template(&templates)?;
            Ok(fund::letter_template_info(&templates))
        })
        .await
}

/// The call's shared dashboard of supported projects (PDF), through the
/// native save dialog.
#[tauri::command]
pub async fn export_fund_dashboard_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    call_id: i64,
    year: i32,
) -> Result<Option<String>, ApiError> {
    let file_name = fund::dashboard_file_name(year);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        fund::dashboard_pdf(&db.conn, call_id, today(), path)
    })
    .await
}

/// The unit's choice to ask the grant agreement of public-law bodies too
/// (the project lead's); answers with the status whose unit carries it.
#[tauri::command]
pub async fn set_agreement_for_public_bodies(
    state: State<'_, AppState>,
    on: bool,
) -> Result<plan_lcd::status::AppStatus, ApiError> {
    state
        .run(move |db| {
            let actor = db.actor()?;
            fund::set_agreement_for_public_bodies(&mut db.conn, &actor, now(), on)?;
            plan_lcd::status::status(&db.conn, &db.path, today())
        })
        .await
}

/// The call form's envelope as typed against its year's budget line: the
/// warning beside the field, or null.
#[tauri::command]
pub async fn fund_envelope_over_credits(
    state: State<'_, AppState>,
    input: CallInput,
) -> Result<Option<fund::EnvelopeOverCredits>, ApiError> {
    state
        .run(move |db| fund::typed_envelope_over_credits(&db.conn, &input))
        .await
}

/// The stored call of a year against its budget line: the warning on the
/// call's page and on the budget's fund line, or null.
#[tauri::command]
pub async fn fund_call_envelope_over_credits(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<fund::EnvelopeOverCredits>, ApiError> {
    state
        .run(move |db| fund::call_envelope_over_credits(&db.conn, year))
        .await
}
