import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { communes, session, storedForm } from '../test/fixtures';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import TrainingForm from './TrainingForm.svelte';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

/** Answers list_communes and get_training_form; `rest` answers the others. */
function core(rest: (command: string, args?: Record<string, unknown>) => unknown): void {
  invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
    if (command === 'list_communes') return communes;
    if (command === 'get_training_form') return structuredClone(storedForm);
    return rest(command, args);
  });
}

function props(id: number | null = null) {
  return { id, onSaved: vi.fn(), onDeleted: vi.fn(), onCancel: vi.fn() };
}

function type(label: string, value: string): void {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

/** The message the control points to through aria-describedby, if any. */
function describedText(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' | ');
}

describe('TrainingForm', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
  });

  it('shows each field error beside its field and keeps the form open', async () => {
    const fields = {
      first_day: 'Date attendue au format jj/mm/aaaa, par exemple 14/03/2026.',
      hours: 'La durée en heures est obligatoire.',
      attended_women: 'Nombre entier positif attendu.',
      status: 'La présence ne se saisit que pour une session réalisée.',
    };
    core(() => {
      throw { code: 'invalid', message: "Le formulaire contient des erreurs : rien n’a été enregistré.", fields };
    });
    const p = props();
    render(TrainingForm, p);

    type('Intitulé', 'Accueil sans discrimination');
    type('Premier jour', '31/02/2026');
    type('Présentes (femmes)', 'douze');
    await fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Le formulaire contient des erreurs : rien n’a été enregistré.");

    const expectations: [string, string][] = [
      ['Premier jour', fields.first_day],
      ['Durée totale (heures)', fields.hours],
      ['Présentes (femmes)', fields.attended_women],
      ['Statut', fields.status],
    ];
    for (const [label, message] of expectations) {
      const control = screen.getByLabelText(label);
      expect(control.getAttribute('aria-invalid'), label).toBe('true');
      expect(describedText(control), label).toContain(message);
      // Beside the field: the message sits in the same field block as the control.
      const block = control.closest('.field');
      expect(block, label).not.toBeNull();
      expect(within(block as HTMLElement).getByText(message)).toBeTruthy();
    }

    // A field the core did not complain about is not marked.
    const title = screen.getByLabelText('Intitulé');
    expect(title.getAttribute('aria-invalid')).toBeNull();
    expect(describedText(title)).toBe('');

    // Nothing left the form: it is still there with what was typed.
    expect(p.onSaved).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Intitulé') as HTMLInputElement).value).toBe('Accueil sans discrimination');
    expect((screen.getByLabelText('Présentes (femmes)') as HTMLInputElement).value).toBe('douze');
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeTruthy();

    // The first field to correct gets the focus.
    expect(document.activeElement).toBe(screen.getByLabelText('Premier jour'));
  });

  it('sends the defaults and what was typed, then reports the saved session', async () => {
    const saved = session({ id: 12, status: 'planned' });
    core((command) => {
      if (command === 'create_training') return saved;
      throw new Error(`unexpected ${command}`);
    });
    const p = props();
    render(TrainingForm, p);

    type('Intitulé', 'Accueil sans discrimination');
    type('Premier jour', '14/03/2026');
    type('Durée totale (heures)', '3,5');
    type('Coût prévu (€)', '1 200,50');
    await fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(p.onSaved).toHaveBeenCalledWith(saved));
    const call = invoke.mock.calls.find(([command]) => command === 'create_training');
    expect(call?.[1]).toEqual({
      input: expect.objectContaining({
        title: 'Accueil sans discrimination',
        first_day: '14/03/2026',
        hours: '3,5',
        planned_cost: '1 200,50',
        status: 'planned',
        format: 'in_person',
        audience: 'own_agents',
        commune_insee: '',
      }),
    });
  });

  it('shows a rejection that is not a field error on top of the form', async () => {
    core(() => {
      throw 'database is locked';
    });
    render(TrainingForm, props());
    await fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Une erreur inattendue est survenue : database is locked');
  });

  it('asks for the cancellation reason only for a cancelled session', async () => {
    core(() => null);
    render(TrainingForm, props());
    expect(screen.queryByLabelText("Motif d’annulation")).toBeNull();
    fireEvent.change(screen.getByLabelText('Statut'), { target: { value: 'cancelled' } });
    expect(await screen.findByLabelText("Motif d’annulation")).toBeTruthy();
  });

  it('loads the stored session and updates it by id', async () => {
    const saved = session();
    core((command) => (command === 'update_training' ? saved : null));
    const p = props(7);
    render(TrainingForm, p);

    const title = (await screen.findByLabelText('Intitulé')) as HTMLInputElement;
    await waitFor(() => expect(title.value).toBe(storedForm.title));
    expect((screen.getByLabelText('Commune') as HTMLSelectElement).value).toBe('13055');

    type('Coût réel (€)', '1600');
    await fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(p.onSaved).toHaveBeenCalledWith(saved));
    expect(invoke).toHaveBeenCalledWith('update_training', {
      id: 7,
      input: { ...storedForm, actual_cost: '1600' },
    });
  });

  it('offers deleting to the project lead only, and saving to no one on a read-only file', async () => {
    core(() => null);
    adoptRights(rightsOf('assistant'));
    const first = render(TrainingForm, props(7));
    await waitFor(() => expect((screen.getByLabelText('Intitulé') as HTMLInputElement).value).not.toBe(''));
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Supprimer' })).toBeNull();
    first.unmount();

    adoptRights(rightsOf('manager'));
    const second = render(TrainingForm, props(7));
    await waitFor(() => expect((screen.getByLabelText('Intitulé') as HTMLInputElement).value).not.toBe(''));
    expect(screen.queryByRole('button', { name: 'Enregistrer' })).toBeNull();
    expect(screen.getByText(/Consultation seule/)).toBeTruthy();
    second.unmount();

    adoptRights(rightsOf('project_lead', true));
    render(TrainingForm, props(7));
    await waitFor(() => expect((screen.getByLabelText('Intitulé') as HTMLInputElement).value).not.toBe(''));
    expect(screen.queryByRole('button', { name: 'Enregistrer' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Supprimer' })).toBeNull();
  });

  it('deletes only after an in-page confirmation', async () => {
    core(() => null);
    const p = props(7);
    render(TrainingForm, p);
    await waitFor(() => expect((screen.getByLabelText('Intitulé') as HTMLInputElement).value).not.toBe(''));

    await fireEvent.click(screen.getByRole('button', { name: 'Supprimer' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain(storedForm.title);

    // Cancelling the confirmation deletes nothing.
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(invoke.mock.calls.some(([command]) => command === 'delete_training')).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Supprimer' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Supprimer définitivement' }));
    await waitFor(() => expect(p.onDeleted).toHaveBeenCalled());
    expect(invoke).toHaveBeenCalledWith('delete_training', { id: 7 });
  });
});
