import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

// The shell's events: the page listens to `import-progress` while a command runs.
type Heard = (event: { event: string; id: number; payload: unknown }) => void;
const listeners = vi.hoisted(() => new Map<Heard, string>());
const listen = vi.hoisted(() =>
  vi.fn(async (event: string, handler: Heard) => {
    listeners.set(handler, event);
    return () => void listeners.delete(handler);
  }),
);
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import ImportPage from './ImportPage.svelte';
import type { ImportBatch } from '../bindings/ImportBatch';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportProgress } from '../bindings/ImportProgress';
import { adoptRights } from '../lib/rights.svelte';
import { rightsOf } from '../lib/rights.fixtures';

const preview: ImportPreview = {
  kind: 'trainings',
  // Some of the fields the core sends, in its order and with its labels.
  fields: [
    { key: 'title', label: 'Intitulé' },
    { key: 'theme', label: 'Thème' },
    { key: 'trainer', label: 'Formateur' },
    { key: 'format', label: 'Format' },
    { key: 'first_day', label: 'Premier jour' },
    { key: 'attended_women', label: 'Femmes' },
    { key: 'attended_fh', label: 'Présent·es F/H' },
    { key: 'attended_hf', label: 'Présent·es H/F' },
    { key: 'actual_cost', label: 'Coût réel' },
  ],
  sheets: ['Feuil1'],
  sheet: 'Feuil1',
  headers: ['Intitulé', 'Date', 'Coût réel'],
  mapping: { title: { kind: 'column', value: 0 }, first_day: { kind: 'column', value: 1 }, actual_cost: { kind: 'column', value: 2 } },
  mapping_remembered: false,
  states: [],
  rows: [
    { line: 2, title: 'Accueil sans discrimination', detail: '12/03/2024', status: 'ready', errors: [], note: '' },
    {
      line: 3,
      title: 'Recrutement',
      detail: '05/06/2025',
      status: 'error',
      errors: [{ field: 'actual_cost', column: 2, message: 'Nombre invalide.' }],
      note: '',
    },
  ],
  ready: 1,
  to_update: 0,
  in_error: 1,
  present: 0,
  skipped: 0,
};

const NOTE = '« Accepté » sur Démarches Simplifiées : la décision reste à enregistrer dans Plan LCD par la ou le chef de projet.';

const dossiers: ImportPreview = {
  kind: 'applications',
  fields: [
    { key: 'ds_number', label: 'N° de dossier DS' },
    { key: 'state', label: 'État du dossier' },
    { key: 'organisation', label: 'Structure' },
    { key: 'organisation_kind', label: 'Type de structure' },
    { key: 'title', label: 'Intitulé du projet' },
  ],
  sheets: ['Export'],
  sheet: 'Export',
  headers: ['ID', 'État du dossier', 'Association titre', 'Intitulé'],
  mapping: {
    ds_number: { kind: 'column', value: 0 },
    state: { kind: 'column', value: 1 },
    organisation: { kind: 'column', value: 2 },
    title: { kind: 'column', value: 3 },
  },
  mapping_remembered: false,
  states: [
    { state: 'Accepté', key: 'accepte', rows: 1, stage: 'received' },
    { state: 'En construction', key: 'en construction', rows: 2, stage: 'received' },
    { state: 'Classé sans suite', key: 'classe sans suite', rows: 1, stage: 'skip' },
  ],
  rows: [
    { line: 2, title: 'Théâtre forum', detail: 'Association Égalité', status: 'ready', errors: [], note: NOTE },
    { line: 3, title: 'Ateliers d’écriture', detail: 'Centre social', status: 'update', errors: [], note: '' },
    {
      line: 4,
      title: 'Fresque',
      detail: 'Collectif',
      status: 'error',
      errors: [{ field: 'organisation_kind', column: null, message: 'Précisez le type de structure.' }],
      note: '',
    },
    { line: 5, title: 'Exposition', detail: 'MJC', status: 'skipped', errors: [], note: 'État « Classé sans suite » : non importé.' },
  ],
  ready: 1,
  to_update: 1,
  in_error: 1,
  present: 0,
  skipped: 1,
};

