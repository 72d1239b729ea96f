import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { PurgeItem } from '../bindings/PurgeItem';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Privacy from './Privacy.svelte';

const item: PurgeItem = {
  key: { table: 'fund_organisation', row_id: 7 },
  source: 'Contact d’un porteur de projet (fonds d’initiative)',
  record: 'Amis du Panier',
  fields: ['nom', 'courriel'],
  last_activity: '15/06/2022',
  due_on: '15/06/2025',
};

/** The purges the core received, in order. */
let purged: unknown[] = [];

function core(plan: PurgeItem[]): void {
  purged = [];
  let current = plan;
  invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
    switch (command) {
      case 'privacy_purge_plan':
        return current;
      case 'privacy_purge':
        purged.push(args?.keys);
        current = [];
        return { contacts: 1, journal_entries: 3 };
      case 'privacy_find_person':
        if (String(args?.query).trim().length < 3)
          throw { code: 'invalid', message: 'Le formulaire contient des erreurs', fields: { query: 'Saisissez au moins trois caractères du nom ou du courriel.' } };
        return { query: args?.query, searched_on: '23/11/2026', records: [], journal: [] };
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

afterEach(() => {
  adoptRights(rightsOf(null, false));
});

describe('the personal data page', () => {
  it('lists what is due and purges exactly that list once the project lead confirms', async () => {
    adoptRights(rightsOf('project_lead'));
    core([item]);
    render(Privacy);
    await screen.findByText('Amis du Panier');
    expect(screen.getByText('nom, courriel')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Effacer ces coordonnées…' }));
    expect(purged).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Effacer définitivement' }));
    await screen.findByText('1 contact effacé, et leurs valeurs dans 3 entrées du journal.');
    expect(purged).toEqual([[{ table: 'fund_organisation', row_id: 7 }]]);
    await screen.findByText('Aucune coordonnée n’a dépassé sa durée de conservation.');
  });

  it('offers no purge to an assistant', async () => {
    adoptRights(rightsOf('assistant'));
    core([item]);
    render(Privacy);
    await screen.findByText('Amis du Panier');
    expect(screen.queryByRole('button', { name: 'Effacer ces coordonnées…' })).toBeNull();
    expect(screen.getByText('Seul·e la ou le chef·fe de projet peut lancer la purge.')).toBeTruthy();
  });

  it('says beside the field when the search is too short', async () => {
    adoptRights(rightsOf('manager'));
    core([]);
    render(Privacy);
    await fireEvent.input(screen.getByLabelText('Nom ou courriel'), { target: { value: 'ab' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Chercher' }));
    await waitFor(() =>
      expect(screen.getByText('Saisissez au moins trois caractères du nom ou du courriel.')).toBeTruthy(),
    );
    expect(screen.getByLabelText('Nom ou courriel').getAttribute('aria-invalid')).toBe('true');
  });
});
