/**
 * The tone a desk plays for a new critical value when the hospital switched it on
 * (`alert-sound`): two short notes made with Web Audio, so there is no file to load and nothing
 * a Content-Security-Policy forbids. A browser that blocks audio until the user interacts leaves
 * it silent; it is never played late, when the page is next clicked.
 */

/** The notes (Hz) and how long each lasts (s). */
const NOTES = [880, 660] as const;
const NOTE_SECONDS = 0.18;
/** A tone that could not start within this time is dropped rather than played late. */
const LATE_MS = 1000;

let context: AudioContext | undefined;

export function playAlertTone(): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  try {
    if (!(context instanceof Context)) context = new Context();
    const ctx = context;
    if (ctx.state === 'running') return schedule(ctx);
    const asked = performance.now();
    ctx.resume().then(
      () => {
        if (ctx.state === 'running' && performance.now() - asked < LATE_MS) schedule(ctx);
      },
      () => undefined,
    );
  } catch {
    // No audio device, or audio not allowed: the banner and the title still show the alert.
  }
}

function schedule(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.02;
  NOTES.forEach((frequency, i) => {
    const at = start + i * NOTE_SECONDS * 1.2;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    // A soft attack and release: no click at either end.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + NOTE_SECONDS + 0.02);
  });
}
