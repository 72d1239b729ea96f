import { describe, expect, it } from 'vitest';

import { choiceOf, errorPlace, previewCounts, sourceOf, TRAINING_FIELDS } from './trainingFields';

describe('trainingFields', () => {
  it('lists every field of the training form once', () => {
    expect(TRAINING_FIELDS).toHaveLength(21);
    expect(new Set(TRAINING_FIELDS).size).toBe(21);
  });

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
    expect(previewCounts({ ready: 3, in_error: 3, present: 0 })).toBe('Prêtes 3 · En erreur 3 · Déjà présente 0');
    expect(previewCounts({ ready: 1, in_error: 0, present: 1200 })).toBe(
      'Prête 1 · En erreur 0 · Déjà présentes 1\u202f200',
    );
  });

  it('places an error on its column’s header, else on the field', () => {
    const headers = ['Intitulé', 'Date', ''];
    expect(errorPlace({ field: 'first_day', column: 1 }, headers)).toBe('Date');
    expect(errorPlace({ field: 'venue', column: 2 }, headers)).toBe('Colonne 3');
    expect(errorPlace({ field: 'format', column: null }, headers)).toBe('Format');
  });
});
