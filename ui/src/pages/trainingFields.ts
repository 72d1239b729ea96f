// The training form's fields as the person reads them, once: the form shows
// these labels, and the import names the same fields with the same words
// when it asks which column feeds which field.
import type { ImportPreview } from '../bindings/ImportPreview';
import type { PreviewRow } from '../bindings/PreviewRow';
import type { Source } from '../bindings/Source';
import type { TrainingInput } from '../bindings/TrainingInput';
import { AUDIENCE_LABELS, FORMAT_LABELS, formatCount, STATUS_LABELS } from '../format';

export type TrainingField = keyof TrainingInput;

/** Each field's label, in the form's order. */
export const TRAINING_LABELS: Record<TrainingField, string> = {
  title: 'Intitulé',
  format: 'Format',
  audience: 'Public',
  trainer: 'Intervenant ou organisme partenaire',
  theme: 'Thème',
  first_day: 'Premier jour',
  last_day: 'Dernier jour',
  hours: 'Durée totale (heures)',
  venue: 'Lieu',
  commune_insee: 'Commune',
  capacity: 'Capacité',
  registered: 'Inscrit·es',
  attended_women: 'Présentes (femmes)',
  attended_men: 'Présents (hommes)',
  attended_unstated: 'Présent·es (sexe non renseigné)',
  planned_cost: 'Coût prévu (€)',
  actual_cost: 'Coût réel (€)',
  status: 'Statut',
  satisfaction: 'Satisfaction moyenne (1 à 5)',
  cancel_reason: 'Motif d’annulation',
  notes: 'Notes',
};

/** The fields an import fills, in the form's order. */
export const TRAINING_FIELDS = Object.keys(TRAINING_LABELS) as TrainingField[];

/** The fields that take a code of a closed list, with the list's labels. */
export const CLOSED_LISTS: Partial<Record<TrainingField, Record<string, string>>> = {
  audience: AUDIENCE_LABELS,
  format: FORMAT_LABELS,
  status: STATUS_LABELS,
};

/**
 * A mapping select's value for a field's source: '' when the field is not
 * imported, `column:i` for a column, `value` for one value for every row.
 */
export function choiceOf(source: Source | undefined): string {
  if (!source) return '';
  return source.kind === 'column' ? `column:${source.value}` : 'value';
}

/**
 * The source a select's choice stands for; `value` keeps the value already
 * typed for the field (`previous`), or starts from `initial`.
 */
export function sourceOf(choice: string, previous: Source | undefined, initial = ''): Source | null {
  if (choice === '') return null;
  if (choice === 'value') return previous?.kind === 'value' ? previous : { kind: 'value', value: initial };
  const m = /^column:(\d+)$/.exec(choice);
  return m ? { kind: 'column', value: Number(m[1]) } : null;
}

/** The counts above the preview: « Prêtes 3 · En erreur 3 · Déjà présente 0 ». */
export function previewCounts(p: Pick<ImportPreview, 'ready' | 'in_error' | 'present'>): string {
  const one = (n: number, singular: string, plural: string): string =>
    `${Math.abs(n) < 2 ? singular : plural} ${formatCount(n)}`;
  return [
    one(p.ready, 'Prête', 'Prêtes'),
    one(p.in_error, 'En erreur', 'En erreur'),
    one(p.present, 'Déjà présente', 'Déjà présentes'),
  ].join(' · ');
}

/**
 * Where a row's error lies, as the person finds it in the file: the
 * column's header; for a field that takes one value for every row, or none,
 * the field's label.
 */
export function errorPlace(
  error: { field: string; column: number | null },
  headers: string[],
): string {
  const header = error.column === null ? undefined : headers[error.column];
  if (header !== undefined && header.trim() !== '') return header;
  if (error.column !== null) return `Colonne ${error.column + 1}`;
  return TRAINING_LABELS[error.field as TrainingField] ?? error.field;
}

export const ROW_STATUS_LABELS: Record<PreviewRow['status'], string> = {
  ready: 'Prête',
  error: 'En erreur',
  present: 'Déjà présente',
};

/** The badge class of a row's status, from the badges of app.css. */
export const ROW_STATUS_BADGES: Record<PreviewRow['status'], string> = {
  ready: 'held',
  error: 'warning',
  present: 'planned',
};
