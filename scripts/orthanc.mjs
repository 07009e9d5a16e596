// A real Orthanc PACS on loopback with its DICOMweb plugin, as a hospital would run one behind
// the gateway: QIDO-RS to search, WADO-RS rendered frames for pictures. For tests and
// benchmarks; Orthanc and the plugin come from Debian's `orthanc` and `orthanc-dicomweb`
// (scripts/system.mjs installs them). The DICOM (DIMSE) server is off, the HTTP server listens on
// loopback only, and storage and index live in a temp directory removed on stop().
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, runServer } from './local-server.mjs';

const HOST = '127.0.0.1';
export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** Whether Orthanc's REST API answers on `url`. */
async function answers(url) {
  try {
    const res = await fetch(`${url}/system`, { signal: AbortSignal.timeout(500) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Orthanc and resolves once its REST API answers. Returns
 * { url, dicomWebUrl, port, upload(fileOrBytes), output(), stop() }: `upload` stores one DICOM
 * file (a path or its bytes) through `POST /instances` and resolves to Orthanc's answer
 * ({ ID, Status, ParentStudy, … }); `stop()` ends the server, removes its directory, and
 * resolves once it has exited. With `logFile`, everything it logs is also appended there.
 * Orthanc runs as root happily, so no user switch is needed.
 * @param {{ httpPort?: number, timeoutMs?: number, logFile?: string }} [options]
 */
export async function startOrthanc({ httpPort = 0, timeoutMs = 15_000, logFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-orthanc-'));
  const port = httpPort || (await freeTcpPort(HOST));
  const url = `http://${HOST}:${port}`;
  const config = join(dir, 'orthanc.json');
  writeFileSync(config, JSON.stringify({
    Name: 'ihkit-test',
    HttpPort: port,
    RemoteAccessAllowed: false, // loopback only
    AuthenticationEnabled: false,
    DicomServerEnabled: false,
    DicomPort: 0,
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    SaveJobs: false,
    DefaultEncoding: 'Utf8', // names and descriptions in Chinese survive QIDO answers
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
  }, null, 2));

  const { output, stop } = await runServer({
    name: 'Orthanc', command: ORTHANC_BIN, args: [config], dir, ready: () => answers(url), timeoutMs,
    installHint: 'apt-get install orthanc orthanc-dicomweb', logFile,
  });

  /** Stores one DICOM file through Orthanc's REST API. */
  const upload = async (fileOrBytes) => {
    const body = typeof fileOrBytes === 'string' ? readFileSync(fileOrBytes) : fileOrBytes;
    const res = await fetch(`${url}/instances`, { method: 'POST', headers: { 'content-type': 'application/dicom' }, body });
    const text = await res.text();
    if (!res.ok) throw new Error(`Orthanc refused the instance: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };

  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    port,
    upload,
    /** What Orthanc has logged lately. */
    output,
    stop,
  };
}
