import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { AppStatus } from './bindings/AppStatus';
import type { Dashboard } from './bindings/Dashboard';
import type { ImportPreview } from './bindings/ImportPreview';
import type { Reminder } from './bindings/Reminder';
import type { TrainingStats } from './bindings/TrainingStats';
import { communes } from './test/fixtures';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import App from './App.svelte';

const own: AppStatus = {
  version: '0.1.0',
  db_path: '/home/camille/.local/share/plan-lcd/plan-lcd.sqlite3',
  configured: true,
  unit: {
    name: 'Mission LCD',
    epci_siren: '200054807',
    epci_name: "Métropole d'Aix-Marseille-Provence",
    first_year: 2025,
    is_demo: false,
    agreement_for_public_bodies: false,
  },
  actor: { name: 'Camille Martin', role: 'assistant' },
  rights: { enter: true, decide: false, delete: false },
  years: [2025, 2026, 2027],
  current_year: 2026,
  read_only: false,
  held_by: null,
  read_only_reason: null,
  notice: null,
};
const demo: AppStatus = {
  ...own,
  db_path: '/home/camille/.local/share/plan-lcd/plan-lcd-demo.sqlite3',
  unit: { ...own.unit!, name: 'Mission LCD (démo)', is_demo: true },
};

const stats: TrainingStats = {
  year: 2026,
  sessions_held: 8,
  sessions_planned: 1,
  sessions_confirmed: 1,
  sessions_cancelled: 1,
  hours_delivered_centi: 4950,
  women: 84,
  men: 64,
  unstated: 7,
  participants: 155,
  share_women: 84 / 155,
  share_men: 64 / 155,
  share_unstated: 7 / 155,
  by_audience: [{ audience: 'own_agents', sessions: 2, women: 23, men: 10, unstated: 1, total: 34, share: 34 / 155 }],
  fill_rate: 0.8112,
  cost_per_participant_hour_cents: 1023,
  participant_hours_centi: 103450,
  actual_cost_cents: 810000,
  satisfaction_average: 4.3125,
  communes_reached: 7,
  communes_total: 92,
};

const reminder: Reminder = {
  kind: 'convention_notice',
  date: '2026-07-01',
  late: false,
  label: 'Convention avec le Défenseur des droits : dénoncer avant le 1er juillet 2026',
  page: 'convention',
  target_id: 3,
};

const dashboard: Dashboard = {
  year: 2026,
  actions_total: 3,
  actions_by_status: [
    { status: 'to_start', count: 1 },
    { status: 'in_progress', count: 2 },
    { status: 'done', count: 0 },
    { status: 'postponed', count: 0 },
    { status: 'abandoned', count: 0 },
  ],
  indicators: { indicators: 2, measured: 1, reached: 1, reached_permille: 500, mean_rate_permille: 800 },
  trainings_held: 8,
  training_participants: 155,
  training_women: 84,
  training_men: 64,
  training_unstated: 7,
  grants_count: 4,
  grants_granted_cents: 4800000,
  grants_paid_cents: 3540000,
  fund_envelope_cents: 5000000,
  events_held: 9,
  event_participants: 2882,
  budget: null,
  plan_fte_hundredths: 210,
  planned_fte_hundredths: 200,
};
/** A spreadsheet of events as the core previews it: one row ready. */
const eventsFile: ImportPreview = {
  kind: 'events',
  fields: [
    { key: 'title', label: 'Intitulé' },
    { key: 'day', label: 'Date' },
  ],
  sheets: ['Feuil1'],
  sheet: 'Feuil1',
  headers: ['Titre', 'Date'],
  mapping: { title: { kind: 'column', value: 0 }, day: { kind: 'column', value: 1 } },
  mapping_remembered: false,
  states: [],
  rows: [{ line: 2, title: 'Ciné-débat', detail: '18/03/2026', status: 'ready', errors: [], note: '' }],
  ready: 1,
  to_update: 0,
  in_error: 0,
  present: 0,
  skipped: 0,
};

/** The switch_actor calls the picker made, in order. */
let switched: { name: string; role: string }[] = [];

