import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { IhClient, PractitionerKind, PractitionerStatus } from '@ihkit/core';
import { ApiController } from './api-controller.js';
import { iconAlert } from './icons.js';
import type { LocalizeController } from './localize.js';

/**
 * Whether the signed-in doctor or pharmacist may practise online today (getMyPractitioner), for
 * the desk, the prescription editor and the review: what stops them is said plainly, with its
 * reason and dates, instead of a refused call's generic error. A failed load shows nothing: the
 * calls themselves still answer PRACTITIONER_NOT_PERMITTED.
 */
export class PractitionerStanding {
  #wanted: boolean;
  readonly #load: ApiController<PractitionerStatus, readonly [IhClient]>;

  /** `lazy`: read only once `check()` is called (after a refusal), not when the host connects. */
  constructor(host: ReactiveControllerHost, client: () => IhClient | undefined, lazy = false) {
    this.#wanted = !lazy;
    this.#load = new ApiController(host, {
      args: () => {
        const c = client();
        return c && this.#wanted ? ([c] as const) : undefined;
      },
      task: ([c], signal) => c.getMyPractitioner({ signal }),
    });
  }

  /** The standing when it is known to forbid online practice; undefined while permitted or unknown. */
  get refused(): PractitionerStatus | undefined {
    const s = this.#load.value;
    return s && s.standing !== 'permitted' ? s : undefined;
  }

  /** Reads the standing (again): after a call was refused with PRACTITIONER_NOT_PERMITTED. */
  check(): Promise<void> {
    this.#wanted = true;
    return this.#load.run();
  }
}

/**
 * The notice that says why the practitioner may not practise online now, and what that stops
 * (part `practitioner-notice`); nothing when they may.
 */
export function renderPractitionerNotice(status: PractitionerStatus | undefined, kind: PractitionerKind, l10n: LocalizeController): TemplateResult | typeof nothing {
  if (!status || status.standing === 'permitted') return nothing;
  const permission = status.practitioner?.permission;
  const day = (ymd: string) => l10n.calendarDate(ymd, { year: 'numeric', month: 'long', day: 'numeric' });
  const what = l10n.msg(`practitioner.permission.${kind}`);
  let reason: string;
  switch (status.standing) {
    case 'not_yet_valid':
      reason = permission?.from ? l10n.msg('practitioner.reason.not_yet_valid', { permission: what, date: day(permission.from) }) : l10n.msg(`practitioner.reason.no_permission.${kind}`);
      break;
    case 'expired':
      reason = permission?.until ? l10n.msg('practitioner.reason.expired', { permission: what, date: day(permission.until) }) : l10n.msg(`practitioner.reason.no_permission.${kind}`);
      break;
    case 'no_permission':
      reason = l10n.msg(`practitioner.reason.no_permission.${kind}`);
      break;
    default:
      reason = l10n.msg(`practitioner.reason.${status.standing}`);
  }
  return html`<div part="practitioner-notice" class="alert block" role="status">
    ${iconAlert}
    <div>
      <p class="state-title">${l10n.msg(`practitioner.heading.${kind}`)}</p>
      <p>${reason}</p>
      <p>${l10n.msg(`practitioner.consequence.${kind}`)}</p>
    </div>
  </div>`;
}
