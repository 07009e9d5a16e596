/**
 * Where the gateway (and its CLI) gets what verifying a signature needs: the hospital's CA roots
 * (IHKIT_CA_ROOTS, a PEM file; with the reference CA, its own root) and the CA's current CRLs
 * (the SignatureAdapter's; for the CLI, IHKIT_CA_CRLS or the reference CA's directory).
 */
import { readFile } from 'node:fs/promises';
import { createLocalCa, parseCertificates, type LocalCa, type X509Certificate } from '@ihkit/adapters';
import type { GatewayConfig } from './config.js';
import type { SignatureTrust } from './prescriptions/signing.js';

/** The trusted roots: `given` (PEM), else the file IHKIT_CA_ROOTS names, else the reference CA's root. */
export async function loadSignatureRoots(config: Pick<GatewayConfig, 'caRoots'>, given?: string[], localCa?: LocalCa): Promise<X509Certificate[]> {
  const pem = given ?? (config.caRoots ? [await readFile(config.caRoots, 'utf8')] : localCa ? [localCa.rootPem] : undefined);
  if (!pem) throw new Error('ihkit gateway: IHKIT_CA_ROOTS must name a PEM file of the CA roots that signatures are verified up to (docs/gateway.md)');
  const roots = pem.flatMap(parseCertificates);
  if (!roots.length) throw new Error('ihkit gateway: IHKIT_CA_ROOTS holds no certificate');
  return roots;
}

/** For the CLI, without a running gateway: the reference CA in IHKIT_LOCAL_CA_DIR, or IHKIT_CA_ROOTS with IHKIT_CA_CRLS. */
export async function signatureTrustOf(config: Pick<GatewayConfig, 'caRoots' | 'caCrls' | 'localCaDir'>): Promise<SignatureTrust> {
  const localCa = !config.caRoots && config.localCaDir ? await createLocalCa({ dir: config.localCaDir }) : undefined;
  const signatureRoots = await loadSignatureRoots(config, undefined, localCa);
  if (localCa) return { signer: localCa.adapter, signatureRoots };
  const crls = config.caCrls;
  if (!crls) throw new Error('ihkit gateway: IHKIT_CA_CRLS must name a PEM file of the CA\'s current CRLs to check revocation');
  return { signer: { revocationLists: async () => [await readFile(crls, 'utf8')] }, signatureRoots };
}
