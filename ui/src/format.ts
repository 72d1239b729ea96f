// The one place that turns the core's values into French text (fr-FR).
// Components never format numbers, money or dates by hand: they call these.
//
// Spacing follows `Intl.NumberFormat('fr-FR')`: a narrow no-break space
// (U+202F) groups thousands, a no-break space (U+00A0) stands before € and %.
// The units this module adds itself ("h", "/ 5") use a no-break space too, so
// that a value never wraps away from its unit.

import type { ActionStatus } from './bindings/ActionStatus';
import type { Audience } from './bindings/Audience';
import type { CampaignKind } from './bindings/CampaignKind';
import type { EventKind } from './bindings/EventKind';
import type { EventPublic } from './bindings/EventPublic';
import type { EventStatus } from './bindings/EventStatus';
import type { OrganisationKind } from './bindings/OrganisationKind';
import type { Role } from './bindings/Role';
import type { Stage } from './bindings/Stage';
import type { StepAction } from './bindings/StepAction';
import type { TrainingFormat } from './bindings/TrainingFormat';
import type { TrainingStatus } from './bindings/TrainingStatus';
import { ACTION_STATUS_LABELS, AUDIENCE_LABELS, CAMPAIGN_KIND_LABELS, EVENT_KIND_LABELS, EVENT_PUBLIC_LABELS, EVENT_STATUS_LABELS, FORMAT_LABELS, LINK_KIND_LABELS, ORGANISATION_KIND_LABELS, ROLE_LABELS, STAGE_LABELS, STATUS_LABELS, STEP_ACTION_LABELS } from './bindings/labels';

/** The core's labels of its codes (generated from its enums: src/labels.rs). */
export { ACTION_STATUS_LABELS, AUDIENCE_LABELS, CAMPAIGN_KIND_LABELS, EVENT_KIND_LABELS, EVENT_PUBLIC_LABELS, EVENT_STATUS_LABELS, FORMAT_LABELS, LINK_KIND_LABELS, ORGANISATION_KIND_LABELS, ROLE_LABELS, STAGE_LABELS, STATUS_LABELS, STEP_ACTION_LABELS };

/** Shown where a value is unknown or cannot be computed. */
export const MISSING = '—';

const NBSP = '\u00a0';

