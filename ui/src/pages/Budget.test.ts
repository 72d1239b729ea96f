import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { BudgetView } from '../bindings/BudgetView';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { Figures } from '../bindings/Figures';
import type { Forecast } from '../bindings/Forecast';
import type { StaffYear } from '../bindings/StaffYear';
import type { Role } from '../bindings/Role';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Budget from './Budget.svelte';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const figures: Figures = {
  initial_cents: 500000,
  amendments_cents: 0,
  voted_cents: 500000,
  committed_cents: 120000,
  paid_cents: 0,
  available_cents: 380000,
  left_to_pay_cents: 120000,
  rate_permille: 0,
};

const view: BudgetView = {
  budget: {
    id: 1,
    year: 2026,
    planned_fte_hundredths: 200,
    notes: '',
    created_at: '2026-01-05T09:00:00Z',
    created_by: 'Camille Martin',
    updated_at: '2026-01-05T09:00:00Z',
    updated_by: 'Camille Martin',
    voted_on: '2025-12-15',
    closed_on: null,
    closed_by: '',
  },
  lines: [
    {
      line: { id: 3, budget_id: 1, position: 2, label: 'Études', kind: 'studies', nature: 'general_charges', initial_cents: 500000 },
      figures,
      fed_committed_cents: 0,
      fed_paid_cents: 0,
      forecast_cents: 0,
      fed_by: null,
      over_committed: false,
    },
  ],
  total: figures,
  carried: [
    { from_year: 2025, kind: 'studies', label: 'Études', carried_cents: 200000, paid_cents: 50000, left_cents: 150000 },
  ],
  carried_total: { carried_cents: 200000, paid_cents: 50000, left_cents: 150000 },
  forecast_cents: 0,
};

const staff: StaffYear = {
  year: 2026,
  positions: [
    {
      position: {
        id: 7,
        title: 'Chef·fe de projet PMLCD',
        person: 'Camille Martin',
        fte_hundredths: 100,
        plan_share_hundredths: 100,
        start_day: '2026-01-01',
        end_day: null,
        yearly_cost_cents: null,
      },
      days_held: 365,
      fte_hundredths: 100,
      plan_fte_hundredths: 100,
      plan_cost_cents: null,
    },
  ],
  plan_fte_hundredths: 100,
  planned_fte_hundredths: 200,
  plan_cost_cents: 0,
  warnings: [],
};

const forecast: Forecast = {
  first_year: 2026,
  base_cents: 500000,
  increase_cents: 0,
  years: [
    { year: 2026, offset: 0, forecast_cents: 500000, voted_cents: 500000, gap_cents: 0 },
    { year: 2027, offset: 1, forecast_cents: 500000, voted_cents: null, gap_cents: null },
    { year: 2028, offset: 2, forecast_cents: 500000, voted_cents: null, gap_cents: null },
  ],
};

