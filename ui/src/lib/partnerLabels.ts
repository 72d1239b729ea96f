// The partners module's labels (generated from the core's enums) and the
// select options built from them.
import { COMMITMENT_STATUS_LABELS, COMMITTEE_KIND_LABELS, CONVENTION_STATE_LABELS, CONVENTION_STATUS_LABELS, FOLLOW_UP_STATUS_LABELS, PARTNER_KIND_LABELS } from '../bindings/labels';

export { COMMITMENT_STATUS_LABELS, COMMITTEE_KIND_LABELS, CONVENTION_STATE_LABELS, CONVENTION_STATUS_LABELS, FOLLOW_UP_STATUS_LABELS, PARTNER_KIND_LABELS };

export const FREQUENCY_LABELS: Record<string, string> = {
  '1': '1 réunion par an',
  '2': '2 réunions par an',
  '3': '3 réunions par an',
  '4': '4 réunions par an (trimestrielle)',
  '6': '6 réunions par an',
  '12': '12 réunions par an (mensuelle)',
  '0': 'Selon les besoins',
};

/** The options of a select from a label map, in the map's order. */
export function options<K extends string>(labels: Record<K, string>): { value: string; label: string }[] {
  return (Object.keys(labels) as K[]).map((k) => ({ value: k, label: labels[k] }));
}

/** A number of months as a duration: `36` → `36 mois (3 ans)`. */
export function formatMonths(n: number): string {
  if (n % 12 === 0) {
    const years = n / 12;
    return `${n} mois (${years} an${years > 1 ? 's' : ''})`;
  }
  return `${n} mois`;
}
