// The training form's fields as the person reads them, once: the form shows
// these labels, and the import names the same fields with the same words
// when it asks which column feeds which field.
import type { TrainingInput } from '../bindings/TrainingInput';
import { AUDIENCE_LABELS, FORMAT_LABELS, STATUS_LABELS } from '../format';

export type TrainingField = keyof TrainingInput;

/** Each field's label, in the form's order. */
export const TRAINING_LABELS: Record<TrainingField, string> = {
  title: 'Intitulé',
  format: 'Format',
  audience: 'Public',
  trainer: 'Intervenant ou organisme partenaire',
  theme: 'Thème',
  first_day: 'Premier jour',
  last_day: 'Dernier jour',
  hours: 'Durée totale (heures)',
  venue: 'Lieu',
  commune_insee: 'Commune',
  capacity: 'Capacité',
  registered: 'Inscrit·es',
  attended_women: 'Présentes (femmes)',
  attended_men: 'Présents (hommes)',
  attended_unstated: 'Présent·es (sexe non renseigné)',
  planned_cost: 'Coût prévu (€)',
  actual_cost: 'Coût réel (€)',
  status: 'Statut',
  satisfaction: 'Satisfaction moyenne (1 à 5)',
  cancel_reason: 'Motif d’annulation',
  notes: 'Notes',
};

/** The fields that take a code of a closed list, with the list's labels. */
export const CLOSED_LISTS: Partial<Record<TrainingField, Record<string, string>>> = {
  audience: AUDIENCE_LABELS,
  format: FORMAT_LABELS,
  status: STATUS_LABELS,
};
