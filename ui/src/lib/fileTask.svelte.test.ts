import { describe, expect, it } from 'vitest';

import { FileTask } from './fileTask.svelte';

describe('FileTask', () => {
  it('says where the file went, in the page’s words when it has some', async () => {
    const task = new FileTask();
    await task.run('csv', () => Promise.resolve('/tmp/sessions.csv'));
    expect(task.message).toBe('Fichier enregistré : /tmp/sessions.csv');
    await task.run('pdf', () => Promise.resolve('/tmp/bord.pdf'), (p) => `Tableau de bord enregistré : ${p}`);
    expect(task.message).toBe('Tableau de bord enregistré : /tmp/bord.pdf');
    expect(task.error).toBeNull();
    expect(task.busy).toBeNull();
  });

  it('says nothing when the person cancelled the dialog, and forgets the last file', async () => {
    const task = new FileTask();
    await task.run('csv', () => Promise.resolve('/tmp/a.csv'));
    await task.run('csv', () => Promise.resolve(null));
    expect(task.message).toBeNull();
    expect(task.error).toBeNull();
  });

  it('shows the core’s refusal', async () => {
    const task = new FileTask();
    await task.run('xlsx', () => Promise.reject({ code: 'io', message: 'Le fichier n’a pas pu être écrit.', fields: {} }));
    expect(task.error).toBe('Le fichier n’a pas pu être écrit.');
    expect(task.message).toBeNull();
    expect(task.busy).toBeNull();
  });

  it('writes one file at a time: a second asked meanwhile is ignored', async () => {
    const task = new FileTask();
    let finish: (path: string) => void = () => {};
    const first = task.run('csv', () => new Promise<string>((resolve) => (finish = resolve)));
    expect(task.busy).toBe('csv');
    let secondAsked = false;
    await task.run('xlsx', () => {
      secondAsked = true;
      return Promise.resolve('/tmp/b.xlsx');
    });
    expect(secondAsked, 'a second export while one is written must not start').toBe(false);
    finish('/tmp/a.csv');
    await first;
    expect(task.message).toBe('Fichier enregistré : /tmp/a.csv');
  });
});
