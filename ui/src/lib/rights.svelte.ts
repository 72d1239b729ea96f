// What the acting person may do on the open file, as the core sends it in the
// status (`AppStatus.rights`, computed by `Rights::of` in src/rights.rs). The
// window keeps no rights table of its own: it only hides what the core would
// refuse anyway.
import type { Rights } from '../bindings/Rights';

export type Permission = keyof Rights;

const NONE: Rights = { enter: false, decide: false, delete: false };

export const rights = $state<Rights>({ ...NONE });

/** Adopts what the core says the person may do (nothing before a profile is chosen). */
export function adoptRights(next: Rights | null | undefined): void {
  Object.assign(rights, next ?? NONE);
}

/** Whether the person may, on this file (nothing is written to a read-only one). */
export function may(permission: Permission): boolean {
  return rights[permission];
}
