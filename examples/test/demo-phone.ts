/** The demo's signing phone (the reference CA's app, /demo/phone/sign/), as a signer uses it. */
import type { Page } from 'playwright-core';
import { shot } from './demo-browser.js';

/** The signer's phone: the request shows (reloading until it does), then 确认签名. */
export async function confirmOnPhone(phone: Page, shotName: string): Promise<void> {
  const confirm = phone.getByRole('button', { name: /确认签名/ });
  for (let i = 0; i < 50 && !(await confirm.count()); i++) {
    await phone.waitForTimeout(200);
    await phone.reload();
  }
  await shot(phone, shotName);
  await confirm.first().click();
  await phone.getByText('没有待签名的请求。').waitFor();
}
