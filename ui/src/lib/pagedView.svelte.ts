// What the paged lists of a year (trainings, events) do with the view they
// keep outside the page: the page, chosen for one year, the sort on a column,
// and the search, sent once typing pauses.

/** The part of a kept list view that paging and sorting change. */
export type PagedView<S> = {
  sort: S;
  descending: boolean;
  page: number;
  /** The year `page` was chosen for: another year starts again at page 1. */
  pageYear: number;
};

/** The page to show for `year`. */
export function pageIn<S>(view: PagedView<S>, year: number): number {
  return view.pageYear === year ? view.page : 1;
}

export function goToPage<S>(view: PagedView<S>, year: number, page: number): void {
  view.page = page;
  view.pageYear = year;
}

/** The sorted column again turns the order round; another sorts on it, ascending; both from page 1. */
export function sortOn<S>(view: PagedView<S>, year: number, key: S): void {
  if (view.sort === key) {
    view.descending = !view.descending;
  } else {
    view.sort = key;
    view.descending = false;
  }
  goToPage(view, year, 1);
}

/**
 * Hands `send` what `text` reads once it has not changed for `ms`: a search
 * field asks the core once typing pauses, not at each key. Call it while a
 * component starts (it sets up an effect).
 */
export function onTypingPause(text: () => string, send: (text: string) => void, ms = 300): void {
  $effect(() => {
    const typed = text();
    const timer = setTimeout(() => send(typed), ms);
    return () => clearTimeout(timer);
  });
}
