import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { EpciSummary } from '../bindings/EpciSummary';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Setup from './Setup.svelte';

const amp: EpciSummary = {
  siren: '200054807',
  name: "Métropole d'Aix-Marseille-Provence",
  kind: 'METRO',
  commune_count: 92,
  population: 1903173,
};
const lyon: EpciSummary = { siren: '200046977', name: 'Métropole de Lyon', kind: 'MET69', commune_count: 58, population: 1416545 };

describe('Setup', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('offers the Métropole first, preselected, and shows each field error beside its field', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'search_epcis') return [amp, lyon];
      if (command === 'complete_setup') {
        throw {
          code: 'invalid',
          message: "Le formulaire contient des erreurs : rien n’a été enregistré.",
          fields: { unit_name: 'Le nom du service est obligatoire.', user_name: 'Votre nom est obligatoire.' },
        };
      }
      throw new Error(`unexpected ${command}`);
    });
    const onDone = vi.fn();
    render(Setup, { onDone, onDemo: vi.fn() });

    const ampOption = await screen.findByRole('radio', { name: /Métropole d'Aix-Marseille-Provence/ });
    await waitFor(() => expect((ampOption as HTMLInputElement).checked).toBe(true));
    expect(screen.getByText(/92 communes/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Commencer' }));
    await screen.findByRole('alert');
    const unitName = screen.getByLabelText('Nom du service');
    expect(unitName.getAttribute('aria-invalid')).toBe('true');
    expect(unitName.closest('.field')?.textContent).toContain('Le nom du service est obligatoire.');
    expect(screen.getByLabelText('Votre nom').closest('.field')?.textContent).toContain('Votre nom est obligatoire.');
    expect(onDone).not.toHaveBeenCalled();

    const sent = invoke.mock.calls.find(([command]) => command === 'complete_setup')?.[1];
    expect(sent).toEqual({
      input: {
        unit_name: '',
        epci_siren: '200054807',
        first_year: String(new Date().getFullYear()),
        user_name: '',
        user_role: 'project_lead',
      },
    });
  });

  it('searches as the user types', async () => {
    invoke.mockImplementation(async (command: string, args?: { query: string }) => {
      if (command === 'search_epcis') return args?.query ? [lyon] : [amp, lyon];
      throw new Error(`unexpected ${command}`);
    });
    render(Setup, { onDone: vi.fn(), onDemo: vi.fn() });
    await screen.findByRole('radio', { name: /Aix-Marseille/ });

    await fireEvent.input(screen.getByLabelText("Rechercher l’EPCI (nom ou SIREN)"), { target: { value: 'lyon' } });
    await waitFor(() => expect(screen.queryByRole('radio', { name: /Aix-Marseille/ })).toBeNull());
    expect(invoke).toHaveBeenCalledWith('search_epcis', { query: 'lyon' });
    // The preselected EPCI stays chosen even when the search no longer lists it.
    expect(screen.getByText(/^EPCI choisi/).textContent).toContain("Métropole d'Aix-Marseille-Provence");
  });
});
