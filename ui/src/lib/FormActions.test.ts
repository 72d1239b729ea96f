import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import FormActions from './FormActions.svelte';
import { adoptRights } from './rights.svelte';
import { rightsOf } from './rights.fixtures';

function props(ondelete: (() => Promise<void>) | null = vi.fn(async () => {})) {
  return { saving: false, onCancel: vi.fn(), ondelete, deleteTitle: 'Supprimer cette session ?' };
}

describe('FormActions', () => {
  it('asks before deleting: the question takes the focus, Escape closes it and gives it back', async () => {
    adoptRights(rightsOf('project_lead'));
    const p = props();
    render(FormActions, p);
    const ask = screen.getByRole('button', { name: 'Supprimer' });
    await fireEvent.click(ask);
    const dialog = screen.getByRole('alertdialog', { name: 'Supprimer cette session ?' });
    expect(document.activeElement?.textContent).toBe('Annuler');
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Supprimer' }));
    expect(p.ondelete).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Supprimer' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Supprimer définitivement' }));
    await waitFor(() => expect(p.ondelete).toHaveBeenCalledTimes(1));
  });

  it('offers no deletion to whom may not delete, nor on a record not yet stored', () => {
    adoptRights(rightsOf('assistant'));
    const first = render(FormActions, props());
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Supprimer' })).toBeNull();
    first.unmount();

    adoptRights(rightsOf('project_lead'));
    render(FormActions, props(null));
    expect(screen.queryByRole('button', { name: 'Supprimer' })).toBeNull();
  });

  it('says the form is for reading only when the person may not enter', () => {
    adoptRights(rightsOf('manager'));
    render(FormActions, props());
    expect(screen.queryByRole('button', { name: 'Enregistrer' })).toBeNull();
    expect(screen.getByText(/Consultation seule/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Annuler' })).toBeTruthy();
  });
});
