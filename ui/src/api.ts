// One typed wrapper per command of docs/COMMANDS.md. Every wrapper rejects
// with an ApiError, whatever the shell rejected with, so that pages handle a
// single error shape.

import { invoke } from '@tauri-apps/api/core';

import type { ApiError } from './bindings/ApiError';
import type { AppStatus } from './bindings/AppStatus';
import type { AuditPage } from './bindings/AuditPage';
import type { BackupInfo } from './bindings/BackupInfo';
import type { AuditQuery } from './bindings/AuditQuery';
import type { Commune } from './bindings/Commune';
import type { EpciSummary } from './bindings/EpciSummary';
import type { SetupInput } from './bindings/SetupInput';
import type { TrainingInput } from './bindings/TrainingInput';
import type { TrainingPage } from './bindings/TrainingPage';
import type { TrainingQuery } from './bindings/TrainingQuery';
import type { TrainingSession } from './bindings/TrainingSession';
import type { TrainingStats } from './bindings/TrainingStats';

export type { ApiError };

export type SheetFormat = 'csv' | 'xlsx';

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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

export const appStatus = (): Promise<AppStatus> => call('app_status');

export const searchEpcis = (query: string): Promise<EpciSummary[]> => call('search_epcis', { query });

export const completeSetup = (input: SetupInput): Promise<AppStatus> => call('complete_setup', { input });

export const listCommunes = (): Promise<Commune[]> => call('list_communes');

export const setCommuneFlags = (insee: string, hasPlcd: boolean, hasOfficer: boolean): Promise<Commune> =>
  call('set_commune_flags', { insee, hasPlcd, hasOfficer });

export const listTrainings = (query: TrainingQuery): Promise<TrainingPage> => call('list_trainings', { query });

export const getTrainingForm = (id: number): Promise<TrainingInput> => call('get_training_form', { id });

export const createTraining = (input: TrainingInput): Promise<TrainingSession> =>
  call('create_training', { input });

export const updateTraining = (id: number, input: TrainingInput): Promise<TrainingSession> =>
  call('update_training', { id, input });

export const deleteTraining = (id: number): Promise<null> => call('delete_training', { id });

export const trainingStats = (year: number): Promise<TrainingStats> => call('training_stats', { year });

/** The saved file's path, or null when the user cancelled the save dialog. */
export const exportTrainings = (year: number, format: SheetFormat): Promise<string | null> =>
  call('export_trainings', { year, format });

export const openDemo = (): Promise<AppStatus> => call('open_demo');

export const openOwnDatabase = (): Promise<AppStatus> => call('open_own_database');

export const listAudit = (query: AuditQuery): Promise<AuditPage> => call('list_audit', { query });

export const backupInfo = (): Promise<BackupInfo> => call('backup_info');

/** The saved copy's path, or null when the user cancelled the native dialog. */
export const saveBackupCopy = (): Promise<string | null> => call('save_backup_copy');

/** The restored database's status, or null when the user cancelled the native dialog. */
export const restoreBackupCopy = (): Promise<AppStatus | null> => call('restore_backup_copy');
