// What entry forms offer to pick from: the territory's communes as a
// select's options, and the names of the partners recorded on the partners
// page (offered beside a free text field that still takes any name).
import * as api from '../api';
import type { Commune } from '../bindings/Commune';

export type Choice = { value: string; label: string };

/** The communes by INSEE code, after a first choice of none, worded by the form. */
export function communeChoices(communes: Commune[], none: string): Choice[] {
  return [{ value: '', label: none }, ...communes.map((c) => ({ value: c.insee, label: c.name }))];
}

/** The recorded partners' names; none when they cannot be read, since the field takes any name. */
export async function partnerNames(): Promise<string[]> {
  try {
    const list = await api.listPartners('');
    return Array.isArray(list) ? list.map((p) => p.name) : [];
  } catch {
    return [];
  }
}
