// One typed wrapper per command of docs/COMMANDS.md. Every wrapper rejects
// with an ApiError, whatever the shell rejected with, so that pages handle a
// single error shape.

import { invoke } from '@tauri-apps/api/core';

import type { ActionInput } from './bindings/ActionInput';
import type { Actor } from './bindings/Actor';
import type { Amendment } from './bindings/Amendment';
import type { AmendmentInput } from './bindings/AmendmentInput';
import type { ApiError } from './bindings/ApiError';
import type { ApplicationInput } from './bindings/ApplicationInput';
import type { ApplicationPage } from './bindings/ApplicationPage';
import type { ApplicationQuery } from './bindings/ApplicationQuery';
import type { ApplicationRow } from './bindings/ApplicationRow';
import type { ApplicationView } from './bindings/ApplicationView';
import type { AppStatus } from './bindings/AppStatus';
import type { AxisInput } from './bindings/AxisInput';
import type { BackupInfo } from './bindings/BackupInfo';
import type { Bilan } from './bindings/Bilan';
import type { BoardColumn } from './bindings/BoardColumn';
import type { BudgetInput } from './bindings/BudgetInput';
import type { BudgetLine } from './bindings/BudgetLine';
import type { BudgetPayment } from './bindings/BudgetPayment';
import type { BudgetPaymentInput } from './bindings/BudgetPaymentInput';
import type { BudgetSheet } from './bindings/BudgetSheet';
import type { BudgetView } from './bindings/BudgetView';
import type { BudgetYear } from './bindings/BudgetYear';
import type { CallDashboard } from './bindings/CallDashboard';
import type { CallInput } from './bindings/CallInput';
import type { CampaignInput } from './bindings/CampaignInput';
import type { CampaignItem } from './bindings/CampaignItem';
import type { CheckReport } from './bindings/CheckReport';
import type { Commitment } from './bindings/Commitment';
import type { CommitmentInput } from './bindings/CommitmentInput';
import type { CommitmentPage } from './bindings/CommitmentPage';
import type { CommitmentQuery } from './bindings/CommitmentQuery';
import type { Committee } from './bindings/Committee';
import type { CommitteeInput } from './bindings/CommitteeInput';
import type { CommitteeMeeting } from './bindings/CommitteeMeeting';
import type { Commune } from './bindings/Commune';
import type { CommuneYear } from './bindings/CommuneYear';
import type { Convention } from './bindings/Convention';
import type { ConventionInput } from './bindings/ConventionInput';
import type { Coverage } from './bindings/Coverage';
import type { Dashboard } from './bindings/Dashboard';
import type { EditionInput } from './bindings/EditionInput';
import type { EnvelopeOverCredits } from './bindings/EnvelopeOverCredits';
import type { EpciSummary } from './bindings/EpciSummary';
import type { EventInput } from './bindings/EventInput';
import type { EventPage } from './bindings/EventPage';
import type { EventQuery } from './bindings/EventQuery';
import type { EventSaved } from './bindings/EventSaved';
import type { Forecast } from './bindings/Forecast';
import type { ForecastInput } from './bindings/ForecastInput';
import type { FundCall } from './bindings/FundCall';
import type { JournalFilter } from './bindings/JournalFilter';
import type { JournalPage } from './bindings/JournalPage';
import type { JournalQuery } from './bindings/JournalQuery';
import type { LetterTemplate } from './bindings/LetterTemplate';
import type { LineInput } from './bindings/LineInput';
import type { LinkOption } from './bindings/LinkOption';
import type { MeetingInput } from './bindings/MeetingInput';
import type { Organisation } from './bindings/Organisation';
import type { OrganisationInput } from './bindings/OrganisationInput';
import type { Partner } from './bindings/Partner';
import type { PartnerInput } from './bindings/PartnerInput';
import type { PaymentInput } from './bindings/PaymentInput';
import type { PersonData } from './bindings/PersonData';
import type { PlanAction } from './bindings/PlanAction';
import type { PlanAxis } from './bindings/PlanAxis';
import type { PlanYear } from './bindings/PlanYear';
import type { PositionInput } from './bindings/PositionInput';
import type { Programme } from './bindings/Programme';
import type { PurgeDone } from './bindings/PurgeDone';
import type { PurgeItem } from './bindings/PurgeItem';
import type { PurgeKey } from './bindings/PurgeKey';
import type { Reminder } from './bindings/Reminder';
import type { ReviewInput } from './bindings/ReviewInput';
import type { SetupInput } from './bindings/SetupInput';
import type { SheetFormat } from './bindings/SheetFormat';
import type { StaffPosition } from './bindings/StaffPosition';
import type { StaffYear } from './bindings/StaffYear';
import type { StepInput } from './bindings/StepInput';
import type { TrainingInput } from './bindings/TrainingInput';
import type { TrainingPage } from './bindings/TrainingPage';
import type { TrainingQuery } from './bindings/TrainingQuery';
import type { TrainingSession } from './bindings/TrainingSession';
import type { TrainingStats } from './bindings/TrainingStats';
import type { VoteInput } from './bindings/VoteInput';
import type { WeekEdition } from './bindings/WeekEdition';
import type { YearComparison } from './bindings/YearComparison';

