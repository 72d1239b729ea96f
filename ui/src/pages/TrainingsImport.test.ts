import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import TrainingsImport from './TrainingsImport.svelte';
import type { ImportPreview } from '../bindings/ImportPreview';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const preview: ImportPreview = {
  sheets: ['Feuil1'],
  sheet: 'Feuil1',
  headers: ['Intitulé', 'Date', 'Coût réel'],
  mapping: { title: { kind: 'column', value: 0 }, first_day: { kind: 'column', value: 1 }, actual_cost: { kind: 'column', value: 2 } },
  mapping_remembered: false,
  rows: [
    { line: 2, title: 'Accueil sans discrimination', first_day: '12/03/2024', status: 'ready', errors: [] },
    {
      line: 3,
      title: 'Recrutement',
      first_day: '05/06/2025',
      status: 'error',
      errors: [{ field: 'actual_cost', column: 2, message: 'Nombre invalide.' }],
    },
  ],
  ready: 1,
  in_error: 1,
  present: 0,
};

function props() {
  return { onImported: vi.fn(async () => {}), onCancel: vi.fn() };
}

describe('TrainingsImport', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
  });

  it('previews the chosen file, then asks again when a column changes, and imports under that mapping', async () => {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_trainings_imports') return [];
      if (command === 'choose_trainings_import') return structuredClone(preview);
      if (command === 'preview_trainings_import') {
        const mapping = args?.mapping as ImportPreview['mapping'];
        return { ...structuredClone(preview), mapping, rows: [preview.rows[0]], ready: 1, in_error: 0 };
      }
      if (command === 'run_trainings_import') return { batch_id: 4, imported: 1, in_error: 0, present: 0 };
      throw new Error(command);
    });
    const p = props();
    render(TrainingsImport, p);
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    expect(await screen.findByText('Prête 1 · En erreur 1 · Déjà présente 0')).toBeTruthy();
    const row = screen.getByText('3').closest('tr') as HTMLElement;
    expect(within(row).getByText('Coût réel').textContent).toBe('Coût réel');
    expect(row.textContent).toContain('Nombre invalide.');
    const ready = screen.getByText('Accueil sans discrimination').closest('tr') as HTMLElement;
    expect(ready.textContent).toContain('12/03/2024');

    await fireEvent.change(screen.getByLabelText('Coût réel (€)'), { target: { value: '' } });
    await screen.findByText('Prête 1 · En erreur 0 · Déjà présente 0');
    const sent = invoke.mock.calls.find(([c]) => c === 'preview_trainings_import')?.[1] as {
      sheet: string;
      mapping: Record<string, unknown>;
    };
    expect(sent.sheet).toBe('Feuil1');
    expect(sent.mapping).not.toHaveProperty('actual_cost');

    await fireEvent.click(screen.getByRole('button', { name: 'Importer 1 session' }));
    await waitFor(() => expect(p.onImported).toHaveBeenCalledWith({ batch_id: 4, imported: 1, in_error: 0, present: 0 }));
    const run = invoke.mock.calls.find(([c]) => c === 'run_trainings_import')?.[1] as { mapping: Record<string, unknown> };
    expect(run.mapping).not.toHaveProperty('actual_cost');
  });

  it('keeps « Importer » out of reach when no row is ready', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_trainings_imports') return [];
      if (command === 'choose_trainings_import') return { ...structuredClone(preview), ready: 0, in_error: 2 };
      throw new Error(command);
    });
    render(TrainingsImport, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    const run = await screen.findByRole('button', { name: 'Importer 0 session' });
    expect((run as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the core’s refusal when an import cannot be taken back', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_trainings_imports')
        return [
          {
            id: 2,
            file_name: 'formations.xlsx',
            sheet: 'Feuil1',
            rows_imported: 3,
            created_at: '2026-03-14T09:30:00Z',
            created_by: 'Camille Martin',
            undone_at: null,
            undone_by: '',
          },
        ];
      if (command === 'undo_trainings_import')
        throw { code: 'refused', message: 'La session « A » a été modifiée depuis l’import.', fields: {} };
      throw new Error(command);
    });
    render(TrainingsImport, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Annuler l’import : formations.xlsx, lot n° 2' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation de l’import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('a été modifiée depuis l’import');
  });
});
