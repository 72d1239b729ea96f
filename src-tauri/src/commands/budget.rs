use plan_lcd::budget::BudgetSheet;
use plan_lcd::budget::{
    self, Amendment, AmendmentInput, BudgetInput, BudgetLine, BudgetPayment, BudgetPaymentInput,
    BudgetView, BudgetYear, Commitment, CommitmentInput, CommitmentPage, CommitmentQuery, Forecast,
    ForecastInput, LineInput, PositionInput, StaffPosition, StaffYear, VoteInput, YearComparison,
};
use plan_lcd::export::SheetFormat;
use plan_lcd::ApiError;
use tauri::{AppHandle, State};

use crate::commands::{save_file, Saved};
use crate::state::{now, today, AppState};

#[tauri::command]
pub async fn list_budgets(state: State<'_, AppState>) -> Result<Vec<BudgetYear>, ApiError> {
    state.run(move |db| budget::budgets(&db.conn)).await
}

#[tauri::command]
pub async fn budget_view(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<BudgetView>, ApiError> {
    state
        .run(move |db| budget::budget_view(&db.conn, year, today()))
        .await
}

#[tauri::command]
pub async fn create_budget(
    state: State<'_, AppState>,
    input: BudgetInput,
) -> Result<BudgetYear, ApiError> {
    state
        .as_actor(move |conn, actor| budget::create_budget(conn, actor, now(), &input))
        .await
}

/// Records the vote of the year's initial budget: from then on its credits
/// change only by amendments.
#[tauri::command]
pub async fn vote_budget(
    state: State<'_, AppState>,
    id: i64,
    input: VoteInput,
) -> Result<BudgetYear, ApiError> {
    state
        .as_actor(move |conn, actor| budget::vote_budget(conn, actor, now(), id, &input))
        .await
}

/// Closes the year: nothing can be dated in it any more.
#[tauri::command]
pub async fn close_budget_year(
    state: State<'_, AppState>,
    id: i64,
) -> Result<BudgetYear, ApiError> {
    state
        .as_actor(move |conn, actor| budget::close_year(conn, actor, now(), today(), id))
        .await
}

#[tauri::command]
pub async fn update_budget_line(
    state: State<'_, AppState>,
    id: i64,
    input: LineInput,
) -> Result<BudgetLine, ApiError> {
    state
        .as_actor(move |conn, actor| budget::update_line(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn create_budget_line(
    state: State<'_, AppState>,
    input: LineInput,
) -> Result<BudgetLine, ApiError> {
    state
        .as_actor(move |conn, actor| budget::create_line(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn list_amendments(
    state: State<'_, AppState>,
    line_id: i64,
) -> Result<Vec<Amendment>, ApiError> {
    state
        .run(move |db| budget::amendments(&db.conn, line_id))
        .await
}

#[tauri::command]
pub async fn add_amendment(
    state: State<'_, AppState>,
    input: AmendmentInput,
) -> Result<Amendment, ApiError> {
    state
        .as_actor(move |conn, actor| budget::add_amendment(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn list_commitments(
    state: State<'_, AppState>,
    query: CommitmentQuery,
) -> Result<CommitmentPage, ApiError> {
    state
        .run(move |db| budget::commitments(&db.conn, &query))
        .await
}

#[tauri::command]
pub async fn create_commitment(
    state: State<'_, AppState>,
    input: CommitmentInput,
) -> Result<Commitment, ApiError> {
    state
        .as_actor(move |conn, actor| budget::create_commitment(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn commitment_form(
    state: State<'_, AppState>,
    id: i64,
) -> Result<CommitmentInput, ApiError> {
    state
        .run(move |db| budget::commitment_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn update_commitment(
    state: State<'_, AppState>,
    id: i64,
    input: CommitmentInput,
) -> Result<Commitment, ApiError> {
    state
        .as_actor(move |conn, actor| budget::update_commitment(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn delete_commitment(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| budget::delete_commitment(conn, actor, now(), id))
        .await
}

#[tauri::command]
pub async fn create_payment(
    state: State<'_, AppState>,
    input: BudgetPaymentInput,
) -> Result<BudgetPayment, ApiError> {
    state
        .as_actor(move |conn, actor| budget::create_payment(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn staff_year(state: State<'_, AppState>, year: i32) -> Result<StaffYear, ApiError> {
    state
        .run(move |db| budget::staff_year(&db.conn, year))
        .await
}

#[tauri::command]
pub async fn create_position(
    state: State<'_, AppState>,
    input: PositionInput,
) -> Result<StaffPosition, ApiError> {
    state
        .as_actor(move |conn, actor| budget::create_position(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn position_form(state: State<'_, AppState>, id: i64) -> Result<PositionInput, ApiError> {
    state
        .run(move |db| budget::position_form(&db.conn, id))
        .await
}

#[tauri::command]
pub async fn update_position(
    state: State<'_, AppState>,
    id: i64,
    input: PositionInput,
) -> Result<StaffPosition, ApiError> {
    state
        .as_actor(move |conn, actor| budget::update_position(conn, actor, now(), id, &input))
        .await
}

#[tauri::command]
pub async fn budget_forecast(state: State<'_, AppState>) -> Result<Option<Forecast>, ApiError> {
    state.run(move |db| budget::forecast(&db.conn)).await
}

#[tauri::command]
pub async fn set_forecast_increase(
    state: State<'_, AppState>,
    input: ForecastInput,
) -> Result<Forecast, ApiError> {
    state
        .as_actor(move |conn, actor| budget::set_forecast_increase(conn, actor, now(), &input))
        .await
}

#[tauri::command]
pub async fn year_comparison(
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<YearComparison>, ApiError> {
    state
        .run(move |db| budget::year_comparison(&db.conn, year, today()))
        .await
}

#[tauri::command]
pub async fn delete_position(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state
        .as_actor(move |conn, actor| budget::delete_position(conn, actor, now(), id))
        .await
}

/// The annual budget summary (PDF), saved where the user chooses.
#[tauri::command]
pub async fn export_budget_summary_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
) -> Result<Option<String>, ApiError> {
    let file_name = budget::summary_file_name(year);
    save_file(&app, &state, &file_name, Saved::Pdf, move |db, path| {
        let actor = db.actor()?;
        budget::summary_pdf(&db.conn, year, &actor.name, today(), path)
    })
    .await
}

/// The annual budget summary (PDF) rendered into the app's print folder and
/// opened in the system's PDF viewer, from which the user prints it.
#[tauri::command]
pub async fn print_budget_summary(
    state: State<'_, AppState>,
    year: i32,
) -> Result<String, ApiError> {
    let path = state
        .as_actor(move |conn, actor| budget::summary_pdf_to_print(conn, year, &actor.name, today()))
        .await?;
    crate::commands::open_in_viewer(&path)?;
    Ok(path.display().to_string())
}

/// The summary table (`summary`) or the commitments (`commitments`) as XLSX or CSV.
#[tauri::command]
pub async fn export_budget_sheet(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    what: BudgetSheet,
    format: SheetFormat,
) -> Result<Option<String>, ApiError> {
    let file_name = budget::sheet_file_name(what, year, format);
    save_file(
        &app,
        &state,
        &file_name,
        Saved::Sheet(format),
        move |db, path| {
            match what {
                BudgetSheet::Commitments => {
                    budget::commitments_sheet(&db.conn, year, format, path)?;
                }
                BudgetSheet::Summary => {
                    budget::summary_sheet(&db.conn, year, today(), format, path)?;
                }
            }
            Ok(())
        },
    )
    .await
}
