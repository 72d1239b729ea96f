import { describe, expect, it } from 'vitest';

import { focusFirstError } from './formFrame';

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
