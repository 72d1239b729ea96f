// Which page the frame shows. A plain value rather than a router: the app is
// one window with a handful of pages and no URLs to share.

export type View =
  | { page: 'home' }
  | { page: 'plan' }
  | { page: 'action'; id: number | null }
  | { page: 'communes' }
  | { page: 'trainings' }
  | { page: 'training'; id: number | null }
  | { page: 'trainings-import' }
  | { page: 'stats' }
  | { page: 'events' }
  | { page: 'events-import' }
  | { page: 'event'; id: number | null; editionId: number | null }
  | { page: 'edition'; id: number | null }
  | { page: 'campaign'; id: number | null; editionId: number }
  | { page: 'fund' }
  | { page: 'budget' }
  | { page: 'partners'; tab?: PartnersTab; id?: number | null }
  | { page: 'territory' }
  | { page: 'settings' }
  | { page: 'journal' }
  | { page: 'privacy' }
  | { page: 'help' };

export type Page = View['page'];

/** The tabs of the partners page. */
export type PartnersTab = 'partners' | 'conventions' | 'committees';

/** A message the next page shows once, e.g. after saving a form. */
export type Notice = { text: string; tone: 'success' | 'warning' | 'info' };
