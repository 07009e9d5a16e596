import type * as zh from './ecg-zh-CN.js';

/** <ih-ecg-viewer> in English: a chunk of its own, fetched when the viewer shows English. */
export const ecg: Record<keyof typeof zh.ecg, string> = {
  'ecg.label': '12-lead ECG',
  'ecg.description': 'Leads {leads}, {column} s each, in 3 rows of 4; below them a {seconds} s rhythm strip of lead {rhythm}. {speed} mm/s, {gain} mm/mV, a 1 mV calibration pulse before each row.',
  'ecg.scale': '{speed} mm/s · {gain} mm/mV · {frequency} Hz',
  'ecg.tools': 'ECG tools',
  'ecg.zoomIn': 'Zoom in',
  'ecg.zoomOut': 'Zoom out',
  'ecg.zoomReset': 'Actual size',
  'ecg.zoom': 'Zoom: {percent}%',
  'ecg.calipers': 'Calipers',
  'ecg.caliper.a': 'Caliper A',
  'ecg.caliper.b': 'Caliper B',
  'ecg.caliper.value': 'lead {lead}, {seconds} s, {mv} mV',
  'ecg.interval': 'Interval: {ms} ms',
  'ecg.rate': '({rate}/min)',
  'ecg.amplitude': 'Amplitude difference: {mv} mV',
  'ecg.calipers.hint': 'Drag across the tracing to measure, or drag a handle; on a focused handle, ←/→ move one sample (with Shift, ten) and ↑/↓ change the row.',
  'ecg.empty': 'No ECG to show',
  'ecg.emptyHint': 'The ECG appears here once it is uploaded.',
  'ecg.retry': 'Reload',
};
