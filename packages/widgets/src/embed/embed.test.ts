import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MockApi, TOKEN, deepActive, waitFor } from '../../test/mock-api.js';
import '../provider/provider.js';
import '../booking/booking.js';
import './embed.js';
import { openInModal } from './embed.js';
import type { IhModal } from '../modal/modal.component.js';
import type { IhProvider } from '../provider/provider.component.js';

const api = new MockApi();
before(() => api.start());
afterEach(() => api.reset());
after(() => api.worker.stop());

const dialogOf = (m: IhModal) => m.shadowRoot!.querySelector('dialog')!;
const modalIn = (p: Element) => waitFor(() => p.querySelector<IhModal>('ih-modal'), 'modal');

async function page(theme = 'light') {
  return fixture<IhProvider>(html`<ih-provider api="/api" locale="zh-CN" theme=${theme} token=${TOKEN}>
    <p>The hospital's own page.</p>
    <button id="open" data-ih-open="booking" data-ih-department="dep_cardio">预约心内科</button>
    <button id="plain" data-ih-open="booking">预约挂号</button>
    <a id="link" href="#booking-page" data-ih-open="appointments" data-ih-heading="我在本院的预约">我的预约</a>
  </ih-provider>`);
}

describe('data-ih-open (the modal mode)', () => {
  it('opens the element in a modal dialog with the trigger’s attributes, traps focus, and gives it back on Escape', async () => {
    const provider = await page();
    const button = provider.querySelector<HTMLButtonElement>('#open')!;
    button.focus();
    const opened = oneEvent(provider, 'ih-modal-open');
    button.click();
    expect((await opened).detail).to.deep.equal({ element: 'booking' });
    const modal = await modalIn(provider);
    await modal.updateComplete;
    expect(dialogOf(modal).open, 'dialog open').to.equal(true);
    expect(dialogOf(modal).matches(':modal'), 'modal (page inert)').to.equal(true);
    expect(modal.shadowRoot!.querySelector('[part~="heading"]')!.textContent).to.equal('预约挂号');
    expect(deepActive()?.getAttribute('part'), 'focus on the dialog title').to.equal('heading');
    const booking = modal.querySelector('ih-booking')!;
    expect(booking.getAttribute('department')).to.equal('dep_cardio');
    // A preset department starts at the doctor step.
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="heading"]')?.textContent?.trim() === '选择医生', 'doctor step');

    const closed = oneEvent(provider, 'ih-modal-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(dialogOf(modal).open, 'closed by Escape').to.equal(false);
    expect(document.activeElement, 'focus back on the trigger').to.equal(button);

    button.click();
    await waitFor(() => dialogOf(modal).open, 'reopened');
    expect(provider.querySelectorAll('ih-modal'), 'the same modal is reused').to.have.length(1);
    expect(modal.querySelector('ih-booking'), 'the booking as it was left').to.equal(booking);
    modal.shadowRoot!.querySelector<HTMLButtonElement>('[part~="close-button"]')!.click();
    await waitFor(() => !dialogOf(modal).open, 'closed by the button');

    // Another trigger of the same element: its attributes replace the first one's.
    provider.querySelector<HTMLButtonElement>('#plain')!.click();
    await waitFor(() => dialogOf(modal).open, 'opened by the plain trigger');
    expect(booking.hasAttribute('department'), 'the department of the first trigger is gone').to.equal(false);
    await waitFor(() => booking.shadowRoot!.querySelector('[part~="heading"]')?.textContent?.trim() === '选择科室', 'department step');
    modal.close();
  });

  it('takes a link with data-ih-open instead of following it, titled by data-ih-heading', async () => {
    const provider = await page();
    const link = provider.querySelector<HTMLAnchorElement>('#link')!;
    link.click();
    const modal = await waitFor(() => [...provider.querySelectorAll<IhModal>('ih-modal')].find((m) => m.element === 'appointments'), 'appointments modal');
    await modal.updateComplete;
    expect(location.hash, 'the link was not followed').to.not.equal('#booking-page');
    expect(modal.shadowRoot!.querySelector('[part~="heading"]')!.textContent).to.equal('我在本院的预约');
    expect(modal.querySelector('ih-appointments')).to.exist;
    modal.close();
  });

  it('has no axe violations with the dialog open, in the light and the dark preset', async () => {
    for (const theme of ['light', 'dark']) {
      const provider = await page(theme);
      provider.querySelector<HTMLButtonElement>('#open')!.click();
      const modal = await modalIn(provider);
      await waitFor(() => modal.querySelector('ih-booking')!.shadowRoot?.querySelector('[part~="option"]'), 'doctors');
      await expect(modal).to.be.accessible();
      modal.close();
    }
  });

  it('says why when there is no provider, and does not throw', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      const lonely = await fixture<HTMLDivElement>(html`<div><button data-ih-open="booking">book</button></div>`);
      lonely.querySelector('button')!.click();
      expect(openInModal('Not An Element')).to.equal(undefined);
    } finally {
      console.error = original;
    }
    expect(errors[0]).to.contain('<ih-provider');
    expect(errors[1]).to.contain('not an element name');
  });
});

describe('<ih-launcher> (the floating-button mode)', () => {
  it('floats in a corner, is labelled by the element’s title, and opens it in a modal', async () => {
    const provider = await fixture<IhProvider>(html`<ih-provider api="/api" locale="en" token=${TOKEN}><ih-launcher open="booking" data-ih-doctor="doc_wang"></ih-launcher></ih-provider>`);
    const launcher = provider.querySelector('ih-launcher')!;
    await launcher.updateComplete;
    const button = launcher.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!;
    expect(button.textContent!.trim()).to.equal('Book an appointment');
    const box = launcher.getBoundingClientRect();
    expect(getComputedStyle(launcher).position).to.equal('fixed');
    expect(Math.round(innerWidth - box.right), 'right offset 1.5em').to.equal(24);
    await expect(launcher).to.be.accessible();
    button.focus();
    await sendKeys({ press: 'Enter' });
    const modal = await modalIn(provider);
    await waitFor(() => dialogOf(modal).open, 'open');
    expect(modal.querySelector('ih-booking')!.getAttribute('doctor')).to.equal('doc_wang');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !dialogOf(modal).open, 'closed');
    expect(deepActive(), 'focus back on the floating button').to.equal(button);
  });

  it('keeps a host font size: html { font-size: 10px } does not shrink it', async () => {
    document.documentElement.style.fontSize = '10px';
    try {
      const provider = await fixture<IhProvider>(html`<ih-provider api="/api" token=${TOKEN}><ih-launcher open="reports"></ih-launcher></ih-provider>`);
      const launcher = provider.querySelector('ih-launcher')!;
      await launcher.updateComplete;
      const button = launcher.shadowRoot!.querySelector<HTMLElement>('[part~="button"]')!;
      expect(getComputedStyle(button).fontSize).to.equal('16px');
      expect(button.textContent!.trim()).to.equal('检查检验报告');
    } finally {
      document.documentElement.style.fontSize = '';
    }
  });
});
