// What a page does when it asks the core to write a file (an export, a PDF):
// one file at a time, then where the file went, or why it was not written.
import { toApiError } from '../api';

/** The French line a written file is announced with, by default. */
export const fileSaved = (path: string): string => `Fichier enregistré : ${path}`;

export class FileTask {
  /** What is being written (the page's name for it, e.g. the format), or null. */
  busy = $state<string | null>(null);
  message = $state<string | null>(null);
  error = $state<string | null>(null);

  /**
   * Writes a file through `write` (a core command that opens the save dialog
   * and answers the path, or null when the person cancelled it); `saved`
   * words what the page then says. A second file asked while one is being
   * written is ignored.
   */
  async run(label: string, write: () => Promise<string | null>, saved = fileSaved): Promise<void> {
    if (this.busy !== null) return;
    this.busy = label;
    this.clear();
    try {
      const path = await write();
      if (path !== null) this.message = saved(path);
    } catch (e) {
      this.error = toApiError(e).message;
    } finally {
      this.busy = null;
    }
  }

  /** Forgets what the last file said (e.g. on another tab). */
  clear(): void {
    this.message = null;
    this.error = null;
  }
}
