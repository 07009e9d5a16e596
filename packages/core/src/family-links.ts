/**
 * Acting for a family member: the rules both sides need. A link is `pending` until the person
 * proves it; the one-time code they receive has CONSENT_CODE_DIGITS digits, typed as the phone
 * shows it (full-width digits and spaces are read as what they are); a phone number is shown
 * with all but its last four digits hidden. `familyOf(client)` gives the calls.
 */
import type { CallOptions, IhClient } from './client.js';
import type { FamilyLink, InPersonFamilyLink, Patient, RequestBody } from './types.js';

/** How many digits a one-time code has. */
export const CONSENT_CODE_DIGITS = 6;

/** The code as typed, read as digits: full-width digits become ASCII, spaces and dashes go; anything else is kept (and will not match). */
export function normalizeConsentCode(input: string): string {
  return input.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30)).replace(/[\s\u3000-]/g, '');
}

/** Whether the typed text can be a code (CONSENT_CODE_DIGITS digits), before asking the gateway. */
export function isConsentCodeShape(input: string): boolean {
  return new RegExp(`^\\d{${CONSENT_CODE_DIGITS}}$`).test(normalizeConsentCode(input));
}

/** A phone number with all but its last four digits hidden: *******0011. Safe for screens, never for logs. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '*'.repeat(digits.length) : '*'.repeat(digits.length - 4) + digits.slice(-4);
}

export class FamilyClient {
  constructor(readonly client: IhClient) {}

  /** Who may act for the signed-in patient (and who asked to). */
  listLinks(o?: CallOptions): Promise<FamilyLink[]> {
    return this.client.call('get', '/family-links', o).then((r) => r.items);
  }
  /** Sends a new code to the family member's phone on file. */
  sendCode(linkId: string, o?: CallOptions): Promise<Patient> {
    return this.client.call('post', '/family-links/{linkId}/code', linkId, o);
  }
  /** Proves a pending link with the code the family member received. */
  confirm(linkId: string, body: RequestBody<'confirmFamilyLink'>, o?: CallOptions): Promise<Patient> {
    return this.client.call('post', '/family-links/{linkId}/confirm', linkId, { ...o, body: { code: normalizeConsentCode(body.code) } });
  }
  /** Agrees, as the patient the link is to, that its holder may act for them. */
  approve(linkId: string, o?: CallOptions): Promise<FamilyLink> {
    return this.client.call('post', '/family-links/{linkId}/approve', linkId, { ...o, idempotent: true });
  }
  /** Ends a link (its holder, or the patient it is to). */
  end(linkId: string, o?: CallOptions): Promise<FamilyLink> {
    return this.client.call('post', '/family-links/{linkId}/end', linkId, { ...o, idempotent: true });
  }
  /** For hospital staff: children's links waiting to be confirmed in person. */
  listInPerson(o?: CallOptions): Promise<InPersonFamilyLink[]> {
    return this.client.call('get', '/family-links/in-person', o).then((r) => r.items);
  }
  /** For hospital staff: confirms a child's link, having seen the guardian and `document`. */
  confirmInPerson(linkId: string, body: RequestBody<'confirmFamilyLinkInPerson'>, o?: CallOptions): Promise<FamilyLink> {
    return this.client.call('post', '/family-links/{linkId}/in-person', linkId, { ...o, body, idempotent: true });
  }
}

const familyClients = new WeakMap<IhClient, FamilyClient>();

export function familyOf(client: IhClient): FamilyClient {
  let c = familyClients.get(client);
  if (!c) familyClients.set(client, (c = new FamilyClient(client)));
  return c;
}
