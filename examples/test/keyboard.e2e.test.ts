/**
 * End to end with the keyboard alone, as a patient who cannot use a mouse: the demo patient
 * signs in, books a slot in the portal's <ih-booking> with Tab, Shift+Tab, the arrow keys,
 * Enter and Space only, then cancels it in <ih-appointments> through its dialog. After signing
 * in the test never clicks nor focuses anything; at each step it asks Chromium's accessibility
 * tree what has focus (its role, accessible name and description), as a screen reader would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

interface Focused {
  /** The computed ARIA role and accessible name and description. */
  role: string;
  name: string;
  description: string;
  /** The element's `part` and the tag of the widget it is in (undefined: the page itself). */
  part: string;
  widget?: string;
  /** Whether it is inside an open modal dialog; its aria-checked, if any; its text. */
  inDialog: boolean;
  checked: string | null;
  text: string;
}

/** What has focus, through shadow roots, as the accessibility tree describes it. */
async function focusedOn(page: Page, cdp: CDPSession): Promise<Focused> {
  const deepest = `(() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; })()`;
  const { result } = await cdp.send('Runtime.evaluate', { expression: deepest });
  assert.ok(result.objectId, 'something has focus');
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { backendNodeId: node.backendNodeId, fetchRelatives: false });
  const ax = nodes[0]!;
  const { result: facts } = await cdp.send('Runtime.callFunctionOn', {
    objectId: result.objectId,
    returnByValue: true,
    functionDeclaration: `function () {
      const root = this.getRootNode();
      return {
        part: this.getAttribute('part') ?? '',
        widget: root instanceof ShadowRoot ? root.host.localName : undefined,
        inDialog: !!this.closest('dialog[open]'),
        checked: this.getAttribute('aria-checked'),
        text: this.textContent.replace(/\\s+/g, ' ').trim(),
      };
    }`,
  });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
  const value = (p?: { value?: unknown }) => String(p?.value ?? '').replace(/\s+/g, ' ').trim();
  return { role: value(ax.role), name: value(ax.name), description: value(ax.description), ...(facts.value as Omit<Focused, 'role' | 'name' | 'description'>) };
}

