// The events page's tab, filters, sort and page. Kept outside the page so
// that they survive a trip to a form and back.

import type { EventKind } from '../bindings/EventKind';
import type { EventScope } from '../bindings/EventScope';
import type { EventSort } from '../bindings/EventSort';
import type { EventStatus } from '../bindings/EventStatus';

export type EventTab = 'week' | 'list' | 'coverage';

export type EventView = {
  tab: EventTab;
  scope: EventScope | '';
  kind: EventKind | '';
  status: EventStatus | '';
  communeInsee: string;
  search: string;
  sort: EventSort;
  descending: boolean;
  page: number;
  /** The year `page` was chosen for: another year starts again at page 1. */
  pageYear: number;
};

function initial(): EventView {
  return {
    tab: 'week',
    scope: '',
    kind: '',
    status: '',
    communeInsee: '',
    search: '',
    sort: 'day',
    descending: false,
    page: 1,
    pageYear: 0,
  };
}

export const eventView: EventView = $state(initial());

/** Back to the defaults, e.g. when another database is opened. */
export function resetEventView(): void {
  Object.assign(eventView, initial());
}
