import { describe, expect, it } from 'vitest';

import { TRAINING_LABELS } from '../pages/trainingFields';
import {
  choiceOf,
  errorPlace,
  importedNotice,
  previewCounts,
  progressText,
  ROW_STATUS_BADGES,
  ROW_STATUS_LABELS,
  sourceOf,
  stagesOf,
} from './importFrame';

const none = { to_update: 0, skipped: 0 };

describe('importFrame', () => {
  it('turns a source into the select’s choice and back', () => {
    expect(choiceOf(undefined)).toBe('');
    expect(choiceOf({ kind: 'column', value: 3 })).toBe('column:3');
    expect(choiceOf({ kind: 'value', value: 'remote' })).toBe('value');
    expect(sourceOf('', { kind: 'column', value: 1 })).toBeNull();
    expect(sourceOf('column:12', undefined)).toEqual({ kind: 'column', value: 12 });
    expect(sourceOf('value', { kind: 'column', value: 1 }, 'in_person')).toEqual({ kind: 'value', value: 'in_person' });
    expect(sourceOf('value', { kind: 'value', value: 'remote' }, 'in_person')).toEqual(
      { kind: 'value', value: 'remote' },
    );
  });

  it('counts with labels that agree with their number, singular for 0 and 1', () => {
    expect(previewCounts({ ready: 3, in_error: 3, present: 0, ...none })).toBe('Prêtes 3 · En erreur 3 · Déjà présente 0');
    expect(previewCounts({ ready: 1, in_error: 0, present: 1200, ...none })).toBe(
      'Prête 1 · En erreur 0 · Déjà présentes 1\u202f200',
    );
  });

  it('names the rows to update and those left out only when the file has some', () => {
    expect(previewCounts({ ready: 2, to_update: 1, in_error: 0, present: 0, skipped: 4 })).toBe(
      'Prêtes 2 · À mettre à jour 1 · En erreur 0 · Déjà présente 0 · Non importées 4',
    );
    expect(previewCounts({ ready: 0, to_update: 0, in_error: 0, present: 0, skipped: 1 })).toBe(
      'Prête 0 · En erreur 0 · Déjà présente 0 · Non importée 1',
    );
  });

  it('places an error on its column’s header, else on the field’s label', () => {
    const headers = ['Intitulé', 'Date', ''];
    expect(errorPlace({ field: 'first_day', column: 1 }, headers, TRAINING_LABELS)).toBe('Date');
    expect(errorPlace({ field: 'venue', column: 2 }, headers, TRAINING_LABELS)).toBe('Colonne 3');
    expect(errorPlace({ field: 'format', column: null }, headers, TRAINING_LABELS)).toBe('Format');
    expect(errorPlace({ field: 'organisation_kind', column: null }, headers, { organisation_kind: 'Type de structure' })).toBe(
      'Type de structure',
    );
    expect(errorPlace({ field: 'unknown', column: null }, headers, {})).toBe('unknown');
  });

  it('has a label and a badge for every status of a row', () => {
    for (const status of ['ready', 'update', 'error', 'present', 'skipped'] as const) {
      expect(ROW_STATUS_LABELS[status]).toBeTruthy();
      expect(ROW_STATUS_BADGES[status]).toBeTruthy();
    }
    expect(ROW_STATUS_LABELS.update).toBe('À mettre à jour');
    expect(ROW_STATUS_LABELS.skipped).toBe('Non importée');
  });

  it('sends the stage shown for each state, keyed by its words', () => {
    expect(
      stagesOf([
        { state: 'Accepté', key: 'accepte', rows: 3, stage: 'received' },
        { state: 'En construction', key: 'en construction', rows: 1, stage: 'draft' },
      ]),
    ).toEqual({ accepte: 'received', 'en construction': 'draft' });
  });

  it('says what an import did in the words of its records', () => {
    const report = { batch_id: 2, imported: 3, updated: 0, in_error: 1, present: 0, skipped: 0 };
    expect(importedNotice('trainings', report)).toBe('3 sessions importées (lot n° 2).');
    expect(importedNotice('applications', report)).toBe('3 dossiers importés, 0 mis à jour (lot n° 2).');
    expect(importedNotice('applications', { ...report, imported: 1, updated: 2 })).toBe(
      '1 dossier importé, 2 mis à jour (lot n° 2).',
    );
    expect(importedNotice('organisations', { ...report, imported: 1 })).toBe('1 structure importée (lot n° 2).');
    expect(importedNotice('partners', report), 'the core counts the partners’ rows').toBe(
      '3 lignes de partenaires importées (lot n° 2).',
    );
    expect(importedNotice('events', report)).toBe('3 événements importés (lot n° 2).');
    expect(importedNotice('commitments', { ...report, imported: 1 })).toBe('1 engagement importé (lot n° 2).');
    expect(importedNotice('payments', report)).toBe('3 mandats importés (lot n° 2).');
  });

  it('says where a long import stands, its counts in French digits', () => {
    expect(progressText({ phase: 'reading', done: 0, total: 0 })).toBe('Lecture du fichier…');
    expect(progressText({ phase: 'checking', done: 1250, total: 10000 })).toBe(
      'Vérification des lignes : 1\u202f250 / 10\u202f000',
    );
    expect(progressText({ phase: 'writing', done: 250, total: 4000 })).toBe('Enregistrement : 250 / 4\u202f000');
  });
});
