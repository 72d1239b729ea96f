import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import PartnerList from './PartnerList.svelte';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { Partner } from '../bindings/Partner';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const adil: Partner = {
  id: 2,
  name: 'ADIL 13',
  kind: 'association',
  siret: null,
  address: '',
  website: '',
  notes: '',
  contacts: [
    { id: 1, name: 'Nadia Benali', role: 'Juriste', email: '', phone: '' },
    { id: 2, name: 'Paul Morel', role: 'Directeur', email: '', phone: '' },
  ],
  conventions: 0,
  updated_at: '2026-03-14T09:30:00Z',
  updated_by: 'Camille Martin',
};

const preview: ImportPreview = {
  kind: 'partners',
  fields: [
    { key: 'name', label: 'Partenaire' },
    { key: 'kind', label: 'Type de partenaire' },
    { key: 'contact_name', label: 'Contact' },
  ],
  sheets: ['Carnet'],
  sheet: 'Carnet',
  headers: ['Structure', 'Type', 'Interlocuteur'],
  mapping: {
    name: { kind: 'column', value: 0 },
    kind: { kind: 'column', value: 1 },
    contact_name: { kind: 'column', value: 2 },
  },
  mapping_remembered: false,
  states: [],
  rows: [
    { line: 2, title: 'ADIL 13', detail: 'Nadia Benali', status: 'ready', errors: [], note: '' },
    {
      line: 3,
      title: 'ADIL 13',
      detail: 'Paul Morel',
      status: 'ready',
      errors: [],
      note: 'Contact ajouté au partenaire d’une ligne précédente.',
    },
  ],
  ready: 2,
  to_update: 0,
  in_error: 0,
  present: 0,
  skipped: 0,
};

/** The core: no partner until the import has run. */
function core(): void {
  let done = false;
  invoke.mockImplementation(async (command: string) => {
    switch (command) {
      case 'list_partners':
        return done ? [structuredClone(adil)] : [];
      case 'list_imports':
        return [];
      case 'choose_import':
        return structuredClone(preview);
      case 'run_import':
        done = true;
        return { batch_id: 6, imported: 2, updated: 0, in_error: 0, present: 0, skipped: 0 };
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

const calls = (command: string) => invoke.mock.calls.filter(([c]) => c === command);

describe('PartnerList, the import of partners and their contacts', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('opens the import of partners, and comes back to the list, read again, with what was done', async () => {
    adoptRights(rightsOf('assistant', false));
    core();
    const onChanged = vi.fn();
    render(PartnerList, { onChanged });
    await screen.findByText('Aucun partenaire enregistré.');
    await fireEvent.click(screen.getByRole('button', { name: 'Importer…' }));
    expect(screen.getByRole('heading', { name: 'Importer des partenaires et leurs contacts' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Partenaires' }), 'the import takes the list’s place').toBeNull();
    await waitFor(() => expect(calls('list_imports')[0]?.[1]).toEqual({ kind: 'partners' }));

    await fireEvent.click(screen.getByRole('button', { name: 'Choisir le fichier…' }));
    expect(calls('choose_import')[0]?.[1]).toMatchObject({ kind: 'partners' });
    expect(await screen.findByText('Contact ajouté au partenaire d’une ligne précédente.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Importer 2 lignes de partenaires' }));
    expect(await screen.findByText('2 lignes de partenaires importées (lot n° 6).')).toBeTruthy();
    expect(calls('run_import')[0]?.[1]).toMatchObject({ kind: 'partners' });
    const list = screen.getByRole('table', { name: 'Partenaires' });
    expect(list.textContent).toContain('Nadia Benali — Juriste');
    expect(list.textContent).toContain('Paul Morel — Directeur');
    expect(onChanged, 'the page around the list hears of the change').toHaveBeenCalled();
  });

  it('offers no import to a person who may not enter records', async () => {
    adoptRights(rightsOf('manager', false));
    core();
    render(PartnerList, { onChanged: vi.fn() });
    await screen.findByText('Aucun partenaire enregistré.');
    expect(screen.queryByRole('button', { name: 'Importer…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Nouveau partenaire' })).toBeNull();
  });
});
