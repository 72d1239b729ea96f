// What every form does after a refused save, in one place: the person is
// taken to what needs correcting (RGAA 11.10, WCAG 3.3.1).
import { tick } from 'svelte';

import { toApiError } from '../api';

/**
 * Once the page shows the refusal, focuses the first field marked invalid
 * (`aria-invalid="true"`, in the document's order) and scrolls it clear of
 * the sticky save bar; when no field is at fault, the form's message
 * (`role="alert"`), made focusable for it.
 */
export async function focusFirstError(): Promise<void> {
  await tick();
  const field = document.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = field ?? document.querySelector<HTMLElement>('#content [role="alert"]');
  if (!target) return;
  if (!field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  // jsdom (the unit tests) has no layout, hence no scrollIntoView.
  target.scrollIntoView?.({ block: 'center' });
}

/**
 * A form's state while it is saved: busy, the core's French messages by
 * field (`errors`, keyed by the form's field names) and the form's message.
 * `submit` and `run` do what every form does, once.
 */
export class FormState {
  saving = $state(false);
  errors = $state<Record<string, string>>({});
  message = $state<string | null>(null);

  /**
   * Sends the form through `send` (a core command). Saved: the errors are
   * cleared and `saved` receives what the core answered (what it does next,
   * reloading a list, counts as part of the save). Refused: each
   * message goes beside its field, the form's message above, and the focus
   * to the first field in error. A second click while busy does nothing.
   */
  async submit<T>(send: () => Promise<T>, saved: (value: T) => void | Promise<void>): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.message = null;
    try {
      const value = await send();
      this.errors = {};
      await saved(value);
    } catch (e) {
      const err = toApiError(e);
      this.errors = err.fields;
      this.message = err.message;
      await focusFirstError();
    } finally {
      this.saving = false;
    }
  }

  /** Runs `act` (a deletion); refused, its message shows above the form. Whether it was done. */
  async run(act: () => Promise<unknown>): Promise<boolean> {
    try {
      await act();
      return true;
    } catch (e) {
      this.message = toApiError(e).message;
      return false;
    }
  }
}
