// The trainings list's filters, sort and page. Kept outside the page so that
// they survive a trip to the form and back.

import type { Audience } from '../bindings/Audience';
import type { TrainingSort } from '../bindings/TrainingSort';
import type { TrainingStatus } from '../bindings/TrainingStatus';

export type TrainingFilters = {
  status: TrainingStatus | '';
  audience: Audience | '';
  communeInsee: string;
  search: string;
  sort: TrainingSort;
  descending: boolean;
  page: number;
  /** The year `page` was chosen for: another year starts again at page 1. */
  pageYear: number;
};

function initial(): TrainingFilters {
  return {
    status: '',
    audience: '',
    communeInsee: '',
    search: '',
    sort: 'first_day',
    descending: false,
    page: 1,
    pageYear: 0,
  };
}

export const trainingFilters: TrainingFilters = $state(initial());

/** Back to the defaults, e.g. when another database is opened. */
export function resetTrainingFilters(): void {
  Object.assign(trainingFilters, initial());
}
