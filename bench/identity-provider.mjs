// The hospital identity provider as the gateway sees it during a bench: its signing key
// published at a JWKS address (ES256; the gateway takes no shared-secret tokens from an
// identity provider), and access tokens signed with it. The sign-in flow itself is not what a
// bench measures — the tests run it through the demo's oidc-provider.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const BENCH_IDP = { issuer: 'https://idp.bench.test', audience: 'ihkit-bench' };

/** Starts the JWKS address; `env` is what the gateway needs, `token()` a patient's access token. */
export async function startBenchIdp() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256', use: 'sig' };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${server.address().port}/jwks`;
  return {
    env: { IHKIT_JWT_ISSUER: BENCH_IDP.issuer, IHKIT_JWT_AUDIENCE: BENCH_IDP.audience, IHKIT_JWKS_URL: jwksUrl },
    /** A real-name patient's access token for the HIS patient `patientId`. */
    token: (subject, patientId) =>
      new SignJWT({ ihkit_role: 'patient', ihkit_patient_id: patientId, acr: 'real-name' })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench-1' })
        .setIssuer(BENCH_IDP.issuer)
        .setAudience(BENCH_IDP.audience)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => new Promise((r) => server.close(r)),
  };
}
