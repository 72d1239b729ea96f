// The focus of an inline confirmation, the same for a row's delete and a
// form's (RGAA 7.1, 12.8): asking takes the focus to « Annuler », the safe
// answer; « Annuler » or Escape closes it and gives the focus back to the
// button that asked.
import { tick } from 'svelte';

export class Confirmation {
  asking = $state(false);
  /** The button that asks (bound by the component). */
  askButton = $state<HTMLButtonElement | null>(null);
  /** The confirmation's « Annuler » (bound by the component). */
  cancelButton = $state<HTMLButtonElement | null>(null);

  async ask(): Promise<void> {
    this.asking = true;
    await tick();
    this.cancelButton?.focus();
  }

  async close(): Promise<void> {
    this.asking = false;
    await tick();
    this.askButton?.focus();
  }

  /** Escape closes the confirmation, from any of its buttons. */
  onkeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void this.close();
    }
  };
}