export type { ApiError };

export type { SheetFormat };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns whatever a command rejected with into an ApiError. The core always
 * sends `{ code, message, fields }`; anything else (a Tauri string such as
 * "command not found", a thrown Error) becomes an `internal` error.
 */
export function toApiError(reason: unknown): ApiError {
  if (isRecord(reason) && typeof reason.code === 'string' && typeof reason.message === 'string') {
    const fields: Record<string, string> = {};
    if (isRecord(reason.fields)) {
      for (const [key, value] of Object.entries(reason.fields)) {
        if (typeof value === 'string') fields[key] = value;
      }
    }
    return { code: reason.code, message: reason.message, fields };
  }
  const detail = reason instanceof Error ? reason.message : String(reason);
  return {
    code: 'internal',
    message: `Une erreur inattendue est survenue : ${detail}`,
    fields: {},
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

export const appStatus = (): Promise<AppStatus> => call('app_status');

export const searchEpcis = (query: string): Promise<EpciSummary[]> => call('search_epcis', { query });

export const completeSetup = (input: SetupInput): Promise<AppStatus> => call('complete_setup', { input });

export const listCommunes = (): Promise<Commune[]> => call('list_communes');

export const setCommuneFlags = (insee: string, hasPlcd: boolean, hasOfficer: boolean): Promise<Commune> =>
  call('set_commune_flags', { insee, hasPlcd, hasOfficer });

export const listTrainings = (query: TrainingQuery): Promise<TrainingPage> => call('list_trainings', { query });

export const getTrainingForm = (id: number): Promise<TrainingInput> => call('get_training_form', { id });

export const createTraining = (input: TrainingInput): Promise<TrainingSession> =>
  call('create_training', { input });

export const updateTraining = (id: number, input: TrainingInput): Promise<TrainingSession> =>
  call('update_training', { id, input });

export const deleteTraining = (id: number): Promise<null> => call('delete_training', { id });

export const trainingStats = (year: number): Promise<TrainingStats> => call('training_stats', { year });

/** The saved file's path, or null when the user cancelled the save dialog. */
export const exportTrainings = (year: number, format: SheetFormat): Promise<string | null> =>
  call('export_trainings', { year, format });

export const openDemo = (): Promise<AppStatus> => call('open_demo');

export const openOwnDatabase = (): Promise<AppStatus> => call('open_own_database');

/** Tries again to take the database another app held; the status says whether it is writable now. */
export const retryLock = (): Promise<AppStatus> => call('retry_lock');

/** Versions, the file's state, backups and the log folder, as text for the IT department. */
export const diagnosticInfo = (): Promise<string> => call('diagnostic_info');

/** Takes over a lock its holder abandoned, once the user confirmed. */
export const takeOverLock = (): Promise<AppStatus> => call('take_over_lock');

export const listAudit = (query: JournalQuery): Promise<JournalPage> => call('list_audit', { query });

/** Saves the entries the filter keeps through the native dialog; the saved path, or null when cancelled. */
export const exportAudit = (filter: JournalFilter, format: SheetFormat): Promise<string | null> =>
  call('export_audit', { filter, format });

export const backupInfo = (): Promise<BackupInfo> => call('backup_info');

/** The saved copy's path, or null when the user cancelled the native dialog. */
export const saveBackupCopy = (): Promise<string | null> => call('save_backup_copy');

/** The restored database's status, or null when the user cancelled the native dialog. */
export const restoreBackupCopy = (): Promise<AppStatus | null> => call('restore_backup_copy');

/** The file, its schema and its journal checked, every problem named (as `plan-lcd check`). */
export const checkDatabase = (): Promise<CheckReport> => call('check_database');

// Awareness week and events.

export const editionOfYear = (year: number): Promise<WeekEdition | null> => call('edition_of_year', { year });

export const listEditions = (): Promise<WeekEdition[]> => call('list_editions');

export const getEditionForm = (id: number): Promise<EditionInput> => call('get_edition_form', { id });

export const createEdition = (input: EditionInput): Promise<WeekEdition> => call('create_edition', { input });

export const updateEdition = (id: number, input: EditionInput): Promise<WeekEdition> =>
  call('update_edition', { id, input });

export const deleteEdition = (id: number): Promise<null> => call('delete_edition', { id });

export const listEvents = (query: EventQuery): Promise<EventPage> => call('list_events', { query });

export const getEventForm = (id: number): Promise<EventInput> => call('get_event_form', { id });

export const createEvent = (input: EventInput): Promise<EventSaved> => call('create_event', { input });

export const updateEvent = (id: number, input: EventInput): Promise<EventSaved> =>
  call('update_event', { id, input });

export const deleteEvent = (id: number): Promise<null> => call('delete_event', { id });

export const weekProgramme = (editionId: number): Promise<Programme> => call('week_programme', { editionId });

export const eventCoverage = (year: number): Promise<Coverage> => call('event_coverage', { year });

export const weekBilan = (editionId: number): Promise<Bilan> => call('week_bilan', { editionId });

export const listCampaign = (editionId: number): Promise<CampaignItem[]> => call('list_campaign', { editionId });

export const getCampaignForm = (id: number): Promise<CampaignInput> => call('get_campaign_form', { id });

export const createCampaignItem = (input: CampaignInput): Promise<CampaignItem> =>
  call('create_campaign_item', { input });

export const updateCampaignItem = (id: number, input: CampaignInput): Promise<CampaignItem> =>
  call('update_campaign_item', { id, input });

export const deleteCampaignItem = (id: number): Promise<null> => call('delete_campaign_item', { id });

/** The saved file's path, or null when the user cancelled the save dialog. */
export const exportEvents = (year: number, format: SheetFormat): Promise<string | null> =>
  call('export_events', { year, format });

export const exportCoverage = (year: number, format: SheetFormat): Promise<string | null> =>
  call('export_coverage', { year, format });

export const exportProgrammePdf = (editionId: number): Promise<string | null> =>
  call('export_programme_pdf', { editionId });

export const exportBilanPdf = (editionId: number): Promise<string | null> => call('export_bilan_pdf', { editionId });

// The annual initiative fund.

/** Makes another person the one the app acts for; answers with the new status. */
export const switchActor = (name: string, role: string): Promise<AppStatus> => call('switch_actor', { name, role });

/** The people who have used the app on this database, the last one first: the profile picker's list. */
export const listProfiles = (): Promise<Actor[]> => call('list_profiles');

/**
 * Asks (or stops asking) the grant agreement of public-law bodies too, above 23 000 € a year;
 * the project lead's choice. Answers with the status whose unit carries it.
 */
export const setAgreementForPublicBodies = (on: boolean): Promise<AppStatus> =>
  call('set_agreement_for_public_bodies', { on });

/** The call form's envelope as typed above its year's fund budget line: the warning, or null. */
export const fundEnvelopeOverCredits = (input: CallInput): Promise<EnvelopeOverCredits | null> =>
  call('fund_envelope_over_credits', { input });

/** The stored call of a year above its fund budget line: the warning, or null. */
export const fundCallEnvelopeOverCredits = (year: number): Promise<EnvelopeOverCredits | null> =>
  call('fund_call_envelope_over_credits', { year });

export const fundCallOfYear = (year: number): Promise<FundCall | null> => call('fund_call_of_year', { year });

export const newFundCallForm = (year: number): Promise<CallInput> => call('new_fund_call_form', { year });

export const getFundCallForm = (id: number): Promise<CallInput> => call('get_fund_call_form', { id });

export const createFundCall = (input: CallInput): Promise<FundCall> => call('create_fund_call', { input });

export const updateFundCall = (id: number, input: CallInput): Promise<FundCall> =>
  call('update_fund_call', { id, input });

export const fundDashboard = (callId: number): Promise<CallDashboard> => call('fund_dashboard', { callId });

export const listFundApplications = (query: ApplicationQuery): Promise<ApplicationPage> =>
  call('list_fund_applications', { query });

export const fundBoard = (callId: number): Promise<BoardColumn[]> => call('fund_board', { callId });

export const fundRanking = (callId: number): Promise<ApplicationRow[]> => call('fund_ranking', { callId });

export const getFundApplication = (id: number): Promise<ApplicationView> => call('get_fund_application', { id });

export const getFundApplicationForm = (id: number): Promise<ApplicationInput> =>
  call('get_fund_application_form', { id });

export const createFundApplication = (input: ApplicationInput): Promise<ApplicationView> =>
  call('create_fund_application', { input });

export const updateFundApplication = (id: number, input: ApplicationInput): Promise<ApplicationView> =>
  call('update_fund_application', { id, input });

export const deleteFundApplication = (id: number): Promise<null> => call('delete_fund_application', { id });

export const fundStep = (id: number, input: StepInput): Promise<ApplicationView> => call('fund_step', { id, input });

export const fundUndo = (id: number, reason: string): Promise<ApplicationView> => call('fund_undo', { id, reason });

export const fundSetDocument = (id: number, documentId: number, receivedOn: string): Promise<ApplicationView> =>
  call('fund_set_document', { id, documentId, receivedOn });

export const fundSaveReview = (id: number, input: ReviewInput): Promise<ApplicationView> =>
  call('fund_save_review', { id, input });

export const fundAddPayment = (id: number, input: PaymentInput): Promise<ApplicationView> =>
  call('fund_add_payment', { id, input });

export const fundPayPayment = (id: number, paymentId: number, paidOn: string): Promise<ApplicationView> =>
  call('fund_pay_payment', { id, paymentId, paidOn });

export const fundDeletePayment = (id: number, paymentId: number): Promise<ApplicationView> =>
  call('fund_delete_payment', { id, paymentId });

export const fundUnpayPayment = (id: number, paymentId: number, reason: string): Promise<ApplicationView> =>
  call('fund_unpay_payment', { id, paymentId, reason });

export const listOrganisations = (search: string): Promise<Organisation[]> => call('list_organisations', { search });

export const getOrganisationForm = (id: number): Promise<OrganisationInput> => call('get_organisation_form', { id });

export const createOrganisation = (input: OrganisationInput): Promise<Organisation> =>
  call('create_organisation', { input });

export const updateOrganisation = (id: number, input: OrganisationInput): Promise<Organisation> =>
  call('update_organisation', { id, input });

export const deleteOrganisation = (id: number): Promise<null> => call('delete_organisation', { id });

/** The saved file's path, or null when the user cancelled the save dialog. */
export const exportFundApplications = (callId: number, year: number, format: SheetFormat): Promise<string | null> =>
  call('export_fund_applications', { callId, year, format });

export const exportFundScdl = (callId: number, year: number): Promise<string | null> =>
  call('export_fund_scdl', { callId, year });

export const exportFundDashboardPdf = (callId: number, year: number): Promise<string | null> =>
  call('export_fund_dashboard_pdf', { callId, year });

export const exportFundLetterPdf = (id: number): Promise<string | null> => call('export_fund_letter_pdf', { id });

export const fundLetterTemplate = (): Promise<LetterTemplate> => call('fund_letter_template');

export const installFundLetterTemplate = (): Promise<LetterTemplate> => call('install_fund_letter_template');

// The budget and FTE.

export const listBudgets = (): Promise<BudgetYear[]> => call('list_budgets');

export const budgetView = (year: number): Promise<BudgetView | null> => call('budget_view', { year });

export const createBudget = (input: BudgetInput): Promise<BudgetYear> => call('create_budget', { input });

/** Records the vote of the year's initial budget; its credits then change only by amendments. */
export const voteBudget = (id: number, input: VoteInput): Promise<BudgetYear> => call('vote_budget', { id, input });

/** Closes the year: nothing can be dated in it any more, its summary is final. */
export const closeBudgetYear = (id: number): Promise<BudgetYear> => call('close_budget_year', { id });

export const updateBudgetLine = (id: number, input: LineInput): Promise<BudgetLine> =>
  call('update_budget_line', { id, input });

export const createBudgetLine = (input: LineInput): Promise<BudgetLine> => call('create_budget_line', { input });

export const listAmendments = (lineId: number): Promise<Amendment[]> => call('list_amendments', { lineId });

export const addAmendment = (input: AmendmentInput): Promise<Amendment> => call('add_amendment', { input });

export const listCommitments = (query: CommitmentQuery): Promise<CommitmentPage> =>
  call('list_commitments', { query });

export const createCommitment = (input: CommitmentInput): Promise<Commitment> =>
  call('create_commitment', { input });

export const commitmentForm = (id: number): Promise<CommitmentInput> => call('commitment_form', { id });

export const updateCommitment = (id: number, input: CommitmentInput): Promise<Commitment> =>
  call('update_commitment', { id, input });

export const deleteCommitment = (id: number): Promise<void> => call('delete_commitment', { id });

export const createBudgetPayment = (input: BudgetPaymentInput): Promise<BudgetPayment> =>
  call('create_payment', { input });

export const staffYear = (year: number): Promise<StaffYear> => call('staff_year', { year });

export const createPosition = (input: PositionInput): Promise<StaffPosition> => call('create_position', { input });

export const positionForm = (id: number): Promise<PositionInput> => call('position_form', { id });

export const updatePosition = (id: number, input: PositionInput): Promise<StaffPosition> =>
  call('update_position', { id, input });

export const deletePosition = (id: number): Promise<void> => call('delete_position', { id });

/** The plan's forecast for N, N+1, N+2; `null` while no budget exists. */
export const budgetForecast = (): Promise<Forecast | null> => call('budget_forecast');

export const setForecastIncrease = (input: ForecastInput): Promise<Forecast> =>
  call('set_forecast_increase', { input });

/** `year` beside `year - 1`; `null` when either has no budget. */
export const yearComparison = (year: number): Promise<YearComparison | null> => call('year_comparison', { year });

/** Renders the annual budget summary and opens it in the system's PDF viewer; answers the file's path. */
export const printBudgetSummary = (year: number): Promise<string> => call('print_budget_summary', { year });

/** The annual budget summary (PDF) through the native save dialog; `null` when cancelled. */
export const exportBudgetSummaryPdf = (year: number): Promise<string | null> =>
  call('export_budget_summary_pdf', { year });

/** `summary` (the lines) or `commitments`, as XLSX or CSV. */
export const exportBudgetSheet = (
  year: number,
  what: BudgetSheet,
  format: SheetFormat,
): Promise<string | null> => call('export_budget_sheet', { year, what, format });

// Partners, conventions, committees and reminders.

export const listPartners = (search: string): Promise<Partner[]> => call('list_partners', { search });

export const getPartnerForm = (id: number): Promise<PartnerInput> => call('get_partner_form', { id });

export const createPartner = (input: PartnerInput): Promise<Partner> => call('create_partner', { input });

export const updatePartner = (id: number, input: PartnerInput): Promise<Partner> =>
  call('update_partner', { id, input });

export const deletePartner = (id: number): Promise<null> => call('delete_partner', { id });

export const listConventions = (): Promise<Convention[]> => call('list_conventions');

export const getConventionForm = (id: number): Promise<ConventionInput> => call('get_convention_form', { id });

export const createConvention = (input: ConventionInput): Promise<Convention> =>
  call('create_convention', { input });

export const updateConvention = (id: number, input: ConventionInput): Promise<Convention> =>
  call('update_convention', { id, input });

export const deleteConvention = (id: number): Promise<null> => call('delete_convention', { id });

export const listCommittees = (): Promise<Committee[]> => call('list_committees');

export const getCommitteeForm = (id: number): Promise<CommitteeInput> => call('get_committee_form', { id });

export const createCommittee = (input: CommitteeInput): Promise<Committee> => call('create_committee', { input });

export const updateCommittee = (id: number, input: CommitteeInput): Promise<Committee> =>
  call('update_committee', { id, input });

export const deleteCommittee = (id: number): Promise<null> => call('delete_committee', { id });

export const listMeetings = (committeeId: number): Promise<CommitteeMeeting[]> =>
  call('list_meetings', { committeeId });

export const getMeetingForm = (id: number): Promise<MeetingInput> => call('get_meeting_form', { id });

export const createMeeting = (input: MeetingInput): Promise<CommitteeMeeting> => call('create_meeting', { input });

export const updateMeeting = (id: number, input: MeetingInput): Promise<CommitteeMeeting> =>
  call('update_meeting', { id, input });

export const deleteMeeting = (id: number): Promise<null> => call('delete_meeting', { id });

/** What needs doing soon, computed on the app's date, by date. */
export const listReminders = (): Promise<Reminder[]> => call('list_reminders');
// Personal data (GDPR).

export const privacyPurgePlan = (): Promise<PurgeItem[]> => call('privacy_purge_plan');

/** Removes exactly the listed contact details; refused when the list changed meanwhile. */
export const privacyPurge = (keys: PurgeKey[]): Promise<PurgeDone> => call('privacy_purge', { keys });

export const privacyFindPerson = (query: string): Promise<PersonData> => call('privacy_find_person', { query });

/** One person's data as JSON through the native save dialog; `null` when cancelled. */
export const exportPersonData = (query: string): Promise<string | null> => call('export_person_data', { query });

/** The processing register entry (PDF) through the native save dialog; `null` when cancelled. */
export const exportPrivacyRegister = (): Promise<string | null> => call('export_privacy_register');
// The plan's axes and actions, the home dashboard, the per-commune table.

export const planYear = (year: number): Promise<PlanYear> => call('plan_year', { year });

export const planDashboard = (year: number): Promise<Dashboard> => call('plan_dashboard', { year });

export const planCommunes = (year: number): Promise<CommuneYear> => call('plan_communes', { year });

export const planLinkOptions = (year: number): Promise<LinkOption[]> => call('plan_link_options', { year });

export const createPlanAxis = (input: AxisInput): Promise<PlanAxis> => call('create_plan_axis', { input });

export const updatePlanAxis = (id: number, input: AxisInput): Promise<PlanAxis> =>
  call('update_plan_axis', { id, input });

export const deletePlanAxis = (id: number): Promise<void> => call('delete_plan_axis', { id });

export const planActionForm = (id: number): Promise<ActionInput> => call('plan_action_form', { id });

export const createPlanAction = (input: ActionInput): Promise<PlanAction> => call('create_plan_action', { input });

export const updatePlanAction = (id: number, input: ActionInput): Promise<PlanAction> =>
  call('update_plan_action', { id, input });

export const deletePlanAction = (id: number): Promise<void> => call('delete_plan_action', { id });

/** The yearly activity report (PDF) through the native save dialog; `null` when cancelled. */
export const exportPlanBilanPdf = (year: number): Promise<string | null> => call('export_plan_bilan_pdf', { year });

/** The per-commune table as XLSX or CSV; `null` when cancelled. */
export const exportPlanCommunes = (year: number, format: SheetFormat): Promise<string | null> =>
  call('export_plan_communes', { year, format });
