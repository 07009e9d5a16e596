import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { RealtimeConnection } from '@ihkit/core';
import type { CallEvent, CallState } from '@ihkit/video';
import type { IhConfig, Realtime } from '../internal/context.js';
import type { LocalizeController, MsgParams, StringKey } from '../internal/localize.js';

/** The live connection with the video part of RealtimeConnection. */
export type VideoRealtime = Realtime & Partial<Pick<RealtimeConnection, 'joinVideo'>>;

/**
 * `<ih-video-consult>` as its parts see it: its attributes, the signed-in client and live
 * connection, its strings, the call's state machine, the one place where an action's failure
 * or a notice shows, and where focus goes after the next update. Several of these are
 * protected (not the element's public API): the element hands itself to its parts, and to no
 * one else, as this interface.
 */
export interface VideoHost extends ReactiveControllerHost, HTMLElement {
  readonly l10n: LocalizeController;
  readonly client: IhConfig['client'] | undefined;
  readonly callRole: 'patient' | 'doctor' | 'specialist';
  readonly consultId?: string;
  readonly activeConsultId: string | undefined;
  readonly headingLevel: number;
  readonly relayOnly: boolean;
  readonly call: CallState;
  readonly busy: boolean;
  /** Why the last action failed, shown under the view. */
  actionError: unknown;
  /** Shown in place of the action error. */
  notice?: StringKey;
  msg(key: StringKey, params?: MsgParams): string;
  runAction(action: () => Promise<void>): Promise<void>;
  renderLoading(): TemplateResult;
  videoRealtime(): VideoRealtime | undefined;
  /** Moves the call's state machine on; false when the event does not apply in this state. */
  go(event: CallEvent): boolean;
  /** Focuses what `selector` matches after the next update. */
  focusNext(selector: string): void;
}

/**
 * One part of `<ih-video-consult>`: state whose changes re-render the element, and what the
 * part does with it. `Self` is the part's own class (`class DeviceCheck extends VideoPart<DeviceCheck>`).
 */
export abstract class VideoPart<Self> implements ReactiveController {
  constructor(protected readonly host: VideoHost) {
    host.addController(this);
  }

  hostUpdate?(): void;
  hostDisconnected?(): void;

  /** Runs an action beside the element's busy one; its failure shows as the action error. */
  protected async attempt(action: () => Promise<void>): Promise<void> {
    this.host.actionError = undefined;
    try {
      await action();
    } catch (e) {
      this.host.actionError = e;
    }
  }

  /** Changes some of the part's state; the element renders again when anything changed. */
  protected set(patch: Partial<Self>): void {
    for (const [key, value] of Object.entries(patch) as [keyof Self, unknown][]) {
      if (Object.is((this as unknown as Self)[key], value)) continue;
      Object.assign(this, patch);
      this.host.requestUpdate();
      return;
    }
  }
}

/** Renders one of the call's buttons (`pressed`: a toggle's state). */
export type ControlButton = (part: string, label: StringKey, onClick: () => unknown, pressed?: boolean) => TemplateResult;
