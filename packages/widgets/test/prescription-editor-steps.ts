/**
 * Filling in <ih-prescription-editor> as a doctor would, for its tests and the visual test:
 * adding a drug by searching and pressing Enter, and replacing a field's value by typing.
 */
import { sendKeys } from '@web/test-runner-commands';
import { waitFor } from './mock-api.js';

/** The drug rows of the draft. */
export const rows = (editor: HTMLElement) => [...editor.shadowRoot!.querySelectorAll<HTMLElement>('li[part~="item"]')];

/** Types `query` into the search, moves down to result `pick` and adds it with Enter. */
export async function addDrug(editor: HTMLElement, query: string, pick = 0) {
  const input = await waitFor(() => editor.shadowRoot!.querySelector<HTMLInputElement>('[part~="search-input"]'), 'search input');
  input.focus();
  await sendKeys({ type: query });
  await waitFor(() => editor.shadowRoot!.querySelectorAll('[part~="search-option"]').length > pick, 'results');
  for (let i = 0; i < pick; i++) await sendKeys({ press: 'ArrowDown' });
  const before = rows(editor).length;
  await sendKeys({ press: 'Enter' });
  await waitFor(() => rows(editor).length === before + 1, 'row added');
}

/** Replaces `input`'s value by selecting it, deleting and typing `value`. */
export async function setValue(input: HTMLInputElement, value: string) {
  input.focus();
  input.select();
  await sendKeys({ press: 'Backspace' });
  if (value) await sendKeys({ type: value });
}
