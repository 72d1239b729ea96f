import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Journal from './Journal.svelte';
import type { JournalLine } from '../bindings/JournalLine';
import type { JournalPage } from '../bindings/JournalPage';
import type { JournalQuery } from '../bindings/JournalQuery';

const line = (id: number): JournalLine => ({
  id,
  at: '2026-03-14T09:30:00Z',
  actor_name: 'Camille Martin',
  actor_role: 'Chef·fe de projet',
  action: 'insert',
  action_label: 'Création',
  record_kind: 'training_session',
  record_kind_label: 'Session de formation',
  record: `Session ${id}`,
  changes: [],
});

/** Three pages of two entries: ids 6 5 | 4 3 | 2 1. */
const pageOf = (page: number): JournalPage => ({
  items: [line(8 - 2 * page), line(7 - 2 * page)],
  total: 6,
  page,
  page_count: 3,
  kinds: [{ code: 'training_session', label: 'Session de formation' }],
});

describe('Journal', () => {
  let queries: JournalQuery[];

  beforeEach(() => {
    queries = [];
    invoke.mockReset();
    invoke.mockImplementation(async (command: string, args: { query: JournalQuery }) => {
      if (command !== 'list_audit') throw new Error(`unexpected ${command}`);
      queries.push(args.query);
      return pageOf(args.query.page);
    });
  });

  it('asks for the next page from the entries of the page shown, and the first afresh after a filter', async () => {
    render(Journal);
    await screen.findByText('Session 6');
    expect(queries[0]?.from).toBeUndefined();
    await fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await screen.findByText('Session 4');
    expect(queries[1]).toMatchObject({ page: 2, from: { page: 1, first_id: 6, last_id: 5 } });
    await fireEvent.click(screen.getByRole('button', { name: 'Précédent' }));
    await screen.findByText('Session 6');
    expect(queries[2]).toMatchObject({ page: 1, from: { page: 2, first_id: 4, last_id: 3 } });
    await fireEvent.change(screen.getByLabelText('Type d’enregistrement'), { target: { value: 'training_session' } });
    await waitFor(() => expect(queries.at(-1)?.filter.record_kind).toBe('training_session'));
    expect(queries.at(-1)?.from, 'a page of another filter is no cursor').toBeUndefined();
  });
});
