import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { listTrainings, setCommuneFlags, toApiError } from './api';

describe('toApiError', () => {
  it('keeps the core error as it came', () => {
    const err = toApiError({ code: 'invalid', message: 'Erreurs.', fields: { title: 'Obligatoire.' } });
    expect(err).toEqual({ code: 'invalid', message: 'Erreurs.', fields: { title: 'Obligatoire.' } });
  });

  it('wraps a string rejection as an internal error that keeps its text', () => {
    const err = toApiError('command list_trainings not found');
    expect(err.code).toBe('internal');
    expect(err.message).toContain('command list_trainings not found');
    expect(err.fields).toEqual({});
  });

  it('wraps an object without code and message as internal', () => {
    expect(toApiError({ foo: 1 }).code).toBe('internal');
    expect(toApiError(null).code).toBe('internal');
    expect(toApiError(new Error('boom')).message).toContain('boom');
  });

  it('drops field messages that are not text', () => {
    const err = toApiError({ code: 'invalid', message: 'x', fields: { a: 'ok', b: 3 } });
    expect(err.fields).toEqual({ a: 'ok' });
  });

  it('accepts a core error without fields', () => {
    expect(toApiError({ code: 'not_found', message: 'Session introuvable.' }).fields).toEqual({});
  });
});

describe('command wrappers', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('sends camelCase argument names', async () => {
    invoke.mockResolvedValue({ insee: '13055' });
    await setCommuneFlags('13055', true, false);
    expect(invoke).toHaveBeenCalledWith('set_commune_flags', { insee: '13055', hasPlcd: true, hasOfficer: false });
  });

  it('rejects with an ApiError whatever the shell rejected with', async () => {
    invoke.mockRejectedValue('IPC failure');
    await expect(
      listTrainings({
        year: 2026,
        status: null,
        audience: null,
        commune_insee: null,
        search: null,
        sort: 'first_day',
        descending: false,
        page: 1,
        page_size: 25,
      }),
    ).rejects.toMatchObject({ code: 'internal', fields: {} });
  });
});
