// What every import page shares, whatever the file brings in: the mapping
// selects' values, the counts above the preview, where a row's error lies
// in the file, the rows' badges, and the words each kind of record takes
// (« sessions » for trainings, « dossiers » for grant applications).
import type { ImportKind } from '../bindings/ImportKind';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportReport } from '../bindings/ImportReport';
import type { ImportStage } from '../bindings/ImportStage';
import type { RowStatus } from '../bindings/RowStatus';
import type { Source } from '../bindings/Source';
import type { StateChoice } from '../bindings/StateChoice';
import { formatCount, formatQuantity } from '../format';

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

type Counts = Pick<ImportPreview, 'ready' | 'to_update' | 'in_error' | 'present' | 'skipped'>;

/**
 * The counts above the preview: « Prêtes 3 · En erreur 3 · Déjà présente 0 »;
 * the rows to update and the rows left out only when there are some, since
 * most files have none.
 */
export function previewCounts(p: Counts): string {
  const one = (n: number, singular: string, plural: string): string =>
    `${Math.abs(n) < 2 ? singular : plural} ${formatCount(n)}`;
  return [
    one(p.ready, 'Prête', 'Prêtes'),
    p.to_update > 0 ? one(p.to_update, 'À mettre à jour', 'À mettre à jour') : null,
    one(p.in_error, 'En erreur', 'En erreur'),
    one(p.present, 'Déjà présente', 'Déjà présentes'),
    p.skipped > 0 ? one(p.skipped, 'Non importée', 'Non importées') : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/**
 * Where a row's error lies, as the person finds it in the file: the
 * column's header; for a field that takes one value for every row, or none,
 * the field's label (`labels`, by field key).
 */
export function errorPlace(
  error: { field: string; column: number | null },
  headers: string[],
  labels: Record<string, string>,
): string {
  const header = error.column === null ? undefined : headers[error.column];
  if (header !== undefined && header.trim() !== '') return header;
  if (error.column !== null) return `Colonne ${error.column + 1}`;
  return labels[error.field] ?? error.field;
}

/** A row's status, said of the file's line (« ligne », hence feminine). */
export const ROW_STATUS_LABELS: Record<RowStatus, string> = {
  ready: 'Prête',
  update: 'À mettre à jour',
  error: 'En erreur',
  present: 'Déjà présente',
  skipped: 'Non importée',
};

/** The badge class of a row's status, from the badges of app.css. */
export const ROW_STATUS_BADGES: Record<RowStatus, string> = {
  ready: 'held',
  update: 'confirmed',
  error: 'warning',
  present: 'planned',
  skipped: 'status-abandoned',
};

/** The stage chosen for each state shown, as `ImportOptions.states` takes it. */
export function stagesOf(states: StateChoice[]): Record<string, ImportStage> {
  return Object.fromEntries(states.map((s) => [s.key, s.stage]));
}

/** The words a kind of record takes on the import page and after it. */
export type ImportWords = {
  /** The record, singular and plural: « session », « dossier ». */
  one: string;
  many: string;
  /** The records brought in, and brought up to date. */
  imported: [string, string];
  updated: [string, string];
  /** The records an undone batch took away. */
  removed: [string, string];
  /** The form's heading, and the caption of the list of batches. */
  heading: string;
  batches: string;
  /** The preview's column that names each row; the batches' column of counts. */
  rowHeader: string;
  countHeader: string;
  /** Why a row already recorded is left alone, and what an update does. */
  present: string;
  update: string;
  /** The filter that hides the ready rows. */
  onlyIssues: string;
  /** The way back without importing. */
  back: string;
};

export const IMPORT_WORDS: Record<ImportKind, ImportWords> = {
  trainings: {
    one: 'session',
    many: 'sessions',
    imported: ['session importée', 'sessions importées'],
    updated: ['mise à jour', 'mises à jour'],
    removed: ['session retirée', 'sessions retirées'],
    heading: 'Importer des sessions de formation',
    batches: 'Imports de sessions de formation',
    rowHeader: 'Session',
    countHeader: 'Sessions',
    present:
      'Une session de même intitulé, même premier jour et même commune est déjà enregistrée : la ligne sera ignorée.',
    update: 'La session enregistrée sera mise à jour d’après la ligne.',
    onlyIssues: 'Seulement les lignes en erreur ou déjà présentes',
    back: 'Retour à la liste',
  },
  applications: {
    one: 'dossier',
    many: 'dossiers',
    imported: ['dossier importé', 'dossiers importés'],
    updated: ['mis à jour', 'mis à jour'],
    removed: ['dossier retiré', 'dossiers retirés'],
    heading: 'Importer des dossiers de subvention',
    batches: 'Imports de dossiers de subvention',
    rowHeader: 'Dossier',
    countHeader: 'Dossiers',
    present:
      'Ce dossier est déjà enregistré tel quel dans l’appel, ou figure plus haut dans le fichier : la ligne sera ignorée.',
    update:
      'Ce dossier Démarches Simplifiées est déjà enregistré dans l’appel : son contenu sera mis à jour d’après la ligne.',
    onlyIssues: 'Seulement les lignes qui ne sont pas prêtes (en erreur, à mettre à jour, déjà présentes, non importées)',
    back: 'Retour à l’appel',
  },
};

/**
 * The notice after an import: « 3 sessions importées (lot n° 1). »,
 * « 3 dossiers importés, 1 mis à jour (lot n° 2). ». Trainings never update,
 * so their notice names updates only if some were made.
 */
export function importedNotice(kind: ImportKind, report: ImportReport): string {
  const w = IMPORT_WORDS[kind];
  const parts = [formatQuantity(report.imported, ...w.imported)];
  if (kind === 'applications' || report.updated > 0) parts.push(formatQuantity(report.updated, ...w.updated));
  return `${parts.join(', ')} (lot n° ${report.batch_id}).`;
}
