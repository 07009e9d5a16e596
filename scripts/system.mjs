// What ihkit's tests need from the machine, and installing it from Debian's packages when
// it is missing and we are root. One list, used by `npm test` and `npm run bench`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Debian package → how we find it once installed. */
const NEEDS = {
  chromium: () => chromiumPath(),
  postgresql: () => postgresBin('initdb'),
  coturn: () => (existsSync('/usr/bin/turnserver') && existsSync('/usr/bin/turnutils_uclient') ? '/usr/bin/turnserver' : undefined),
  // a real PACS for the DICOMweb adapter's tests (scripts/orthanc.mjs), and dcmtk's img2dcm to
  // make the DICOM files it stores (scripts/dicom-samples.mjs)
  orthanc: () => (existsSync('/usr/sbin/Orthanc') ? '/usr/sbin/Orthanc' : undefined),
  'orthanc-dicomweb': () => (existsSync('/usr/share/orthanc/plugins/libOrthancDicomWeb.so') ? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so' : undefined),
  // the SFU for calls larger than the mesh and for one-to-many teaching (scripts/janus.mjs)
  janus: () => (existsSync('/usr/bin/janus') && existsSync('/usr/lib/x86_64-linux-gnu/janus/plugins/libjanus_videoroom.so') ? '/usr/bin/janus' : undefined),
  dcmtk: () => (existsSync('/usr/bin/img2dcm') ? '/usr/bin/img2dcm' : undefined),
  // Chromium draws every Chinese character as a box without a CJK font: the screenshots and
  // layout checks of the visual tests (and what a person sees in them) would mean nothing.
  'fonts-noto-cjk': () => (existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') ? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' : undefined),
  // makes the gallery's committed screenshots small (`npm run gallery`, scripts/gallery.mjs)
  pngquant: () => (existsSync('/usr/bin/pngquant') ? '/usr/bin/pngquant' : undefined),
};

export function chromiumPath() {
  const p = process.env.IHKIT_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

/** A PostgreSQL server binary (initdb, pg_ctl, postgres) from the newest installed version. */
export function postgresBin(name) {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/${name}`)).sort((a, b) => Number(b) - Number(a));
  return versions.length ? `${root}/${versions[0]}/bin/${name}` : undefined;
}

/** What `npm test` needs: everything but what only `npm run gallery` uses. */
const FOR_TESTS = Object.keys(NEEDS).filter((p) => p !== 'pngquant');

export function ensureSystem(packages = FOR_TESTS) {
  const missing = packages.filter((p) => !NEEDS[p]());
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`ihkit's tests need these Debian packages, which are missing: ${missing.join(', ')}.\n` +
      `Install them (as root: apt-get update && apt-get install -y ${missing.join(' ')}) and run again.` +
      (missing.includes('chromium') ? '\nAnother Chromium can be named with IHKIT_CHROMIUM=/path/to/chromium.' : ''));
    process.exit(2);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  const still = missing.filter((p) => !NEEDS[p]());
  if (still.length) {
    console.error(`Installed, but still not found: ${still.join(', ')}`);
    process.exit(2);
  }
}
