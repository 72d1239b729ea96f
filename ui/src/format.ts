// The one place that turns the core's values into French text (fr-FR).
// Components never format numbers, money or dates by hand: they call these.
//
// Spacing follows `Intl.NumberFormat('fr-FR')`: a narrow no-break space
// (U+202F) groups thousands, a no-break space (U+00A0) stands before € and %.
// The units this module adds itself ("h", "/ 5") use a no-break space too, so
// that a value never wraps away from its unit.

import type { Audience } from './bindings/Audience';
import type { Role } from './bindings/Role';
import type { TrainingFormat } from './bindings/TrainingFormat';
import type { TrainingStatus } from './bindings/TrainingStatus';

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

/** An ISO date as the French read it: "2026-03-14" → "14/03/2026". Anything else is returned as is. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
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

/** "x sur y", e.g. communes reached out of the territory's communes. */
export function formatOutOf(part: number, total: number): string {
  return `${formatCount(part)} sur ${formatCount(total)}`;
}

export const AUDIENCE_LABELS: Record<Audience, string> = {
  own_agents: 'Agents de la collectivité',
  own_managers: 'Encadrement de la collectivité',
  elected_officials: 'Élu·es',
  outside_professionals: 'Professionnel·les extérieur·es',
  volunteers_associations: 'Bénévoles et associations',
  mixed: 'Public mixte',
};

export const FORMAT_LABELS: Record<TrainingFormat, string> = {
  in_person: 'Présentiel',
  remote: 'À distance',
};

export const STATUS_LABELS: Record<TrainingStatus, string> = {
  planned: 'Prévue',
  confirmed: 'Confirmée',
  held: 'Réalisée',
  cancelled: 'Annulée',
};

export const ROLE_LABELS: Record<Role, string> = {
  project_lead: 'Chef·fe de projet',
  assistant: 'Assistant·e administratif·ve',
  manager: 'Chef·fe de service',
};

/** The kinds of EPCI in the national list (`EpciSummary.kind`). */
export const EPCI_KIND_LABELS: Record<string, string> = {
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
  CU: 'Communauté urbaine',
  CA: "Communauté d'agglomération",
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

/** What the audit journal calls each table, for people. */
export const RECORD_LABELS: Record<string, string> = {
  unit: 'Service',
  profile: 'Utilisateur',
  commune: 'Commune',
  training_session: 'Session de formation',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  insert: 'Création',
  update: 'Modification',
  delete: 'Suppression',
};

/** What the journal calls the columns people know; others show their code. */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Intitulé',
  theme: 'Thème',
  audience: 'Public',
  trainer: 'Intervenant',
  format: 'Format',
  first_day: 'Premier jour',
  last_day: 'Dernier jour',
  hours_centi: 'Heures (centièmes)',
  venue: 'Lieu',
  commune_insee: 'Commune (INSEE)',
  capacity: 'Capacité',
  registered: 'Inscrit·es',
  attended_women: 'Présentes (femmes)',
  attended_men: 'Présents (hommes)',
  attended_unstated: 'Présent·es (non renseigné)',
  planned_cost_cents: 'Coût prévu (centimes)',
  actual_cost_cents: 'Coût réel (centimes)',
  status: 'Statut',
  cancel_reason: "Motif d'annulation",
  satisfaction_tenths: 'Satisfaction (dixièmes)',
  notes: 'Notes',
  name: 'Nom',
  has_plcd: 'Plan local (PLCD)',
  has_officer: 'Chargé·e de mission',
};

export const recordLabel = (table: string): string => label(RECORD_LABELS, table);
export const fieldLabel = (column: string): string => label(FIELD_LABELS, column);
export const auditActionLabel = (action: string): string => label(AUDIT_ACTION_LABELS, action);
