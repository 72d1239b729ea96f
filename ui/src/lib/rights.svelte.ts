// What the acting person may do, as the window shows it: the same rule as the
// core's `Role::may` (src/store.rs), which refuses anyway. The window only
// hides what would be refused, so that no one fills a form for nothing.
import type { Role } from '../bindings/Role';

export type Permission = 'enter' | 'decide' | 'delete';

export const rights = $state<{ role: Role | null; readOnly: boolean }>({ role: null, readOnly: false });

/** The manager reads and prints; the assistant enters; the project lead also decides and deletes. */
export function roleMay(role: Role | null, permission: Permission): boolean {
  switch (role) {
    case 'project_lead':
      return true;
    case 'assistant':
      return permission === 'enter';
    default:
      return false;
  }
}

/** Whether the person may, on this database (nothing is written to a read-only one). */
export function may(permission: Permission): boolean {
  return !rights.readOnly && roleMay(rights.role, permission);
}
