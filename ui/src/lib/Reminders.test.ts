import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { Reminder } from '../bindings/Reminder';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import Reminders from './Reminders.svelte';

const late: Reminder = {
  kind: 'follow_up_due',
  date: '2026-08-20',
  late: true,
  label: 'Suivi de « Comité technique » : Relancer (Camille Martin), en retard depuis le 20/08/2026.',
  page: 'committee',
  target_id: 3,
};
const notice: Reminder = {
  kind: 'convention_notice',
  date: '2026-09-15',
  late: false,
  label: 'Convention « CGET – DDD » : la dénoncer au plus tard le 15/09/2026.',
  page: 'convention',
  target_id: 7,
};

describe('Reminders', () => {
  beforeEach(() => invoke.mockReset());

  it('lists the reminders with their dates, the late ones marked, each a link to its page', async () => {
    invoke.mockResolvedValueOnce([late, notice]);
    const onOpen = vi.fn();
    render(Reminders, { onOpen });
    const link = await screen.findByRole('button', { name: notice.label });
    expect(invoke).toHaveBeenCalledWith('list_reminders', undefined);
    const items = screen.getAllByRole('listitem');
    expect(items[0]?.textContent).toContain('20/08/2026');
    expect(items[0]?.textContent).toContain('en retard');
    expect(items[1]?.textContent).toContain('15/09/2026');
    expect(items[1]?.textContent).not.toContain('en retard');
    await fireEvent.click(link);
    expect(onOpen).toHaveBeenCalledWith(notice);
  });

  it('says when nothing is coming', async () => {
    invoke.mockResolvedValueOnce([]);
    render(Reminders, { onOpen: () => {} });
    expect(await screen.findByText('Aucune échéance dans les semaines qui viennent.')).toBeTruthy();
  });

  it('shows the core’s message when the list cannot be read', async () => {
    invoke.mockRejectedValueOnce({ code: 'internal', message: 'Base indisponible.', fields: {} });
    render(Reminders, { onOpen: () => {} });
    expect((await screen.findByRole('alert')).textContent).toContain('Base indisponible.');
  });
});
