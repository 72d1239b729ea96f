import { afterEach, describe, expect, it, vi } from 'vitest';

import { goToPage, onTypingPause, pageIn, sortOn, type PagedView } from './pagedView.svelte';

const view = (): PagedView<string> => ({ sort: 'day', descending: false, page: 3, pageYear: 2025 });

describe('paging and sorting a kept list view', () => {
  it('keeps the page for the year it was chosen in, and starts another year at page 1', () => {
    const v = view();
    expect(pageIn(v, 2025)).toBe(3);
    expect(pageIn(v, 2026)).toBe(1);
    goToPage(v, 2026, 2);
    expect(pageIn(v, 2026)).toBe(2);
    expect(pageIn(v, 2025), 'the page belongs to one year').toBe(1);
  });

  it('turns the order round on the sorted column, sorts ascending on another, from page 1', () => {
    const v = view();
    sortOn(v, 2025, 'day');
    expect(v).toEqual({ sort: 'day', descending: true, page: 1, pageYear: 2025 });
    sortOn(v, 2025, 'title');
    expect(v).toEqual({ sort: 'title', descending: false, page: 1, pageYear: 2025 });
  });
});

describe('onTypingPause', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the text once typing has paused, not at each key', async () => {
    vi.useFakeTimers();
    const box = $state({ text: '' });
    const sent: string[] = [];
    const stop = $effect.root(() => onTypingPause(() => box.text, (t) => sent.push(t)));
    for (const typed of ['d', 'di', 'dis']) {
      box.text = typed;
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(sent, 'nothing is sent while typing goes on').toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual(['dis']);
    stop();
  });
});
