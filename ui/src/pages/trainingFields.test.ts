import { describe, expect, it } from 'vitest';

import { AUDIENCE_LABELS } from '../format';
import { CLOSED_LISTS, TRAINING_LABELS } from './trainingFields';

describe('trainingFields', () => {
  it('names every field of the training form', () => {
    expect(Object.keys(TRAINING_LABELS)).toHaveLength(21);
  });

  it('offers the labels of a closed list, keyed by the codes the core takes', () => {
    expect(CLOSED_LISTS.audience).toBe(AUDIENCE_LABELS);
    expect(CLOSED_LISTS.title).toBeUndefined();
    expect(TRAINING_LABELS.actual_cost).toBe('Coût réel (€)');
  });
});
