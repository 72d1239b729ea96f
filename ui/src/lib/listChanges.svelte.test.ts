import { describe, expect, it, vi } from 'vitest';

import { ListChanges } from './listChanges.svelte';

const refusal = (message: string, fields: Record<string, string> = {}) => Promise.reject({ code: 'invalid', message, fields });

describe('ListChanges', () => {
  it('opens the form on what was read, forgetting what the last change said', async () => {
    const changes = new ListChanges(() => Promise.resolve());
    changes.notice = 'Partenaire enregistré : ADIL.';
    changes.form.errors = { name: 'Indiquez le nom.' };
    expect(await changes.open(() => ({ name: 'ADIL' }))).toEqual({ name: 'ADIL' });
    expect(changes.notice).toBeNull();
    expect(changes.form.errors).toEqual({});
  });

  it('shows why a stored entry could not be read, and opens nothing', async () => {
    const changes = new ListChanges(() => Promise.resolve());
    expect(await changes.open(() => refusal('Ce partenaire n’existe plus.'))).toBeNull();
    expect(changes.error).toBe('Ce partenaire n’existe plus.');
  });

  it('saved: says what was saved, closes the form, then reads the list again', async () => {
    const order: string[] = [];
    const changes = new ListChanges(async () => {
      order.push('list read again');
    });
    await changes.save(
      () => Promise.resolve({ name: 'ADIL' }),
      (saved) => `Partenaire enregistré : ${saved.name}.`,
      () => {
        order.push('form closed');
      },
    );
    expect(changes.notice).toBe('Partenaire enregistré : ADIL.');
    expect(order).toEqual(['form closed', 'list read again']);
  });

  it('refused: the form keeps its errors and nothing is said done', async () => {
    document.body.innerHTML = '<main id="content"></main>';
    const changed = vi.fn(() => Promise.resolve());
    const close = vi.fn();
    const changes = new ListChanges(changed);
    await changes.save(() => refusal('Corrigez les champs signalés.', { name: 'Indiquez le nom.' }), () => 'enregistré', close);
    expect(changes.form.errors).toEqual({ name: 'Indiquez le nom.' });
    expect(changes.error).toBe('Corrigez les champs signalés.');
    expect(changes.notice).toBeNull();
    expect(close, 'a refused save must leave the form open').not.toHaveBeenCalled();
    expect(changed).not.toHaveBeenCalled();
  });

  it('deletes, or shows why the core refused', async () => {
    const changed = vi.fn(() => Promise.resolve());
    const changes = new ListChanges(changed);
    await changes.remove(() => refusal('Une convention le cite.'), 'Partenaire supprimé : ADIL.');
    expect(changes.error).toBe('Une convention le cite.');
    expect(changes.notice).toBeNull();
    expect(changed).not.toHaveBeenCalled();
    await changes.remove(() => Promise.resolve(), 'Partenaire supprimé : ADIL.');
    expect(changes.error).toBeNull();
    expect(changes.notice).toBe('Partenaire supprimé : ADIL.');
    expect(changed).toHaveBeenCalledOnce();
  });

  it('after an import, says what it did in place of the last refusal, and reads the list again', async () => {
    const changed = vi.fn(() => Promise.resolve());
    const changes = new ListChanges(changed);
    changes.message = 'Une convention le cite.';
    await changes.reload('2 lignes de partenaires importées (lot n° 4).');
    expect(changes.error, 'an old refusal must not stay beside a new list').toBeNull();
    expect(changes.notice).toBe('2 lignes de partenaires importées (lot n° 4).');
    expect(changed).toHaveBeenCalledOnce();
    await changes.reload();
    expect(changes.notice).toBeNull();
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
