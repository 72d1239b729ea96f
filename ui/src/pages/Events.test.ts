import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Events from './Events.svelte';
import type { EventPage } from '../bindings/EventPage';
import { eventView, resetEventView } from '../lib/eventView.svelte';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const empty: EventPage = {
  items: [],
  page: 1,
  page_size: 25,
  page_count: 1,
  totals: { events: 0, held: 0, cancelled: 0, expected_attendance: 0, attended_total: 0, cost_cents: 0 },
};

function core(): void {
  invoke.mockImplementation(async (command: string) => {
    switch (command) {
      case 'list_communes':
        return [];
      case 'edition_of_year':
        return null;
      case 'list_events':
        return structuredClone(empty);
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

function props() {
  return { year: 2026, notice: null, onOpenEvent: vi.fn(), onOpenEdition: vi.fn(), onOpenCampaign: vi.fn(), onImport: vi.fn() };
}

describe('Events, the way to the import of events', () => {
  beforeEach(() => {
    invoke.mockReset();
    resetEventView();
    eventView.tab = 'list';
  });

  it('offers the import beside « Nouvel événement » on the year’s list, and opens it', async () => {
    adoptRights(rightsOf('assistant', false));
    core();
    const p = props();
    render(Events, p);
    await screen.findByText('Aucun événement ne correspond à ces critères pour 2026.');
    expect(screen.getByRole('button', { name: 'Nouvel événement' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Importer…' }));
    expect(p.onImport).toHaveBeenCalledOnce();
    expect(p.onOpenEvent).not.toHaveBeenCalled();
  });

  it('offers no import to a person who may not enter records', async () => {
    adoptRights(rightsOf('manager', false));
    core();
    render(Events, props());
    await screen.findByText('Aucun événement ne correspond à ces critères pour 2026.');
    expect(screen.queryByRole('button', { name: 'Importer…' })).toBeNull();
  });
});
