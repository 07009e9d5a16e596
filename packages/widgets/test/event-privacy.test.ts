/**
 * The check every widget test runs on the `ih-` events it sees (event-privacy.ts, through
 * mock-api.ts): it records events from inside shadow roots, passes ids, and catches a planted
 * leak of each kind.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emit } from '../src/internal/events.js';
import { EVENT_DETAIL_FIELDS } from '../src/internal/event-fields.js';
import { eventProblems, forbiddenText, ihEvents, type RecordedEvent } from './event-privacy.js';
import { seed } from './mock-api.js';
import '../src/provider/provider.js';
import '../src/modal/modal.js';
import type { IhModal } from '../src/modal/modal.component.js';

const event = (type: string, detail: unknown, flags: Partial<RecordedEvent> = {}): RecordedEvent => ({ type, detail, bubbles: true, composed: true, ...flags });

describe('ih- events carry ids only', () => {
  it('lists the fields it checks: ids, values of fixed sets (a decision, a link’s status, a record’s kind, a consultation’s state), element names', () => {
    const kinds = Object.values(EVENT_DETAIL_FIELDS).flatMap((fields) => Object.entries(fields));
    expect(kinds.length).to.be.greaterThan(15);
    for (const [field, kind] of kinds) expect(kind === 'id' ? /Id$/.test(field) : ['decision', 'status', 'outcome', 'kind', 'state', 'element'].includes(field), `${field}: ${kind}`).to.equal(true);
  });

  it('takes what it must not find from the mock data: names, ID numbers, clinical text', () => {
    const data = seed();
    const text = forbiddenText();
    for (const s of [data.patients[0]!.name, data.patients[0]!.idNumberMasked, data.conditions.pat_self![0]!.name, data.doctors[0]!.name, data.drugs[0]!.name, data.pickupPoints[1]!.address]) expect(text).to.include(s);
    for (const s of ['pat_self', 'con_1', 'approved', 'CNY']) expect(text).to.not.include(s);
  });

  it('passes events of ids and codes, and catches each planted leak', () => {
    expect(eventProblems(event('ih-booked', { appointmentId: 'apt_01HZX9k-Q' }))).to.deep.equal([]);
    expect(eventProblems(event('ih-prescription-reviewed', { prescriptionId: 'rx_1', decision: 'returned' }))).to.deep.equal([]);
    expect(eventProblems(event('ih-modal-open', { element: 'video-consult' }))).to.deep.equal([]);
    expect(eventProblems(event('ih-modal-close', { element: undefined }))).to.deep.equal([]);
    const leaks: RecordedEvent[] = [
      event('ih-booked', { appointmentId: 'apt_1', patientName: 'x' }), // a field not declared
      event('ih-booked', { appointmentId: '张伟' }), // a name for an id
      event('ih-book-offline', { patientId: '110101199003071234' }), // an ID number for an id
      event('ih-consult-created', { consultId: 'con_13800000001 ' }), // a phone in an id
      event('ih-prescription-reviewed', { prescriptionId: 'rx_1', decision: '剂量过大' }), // free text for a code
      event('ih-modal-open', { element: '原发性高血压' }),
      event('ih-consult-paid', { consultId: 'con_1', note: '血压控制得不太好' }),
      event('ih-booked', { appointmentId: 'apt_1' }, { composed: false }),
      event('ih-patient-picked', { patientId: 'pat_self' }), // not in IhEventMap
    ];
    for (const e of leaks) expect(eventProblems(e), JSON.stringify(e)).to.not.be.empty;
    // Data of the mock gateway is named even where the value's shape would pass.
    expect(eventProblems(event('ih-modal-open', { element: 'booking' })).join()).to.equal('');
    expect(eventProblems(event('ih-consult-paid', { consultId: 'con_1', note: seed().patients[0]!.name })).join()).to.contain('data of the gateway');
  });

  it('records the events elements dispatch from inside shadow roots', async () => {
    const modal = await fixture<IhModal>(html`<ih-modal element="booking"><p>x</p></ih-modal>`);
    ihEvents.length = 0;
    modal.show();
    await modal.updateComplete;
    modal.close();
    await modal.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(ihEvents.map((e) => [e.type, e.detail])).to.deep.equal([['ih-modal-open', { element: 'booking' }], ['ih-modal-close', { element: 'booking' }]]);
    const inner = modal.shadowRoot!.querySelector('dialog')!;
    emit(inner, 'ih-booked', { appointmentId: 'apt_1' });
    expect(ihEvents.at(-1)).to.deep.equal({ type: 'ih-booked', detail: { appointmentId: 'apt_1' }, bubbles: true, composed: true });
    ihEvents.length = 0; // nothing left for the after-each check
  });
});