test('the demo patient books a slot and cancels it with the keyboard alone', async () => {
  const { page, errors } = await openAs(env, '/', 'zhangwei');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const focused = () => focusedOn(page, cdp);
  const press = async (key: string) => {
    await page.keyboard.press(key);
    // Let the widgets re-render and move focus (rendering is a microtask or a frame away).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };
  /** Presses `key` until what has focus matches, at most `max` times; fails naming what it saw. */
  const pressUntil = async (key: string, wanted: (f: Focused) => boolean, what: string, max = 40): Promise<Focused> => {
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      await press(key);
      const f = await focused();
      if (wanted(f)) return f;
      seen.push(`${f.widget ?? 'page'}:${f.role} "${f.name}"`);
    }
    assert.fail(`${key} never reached ${what}; focus went ${seen.join(' → ')}`);
  };
  const booking = page.locator('ih-booking');
  const mine = page.locator('ih-appointments');
  await booking.getByRole('button', { name: /心血管内科/ }).waitFor();

  // From the page's header, Tab reaches the booking widget: first its offer of guided triage,
  // then the first department.
  let f = await pressUntil('Tab', (x) => x.widget === 'ih-booking', 'the booking widget');
  assert.deepEqual([f.role, f.part], ['button', 'triage-button']);
  assert.match(f.name, /^不知道挂哪个科？/);
  await press('Tab');
  f = await focused();
  assert.equal(f.role, 'button');
  assert.match(f.name, /^心血管内科/);
  assert.equal(f.part, 'option');

  await press('Enter');
  f = await focused();
  assert.deepEqual([f.role, f.name], ['heading', '选择医生'], 'the new step is announced by its heading');
  f = await pressUntil('Tab', (x) => x.part === 'option', 'a doctor', 3);
  assert.equal(f.role, 'button');
  assert.match(f.name, /医师/);
  const doctorName = f.name.split(' ')[0]!;

  await press('Enter');
  f = await focused();
  assert.deepEqual([f.role, f.name], ['heading', '选择时间']);
  await booking.getByRole('radio', { name: /剩余/ }).first().waitFor();
  // The date strip is one Tab stop, on the chosen day; arrows move along it.
  f = await pressUntil('Tab', (x) => x.role === 'radio', 'the date strip', 3);
  assert.match(f.part, /\bdate\b/);
  assert.equal(f.checked, 'true');
  assert.match(f.name, /可预约/);
  // The last day with open times (so that it is not too late to cancel): End, then back.
  await press('End');
  f = await focused();
  assert.match(f.part, /\bdate\b/);
  if (!/可预约/.test(f.name)) f = await pressUntil('ArrowLeft', (x) => /可预约/.test(x.name), 'a day with open times', 14);
  assert.equal(f.checked, 'false', 'arrows move focus, not the choice');
  const day = f.name;
  await press('Space');
  f = await focused();
  assert.deepEqual([f.name, f.checked], [day, 'true'], 'Space chose the day');

  // The slot grid is the next Tab stop, on the day's first open time.
  f = await pressUntil('Tab', (x) => /\bslot\b/.test(x.part), 'the slot grid', 2);
  assert.equal(f.role, 'radio');
  assert.match(f.name, /剩余/);
  const time = f.name.match(/\d\d:\d\d–\d\d:\d\d/)?.[0];
  assert.ok(time, `a time range in "${f.name}"`);
  await press('Enter');

  f = await focused();
  assert.deepEqual([f.role, f.name], ['heading', '选择就诊人']);
  f = await pressUntil('Tab', (x) => x.part === 'option', 'a patient', 3);
  assert.match(f.name, /^张伟/);
  await press('Enter');

  f = await focused();
  assert.deepEqual([f.role, f.name], ['heading', '确认预约']);
  // What the booking's live regions that are in the page now will say (a screen reader only
  // hears a change to a region it already knows).
  await booking.evaluate((el) => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    for (const region of el.shadowRoot!.querySelectorAll('[role="status"], [role="alert"], [aria-live]')) {
      new MutationObserver(() => region.textContent!.trim() && said.push(region.textContent!.replace(/\s+/g, ' ').trim())).observe(region, { childList: true, subtree: true, characterData: true });
    }
  });
  f = await pressUntil('Tab', (x) => x.part === 'confirm-button', 'the confirm button', 3);
  assert.deepEqual([f.role, f.name], ['button', '确认预约']);
  await shot(page, 'keyboard-1-confirm');
  await press('Enter');

  await booking.getByRole('heading', { name: '预约成功' }).waitFor();
  f = await focused();
  assert.deepEqual([f.role, f.name], ['heading', '预约成功'], 'focus on the done heading');
  // Said once, by a status region that was in the page all along.
  const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
  assert.deepEqual(said, [`已为张伟预约${doctorName}的号。`]);
  await shot(page, 'keyboard-2-booked');

  // On to "my appointments": its list refreshed by itself; Tab to the new appointment's cancel button.
  const item = mine.locator('[part~="item"]').filter({ hasText: time }).filter({ hasText: doctorName });
  await item.waitFor();
  const isOurs = (x: Focused) => x.widget === 'ih-appointments' && x.part === 'cancel-button' && x.description.includes(time) && x.description.includes(doctorName);
  const trigger = await pressUntil('Tab', isOurs, `the cancel button of the ${time} appointment`);
  assert.deepEqual([trigger.role, trigger.name], ['button', '取消预约']);
  assert.match(trigger.description, /张伟/);

  // The dialog: focus moves in, on the harmless choice; Escape closes it; focus returns.
  await press('Enter');
  f = await focused();
  assert.equal(f.inDialog, true, 'focus moved into the dialog');
  assert.deepEqual([f.role, f.name], ['button', '暂不取消']);
  await mine.getByRole('dialog', { name: '确认取消预约？' }).waitFor();
  await press('Escape');
  await mine.getByRole('dialog').waitFor({ state: 'detached' });
  f = await focused();
  assert.deepEqual([f.part, f.name, f.description, f.inDialog], ['cancel-button', trigger.name, trigger.description, false], 'focus back on the button that opened it');

  // Again, and this time cancel: Tab to the confirm button, Shift+Tab back, Tab, Enter.
  await press('Enter');
  f = await pressUntil('Tab', (x) => x.part === 'dialog-confirm-button', 'the confirm button in the dialog', 2);
  assert.deepEqual([f.role, f.name, f.inDialog], ['button', '确认取消', true]);
  await press('Shift+Tab');
  assert.equal((await focused()).name, '暂不取消');
  await press('Tab');
  await shot(page, 'keyboard-3-dialog');
  await press('Enter');
  await mine.locator('[part~="item-cancelled"]').filter({ hasText: time }).filter({ hasText: doctorName }).waitFor();
  f = await focused();
  // A status message has no name of its own: a screen reader reads its text on focus.
  assert.deepEqual([f.role, f.text, f.part], ['status', '预约已取消。', 'message'], 'focus on the message that it is cancelled');
  await shot(page, 'keyboard-4-cancelled');

  assert.deepEqual(errors, []);
  await page.context().close();
});