function batch(overrides: Partial<ImportBatch>): ImportBatch {
  return {
    id: 2,
    kind: 'trainings',
    file_name: 'formations.xlsx',
    sheet: 'Feuil1',
    rows_imported: 3,
    rows_updated: 0,
    created_at: '2026-03-14T09:30:00Z',
    created_by: 'Camille Martin',
    undone_at: null,
    undone_by: '',
    ...overrides,
  };
}

function props() {
  return { kind: 'trainings' as const, onImported: vi.fn(async () => {}), onCancel: vi.fn() };
}

const argsOf = (command: string) =>
  invoke.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>);

describe('ImportPage, trainings', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
  });

  it('previews the chosen file, then asks again when a column changes, and imports under that mapping', async () => {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'preview_import') {
        const mapping = args?.mapping as ImportPreview['mapping'];
        return { ...structuredClone(preview), mapping, rows: [preview.rows[0]], ready: 1, in_error: 0 };
      }
      if (command === 'run_import') return { batch_id: 4, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 };
      throw new Error(command);
    });
    const p = props();
    render(ImportPage, p);
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    expect(argsOf('list_imports')[0]).toEqual({ kind: 'trainings' });
    expect(argsOf('choose_import')[0]).toEqual({ kind: 'trainings', options: { call_id: null, budget_year: null, update_present: false, states: {} } });
    expect(await screen.findByText('Prête 1 · En erreur 1 · Déjà présente 0')).toBeTruthy();
    const row = screen.getByText('3').closest('tr') as HTMLElement;
    expect(within(row).getByText('Coût réel').textContent).toBe('Coût réel');
    expect(row.textContent).toContain('Nombre invalide.');
    const ready = screen.getByText('Accueil sans discrimination').closest('tr') as HTMLElement;
    expect(ready.textContent).toContain('12/03/2024');
    // The training form's labels, not the core's short ones.
    expect(screen.getByLabelText('Intervenant ou organisme partenaire')).toBeTruthy();
    expect(screen.queryByLabelText('Formateur')).toBeNull();
    expect(screen.queryByText('États du fichier')).toBeNull();

    await fireEvent.change(screen.getByLabelText('Coût réel (€)'), { target: { value: '' } });
    await screen.findByText('Prête 1 · En erreur 0 · Déjà présente 0');
    const sent = argsOf('preview_import')[0] as { kind: string; sheet: string; mapping: Record<string, unknown> };
    expect(sent.kind).toBe('trainings');
    expect(sent.sheet).toBe('Feuil1');
    expect(sent.mapping).not.toHaveProperty('actual_cost');

    await fireEvent.click(screen.getByRole('button', { name: 'Importer 1 session' }));
    await waitFor(() =>
      expect(p.onImported).toHaveBeenCalledWith({ batch_id: 4, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 }),
    );
    const run = argsOf('run_import')[0] as { kind: string; mapping: Record<string, unknown> };
    expect(run.kind).toBe('trainings');
    expect(run.mapping).not.toHaveProperty('actual_cost');
  });

  it('asks, when the person ticks it, to bring the sessions already recorded up to date', async () => {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'preview_import') {
        const asked = (args?.options as { update_present: boolean }).update_present;
        return { ...structuredClone(preview), to_update: asked ? 1 : 0 };
      }
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    const update = (await screen.findByLabelText(/^Mettre à jour les sessions déjà enregistrées/)) as HTMLInputElement;
    expect(update.checked).toBe(false);
    await fireEvent.click(update);
    await screen.findByText(/À mettre à jour 1/);
    const sent = argsOf('preview_import')[0] as { options: { update_present: boolean } };
    expect(sent.options.update_present).toBe(true);
  });

  it('shows every field the core sends, in its order, under the form’s label where the form has the field', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    const columns = await screen.findByRole('group', { name: 'Colonnes' });
    const selects = [...columns.querySelectorAll('select')];
    expect(selects.map((el) => el.id)).toEqual(preview.fields.map((f) => `map-${f.key}`));
    const labelOf = (id: string) => columns.querySelector(`label[for="${id}"]`)?.textContent;
    expect(labelOf('map-attended_women'), 'a field of the form keeps the form’s label').toBe('Présentes (femmes)');
    // Attendance by sex in one cell is no field of the form: the core names it.
    const fh = screen.getByLabelText('Présent·es F/H') as HTMLSelectElement;
    expect(fh.id).toBe('map-attended_fh');
    expect(fh.value, 'a field the file lacks is not imported').toBe('');
    expect(screen.getByLabelText('Présent·es H/F')).toBeTruthy();
  });

  it('offers a closed list’s labels as one value for every row, and sends its code', async () => {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'preview_import') return { ...structuredClone(preview), mapping: args?.mapping };
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.change(await screen.findByLabelText('Format'), { target: { value: 'value' } });
    const same = (await screen.findByLabelText('Format : valeur pour toutes les lignes')) as HTMLSelectElement;
    expect([...same.options].map((o) => o.textContent)).toEqual(['Présentiel', 'À distance']);
    await waitFor(() => expect(argsOf('preview_import')).toHaveLength(1));
    expect((argsOf('preview_import')[0]?.mapping as Record<string, unknown>).format).toEqual({ kind: 'value', value: 'in_person' });
  });

  it('keeps « Importer » out of reach when no row is ready', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return { ...structuredClone(preview), ready: 0, in_error: 2 };
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    const run = await screen.findByRole('button', { name: 'Importer 0 session' });
    expect((run as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the core’s refusal when an import cannot be taken back', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [batch({})];
      if (command === 'undo_import')
        throw { code: 'refused', message: 'La session « A » a été modifiée depuis l’import.', fields: {} };
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Annuler l’import : formations.xlsx, lot n° 2' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation de l’import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('a été modifiée depuis l’import');
    expect(argsOf('undo_import')[0]).toEqual({ batchId: 2 });
    expect(screen.getByRole('columnheader', { name: 'Sessions' })).toBeTruthy();
  });
});