function core(start: AppStatus): void {
  switched = [];
  invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
    switch (command) {
      case 'app_status':
        return start;
      case 'retry_lock':
        return { ...start, read_only: false, held_by: null };
      case 'list_profiles':
        return [own.actor, { name: 'Karim Haddad', role: 'project_lead' }];
      case 'switch_actor': {
        const who = { name: String(args?.name), role: String(args?.role) };
        switched.push(who);
        if (!who.name.trim()) throw { code: 'invalid', message: 'Le formulaire contient des erreurs.', fields: { name: 'Indiquez votre nom.' } };
        return { ...start, actor: who, notice: null };
      }
      case 'open_own_database':
        return own;
      case 'list_communes':
        return communes;
      case 'list_trainings':
        return {
          items: [],
          page: 1,
          page_size: 25,
          page_count: 1,
          totals: {
            sessions: 0,
            hours_centi: 0,
            registered: 0,
            attended_women: 0,
            attended_men: 0,
            attended_unstated: 0,
            attended_total: 0,
            planned_cost_cents: 0,
            actual_cost_cents: 0,
          },
        };
      case 'training_stats':
        return stats;
      case 'plan_dashboard':
        return dashboard;
      case 'list_reminders':
        return [reminder];
      case 'search_epcis':
        return [];
      case 'edition_of_year':
        return null;
      case 'list_events':
        return {
          items: [],
          page: 1,
          page_size: 25,
          page_count: 1,
          totals: { events: 0, held: 0, cancelled: 0, expected_attendance: 0, attended_total: 0, cost_cents: 0 },
        };
      case 'list_imports':
        return [];
      case 'choose_import':
        return structuredClone(eventsFile);
      case 'run_import':
        return { batch_id: 3, imported: 1, updated: 0, in_error: 0, present: 0, skipped: 0 };
      default:
        throw new Error(`unexpected ${command}`);
    }
  });
}

/** A headline card's figure, with its exact characters. */
function cardValue(title: string): string | undefined {
  return screen.getByText(title).parentElement?.querySelector('.value')?.textContent ?? undefined;
}

