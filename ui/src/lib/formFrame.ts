// What every form does after a refused save, in one place: the person is
// taken to what needs correcting (RGAA 11.10, WCAG 3.3.1).
import { tick } from 'svelte';

/**
 * Once the page shows the refusal, focuses the first field marked invalid
 * (`aria-invalid="true"`, in the document's order) and scrolls it clear of
 * the sticky save bar; when no field is at fault, the form's message
 * (`role="alert"`), made focusable for it.
 */
export async function focusFirstError(): Promise<void> {
  await tick();
  const field = document.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target = field ?? document.querySelector<HTMLElement>('#content [role="alert"]');
  if (!target) return;
  if (!field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  // jsdom (the unit tests) has no layout, hence no scrollIntoView.
  target.scrollIntoView?.({ block: 'center' });
}
