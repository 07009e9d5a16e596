// 12-lead ECGs: reading one (10 s at 500 Hz, 12 × 5 000 16-bit samples) from its DICOM file with
// the DICOMweb adapter's reader (dicom-parser), alone and retrieved from a real Orthanc by
// WADO-RS; and <ih-ecg-viewer> drawing one in Debian's Chromium, from the script-tag bundle
// (packages/widgets/dist/ihkit.js, the viewer's chunk loaded on first use): from handing the
// element a waveform to the frame after it is laid out, every lead, the grid and the rhythm
// strip in SVG. The four synthetic rhythms of scripts/ecg-synth.mjs, in turn.
import { createServer } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../scripts/system.mjs';
import { startOrthanc } from '../scripts/orthanc.mjs';
import { makeEcg } from '../scripts/ecg-samples.mjs';
import { RHYTHMS } from '../scripts/ecg-synth.mjs';
// The adapter's reader, as built by `npm run build`.
import { readEcgWaveform } from '../packages/adapters/dist/dicomweb/ecg-waveform.js';
import { createDicomWebPacs } from '../packages/adapters/dist/index.js';
import { percentile } from './figures.mjs';

const N = Number(process.env.BENCH_ECGS ?? 40);
const WIDGETS = fileURLToPath(new URL('../packages/widgets/dist/', import.meta.url));
const SYNTH = fileURLToPath(new URL('../scripts/ecg-synth.mjs', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const summary = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return `median ${percentile(s, 50).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms (n = ${s.length})`;
};

/** Serves the widgets' bundle and the ECG model to a page that has one <ih-ecg-viewer>. */
async function servePage() {
  const html = '<!doctype html><meta charset="utf-8"><title>ECG bench</title><body style="margin:0">' +
    '<ih-ecg-viewer></ih-ecg-viewer><script type="module">import "/dist/ihkit.js"; import * as ecg from "/ecg-synth.mjs"; window.ecgSynth = ecg;</script>';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    if (path === '/ecg-synth.mjs') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(SYNTH));
    const file = normalize(join(WIDGETS, path.replace(/^\/dist\//, '')));
    if (!path.startsWith('/dist/') || !file.startsWith(WIDGETS) || extname(file) !== '.js') return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** In the page: `n` renders, each of a new waveform (so nothing is reused), to the frame after layout. */
async function inPage({ n, rhythms }) {
  await customElements.whenDefined('ih-ecg-viewer');
  const el = document.querySelector('ih-ecg-viewer');
  const { synthesizeEcg, LEADS } = window.ecgSynth;
  const waveforms = rhythms.map((rhythm) => {
    const ecg = synthesizeEcg(rhythm);
    const count = ecg.leads.I.length;
    return { samplingFrequency: 500, sampleCount: count, durationMs: count * 2, leads: LEADS.map((name) => ({ name, samples: Array.from(ecg.leads[name], (c) => c * ecg.sensitivity) })) };
  });
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const times = [];
  for (let i = 0; i < n; i++) {
    const w = waveforms[i % waveforms.length];
    const fresh = { ...w, leads: w.leads.map((l) => ({ ...l })) };
    await frame();
    const t0 = performance.now();
    el.waveform = fresh;
    await el.updateComplete;
    el.shadowRoot.querySelector('svg').getBoundingClientRect(); // layout
    await frame();
    times.push(performance.now() - t0);
  }
  const paths = el.shadowRoot.querySelectorAll('path.trace');
  return { times, traces: paths.length, points: [...paths].reduce((s, p) => s + p.getAttribute('d').split('L').length, 0) };
}

export async function ecgBench() {
  const made = [];
  const orthanc = await startOrthanc();
  try {
    for (const rhythm of RHYTHMS) made.push(await makeEcg({ rhythm, patientId: `pat_bench_${rhythm}` }));
    const files = made.map((m) => readFileSync(m.file));
    const parse = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      readEcgWaveform(files[i % files.length], 'Asia/Shanghai');
      parse.push(performance.now() - t0);
    }
    console.log(`  parse one ECG file (${(files[0].length / 1024).toFixed(0)} KB, 12 leads × 5 000 samples): ${summary(parse)}`);

    for (const m of made) await orthanc.upload(m.file);
    const pacs = createDicomWebPacs({ baseUrl: orthanc.dicomWebUrl });
    const retrieve = [];
    for (let i = 0; i < N; i++) {
      const m = made[i % made.length];
      const t0 = performance.now();
      await pacs.ecgWaveform(m.study, m.series, m.instance);
      retrieve.push(performance.now() - t0);
    }
    console.log(`  retrieve from Orthanc (WADO-RS, loopback) and parse: ${summary(retrieve)}`);
  } finally {
    await orthanc.stop();
    for (const m of made) rmSync(m.dir, { recursive: true, force: true });
  }

  const site = await servePage();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.url);
    const r = await page.evaluate(inPage, { n: N, rhythms: RHYTHMS });
    console.log(`  <ih-ecg-viewer> render, 10 s 12-lead ECG at 500 Hz (${r.traces} tracings, ${r.points} points), waveform set → next frame: ${summary(r.times)}`);
  } finally {
    await browser.close();
    await site.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await ecgBench();
