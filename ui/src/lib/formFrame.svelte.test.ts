import { describe, expect, it, vi } from 'vitest';

import { FormState, focusFirstError } from './formFrame.svelte';

describe('focusFirstError', () => {
  it('focuses the first field in error, in the order of the document', async () => {
    document.body.innerHTML = `<main id="content">
      <input id="a" /><input id="b" aria-invalid="true" /><input id="c" aria-invalid="true" />
    </main>`;
    await focusFirstError();
    expect(document.activeElement?.id).toBe('b');
  });

  it('focuses the form’s message when no field is at fault', async () => {
    document.body.innerHTML = `<main id="content"><input id="a" /><p role="alert" id="m">Refusé</p></main>`;
    await focusFirstError();
    expect(document.activeElement?.id).toBe('m');
    expect(document.getElementById('m')?.getAttribute('tabindex')).toBe('-1');
  });
});

describe('FormState', () => {
  it('puts a refusal’s messages beside their fields and calls nothing saved', async () => {
    document.body.innerHTML = `<main id="content"><input id="t" aria-invalid="true" /></main>`;
    const form = new FormState();
    const saved = vi.fn();
    await form.submit(
      () => Promise.reject({ code: 'invalid', message: 'Corrigez les champs signalés.', fields: { title: 'Indiquez l’intitulé.' } }),
      saved,
    );
    expect(form.errors).toEqual({ title: 'Indiquez l’intitulé.' });
    expect(form.message).toBe('Corrigez les champs signalés.');
    expect(form.saving).toBe(false);
    expect(saved).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe('t');
  });

  it('clears the errors once saved and hands over what the core answered', async () => {
    const form = new FormState();
    form.errors = { title: 'Indiquez l’intitulé.' };
    const saved = vi.fn();
    await form.submit(() => Promise.resolve({ id: 7 }), saved);
    expect(form.errors).toEqual({});
    expect(saved).toHaveBeenCalledWith({ id: 7 });
  });

  it('sends once while a save is under way', async () => {
    const form = new FormState();
    let finish: (v: number) => void = () => {};
    const send = vi.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    const first = form.submit(send, () => {});
    await form.submit(send, () => {});
    finish(1);
    await first;
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('shows why a deletion was refused', async () => {
    const form = new FormState();
    expect(await form.run(() => Promise.reject({ code: 'refused', message: 'Refusé.', fields: {} }))).toBe(false);
    expect(form.message).toBe('Refusé.');
    expect(await form.run(() => Promise.resolve())).toBe(true);
  });
});
