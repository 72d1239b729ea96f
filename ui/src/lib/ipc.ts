// The one door to the shell: every command goes through `call`, which
// rejects with an ApiError whatever the shell rejected with, so that pages
// handle a single error shape. The typed calls themselves are generated from
// the shell's commands (bindings/commands.ts).

import { invoke } from '@tauri-apps/api/core';

import type { ApiError } from '../bindings/ApiError';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns whatever a command rejected with into an ApiError. The core always
 * sends `{ code, message, fields }`; anything else (a Tauri string such as
 * "command not found", a thrown Error) becomes an `internal` error.
 */
export function toApiError(reason: unknown): ApiError {
  if (isRecord(reason) && typeof reason.code === 'string' && typeof reason.message === 'string') {
    const fields: Record<string, string> = {};
    if (isRecord(reason.fields)) {
      for (const [key, value] of Object.entries(reason.fields)) {
        if (typeof value === 'string') fields[key] = value;
      }
    }
    return { code: reason.code, message: reason.message, fields };
  }
  const detail = reason instanceof Error ? reason.message : String(reason);
  return {
    code: 'internal',
    message: `Une erreur inattendue est survenue : ${detail}`,
    fields: {},
  };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}
