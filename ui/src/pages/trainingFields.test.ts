import { describe, expect, it } from 'vitest';

import { AUDIENCE_LABELS } from '../format';
import { CLOSED_LISTS, TRAINING_FIELDS, TRAINING_LABELS } from './trainingFields';

describe('trainingFields', () => {
  it('lists every field of the training form once', () => {
    expect(TRAINING_FIELDS).toHaveLength(21);
    expect(new Set(TRAINING_FIELDS).size).toBe(21);
  });

  it('offers the labels of a closed list, keyed by the codes the core takes', () => {
    expect(CLOSED_LISTS.audience).toBe(AUDIENCE_LABELS);
    expect(CLOSED_LISTS.title).toBeUndefined();
    expect(TRAINING_LABELS.actual_cost).toBe('Coût réel (€)');
  });
});