const money = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const count = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const hours = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('fr-FR', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Integer cents as euros: 123456 → "1 234,56 €"; null → "—". */
export function formatMoney(cents: number | null): string {
  if (cents === null || !Number.isFinite(cents)) return MISSING;
  return money.format(cents / 100);
}

/**
 * Integer cents as a form's amount field shows them, ready to edit and read
 * back by the core (no thousands separator, no euro sign): 350000 → "3500,00".
 */
export function formatAmountInput(cents: number): string {
  const whole = Math.abs(Math.trunc(cents));
  const sign = cents < 0 ? '-' : '';
  return `${sign}${Math.floor(whole / 100)},${String(whole % 100).padStart(2, '0')}`;
}

/** An ISO date as the French read it: "2026-03-14" → "14/03/2026". Anything else is returned as is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A day of a known year, without the year: "2026-03-16" → "16/03". */
export function formatDayMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}` : iso;
}

/**
 * A session's dates: one day, or "14/03/2026 – 15/03/2026" when it spans
 * several. The dash holds to the first date so that a narrow column breaks
 * the range after it.
 */
export function formatDateRange(first: string, last: string): string {
  if (!last || last === first) return formatDate(first);
  return `${formatDate(first)}${NBSP}– ${formatDate(last)}`;
}

/** Hundredths of an hour: 350 → "3,5 h", 1200 → "12 h". */
export function formatHours(centi: number): string {
  return `${hours.format(centi / 100)}${NBSP}h`;
}

/** A whole number with French grouping: 1234 → "1 234". */
export function formatCount(n: number): string {
  return count.format(n);
}

/** A share between 0 and 1: 0.425 → "42,5 %"; null → "—". */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return MISSING;
  return percent.format(share);
}

/** A satisfaction score in tenths: 42 → "4,2 / 5"; null → "—". */
export function formatScore(tenths: number | null): string {
  if (tenths === null || !Number.isFinite(tenths)) return MISSING;
  return `${oneDecimal.format(tenths / 10)}${NBSP}/${NBSP}5`;
}

/** A count with its noun, singular for 0 and 1 as French wants: "1 session", "12 sessions". */
export function formatQuantity(n: number, singular: string, plural: string): string {
  return `${formatCount(n)} ${Math.abs(n) < 2 ? singular : plural}`;
}

/**
 * A roll-up of indicators in one sentence, as the bilan prints it:
 * « 2 indicateurs sur 3 atteints (66,7 %), réalisation moyenne 80 %. »
 */
export function rollupText(r: {
  indicators: number;
  reached: number;
  reached_permille: number | null;
  mean_rate_permille: number | null;
}): string {
  if (r.indicators === 0) return 'Aucun indicateur pour l’année.';
  const reached = `${formatQuantity(r.reached, 'indicateur', 'indicateurs')} sur ${formatCount(r.indicators)} ${
    r.reached < 2 ? 'atteint' : 'atteints'
  }`;
  return `${reached} (${formatRate(r.reached_permille)}), réalisation moyenne ${formatRate(r.mean_rate_permille)}.`;
}

/** "x sur y", e.g. communes reached out of the territory's communes. */
export function formatOutOf(part: number, total: number): string {
  return `${formatCount(part)} sur ${formatCount(total)}`;
}

/** The kinds of EPCI in the national list (`EpciSummary.kind`). */
export const EPCI_KIND_LABELS: Record<string, string> = {
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
  CU: 'Communauté urbaine',
  CA: "Communauté d’agglomération",
  CC: 'Communauté de communes',
};

/** The codes of an enum in the order the labels list them, for selects. */
export const AUDIENCES = Object.keys(AUDIENCE_LABELS) as Audience[];
export const FORMATS = Object.keys(FORMAT_LABELS) as TrainingFormat[];
export const STATUSES = Object.keys(STATUS_LABELS) as TrainingStatus[];
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

function label<K extends string>(labels: Record<K, string>, code: string): string {
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code as K] : code;
}

/** A code's French label; an unknown code is shown as is rather than hidden. */
export const audienceLabel = (code: string): string => label(AUDIENCE_LABELS, code);
export const formatLabel = (code: string): string => label(FORMAT_LABELS, code);
export const statusLabel = (code: string): string => label(STATUS_LABELS, code);
export const roleLabel = (code: string): string => label(ROLE_LABELS, code);
export const epciKindLabel = (code: string): string => label(EPCI_KIND_LABELS, code);

/** "2026-06-15T09:30:00Z" → "15/06/2026 11:30", in the computer's time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(d);
}


/** "14:00", "16:00" → "14:00 – 16:00": an event's times. */
export function formatTimeRange(start: string, end: string): string {
  return `${start}${NBSP}– ${end}`;
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2026-03-16" → "lundi 16 mars 2026". Anything else is returned as is. */
export function formatLongDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return longDate.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

export const EVENT_KINDS = Object.keys(EVENT_KIND_LABELS) as EventKind[];
export const EVENT_PUBLICS = Object.keys(EVENT_PUBLIC_LABELS) as EventPublic[];
export const EVENT_STATUSES = Object.keys(EVENT_STATUS_LABELS) as EventStatus[];
export const CAMPAIGN_KINDS = Object.keys(CAMPAIGN_KIND_LABELS) as CampaignKind[];

export const eventKindLabel = (code: string): string => label(EVENT_KIND_LABELS, code);
export const eventPublicLabel = (code: string): string => label(EVENT_PUBLIC_LABELS, code);
export const eventStatusLabel = (code: string): string => label(EVENT_STATUS_LABELS, code);
export const campaignKindLabel = (code: string): string => label(CAMPAIGN_KIND_LABELS, code);

// The annual initiative fund.

/** What the date of each step is called on its form. */
export const STEP_DATE_LABELS: Record<StepAction, string> = {
  receive: 'Date de réception',
  mark_incomplete: 'Date du constat',
  mark_complete: 'Date du constat',
  start_review: "Début de l’instruction",
  grant: 'Date du comité',
  refuse: 'Date du comité',
  withdraw: 'Date du retrait',
  sign_agreement: 'Date de signature',
  receive_report: 'Date de réception du bilan',
  close: 'Date de clôture',
};

export const STAGES = Object.keys(STAGE_LABELS) as Stage[];
export const ORGANISATION_KINDS = Object.keys(ORGANISATION_KIND_LABELS) as OrganisationKind[];

export const stageLabel = (code: string): string => label(STAGE_LABELS, code);
export const organisationKindLabel = (code: string): string => label(ORGANISATION_KIND_LABELS, code);
export const stepActionLabel = (code: string): string => label(STEP_ACTION_LABELS, code);

const twoDecimals = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A weighted score in hundredths of a point: 425 → "4,25 / 5"; null → "—". */
export function formatScoreCenti(centi: number | null): string {
  if (centi === null || !Number.isFinite(centi)) return MISSING;
  return `${twoDecimals.format(centi / 100)}${NBSP}/${NBSP}5`;
}

/** A share of an amount in a total, for the dashboard's bars: 0 to 1, 0 when the total is 0. */
export function shareOf(part: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, part / total)) : 0;
}

/** Today as a form writes it: "15/06/2026", to prefill a date field. */
export function todayFr(now: Date = new Date()): string {
  const dd = String(now.getDate()).padStart(2, '0');
  const mm = String(now.getMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${now.getFullYear()}`;
}

const fte = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** FTE in hundredths: 113 → "1,13", 200 → "2", as the budget summary prints them. */
export function formatFte(hundredths: number): string {
  return fte.format(hundredths / 100);
}

/** A rate in thousandths: 174 → "17,4 %"; null → "—". */
export function formatRate(permille: number | null): string {
  if (permille === null || !Number.isFinite(permille)) return MISSING;
  return percent.format(permille / 1000);
}

/** A count of actions by status, as the home page says it: « 3 réalisées ». */
export function actionStatusCount(status: ActionStatus, count: number): string {
  const plural: Record<ActionStatus, string> = {
    to_start: 'À lancer',
    in_progress: 'En cours',
    done: 'Réalisées',
    postponed: 'Reportées',
    abandoned: 'Abandonnées',
  };
  return count > 1 ? plural[status] : ACTION_STATUS_LABELS[status];
}

/** An indicator's value in hundredths with its unit: 2450, "stagiaires" → "24,5 stagiaires"; null → "—". */
export function formatIndicator(hundredths: number | null, unit: string): string {
  if (hundredths === null) return MISSING;
  const n = fte.format(hundredths / 100);
  return unit === '' ? n : `${n}${NBSP}${unit}`;
}
