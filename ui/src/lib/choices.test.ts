import { describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { communeChoices, partnerNames } from './choices';
import { communes } from '../test/fixtures';

describe('communeChoices', () => {
  it('offers none first, in the form’s words, then each commune by its INSEE code', () => {
    const choices = communeChoices(communes, '(aucune)');
    expect(choices[0]).toEqual({ value: '', label: '(aucune)' });
    expect(choices.slice(1)).toEqual(communes.map((c) => ({ value: c.insee, label: c.name })));
  });
});

describe('partnerNames', () => {
  it('reads the recorded partners’ names', async () => {
    invoke.mockResolvedValueOnce([{ id: 1, name: 'ADIL 13' }, { id: 2, name: 'Défenseur des droits' }]);
    expect(await partnerNames()).toEqual(['ADIL 13', 'Défenseur des droits']);
    expect(invoke).toHaveBeenCalledWith('list_partners', { search: '' });
  });

  it('offers none when the partners cannot be read, so that the form still opens', async () => {
    invoke.mockRejectedValueOnce({ code: 'io', message: 'Base illisible.', fields: {} });
    expect(await partnerNames()).toEqual([]);
  });
});
