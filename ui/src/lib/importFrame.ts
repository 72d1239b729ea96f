// What every import page shares, whatever the file brings in: the mapping
// selects' values, the counts above the preview, where a row's error lies
// in the file, the rows' badges, and the words each kind of record takes
// (« sessions » for trainings, « dossiers » for grant applications,
// « structures », « lignes de partenaires », « événements », « engagements »,
// « mandats »), and the words of a long import's progress.
import type { ImportKind } from '../bindings/ImportKind';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
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
  /**
   * What a row of the file becomes, said before a file is chosen (the page
   * says for every kind what files it reads and that nothing is written
   * before the preview).
   */
  choose: string;
  /** What taking a batch back removes, and until when it may. */
  undo: string;
  /**
   * The choice of bringing the records already there up to date instead of
   * skipping them, for the kinds whose import offers it.
   */
  updatePresent?: string;
};

const ONLY_ISSUES = 'Seulement les lignes en erreur ou déjà présentes';

export const IMPORT_WORDS: Record<ImportKind, ImportWords> = {
  trainings: {
    one: 'session',
    many: 'sessions',
    imported: ['session importée', 'sessions importées'],
    updated: ['mise à jour', 'mises à jour'],
    removed: ['session retirée', 'sessions retirées'],
    heading: 'Importer des sessions de formation',
    updatePresent:
      'Mettre à jour les sessions déjà enregistrées (même intitulé, même premier jour, même commune) quand la ligne en dit autre chose',
    batches: 'Imports de sessions de formation',
    rowHeader: 'Session',
    countHeader: 'Sessions',
    present:
      'Une session de même intitulé, même premier jour et même commune est déjà enregistrée : la ligne sera ignorée.',
    update: 'La session enregistrée sera mise à jour d’après la ligne.',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour à la liste',
    choose: 'Chaque ligne devient une session de formation, vérifiée comme dans le formulaire.',
    undo: 'Annuler un import retire toutes ses sessions, tant qu’aucune n’a été modifiée ni rattachée au plan depuis.',
  },
  applications: {
    one: 'dossier',
    many: 'dossiers',
    imported: ['dossier importé', 'dossiers importés'],
    updated: ['mis à jour', 'mis à jour'],
    removed: ['dossier retiré', 'dossiers retirés'],
    heading: 'Importer des dossiers de subvention',
    updatePresent:
      'Mettre à jour les dossiers déjà enregistrés (même n° Démarches Simplifiées ou, sans numéro, même structure et même intitulé) quand la ligne en dit autre chose ; une cellule vide n’efface rien',
    batches: 'Imports de dossiers de subvention',
    rowHeader: 'Dossier',
    countHeader: 'Dossiers',
    present:
      'Ce dossier est déjà enregistré tel quel dans l’appel, ou figure plus haut dans le fichier : la ligne sera ignorée.',
    update:
      'Ce dossier est déjà enregistré dans l’appel : son contenu sera mis à jour d’après la ligne (et son n° Démarches Simplifiées noté).',
    onlyIssues: 'Seulement les lignes qui ne sont pas prêtes (en erreur, à mettre à jour, déjà présentes, non importées)',
    back: 'Retour à l’appel',
    choose:
      'Un export des dossiers de la démarche sur « Démarches Simplifiées » (XLSX ou CSV) est reconnu tel quel. ' +
      'Chaque ligne devient un dossier de l’appel, avec sa structure (reprise si elle est déjà enregistrée), ' +
      'vérifiés comme dans les formulaires.',
    undo:
      'Annuler un import retire ses dossiers et les structures qu’il a créées, tant qu’aucun n’a été modifié, ' +
      'n’a avancé ni reçu de pièce ou de versement depuis ; un import qui a mis à jour des dossiers existants ' +
      'ne s’annule pas en bloc.',
  },
  organisations: {
    one: 'structure',
    many: 'structures',
    imported: ['structure importée', 'structures importées'],
    updated: ['mise à jour', 'mises à jour'],
    removed: ['structure retirée', 'structures retirées'],
    heading: 'Importer des structures',
    updatePresent:
      'Mettre à jour les structures déjà enregistrées (même SIRET, même RNA ou, à défaut, même nom) quand la ligne en dit autre chose ; une cellule vide n’efface rien',
    batches: 'Imports de structures',
    rowHeader: 'Structure',
    countHeader: 'Structures',
    present:
      'Cette structure (même SIRET, même RNA ou, à défaut, même nom) est déjà enregistrée, ou figure plus haut ' +
      'dans le fichier : la ligne sera ignorée.',
    update: 'La structure enregistrée sera mise à jour d’après la ligne.',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour aux structures',
    choose:
      'Chaque ligne devient une structure, vérifiée comme dans le formulaire ; une structure déjà enregistrée ' +
      '(même SIRET, même RNA ou, à défaut, même nom) reste telle quelle, sauf si vous demandez sa mise à jour.',
    undo:
      'Annuler un import retire toutes ses structures, tant qu’aucune structure n’a été modifiée ni n’a déposé ' +
      'de dossier depuis ; un import qui a mis à jour des structures existantes ne s’annule pas en bloc.',
  },
  partners: {
    one: 'ligne de partenaire',
    many: 'lignes de partenaires',
    imported: ['ligne de partenaire importée', 'lignes de partenaires importées'],
    updated: ['mise à jour', 'mises à jour'],
    removed: ['ligne de partenaire retirée', 'lignes de partenaires retirées'],
    heading: 'Importer des partenaires et leurs contacts',
    updatePresent:
      'Mettre à jour les partenaires déjà enregistrés (même SIRET ou même nom) : fiche complétée, contacts ajoutés ou mis à jour par leur nom ; une cellule vide n’efface rien',
    batches: 'Imports de partenaires et de leurs contacts',
    rowHeader: 'Partenaire',
    countHeader: 'Lignes',
    present:
      'Ce partenaire (même SIRET ou même nom) est déjà enregistré et sa fiche reste telle quelle, ou la ligne ' +
      'n’apporte aucun nouveau contact au partenaire d’une ligne précédente : elle sera ignorée.',
    update: 'Le partenaire enregistré sera mis à jour d’après la ligne (fiche, ou contact ajouté ou mis à jour).',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour aux partenaires',
    choose:
      'Chaque ligne donne un partenaire et, s’il y a lieu, un de ses contacts ; les lignes d’un même partenaire ' +
      '(même nom) se regroupent. Un partenaire déjà enregistré reste tel quel, sauf si vous demandez sa mise à jour.',
    undo:
      'Annuler un import retire ses partenaires et leurs contacts, tant qu’aucun partenaire n’a été modifié ni ne ' +
      'figure dans une convention ou une réunion ; un import qui a mis à jour des partenaires existants ne s’annule pas en bloc.',
  },
  events: {
    one: 'événement',
    many: 'événements',
    imported: ['événement importé', 'événements importés'],
    updated: ['mis à jour', 'mis à jour'],
    removed: ['événement retiré', 'événements retirés'],
    heading: 'Importer des événements',
    updatePresent:
      'Mettre à jour les événements déjà enregistrés (même intitulé, même jour, même commune) quand la ligne en dit autre chose',
    batches: 'Imports d’événements',
    rowHeader: 'Événement',
    countHeader: 'Événements',
    present:
      'Un événement de même intitulé, même jour et même commune est déjà enregistré, ou figure plus haut dans le ' +
      'fichier : la ligne sera ignorée.',
    update: 'L’événement enregistré sera mis à jour d’après la ligne.',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour aux événements',
    choose:
      'Chaque ligne devient un événement ; un événement dont la date tombe pendant une semaine enregistrée lui est ' +
      'rattaché.',
    undo: 'Annuler un import retire tous ses événements, tant qu’aucun événement n’a été modifié ni rattaché au plan depuis.',
  },
  commitments: {
    one: 'engagement',
    many: 'engagements',
    imported: ['engagement importé', 'engagements importés'],
    updated: ['mis à jour', 'mis à jour'],
    removed: ['engagement retiré', 'engagements retirés'],
    heading: 'Importer des engagements',
    batches: 'Imports d’engagements',
    rowHeader: 'Engagement',
    countHeader: 'Engagements',
    present:
      'Un engagement de même ligne, même date, même montant et même objet est déjà enregistré, ou figure plus haut ' +
      'dans le fichier : la ligne sera ignorée.',
    update: 'L’engagement enregistré sera mis à jour d’après la ligne.',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour au budget',
    choose:
      'Chaque ligne devient un engagement sur la ligne budgétaire nommée (par son libellé) ; un engagement qui ' +
      'dépasserait le disponible de sa ligne est refusé : saisissez-le dans le formulaire pour confirmer le ' +
      'dépassement.',
    undo:
      'Annuler un import retire tous ses engagements, tant qu’aucun engagement n’a été modifié ni mandaté et que ' +
      'l’exercice n’est pas clos.',
  },
  payments: {
    one: 'mandat',
    many: 'mandats',
    imported: ['mandat importé', 'mandats importés'],
    updated: ['mis à jour', 'mis à jour'],
    removed: ['mandat retiré', 'mandats retirés'],
    heading: 'Importer des mandats',
    batches: 'Imports de mandats',
    rowHeader: 'Mandat',
    countHeader: 'Mandats',
    present:
      'Un mandat de même engagement, même date, même montant et même numéro est déjà enregistré, ou figure plus ' +
      'haut dans le fichier : la ligne sera ignorée.',
    update: 'Le mandat enregistré sera mis à jour d’après la ligne.',
    onlyIssues: ONLY_ISSUES,
    back: 'Retour au budget',
    choose:
      'Chaque ligne devient un mandat de l’engagement dont elle donne le numéro, dans la limite de son reste à payer.',
    undo: 'Annuler un import retire tous ses mandats, tant que l’exercice n’est pas clos.',
  },
};

/**
 * The notice after an import: « 3 sessions importées (lot n° 1). »,
 * « 3 dossiers importés, 1 mis à jour (lot n° 2). ». Only applications are
 * brought up to date by a newer file, so other kinds' notices name updates
 * only if some were made.
 */
export function importedNotice(kind: ImportKind, report: ImportReport): string {
  const w = IMPORT_WORDS[kind];
  const parts = [formatQuantity(report.imported, ...w.imported)];
  if (kind === 'applications' || report.updated > 0) parts.push(formatQuantity(report.updated, ...w.updated));
  return `${parts.join(', ')} (lot n° ${report.batch_id}).`;
}

/**
 * Where a long preview or import stands, as the page says it beside its
 * bar: « Lecture du fichier… » (no count yet), « Vérification des lignes :
 * 1 250 / 10 000 », « Enregistrement : 250 / 4 000 ».
 */
export function progressText(p: ImportProgress): string {
  const of = `${formatCount(p.done)} / ${formatCount(p.total)}`;
  switch (p.phase) {
    case 'reading':
      return 'Lecture du fichier…';
    case 'checking':
      return `Vérification des lignes : ${of}`;
    case 'writing':
      return `Enregistrement : ${of}`;
  }
}