describe('App', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('shows the setup on a database that is not configured', async () => {
    core({ ...own, configured: false, unit: null, actor: null });
    render(App);
    expect(await screen.findByRole('button', { name: 'Commencer' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Découvrir avec des données de démonstration' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Menu principal' })).toBeNull();
  });

  it('asks at start who is working, the last profile preselected: one click continues', async () => {
    core({ ...own, notice: 'Plan LCD ne s’était pas fermé normalement.' });
    render(App);
    expect(await screen.findByRole('heading', { level: 1, name: 'Qui travaille aujourd’hui ?' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Menu principal' })).toBeNull();
    const last = screen.getByRole('radio', { name: 'Camille Martin — Assistant·e administratif·ve' }) as HTMLInputElement;
    expect(last.checked).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Continuer' })));
    await fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Accueil' })).toBeTruthy();
    expect(switched).toEqual([{ name: 'Camille Martin', role: 'assistant' }]);
    expect(screen.getByText('Camille Martin — Assistant·e administratif·ve')).toBeTruthy();
    expect(screen.getByText(/ne s’était pas fermé normalement/), 'the start notice is kept for the frame').toBeTruthy();
  });

  it('reads the home figures once the profile question shows, and once: the home page takes them', async () => {
    core(own);
    render(App);
    const dashboards = (): unknown[] => invoke.mock.calls.filter(([command]) => command === 'plan_dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Qui travaille aujourd’hui ?' })).toBeTruthy();
    await waitFor(() => expect(dashboards()).toEqual([['plan_dashboard', { year: own.current_year }]]));
    const order = invoke.mock.calls.map(([command]) => command).filter((c) => c === 'list_profiles' || c === 'plan_dashboard');
    expect(order, 'the profiles first: both wait for the same file').toEqual(['list_profiles', 'plan_dashboard']);
    await fireEvent.click(await screen.findByRole('button', { name: 'Continuer' }));
    const card = await screen.findByText('Formations réalisées');
    expect(card.parentElement?.querySelector('.card-value')?.textContent).toBe('8');
    expect(dashboards(), 'the home page read no figures of its own').toHaveLength(1);
  });

  it('lets another profile be picked, or a new one added with its errors beside the fields', async () => {
    core(own);
    render(App);
    await fireEvent.click(await screen.findByRole('radio', { name: 'Nouveau profil…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    expect(await screen.findByText('Indiquez votre nom.')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Votre nom'), { target: { value: 'Claire Dupuis' } });
    await fireEvent.change(screen.getByLabelText('Votre rôle'), { target: { value: 'manager' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Continuer' }));
    expect(await screen.findByText('Claire Dupuis — Chef·fe de service')).toBeTruthy();
    expect(switched.at(-1)).toEqual({ name: 'Claire Dupuis', role: 'manager' });
  });

  it('opens a database another app holds without the picker, its banner shown, and asks once it is free', async () => {
    core({
      ...own,
      read_only: true,
      held_by: { holder: { name: 'Karim Haddad', host: 'PC-2', since: '2026-06-15T08:00:00Z' }, stale: false },
    });
    render(App);
    expect(await screen.findByRole('heading', { level: 1, name: 'Accueil' })).toBeTruthy();
    expect(screen.getByText(/Lecture seule\./)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Qui travaille aujourd’hui ?' })).toBeNull();

    // Once the file is free, the app asks who is working before anything is entered.
    await fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Qui travaille aujourd’hui ?' })).toBeTruthy();
  });

  it('frames the pages, the year and the person, and says when the data is a demo', async () => {
    core(demo);
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Continuer' }));
    expect(await screen.findByText('Base de démonstration : ces données sont fictives.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Accueil' }), 'the app opens on the home page').toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Menu principal' });
    expect(nav.querySelector('button')?.textContent, 'Accueil comes first').toBe('Accueil');
    expect(await screen.findByText('Les chiffres clés de 2026')).toBeTruthy();
    expect(
      await screen.findByRole('button', { name: reminder.label }),
      'the reminders open the home page',
    ).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith('plan_dashboard', { year: 2026 });
    const trainings = screen.getByRole('button', { name: /Formations réalisées/ });
    expect(trainings.textContent).toContain('155 participant·es : 84 femmes, 64 hommes, 7 non renseigné');
    expect(screen.getByRole('button', { name: /Taux de réalisation du budget/ }).textContent).toContain('Pas de budget');
    expect((screen.getByLabelText('Année') as HTMLSelectElement).value).toBe('2026');
    expect(screen.getByText('Camille Martin — Assistant·e administratif·ve')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Revenir à ma base' }));
    await waitFor(() => expect(screen.queryByText(/Base de démonstration/)).toBeNull());
    expect(invoke).toHaveBeenCalledWith('open_own_database', undefined);
  });

  it('opens the import of events from the year’s list, and comes back to the events with what was done', async () => {
    core(own);
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Continuer' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Semaine et événements' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Tous les événements de l’année' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer…' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Importer des événements' })).toBeTruthy();
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('list_imports', { kind: 'events' }));
    const before = invoke.mock.calls.filter(([c]) => c === 'list_events').length;

    await fireEvent.click(screen.getByRole('button', { name: 'Choisir le fichier…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Importer 1 événement' }));
    expect(await screen.findByText('1 événement importé (lot n° 3).')).toBeTruthy();
    expect(invoke.mock.calls.find(([c]) => c === 'run_import')?.[1]).toMatchObject({ kind: 'events' });
    expect(screen.getByRole('heading', { level: 1, name: 'Semaine et événements' })).toBeTruthy();
    await waitFor(() => expect(invoke.mock.calls.filter(([c]) => c === 'list_events').length).toBeGreaterThan(before));
  });

  it('shows the year statistics by sex', async () => {
    core(own);
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Continuer' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Statistiques' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Statistiques sexuées des formations' })).toBeTruthy();
    await screen.findByText('Participant·es par sexe');
    expect(invoke).toHaveBeenCalledWith('training_stats', { year: 2026 });

    const women = screen.getByRole('row', { name: /Femmes/ });
    expect(women.textContent).toContain('84');
    expect(women.textContent).toContain('54,2\u00a0%');
    expect(cardValue('Communes touchées')).toBe('7 sur 92');
    expect(cardValue('Satisfaction moyenne')).toBe('4,3\u00a0/\u00a05');
    expect(cardValue('Coût par heure-participant')).toBe('10,23\u00a0€');
    expect(cardValue('Taux de remplissage')).toBe('81,1\u00a0%');
    expect(screen.getByRole('img', { name: /femmes 54,2/ })).toBeTruthy();

    await fireEvent.change(screen.getByLabelText('Année'), { target: { value: '2025' } });
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('training_stats', { year: 2025 }));
  });
});