describe('ImportPage, applications', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
  });

  function applicationsProps() {
    return { kind: 'applications' as const, callId: 7, onImported: vi.fn(async () => {}), onCancel: vi.fn() };
  }

  /** The core: each state takes the stage sent for it, the rows do not change. */
  function core(): void {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(dossiers);
      if (command === 'preview_import') {
        const options = args?.options as ImportOptions;
        return {
          ...structuredClone(dossiers),
          mapping: args?.mapping,
          states: dossiers.states.map((s) => ({ ...s, stage: options.states[s.key] ?? s.stage })),
        };
      }
      if (command === 'run_import') return { batch_id: 5, imported: 1, updated: 1, in_error: 1, present: 0, skipped: 1 };
      throw new Error(command);
    });
  }

  it('names the fields as the core does, shows each row’s organisation and note, each error on its field', async () => {
    core();
    render(ImportPage, applicationsProps());
    expect(screen.getByText(/« Démarches Simplifiées » \(XLSX ou CSV\) est reconnu tel quel/)).toBeTruthy();
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    expect(argsOf('list_imports')[0]).toEqual({ kind: 'applications' });
    expect(argsOf('choose_import')[0]).toEqual({ kind: 'applications', options: { call_id: 7, budget_year: null, update_present: false, states: {} } });
    expect(
      await screen.findByText('Prête 1 · À mettre à jour 1 · En erreur 1 · Déjà présente 0 · Non importée 1'),
    ).toBeTruthy();
    expect((screen.getByLabelText('Structure') as HTMLSelectElement).value).toBe('column:2');
    expect(screen.getByRole('columnheader', { name: 'Dossier' })).toBeTruthy();

    const accepted = screen.getByText('Théâtre forum').closest('tr') as HTMLElement;
    expect(accepted.textContent).toContain('Association Égalité');
    expect(within(accepted).getByText(NOTE).classList.contains('muted')).toBe(true);
    const update = screen.getByText('Ateliers d’écriture').closest('tr') as HTMLElement;
    expect(within(update).getByText('À mettre à jour')).toBeTruthy();
    const fault = screen.getByText('Fresque').closest('tr') as HTMLElement;
    expect(within(fault).getByText('Type de structure').classList.contains('place')).toBe(true);
    expect(fault.textContent).toContain('Précisez le type de structure.');
    const skipped = screen.getByText('Exposition').closest('tr') as HTMLElement;
    expect(within(skipped).getByText('Non importée')).toBeTruthy();
    expect(skipped.textContent).toContain('État « Classé sans suite » : non importé.');

    // One type of structure for every row: the organisation kinds' labels, their codes sent.
    await fireEvent.change(screen.getByLabelText('Type de structure'), { target: { value: 'value' } });
    const same = (await screen.findByLabelText('Type de structure : valeur pour toutes les lignes')) as HTMLSelectElement;
    expect([...same.options].map((o) => o.textContent)).toContain('CCAS');
    await waitFor(() => expect(argsOf('preview_import')).toHaveLength(1));
    expect((argsOf('preview_import')[0]?.mapping as Record<string, unknown>).organisation_kind).toEqual({
      kind: 'value',
      value: 'association',
    });
  });

  it('lets each state of the file be confirmed, and imports only once the person says they checked', async () => {
    core();
    const p = applicationsProps();
    render(ImportPage, p);
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    const states = await screen.findByRole('table', { name: 'États lus dans le fichier et ce que l’import fait de leurs dossiers' });
    expect(screen.getByText(/Un import ne prend jamais de décision/)).toBeTruthy();
    const building = within(states).getByText('En construction').closest('tr') as HTMLElement;
    expect(building.textContent).toContain('2');
    const stage = screen.getByLabelText('Ce que devient l’état « En construction »') as HTMLSelectElement;
    expect([...stage.options].map((o) => o.textContent)).toEqual(['Reçu (date de dépôt)', 'Brouillon', 'Non importé']);
    expect(stage.value).toBe('received');

    const run = screen.getByRole('button', { name: 'Importer 2 dossiers' }) as HTMLButtonElement;
    expect(run.disabled, 'the states are not confirmed yet').toBe(true);
    expect(screen.getByText(/« Importer » reste inactif tant que cette case n’est pas cochée/)).toBeTruthy();

    await fireEvent.change(stage, { target: { value: 'draft' } });
    await waitFor(() => expect(argsOf('preview_import')).toHaveLength(1));
    expect(argsOf('preview_import')[0]).toMatchObject({
      kind: 'applications',
      sheet: 'Export',
      options: { call_id: 7, states: { accepte: 'received', 'en construction': 'draft', 'classe sans suite': 'skip' } },
    });
    await waitFor(() =>
      expect((screen.getByLabelText('Ce que devient l’état « En construction »') as HTMLSelectElement).value).toBe('draft'),
    );

    await fireEvent.click(screen.getByLabelText('J’ai vérifié ce que devient chaque état'));
    expect(screen.queryByText(/reste inactif/)).toBeNull();
    const enabled = screen.getByRole('button', { name: 'Importer 2 dossiers' }) as HTMLButtonElement;
    expect(enabled.disabled).toBe(false);
    await fireEvent.click(enabled);
    await waitFor(() => expect(p.onImported).toHaveBeenCalled());
    expect(argsOf('run_import')[0]).toMatchObject({
      kind: 'applications',
      options: { call_id: 7, states: { accepte: 'received', 'en construction': 'draft', 'classe sans suite': 'skip' } },
    });
  });

  it('lists the batches in dossiers, with those updated, and offers no undo for a batch that updated', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports')
        return [
          batch({ id: 3, kind: 'applications', file_name: 'dossiers-mai.csv', rows_imported: 4, rows_updated: 2 }),
          batch({ id: 2, kind: 'applications', file_name: 'dossiers-avril.csv', rows_imported: 3 }),
        ];
      if (command === 'undo_import') return 3;
      throw new Error(command);
    });
    render(ImportPage, applicationsProps());
    const updated = (await screen.findByText('dossiers-mai.csv')).closest('tr') as HTMLElement;
    expect(updated.textContent).toContain('6');
    expect(updated.textContent).toContain('dont 2 mis à jour');
    expect(updated.textContent).toContain('Ne s’annule pas en bloc');
    expect(within(updated).queryByRole('button')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Dossiers' })).toBeTruthy();
    expect(screen.getByText(/retire ses dossiers et les structures qu’il a créées/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Annuler l’import : dossiers-avril.csv, lot n° 2' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation de l’import' }));
    expect(await screen.findByText('Import n° 2 annulé : 3 dossiers retirés.')).toBeTruthy();
  });
});

