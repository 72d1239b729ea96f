import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { AppStatus } from '../bindings/AppStatus';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import LockBanner from './LockBanner.svelte';

const writable: AppStatus = {
  version: '0.1.0',
  db_path: '/srv/partage/plan-lcd.sqlite3',
  configured: true,
  unit: null,
  actor: { name: 'Camille Martin', role: 'assistant' },
  rights: { enter: true, decide: false, delete: false },
  years: [2026],
  current_year: 2026,
  read_only: false,
  held_by: null,
  read_only_reason: null,
  notice: null,
};
const held = (stale: boolean): AppStatus => ({
  ...writable,
  read_only: true,
  held_by: { holder: { name: 'Karim Haddad', host: 'PC-ACCUEIL', since: '2026-11-23T08:15:00Z' }, stale },
});

describe('LockBanner', () => {
  beforeEach(() => invoke.mockReset());

  it('says a write-protected file is read-only without naming anyone as its holder', () => {
    const reason = 'Le fichier ou son dossier est protégé en écriture : Plan LCD l’ouvre en lecture seule.';
    render(LockBanner, { status: { ...writable, read_only: true, read_only_reason: reason }, onStatus: () => {} });
    expect(screen.getByRole('status').textContent).toContain('protégé en écriture');
    expect(screen.getByRole('status').textContent).not.toContain('utilise cette base');
  });

  it('shows nothing on a database this app holds', () => {
    const { container } = render(LockBanner, { status: writable, onStatus: () => {} });
    expect(container.textContent?.trim()).toBe('');
  });

  it('says who holds the database, where and since when, and retries on demand', async () => {
    const onStatus = vi.fn();
    invoke.mockResolvedValueOnce(writable);
    render(LockBanner, { status: held(false), onStatus });
    const text = screen.getByRole('status').textContent ?? '';
    expect(text).toContain('Lecture seule.');
    expect(text).toContain('Karim Haddad (poste PC-ACCUEIL) utilise cette base depuis le');
    expect(text).toMatch(/23\/11\/2026 à \d\d:15/);
    expect(screen.queryByRole('button', { name: 'Reprendre la main…' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(writable));
    expect(invoke).toHaveBeenCalledWith('retry_lock', undefined);
  });

  it('takes over an abandoned lock only after a confirmation', async () => {
    const onStatus = vi.fn();
    invoke.mockResolvedValueOnce(writable);
    render(LockBanner, { status: held(true), onStatus });
    expect(screen.getByRole('status').textContent).toContain('ne donne plus signe de vie');
    await fireEvent.click(screen.getByRole('button', { name: 'Reprendre la main…' }));
    expect(invoke).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Reprendre la main…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Oui, reprendre la main' }));
    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(writable));
    expect(invoke).toHaveBeenCalledWith('take_over_lock', undefined);
  });

  it('shows the refusal when the holder came back meanwhile', async () => {
    invoke.mockRejectedValueOnce({ code: 'refused', message: 'Karim Haddad utilise encore cette base (poste PC-ACCUEIL) : elle ne peut pas être reprise.', fields: {} });
    render(LockBanner, { status: held(true), onStatus: () => {} });
    await fireEvent.click(screen.getByRole('button', { name: 'Reprendre la main…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Oui, reprendre la main' }));
    expect((await screen.findByRole('alert')).textContent).toContain('utilise encore cette base');
  });

  it('tells once that a lock left by a crash was taken back', async () => {
    render(LockBanner, { status: { ...writable, notice: 'Plan LCD ne s’était pas fermé normalement.' }, onStatus: () => {} });
    expect(screen.getByRole('status').textContent).toContain('ne s’était pas fermé normalement');
    await fireEvent.click(screen.getByRole('button', { name: 'Compris' }));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
