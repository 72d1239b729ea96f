// The French labels of the partners module's codes, as the core names them
// (src/partners/mod.rs): the forms offer them, the lists show them.
import type { CommitmentStatus } from '../bindings/CommitmentStatus';
import type { CommitteeKind } from '../bindings/CommitteeKind';
import type { ConventionState } from '../bindings/ConventionState';
import type { ConventionStatus } from '../bindings/ConventionStatus';
import type { FollowUpStatus } from '../bindings/FollowUpStatus';
import type { PartnerKind } from '../bindings/PartnerKind';

export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  state_service: 'Service de l’État',
  independent_authority: 'Autorité indépendante',
  training_body: 'Organisme de formation',
  network: 'Réseau',
  association: 'Association',
  company_network: 'Réseau d’entreprises',
  commune: 'Commune',
  other: 'Autre',
};

export const CONVENTION_STATUS_LABELS: Record<ConventionStatus, string> = {
  active: 'En vigueur',
  denounced: 'Dénoncée',
  ended: 'Terminée',
};

export const CONVENTION_STATE_LABELS: Record<ConventionState, string> = {
  active: 'En vigueur',
  notice_soon: 'Préavis proche',
  renewal_soon: 'Reconduction proche',
  ending_soon: 'Échéance proche',
  expired: 'Échue',
  denounced: 'Dénoncée',
  ended: 'Terminée',
};

export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = {
  todo: 'À faire',
  in_progress: 'En cours',
  done: 'Fait',
};

export const COMMITTEE_KIND_LABELS: Record<CommitteeKind, string> = {
  steering: 'Comité de pilotage',
  technical: 'Comité technique',
  other: 'Autre instance',
};

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  todo: 'À faire',
  done: 'Fait',
};

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