describe('ImportPage, structures, partners, events, commitments and payments', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
  });

  type Case = {
    kind: 'organisations' | 'partners' | 'events' | 'commitments' | 'payments';
    /** The year whose budget takes the rows (commitments and payments). */
    budgetYear?: number;
    /** What a row becomes, said before a file is chosen. */
    becomes: RegExp;
    fields: { key: string; label: string }[];
    /** Each closed list: its field's label, the labels it offers, and the first one's code. */
    closed: { key: string; label: string; options: string[]; code: string }[];
    ready: number;
    run: string;
    /** The column of counts in the list of batches, the undo's hint, and what an undo says. */
    countHeader: string;
    undoHint: RegExp;
    undone: string;
  };

  const cases: Case[] = [
    {
      kind: 'organisations',
      becomes: /Chaque ligne devient une structure, vérifiée comme dans le formulaire/,
      fields: [
        { key: 'organisation', label: 'Structure' },
        { key: 'organisation_kind', label: 'Type de structure' },
        { key: 'siret', label: 'SIRET' },
      ],
      closed: [
        {
          key: 'organisation_kind',
          label: 'Type de structure',
          options: ['Association', 'Commune', 'CCAS', 'Établissement public', 'Entreprise', 'Autre'],
          code: 'association',
        },
      ],
      ready: 1,
      run: 'Importer 1 structure',
      countHeader: 'Structures',
      undoHint: /tant qu’aucune structure n’a été modifiée ni n’a déposé de dossier/,
      undone: 'Import n° 2 annulé : 3 structures retirées.',
    },
    {
      kind: 'partners',
      becomes:
        /Chaque ligne donne un partenaire et, s’il y a lieu, un de ses contacts ; les lignes d’un même partenaire \(même nom\) se regroupent\./,
      fields: [
        { key: 'name', label: 'Partenaire' },
        { key: 'kind', label: 'Type de partenaire' },
        { key: 'contact_name', label: 'Contact' },
      ],
      closed: [
        {
          key: 'kind',
          label: 'Type de partenaire',
          options: [
            'Service de l’État',
            'Autorité indépendante',
            'Organisme de formation',
            'Réseau',
            'Association',
            'Réseau d’entreprises',
            'Commune',
            'Autre',
          ],
          code: 'state_service',
        },
      ],
      ready: 2,
      run: 'Importer 2 lignes de partenaires',
      countHeader: 'Lignes',
      undoHint: /tant qu’aucun partenaire n’a été modifié ni ne figure dans une convention ou une réunion/,
      undone: 'Import n° 2 annulé : 3 lignes de partenaires retirées.',
    },
    {
      kind: 'events',
      becomes: /Chaque ligne devient un événement ; un événement dont la date tombe pendant une semaine enregistrée lui est rattaché\./,
      fields: [
        { key: 'title', label: 'Intitulé' },
        { key: 'kind', label: 'Type' },
        { key: 'day', label: 'Date' },
        { key: 'public', label: 'Public' },
        { key: 'attended_fh', label: 'Présents F/H' },
        { key: 'status', label: 'Statut' },
      ],
      closed: [
        {
          key: 'kind',
          label: 'Type',
          options: [
            'Conférence',
            'Atelier',
            'Événement festif',
            'Exposition',
            'Projection-débat',
            'Action scolaire ou jeunesse',
            'Action liée à une formation',
            'Autre',
          ],
          code: 'conference',
        },
        {
          key: 'public',
          label: 'Public',
          options: ['Tout public', 'Enfants', 'Jeunes', 'Adultes', 'Agents de la collectivité', 'Professionnel·les'],
          code: 'general_public',
        },
        { key: 'status', label: 'Statut', options: ['Prévu', 'Confirmé', 'Réalisé', 'Annulé'], code: 'planned' },
      ],
      ready: 1,
      run: 'Importer 1 événement',
      countHeader: 'Événements',
      undoHint: /tant qu’aucun événement n’a été modifié ni rattaché au plan/,
      undone: 'Import n° 2 annulé : 3 événements retirés.',
    },
    {
      kind: 'commitments',
      budgetYear: 2026,
      becomes:
        /Chaque ligne devient un engagement sur la ligne budgétaire nommée \(par son libellé\) ; un engagement qui dépasserait le disponible de sa ligne est refusé : saisissez-le dans le formulaire pour confirmer le dépassement\./,
      fields: [
        { key: 'line', label: 'Ligne budgétaire' },
        { key: 'day', label: 'Date' },
        { key: 'object', label: 'Objet' },
        { key: 'party', label: 'Tiers' },
        { key: 'amount', label: 'Montant' },
        { key: 'reference', label: 'N° d’engagement' },
      ],
      closed: [],
      ready: 2,
      run: 'Importer 2 engagements',
      countHeader: 'Engagements',
      undoHint: /tant qu’aucun engagement n’a été modifié ni mandaté et que l’exercice n’est pas clos/,
      undone: 'Import n° 2 annulé : 3 engagements retirés.',
    },
    {
      kind: 'payments',
      budgetYear: 2026,
      becomes:
        /Chaque ligne devient un mandat de l’engagement dont elle donne le numéro, dans la limite de son reste à payer\./,
      fields: [
        { key: 'commitment', label: 'N° d’engagement' },
        { key: 'day', label: 'Date du mandat' },
        { key: 'amount', label: 'Montant' },
        { key: 'reference', label: 'N° de mandat' },
      ],
      closed: [],
      ready: 1,
      run: 'Importer 1 mandat',
      countHeader: 'Mandats',
      undoHint: /Annuler un import retire tous ses mandats, tant que l’exercice n’est pas clos\./,
      undone: 'Import n° 2 annulé : 3 mandats retirés.',
    },
  ];

  function previewOf(c: Case): ImportPreview {
    return {
      kind: c.kind,
      fields: c.fields,
      sheets: ['Feuil1'],
      sheet: 'Feuil1',
      headers: c.fields.map((f) => f.label),
      mapping: Object.fromEntries(c.fields.slice(0, 1).map((f) => [f.key, { kind: 'column', value: 0 }])),
      mapping_remembered: false,
      states: [],
      rows: Array.from({ length: c.ready }, (_, i) => ({
        line: i + 2,
        title: `Ligne ${i + 2}`,
        detail: '',
        status: 'ready' as const,
        errors: [],
        note: '',
      })),
      ready: c.ready,
      to_update: 0,
      in_error: 0,
      present: 0,
      skipped: 0,
    };
  }

  it.each(cases)('$kind: says what a row becomes, offers each closed list’s labels and sends its codes', async (c) => {
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return previewOf(c);
      if (command === 'preview_import') return { ...previewOf(c), mapping: args?.mapping };
      if (command === 'run_import') return { batch_id: 4, imported: c.ready, updated: 0, in_error: 0, present: 0, skipped: 0 };
      throw new Error(command);
    });
    const p = { kind: c.kind, budgetYear: c.budgetYear, onImported: vi.fn(async () => {}), onCancel: vi.fn() };
    render(ImportPage, p);
    expect(screen.getByText(c.becomes)).toBeTruthy();
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    expect(argsOf('list_imports')[0]).toEqual({ kind: c.kind });
    const options = { call_id: null, budget_year: c.budgetYear ?? null, update_present: false, states: {} };
    expect(argsOf('choose_import')[0], 'the budget’s year goes with every question').toEqual({ kind: c.kind, options });
    // Each field the core sends is offered under its label.
    await screen.findByRole('group', { name: 'Colonnes' });
    for (const f of c.fields) expect(screen.getByLabelText(f.label)).toBeTruthy();

    const sent: Record<string, unknown> = {};
    for (const [i, list] of c.closed.entries()) {
      await fireEvent.change(await screen.findByLabelText(list.label), { target: { value: 'value' } });
      const same = (await screen.findByLabelText(`${list.label} : valeur pour toutes les lignes`)) as HTMLSelectElement;
      expect([...same.options].map((o) => o.textContent)).toEqual(list.options);
      await waitFor(() => expect(argsOf('preview_import')).toHaveLength(i + 1));
      const mapping = argsOf('preview_import')[i]?.mapping as Record<string, unknown>;
      // The first label shown stands for its code, which the core takes.
      expect(mapping[list.key]).toEqual({ kind: 'value', value: list.code });
      sent[list.key] = mapping[list.key];
    }
    await waitFor(() => expect(screen.getByRole('button', { name: c.run })).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: c.run }));
    await waitFor(() => expect(p.onImported).toHaveBeenCalled());
    expect(argsOf('run_import')[0]).toMatchObject({ kind: c.kind, mapping: sent, options });
  });

  it.each(cases)('$kind: lists the batches in its words, with what an undo takes back', async (c) => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [batch({ kind: c.kind, file_name: 'carnet.xlsx' })];
      if (command === 'undo_import') return 3;
      throw new Error(command);
    });
    render(ImportPage, { kind: c.kind, onImported: vi.fn(async () => {}), onCancel: vi.fn() });
    await screen.findByText('carnet.xlsx');
    expect(screen.getByRole('columnheader', { name: c.countHeader })).toBeTruthy();
    expect(screen.getByText(c.undoHint)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Annuler l’import : carnet.xlsx, lot n° 2' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’annulation de l’import' }));
    expect(await screen.findByText(c.undone)).toBeTruthy();
  });
});

