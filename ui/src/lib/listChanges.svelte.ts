// What a list edited in place (partners, conventions, instances and their
// meetings, the fund's structures) says around its form, and the steps each
// opening, saving and deleting takes: what was done (`notice`), why it was
// refused (`error`), and the list read again after every change.
import { toApiError } from '../api';

import { FormState } from './formFrame.svelte';

export class ListChanges {
  readonly form = new FormState();
  notice = $state<string | null>(null);
  /** A refusal that is not the form's (a deletion, a list that did not load). */
  message = $state<string | null>(null);

  /** `changed` runs after every saving and deleting: the list is read again. */
  constructor(private readonly changed: () => Promise<void>) {}

  /** What the list shows as refused: its own message, or the form's. */
  get error(): string | null {
    return this.message ?? this.form.message;
  }

  /** Forgets what the last change said and the form's errors. */
  private forget(): void {
    this.message = this.notice = this.form.message = null;
  }

  /**
   * Reads what the form will hold (a blank entry, or a stored one); null
   * when the core refused, its message then shown above the list.
   */
  async open<I>(read: () => I | Promise<I>): Promise<I | null> {
    this.form.errors = {};
    this.forget();
    try {
      return await read();
    } catch (e) {
      this.message = toApiError(e).message;
      return null;
    }
  }

  /**
   * Saves the form through `send`. Saved: the list says `said(saved)`,
   * `close` closes the form, and the list is read again. Refused: the
   * messages go beside the fields (FormState).
   */
  async save<T>(send: () => Promise<T>, said: (saved: T) => string, close: () => unknown): Promise<void> {
    this.message = null;
    await this.form.submit(send, async (saved) => {
      this.notice = said(saved);
      await close();
      await this.changed();
    });
  }

  /**
   * After a change made away from the list (an import, or an import taken
   * back): the list says `said`, if anything, and is read again.
   */
  async reload(said: string | null = null): Promise<void> {
    this.forget();
    this.notice = said;
    await this.changed();
  }

  /**
   * Deletes through `del`. Done: the list says `said`, `done` tidies what
   * showed the deleted entry, and the list is read again. Refused: why.
   */
  async remove(del: () => Promise<unknown>, said: string, done?: () => void | Promise<void>): Promise<void> {
    this.forget();
    try {
      await del();
      this.notice = said;
      await done?.();
      await this.changed();
    } catch (e) {
      this.message = toApiError(e).message;
    }
  }
}
