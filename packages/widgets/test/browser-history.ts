/**
 * The browser's Back and Forward buttons in a widget test: each presses one and waits until the
 * history has settled (an element may skip an entry with history.back(), so until no popstate
 * has come for a while), then for a frame so that the elements have rendered.
 */
import { waitFor } from './mock-api.js';

async function traverse(go: () => void): Promise<void> {
  let last = performance.now();
  let seen = 0;
  const onPop = () => {
    seen++;
    last = performance.now();
  };
  addEventListener('popstate', onPop);
  try {
    go();
    await waitFor(() => seen > 0 && performance.now() - last > 150, 'the history to settle');
  } finally {
    removeEventListener('popstate', onPop);
  }
  await new Promise((r) => requestAnimationFrame(r));
}

/** Presses the browser's Back button. */
export const pressBack = (): Promise<void> => traverse(() => history.back());
/** Presses the browser's Forward button. */
export const pressForward = (): Promise<void> => traverse(() => history.forward());

/** Lets an element's own history.go() (after its back button, or a booking made) land. */
export const historySettled = (): Promise<void> => new Promise((r) => setTimeout(r, 200));
