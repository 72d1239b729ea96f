import { describe, expect, it } from 'vitest';

import { may, rights, roleMay } from './rights.svelte';

describe('rights', () => {
  it('mirror the core: the manager reads, the assistant enters, the project lead also decides and deletes', () => {
    const table = {
      manager: [false, false, false],
      assistant: [true, false, false],
      project_lead: [true, true, true],
    } as const;
    for (const [role, expected] of Object.entries(table)) {
      expect((['enter', 'decide', 'delete'] as const).map((p) => roleMay(role as keyof typeof table, p))).toEqual(expected);
    }
    expect(roleMay(null, 'enter')).toBe(false);
  });

  it('allow nothing on a database opened read-only', () => {
    rights.role = 'project_lead';
    rights.readOnly = false;
    expect(may('delete')).toBe(true);
    rights.readOnly = true;
    expect(may('enter')).toBe(false);
  });
});
