import { describe, expect, it } from 'vitest';

import { adoptRights, may } from './rights.svelte';

describe('rights', () => {
  it('are what the core sends, and nothing before it has', () => {
    adoptRights(null);
    expect((['enter', 'decide', 'delete'] as const).map(may)).toEqual([false, false, false]);
    adoptRights({ enter: true, decide: false, delete: false });
    expect((['enter', 'decide', 'delete'] as const).map(may)).toEqual([true, false, false]);
    adoptRights({ enter: true, decide: true, delete: true });
    expect(may('delete')).toBe(true);
  });
});
