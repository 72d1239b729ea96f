// A long preview or import as the import page follows it: while one of its
// commands runs, the shell's `import-progress` events say where it stands
// (every 250 rows), and « Arrêter » asks the shell to stop it, after which
// the command refuses like any other. The page shows the last progress heard
// only while its command runs.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import { stopImport } from '../api';
import type { ImportProgress } from '../bindings/ImportProgress';

/** The event the shell sends an import's progress by (src-tauri/src/commands/import.rs). */
export const IMPORT_PROGRESS_EVENT = 'import-progress';

export class ProgressWatch {
  /** The last progress heard from a command still running, or null. */
  progress = $state<ImportProgress | null>(null);
  /** How many commands run (a preview may be asked while another answers). */
  running = $state(0);
  /** The person asked to stop, and the command has not answered yet. */
  stopping = $state(false);

  #unlisten = new Set<UnlistenFn>();
  #disposed = false;

  /**
   * Runs `work` (a command of the import page) listening to its progress.
   * Without a shell to listen to (the page's tests), it runs unheard.
   */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    // An event may come in after its command answered, before the shell
    // drops the listener: it is no longer this command's progress.
    let live = true;
    let unlisten: UnlistenFn | null = null;
    try {
      unlisten = await listen<ImportProgress>(IMPORT_PROGRESS_EVENT, (event) => {
        if (live && !this.#disposed) this.progress = event.payload;
      });
    } catch {
      unlisten = null;
    }
    if (unlisten) {
      if (this.#disposed) unlisten();
      else this.#unlisten.add(unlisten);
    }
    try {
      return await work();
    } finally {
      live = false;
      if (unlisten && this.#unlisten.delete(unlisten)) unlisten();
      this.running -= 1;
      if (this.running === 0) {
        this.progress = null;
        this.stopping = false;
      }
    }
  }

  /**
   * Asks the shell to stop the preview or import under way; its command
   * then refuses with « Import arrêté : rien n’a été enregistré. ».
   */
  async stop(): Promise<void> {
    if (this.running === 0 || this.stopping) return;
    this.stopping = true;
    try {
      await stopImport();
    } catch (e) {
      this.stopping = false;
      throw e;
    }
  }

  /** The page is gone: nothing more is heard. */
  dispose(): void {
    this.#disposed = true;
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten.clear();
    this.progress = null;
  }
}
