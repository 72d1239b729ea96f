import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Fund from './Fund.svelte';
import type { ApplicationPage } from '../bindings/ApplicationPage';
import type { CallDashboard } from '../bindings/CallDashboard';
import type { FundCall } from '../bindings/FundCall';
import type { ImportPreview } from '../bindings/ImportPreview';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const call: FundCall = {
  id: 7,
  year: 2026,
  name: 'Appel à projets 2026',
  envelope_cents: 5000000,
  opens_on: '2026-01-15',
  closes_on: '2026-03-31',
  grantor_siret: null,
  notes: '',
  criteria: [],
  documents: [],
  applications: 0,
  criteria_locked: false,
  updated_at: '2026-01-10T10:00:00Z',
  updated_by: 'Camille Martin',
};

const dashboard: CallDashboard = {
  call_id: 7,
  year: 2026,
  envelope_cents: 5000000,
  applications: 0,
  requested_cents: 0,
  granted_cents: 0,
  paid_cents: 0,
  left_to_grant_cents: 5000000,
  left_to_pay_cents: 0,
  granted_count: 0,
  refused_count: 0,
  withdrawn_count: 0,
  stage_counts: [],
  by_kind: [],
  by_commune: [],
  by_local_plan: [],
  reports_overdue: 0,
};

const empty: ApplicationPage = {
  items: [],
  page: 1,
  page_size: 25,
  page_count: 1,
  totals: { applications: 0, requested_cents: 0, granted_cents: 0, paid_cents: 0 },
};

const preview: ImportPreview = {
  kind: 'applications',
  fields: [{ key: 'title', label: 'Intitulé du projet' }],
  sheets: ['Export'],
  sheet: 'Export',
  headers: ['Intitulé'],
  mapping: { title: { kind: 'column', value: 0 } },
  mapping_remembered: false,
  states: [],
  rows: [{ line: 2, title: 'Théâtre forum', detail: 'Association Égalité', status: 'ready', errors: [], note: '' }],
  ready: 1,
  to_update: 0,
  in_error: 0,
  present: 0,
  skipped: 0,
};

function core(): void {
  invoke.mockImplementation(async (command: string) => {
    switch (command) {
      case 'list_communes':
        return [];
      case 'fund_call_of_year':
        return structuredClone(call);
      case 'fund_dashboard':
        return structuredClone(dashboard);
      case 'fund_board':
      case 'fund_ranking':
        return [];
      case 'fund_call_envelope_over_credits':
        return null;
      case 'list_fund_applications':
        return structuredClone(empty);
      case 'list_imports':
        return [];
      case 'choose_import':
        return structuredClone(preview);
      case 'run_import':
        return { batch_id: 5, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 };
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

const calls = (command: string) => invoke.mock.calls.filter(([c]) => c === command);

describe('Fund, the import of applications', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('opens the import for the call shown, and comes back to its applications, asked again, with what was done', async () => {
    adoptRights(rightsOf('assistant', false));
    core();
    render(Fund, { year: 2026, actor: null });
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer…' }));
    expect(await screen.findByRole('heading', { name: 'Importer des dossiers de subvention — Appel 2026' })).toBeTruthy();
    await waitFor(() => expect(calls('list_imports')[0]?.[1]).toEqual({ kind: 'applications' }));
    const before = calls('list_fund_applications').length;

    await fireEvent.click(screen.getByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 dossier' }));
    expect(await screen.findByText('1 dossier importé, 0 mis à jour (lot n° 5).')).toBeTruthy();
    expect(calls('run_import')[0]?.[1]).toMatchObject({ kind: 'applications', options: { call_id: 7 } });
    expect(screen.getByRole('table', { name: 'Dossiers de l’appel 2026' })).toBeTruthy();
    await waitFor(() => expect(calls('list_fund_applications').length).toBeGreaterThan(before));
  });

  it('offers no import to a person who may not enter records', async () => {
    adoptRights(rightsOf('manager', false));
    core();
    render(Fund, { year: 2026, actor: null });
    await screen.findByRole('heading', { name: 'Appel à projets 2026' });
    expect(screen.queryByRole('button', { name: 'Importer…' })).toBeNull();
  });
});