function core(): void {
  invoke.mockImplementation(async (command: string) => {
    switch (command) {
      case 'budget_view':
        return structuredClone(view);
      case 'staff_year':
        return structuredClone(staff);
      case 'list_commitments':
        return {
          rows: [
            {
              id: 11,
              line_id: 3,
              line_label: 'Études',
              day: '2026-02-10',
              object: "État des lieux de l’offre",
              party: 'Cabinet Territoires',
              amount_cents: 120000,
              reference: 'EJ-001',
              over_commit: false,
              paid_cents: 0,
              left_to_pay_cents: 120000,
              created_at: '2026-02-10T09:00:00Z',
              created_by: 'Nadia Benali',
            },
          ],
          total_rows: 1,
          page: 0,
          page_size: 20,
        };
      case 'budget_forecast':
        return structuredClone(forecast);
      case 'year_comparison':
        return null;
      case 'fund_call_envelope_over_credits':
        return null;
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

/** The names of the action buttons the page offers, once it has loaded. */
async function offered(role: Role, readOnly = false): Promise<Set<string>> {
  adoptRights(rightsOf(role, readOnly));
  render(Budget, { year: 2026, firstYear: 2025 });
  await screen.findByText("État des lieux de l’offre");
  await waitFor(() => expect(screen.getByText(/Prévision du plan/)).toBeTruthy());
  return new Set(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim() ?? ''));
}

const enter = [
  'Nouvel engagement',
  "Corriger : État des lieux de l’offre",
  "Mandater : État des lieux de l’offre",
  'Nouveau poste',
  'Modifier le poste : Chef·fe de projet PMLCD',
  'Importer des engagements…',
  'Importer des mandats…',
];
const decide = ['Crédits : Études', 'Modifier : Études', 'Hausse prévue à partir de N+2', 'Clore l’exercice 2026'];
const remove = ["Supprimer : État des lieux de l’offre", 'Supprimer le poste : Chef·fe de projet PMLCD'];
const print = ['Imprimer', 'Enregistrer'];

describe('Budget page rights', () => {
  beforeEach(() => {
    invoke.mockReset();
    core();
  });

  it('offers the manager only to print and save', async () => {
    const buttons = await offered('manager');
    for (const b of print) expect(buttons.has(b), b).toBe(true);
    for (const b of [...enter, ...decide, ...remove]) expect(buttons.has(b), b).toBe(false);
  });

  it('offers the assistant commitments, payments and positions, not credits nor deletions', async () => {
    const buttons = await offered('assistant');
    for (const b of [...print, ...enter]) expect(buttons.has(b), b).toBe(true);
    for (const b of [...decide, ...remove]) expect(buttons.has(b), b).toBe(false);
  });

  it('offers the project lead everything', async () => {
    const buttons = await offered('project_lead');
    for (const b of [...print, ...enter, ...decide, ...remove]) expect(buttons.has(b), b).toBe(true);
  });

  it('offers nothing to change on a database opened read-only', async () => {
    const buttons = await offered('project_lead', true);
    for (const b of print) expect(buttons.has(b), b).toBe(true);
    for (const b of [...enter, ...decide, ...remove]) expect(buttons.has(b), b).toBe(false);
  });
});

describe('Budget page: the vote, the carried restes à réaliser and the closed year', () => {
  beforeEach(() => {
    invoke.mockReset();
    core();
  });

  it('shows the restes à réaliser carried from the year before, apart from the lines', async () => {
    adoptRights(rightsOf('manager', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    const row = await screen.findByRole('row', { name: /2025 : Études/ });
    expect(row.textContent).toContain('2\u202f000,00\u00a0€');
    expect(row.textContent).toContain('1\u202f500,00\u00a0€');
    expect(screen.getByText(/Budget primitif voté le 15\/12\/2025/)).toBeTruthy();
  });

  it('offers no change of credits once the year is closed', async () => {
    const closed = structuredClone(view);
    closed.budget.closed_on = '2027-01-10';
    closed.budget.closed_by = 'Camille Martin';
    invoke.mockImplementation(async (command: string) => {
      if (command === 'budget_view') return structuredClone(closed);
      if (command === 'staff_year') return structuredClone(staff);
      if (command === 'list_commitments') return { rows: [], total_rows: 0, page: 0, page_size: 20 };
      if (command === 'budget_forecast') return structuredClone(forecast);
      return null;
    });
    adoptRights(rightsOf('project_lead', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    await screen.findByText(/Exercice 2026 clos le 10\/01\/2027/);
    const names = screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '');
    expect(names).not.toContain('Crédits : Études');
    expect(names).not.toContain('Clore l’exercice 2026');
    expect(names, 'a closed year takes no import').not.toContain('Importer des engagements…');
    expect(names).not.toContain('Importer des mandats…');
  });
});

describe('Budget page: its forms on the form frame', () => {
  beforeEach(() => {
    invoke.mockReset();
    core();
  });

  it('shows a refused commitment’s messages beside their fields, the focus on the first', async () => {
    const base = invoke.getMockImplementation()!;
    invoke.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'create_commitment')
        throw {
          code: 'invalid',
          message: 'Le formulaire contient des erreurs : rien n’a été enregistré.',
          fields: { object: 'L’objet est obligatoire.', amount: 'Le montant est obligatoire.' },
        };
      return base(command, args);
    });
    adoptRights(rightsOf('assistant', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    await fireEvent.click(await screen.findByRole('button', { name: 'Nouvel engagement' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Enregistrer l’engagement' }));
    await screen.findByText('Le formulaire contient des erreurs : rien n’a été enregistré.');
    const object = screen.getByLabelText('Objet');
    expect(object.getAttribute('aria-invalid')).toBe('true');
    expect(object.closest('.field')?.textContent).toContain('L’objet est obligatoire.');
    expect(screen.getByLabelText('Montant engagé (€)').closest('.field')?.textContent).toContain('Le montant est obligatoire.');
    await waitFor(() => expect(document.activeElement).toBe(object));
    const sent = invoke.mock.calls.find(([command]) => command === 'create_commitment')?.[1] as { input: { line_id: number } };
    expect(sent.input.line_id, 'the line chosen in the select is sent as its id').toBe(3);
  });

  it('asks before closing the year, and closes it only once confirmed', async () => {
    adoptRights(rightsOf('project_lead', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    await fireEvent.click(await screen.findByRole('button', { name: 'Clore l’exercice 2026' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toMatch(/Ce qui reste à payer sera reporté\s+sur 2027\./);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Annuler'));
    expect(invoke.mock.calls.some(([command]) => command === 'close_budget_year')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(invoke.mock.calls.some(([command]) => command === 'close_budget_year')).toBe(false);
  });
});

describe('Budget page: the import of the year’s commitments and payments', () => {
  beforeEach(() => {
    invoke.mockReset();
    core();
  });

  const commitmentsFile: ImportPreview = {
    kind: 'commitments',
    fields: [
      { key: 'line', label: 'Ligne budgétaire' },
      { key: 'object', label: 'Objet' },
      { key: 'amount', label: 'Montant' },
    ],
    sheets: ['Engagements'],
    sheet: 'Engagements',
    headers: ['Imputation', 'Libellé', 'Montant'],
    mapping: { line: { kind: 'column', value: 0 }, object: { kind: 'column', value: 1 }, amount: { kind: 'column', value: 2 } },
    mapping_remembered: false,
    states: [],
    rows: [{ line: 2, title: 'Étude des parcours', detail: 'Études', status: 'ready', errors: [], note: '' }],
    ready: 1,
    to_update: 0,
    in_error: 0,
    present: 0,
    skipped: 0,
  };

  /** The core of core(), with the import's commands. */
  function withImport(): void {
    const base = invoke.getMockImplementation()!;
    invoke.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(commitmentsFile);
      if (command === 'run_import') return { batch_id: 3, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 };
      return base(command, args);
    });
  }

  const calls = (command: string) =>
    invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>);

  it('imports commitments into the year shown, then shows the budget read again with what the import did', async () => {
    withImport();
    adoptRights(rightsOf('assistant', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer des engagements…' }));
    expect(await screen.findByRole('heading', { name: 'Importer des engagements — Budget 2026' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nouvel engagement' }), 'the import takes the budget’s place').toBeNull();
    await waitFor(() => expect(calls('list_imports')).toEqual([{ kind: 'commitments' }]));

    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    expect(calls('choose_import')[0]).toEqual({
      kind: 'commitments',
      options: { call_id: null, budget_year: 2026, update_present: false, states: {} },
    });
    const listed = calls('list_commitments').length;
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 engagement' }));
    expect(calls('run_import')[0]).toMatchObject({ kind: 'commitments', options: { budget_year: 2026 } });

    expect(await screen.findByText('1 engagement importé (lot n° 3).')).toBeTruthy();
    expect(screen.getByText('1 engagement importé (lot n° 3).').closest('[role="status"]')).toBeTruthy();
    expect(calls('list_commitments').length, 'the commitments are read again').toBeGreaterThan(listed);
    expect(screen.getByRole('button', { name: 'Importer des engagements…' })).toBeTruthy();
  });

  it('opens the import of payments for the year shown, and reads the budget again on the way back', async () => {
    withImport();
    adoptRights(rightsOf('project_lead', false));
    render(Budget, { year: 2026, firstYear: 2025 });
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer des mandats…' }));
    expect(await screen.findByRole('heading', { name: 'Importer des mandats — Budget 2026' })).toBeTruthy();
    expect(screen.getByText(/Chaque ligne devient un mandat de l’engagement dont elle donne le numéro/)).toBeTruthy();
    await waitFor(() => expect(calls('list_imports')).toEqual([{ kind: 'payments' }]));
    await fireEvent.click(screen.getByRole('button', { name: 'Choisir le fichier…' }));
    await waitFor(() =>
      expect(calls('choose_import')[0]).toEqual({ kind: 'payments', options: { call_id: null, budget_year: 2026, update_present: false, states: {} } }),
    );

    const viewed = calls('budget_view').length;
    await fireEvent.click(await screen.findByRole('button', { name: 'Annuler' }));
    expect(await screen.findByRole('button', { name: 'Importer des mandats…' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Importer des mandats/ })).toBeNull();
    await waitFor(() => expect(calls('budget_view').length, 'a batch undone there may have changed the figures').toBeGreaterThan(viewed));
  });
});
