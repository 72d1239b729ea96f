import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import FundOrganisations from './FundOrganisations.svelte';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { Organisation } from '../bindings/Organisation';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const imported: Organisation = {
  id: 4,
  name: 'Association Égalité',
  kind: 'association',
  siret: null,
  rna: 'W131234567',
  address: '',
  commune_insee: null,
  commune_name: null,
  city: 'Marseille',
  contact_name: '',
  contact_role: '',
  contact_email: '',
  contact_phone: '',
  applications: 0,
  updated_at: '2026-03-14T09:30:00Z',
  updated_by: 'Camille Martin',
};

const preview: ImportPreview = {
  kind: 'organisations',
  fields: [
    { key: 'organisation', label: 'Structure' },
    { key: 'organisation_kind', label: 'Type de structure' },
  ],
  sheets: ['Feuil1'],
  sheet: 'Feuil1',
  headers: ['Nom', 'Forme juridique'],
  mapping: { organisation: { kind: 'column', value: 0 }, organisation_kind: { kind: 'column', value: 1 } },
  mapping_remembered: false,
  states: [],
  rows: [{ line: 2, title: 'Association Égalité', detail: 'W131234567', status: 'ready', errors: [], note: '' }],
  ready: 1,
  to_update: 0,
  in_error: 0,
  present: 0,
  skipped: 0,
};

/** The core: no structure until the import has run. */
function core(): void {
  let done = false;
  invoke.mockImplementation(async (command: string) => {
    switch (command) {
      case 'list_partners':
        return [];
      case 'list_organisations':
        return done ? [structuredClone(imported)] : [];
      case 'list_imports':
        return [];
      case 'choose_import':
        return structuredClone(preview);
      case 'run_import':
        done = true;
        return { batch_id: 3, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 };
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

const calls = (command: string) => invoke.mock.calls.filter(([c]) => c === command);

describe('FundOrganisations, the import of structures', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('opens the import of structures, and comes back to the list, read again, with what was done', async () => {
    adoptRights(rightsOf('assistant', false));
    core();
    render(FundOrganisations, { communes: [], onBack: vi.fn() });
    await screen.findByText('Aucune structure enregistrée.');
    await fireEvent.click(screen.getByRole('button', { name: 'Importer…' }));
    expect(screen.getByRole('heading', { name: 'Importer des structures' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Structures candidates' }), 'the import takes the list’s place').toBeNull();
    await waitFor(() => expect(calls('list_imports')[0]?.[1]).toEqual({ kind: 'organisations' }));

    await fireEvent.click(screen.getByRole('button', { name: 'Choisir le fichier…' }));
    expect(calls('choose_import')[0]?.[1]).toMatchObject({ kind: 'organisations' });
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 structure' }));
    expect(await screen.findByText('1 structure importée (lot n° 3).')).toBeTruthy();
    expect(calls('run_import')[0]?.[1]).toMatchObject({ kind: 'organisations' });
    expect(screen.getByRole('table', { name: 'Structures candidates' }).textContent).toContain('Association Égalité');
  });

  it('reads the list again when the person comes back without importing', async () => {
    adoptRights(rightsOf('project_lead', false));
    core();
    render(FundOrganisations, { communes: [], onBack: vi.fn() });
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer…' }));
    const before = calls('list_organisations').length;
    await fireEvent.click(await screen.findByRole('button', { name: 'Retour aux structures' }));
    expect(screen.getByRole('table', { name: 'Structures candidates' })).toBeTruthy();
    await waitFor(() => expect(calls('list_organisations').length).toBeGreaterThan(before));
  });

  it('offers no import to a person who may not enter records', async () => {
    adoptRights(rightsOf('manager', false));
    core();
    render(FundOrganisations, { communes: [], onBack: vi.fn() });
    await screen.findByText('Aucune structure enregistrée.');
    expect(screen.queryByRole('button', { name: 'Importer…' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Retour à l’appel' })).toBeTruthy();
  });
});