describe('ImportPage, a long file: its progress, its stop, its columns saved', () => {
  beforeEach(() => {
    adoptRights(rightsOf('project_lead', false));
    invoke.mockReset();
    listen.mockClear();
    listeners.clear();
  });

  /** The shell reports where the command under way stands. */
  function emit(payload: ImportProgress): void {
    for (const [heard, event] of [...listeners]) if (event === 'import-progress') heard({ event, id: 1, payload });
  }

  const REFUSAL = { code: 'refused', message: 'Import arrêté : rien n’a été enregistré.', fields: {} };

  it('shows the reading, then the checking of the rows, and nothing once the command answered', async () => {
    let answer: (p: ImportPreview) => void = () => {};
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return new Promise<ImportPreview>((resolve) => (answer = resolve));
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await waitFor(() => expect(listeners.size).toBe(1));
    expect(listen).toHaveBeenCalledWith('import-progress', expect.any(Function));
    expect(screen.queryByRole('progressbar'), 'nothing heard yet: the dialog may still be open').toBeNull();

    emit({ phase: 'reading', done: 0, total: 0 });
    const reading = await screen.findByRole('progressbar', { name: 'Lecture du fichier…' });
    expect(reading.hasAttribute('value'), 'no count while the file is read').toBe(false);

    emit({ phase: 'checking', done: 1250, total: 10000 });
    const checking = (await screen.findByRole('progressbar', {
      name: 'Vérification des lignes : 1\u202f250 / 10\u202f000',
    })) as HTMLProgressElement;
    expect([checking.value, checking.max]).toEqual([1250, 10000]);
    const status = document.getElementById('import-progress-text') as HTMLElement;
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('button', { name: 'Arrêter' })).toBeTruthy();

    const [heard] = [...listeners.keys()];
    answer(structuredClone(preview));
    await screen.findByText('Prête 1 · En erreur 1 · Déjà présente 0');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Arrêter' })).toBeNull();
    expect(document.getElementById('import-progress-text')?.textContent).toBe('');
    expect(listeners.size, 'the page stops listening once the command answered').toBe(0);
    // An event the shell sent before the answer, heard after it, is no longer shown.
    heard?.({ event: 'import-progress', id: 2, payload: { phase: 'checking', done: 10000, total: 10000 } });
    await tick();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('stops an import at « Arrêter »: the refusal shows as the page’s message, the preview stays', async () => {
    let refuse: (reason: unknown) => void = () => {};
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'run_import') return new Promise((_, reject) => (refuse = reject));
      if (command === 'stop_import') {
        refuse(REFUSAL);
        return null;
      }
      throw new Error(command);
    });
    const p = props();
    render(ImportPage, p);
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 session' }));
    await waitFor(() => expect(listeners.size).toBe(1));
    emit({ phase: 'writing', done: 250, total: 4000 });
    expect(await screen.findByRole('progressbar', { name: 'Enregistrement : 250 / 4\u202f000' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Arrêter' }));
    expect(argsOf('stop_import')).toHaveLength(1);
    expect((await screen.findByRole('alert')).textContent).toBe('Import arrêté : rien n’a été enregistré.');
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Arrêter' })).toBeNull();
    expect(p.onImported).not.toHaveBeenCalled();
    // The file stays chosen, the preview as it was, ready to import again.
    expect(screen.getByText('Prête 1 · En erreur 1 · Déjà présente 0')).toBeTruthy();
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Importer 1 session' }) as HTMLButtonElement).disabled).toBe(false),
    );
  });

  it('stops the import under way when the page is left', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'run_import') return new Promise(() => {});
      if (command === 'stop_import') return null;
      throw new Error(command);
    });
    const { unmount } = render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 session' }));
    await waitFor(() => expect(listeners.size).toBe(1));
    expect(argsOf('stop_import')).toHaveLength(0);
    unmount();
    await waitFor(() => expect(argsOf('stop_import')).toHaveLength(1));
    expect(listeners.size, 'nothing is heard once the page is gone').toBe(0);
  });

  it('saves the columns on screen to a file, and says where; a cancelled dialog says nothing', async () => {
    const saved: (string | null)[] = ['/home/camille/colonnes-trainings.json', null];
    invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'preview_import') return { ...structuredClone(preview), mapping: args?.mapping };
      if (command === 'save_import_mapping') return saved.shift();
      throw new Error(command);
    });
    render(ImportPage, props());
    expect(screen.queryByRole('button', { name: 'Enregistrer les colonnes…' }), 'no columns before a file').toBeNull();
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.change(await screen.findByLabelText('Coût réel (€)'), { target: { value: '' } });
    await waitFor(() => expect(argsOf('preview_import')).toHaveLength(1));

    const save = screen.getByRole('button', { name: 'Enregistrer les colonnes…' });
    expect(save.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Colonnes');
    await fireEvent.click(save);
    expect(await screen.findByText('Colonnes enregistrées dans /home/camille/colonnes-trainings.json.')).toBeTruthy();
    const { actual_cost: _, ...shown } = preview.mapping;
    expect(argsOf('save_import_mapping')[0], 'the columns as they stand on screen').toEqual({ kind: 'trainings', mapping: shown });
    expect(screen.getByText(/Colonnes enregistrées dans/).closest('[role="status"]')).toBeTruthy();

    await fireEvent.click(save);
    await waitFor(() => expect(argsOf('save_import_mapping')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByText(/Colonnes enregistrées dans/)).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why the columns were not saved as the page’s message', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_imports') return [];
      if (command === 'choose_import') return structuredClone(preview);
      if (command === 'save_import_mapping')
        throw { code: 'io', message: 'Le fichier n’a pas pu être écrit : permission refusée.', fields: {} };
      throw new Error(command);
    });
    render(ImportPage, props());
    await fireEvent.click(await screen.findByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Enregistrer les colonnes…' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Le fichier n’a pas pu être écrit : permission refusée.');
  });
});
