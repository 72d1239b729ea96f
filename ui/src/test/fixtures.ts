// Values shaped like the core's answers, for component tests.

import type { Commune } from '../bindings/Commune';
import type { TrainingInput } from '../bindings/TrainingInput';
import type { TrainingSession } from '../bindings/TrainingSession';

export const communes: Commune[] = [
  { insee: '13001', name: 'Aix-en-Provence', population: 147478, has_plcd: false, has_officer: false },
  { insee: '13055', name: 'Marseille', population: 873076, has_plcd: false, has_officer: true },
];

export function session(overrides: Partial<TrainingSession> = {}): TrainingSession {
  return {
    id: 7,
    title: 'Comprendre le droit de la non-discrimination',
    theme: 'Cadre juridique',
    audience: 'own_agents',
    trainer: 'Défenseur des droits',
    format: 'in_person',
    first_day: '2026-01-28',
    last_day: '2026-01-28',
    hours_centi: 700,
    venue: 'Hôtel de la Métropole',
    commune_insee: '13055',
    commune_name: 'Marseille',
    capacity: 20,
    registered: 20,
    attended_women: 12,
    attended_men: 6,
    attended_unstated: 0,
    attended_total: 18,
    over_capacity: false,
    planned_cost_cents: null,
    actual_cost_cents: 150050,
    status: 'held',
    cancel_reason: '',
    satisfaction_tenths: 45,
    notes: '',
    created_at: '2026-01-29T09:00:00Z',
    created_by: 'Camille',
    updated_at: '2026-01-29T09:00:00Z',
    updated_by: 'Camille',
    ...overrides,
  };
}

export const storedForm: TrainingInput = {
  title: 'Comprendre le droit de la non-discrimination',
  theme: 'Cadre juridique',
  audience: 'own_agents',
  trainer: 'Défenseur des droits',
  format: 'in_person',
  first_day: '28/01/2026',
  last_day: '28/01/2026',
  hours: '7',
  venue: 'Hôtel de la Métropole',
  commune_insee: '13055',
  capacity: '20',
  registered: '20',
  attended_women: '12',
  attended_men: '6',
  attended_unstated: '0',
  planned_cost: '',
  actual_cost: '1500,50',
  status: 'held',
  cancel_reason: '',
  satisfaction: '4,5',
  notes: '',
};
