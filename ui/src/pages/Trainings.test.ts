import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { TrainingPage } from '../bindings/TrainingPage';
import type { TrainingQuery } from '../bindings/TrainingQuery';
import { resetTrainingFilters } from '../lib/trainingFilters.svelte';
import { communes, session } from '../test/fixtures';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Trainings from './Trainings.svelte';

const page: TrainingPage = {
  items: [
    session({ id: 1, over_capacity: true, attended_women: 15, attended_men: 6, attended_total: 21 }),
    session({
      id: 2,
      title: 'Laïcité et non-discrimination au travail',
      status: 'cancelled',
      attended_women: 0,
      attended_men: 0,
      attended_total: 0,
      actual_cost_cents: null,
    }),
  ],
  page: 1,
  page_size: 25,
  page_count: 3,
  totals: {
    sessions: 52,
    hours_centi: 35050,
    registered: 600,
    attended_women: 1234,
    attended_men: 456,
    attended_unstated: 7,
    attended_total: 1697,
    planned_cost_cents: 2000000,
    actual_cost_cents: 1850050,
  },
};

/** The queries list_trainings received, in order. */
let queries: TrainingQuery[] = [];

function core(exportAnswer: string | null = null): void {
  queries = [];
  invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
    switch (command) {
      case 'list_communes':
        return communes;
      case 'list_trainings': {
        const query = args?.query as TrainingQuery;
        queries.push(query);
        return { ...page, page: query.page };
      }
      case 'export_trainings':
        return exportAnswer;
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

function props() {
  return { year: 2026, notice: null, onOpen: vi.fn(), onNew: vi.fn(), onImport: vi.fn() };
}

describe('Trainings list', () => {
  beforeEach(() => {
    invoke.mockReset();
    resetTrainingFilters();
  });

  it('asks the core for a page of 25 and shows rows, flags and totals', async () => {
    core();
    render(Trainings, props());

    await screen.findByText('Laïcité et non-discrimination au travail');
    expect(queries[0]).toEqual({
      year: 2026,
      status: null,
      audience: null,
      commune_insee: null,
      search: null,
      sort: 'first_day',
      descending: false,
      page: 1,
      page_size: 25,
    });

    expect(screen.getByText('au-delà de la capacité')).toBeTruthy();
    const cancelledRow = screen.getByText('Laïcité et non-discrimination au travail').closest('tr');
    expect(cancelledRow?.classList.contains('cancelled')).toBe(true);

    const foot = document.querySelector('tfoot') as HTMLElement;
    expect(foot.textContent).toContain('52 sessions');
    expect(foot.textContent).toContain('350,5\u00a0h');
    expect(foot.textContent).toContain('1\u202f234 / 456 / 7');
    expect(foot.textContent).toContain('18\u202f500,50\u00a0€');
    expect(foot.textContent).toContain('prévu : 20\u202f000,00\u00a0€');
    expect(screen.getByText('Page 1 sur 3')).toBeTruthy();
  });

  it('sorts in the core: a header click sends the sort, a second one reverses it', async () => {
    core();
    render(Trainings, props());
    await screen.findByText('Page 1 sur 3');

    await fireEvent.click(screen.getByRole('button', { name: /Coût réel/ }));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ sort: 'actual_cost', descending: false }));
    const header = screen.getByRole('button', { name: /Coût réel/ }).closest('th');
    expect(header?.getAttribute('aria-sort')).toBe('ascending');

    await fireEvent.click(screen.getByRole('button', { name: /Coût réel/ }));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ sort: 'actual_cost', descending: true }));
    expect(header?.getAttribute('aria-sort')).toBe('descending');
  });

  it('filters and pages in the core', async () => {
    core();
    render(Trainings, props());
    await screen.findByText('Page 1 sur 3');

    await fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await waitFor(() => expect(queries.at(-1)?.page).toBe(2));

    await fireEvent.change(screen.getByLabelText('Statut'), { target: { value: 'held' } });
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ status: 'held', page: 1 }));

    await fireEvent.input(screen.getByLabelText('Rechercher (intitulé, intervenant)'), {
      target: { value: 'CNFPT' },
    });
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ search: 'CNFPT', status: 'held' }));
  });

  it('tells where the export was saved, and nothing when it was cancelled', async () => {
    core('/home/camille/formations-2026.xlsx');
    render(Trainings, props());
    await screen.findByText('Page 1 sur 3');

    await fireEvent.click(screen.getByRole('button', { name: 'Exporter XLSX' }));
    expect(await screen.findByText('Fichier enregistré : /home/camille/formations-2026.xlsx')).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith('export_trainings', { year: 2026, format: 'xlsx' });

    core(null);
    await fireEvent.click(screen.getByRole('button', { name: 'Exporter CSV' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('export_trainings', { year: 2026, format: 'csv' }));
    expect(screen.queryByText(/Fichier enregistré/)).toBeNull();
  });

  it('opens a session from its row or its button', async () => {
    core();
    const p = props();
    render(Trainings, p);
    const title = await screen.findByText('Laïcité et non-discrimination au travail');
    await fireEvent.click(title);
    expect(p.onOpen).toHaveBeenLastCalledWith(2);

    const row = screen.getAllByRole('row')[1] as HTMLElement;
    await fireEvent.click(within(row).getByRole('button', { name: /Modifier/ }));
    expect(p.onOpen).toHaveBeenLastCalledWith(1);
    expect(p.onOpen).toHaveBeenCalledTimes(2);
  });
});
