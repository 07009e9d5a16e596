/**
 * Elements a host puts in a consult view's slots (`<ih-video-consult slot="video">`,
 * `<ih-prescription-editor slot="prescribing">`) work on the consult that view has open: the
 * view tells them which one, and `undefined` when none is open.
 */
export function tellSlotted(host: HTMLElement, slots: readonly string[], consultId: string | undefined): void {
  const selector = slots.map((s) => `:scope > [slot="${s}"]`).join(', ');
  for (const el of host.querySelectorAll<HTMLElement & { consultId?: string }>(selector)) {
    if (el.consultId !== consultId) el.consultId = consultId;
  }
}
