// Where the demo's identity provider keeps its state: in the demo's own database (embedded
// PGlite, or the PostgreSQL server of DATABASE_URL), so that `npm start` survives a restart —
// its signing keys (tokens issued before still verify), its sessions and refresh tokens (a page
// signed in before stays signed in) — and several demo servers on one database agree.
//
// storeAdapter(db) is an oidc-provider storage adapter (the interface of its example/my_adapter.js);
// demoKeys(db) the provider's signing keys and cookie keys, made on first use.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

const TABLE = `
CREATE TABLE IF NOT EXISTS demo_idp_store (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS demo_idp_store_grant ON demo_idp_store (grant_id);
CREATE INDEX IF NOT EXISTS demo_idp_store_uid ON demo_idp_store (model, uid);
`;

/** Creates the table (if needed) and drops what has expired. */
export async function prepareStore(db) {
  for (const statement of TABLE.split(';').map((s) => s.trim()).filter(Boolean)) await db.query(statement);
  await db.query('DELETE FROM demo_idp_store WHERE expires_at < now()');
}

/** An oidc-provider adapter class over `db` (one instance per model: Session, AccessToken, Grant …). */
export function storeAdapter(db) {
  const live = '(expires_at IS NULL OR expires_at > now())';
  return class DemoStore {
    constructor(model) {
      this.model = model;
    }

    async upsert(id, payload, expiresIn) {
      await db.query(
        `INSERT INTO demo_idp_store (model, id, payload, grant_id, user_code, uid, expires_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
         ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
           uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, typeof expiresIn === 'number' ? Math.ceil(expiresIn) : null],
      );
    }

    async find(id) {
      const { rows } = await db.query(`SELECT payload FROM demo_idp_store WHERE model = $1 AND id = $2 AND ${live}`, [this.model, id]);
      return rows[0]?.payload;
    }

    async findByUid(uid) {
      const { rows } = await db.query(`SELECT payload FROM demo_idp_store WHERE model = $1 AND uid = $2 AND ${live}`, [this.model, uid]);
      return rows[0]?.payload;
    }

    async findByUserCode(userCode) {
      const { rows } = await db.query(`SELECT payload FROM demo_idp_store WHERE model = $1 AND user_code = $2 AND ${live}`, [this.model, userCode]);
      return rows[0]?.payload;
    }

    async consume(id) {
      await db.query(
        `UPDATE demo_idp_store SET payload = payload || jsonb_build_object('consumed', extract(epoch FROM now())::bigint) WHERE model = $1 AND id = $2`,
        [this.model, id],
      );
    }

    async destroy(id) {
      await db.query('DELETE FROM demo_idp_store WHERE model = $1 AND id = $2', [this.model, id]);
    }

    async revokeByGrantId(grantId) {
      await db.query('DELETE FROM demo_idp_store WHERE grant_id = $1', [grantId]);
    }
  };
}

/**
 * The provider's signing keys (RS256 for ID tokens, ES256 for the API's access tokens) and the
 * keys of its signed cookies, made once and kept in the store.
 */
export async function demoKeys(db) {
  const read = async () => (await db.query("SELECT payload FROM demo_idp_store WHERE model = 'DemoKeys' AND id = 'keys'")).rows[0]?.payload;
  const kept = await read();
  if (kept) return kept;
  const jwk = async (alg, options) => ({ ...(await exportJWK((await generateKeyPair(alg, { extractable: true, ...options })).privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}` });
  const made = { jwks: { keys: [await jwk('RS256', { modulusLength: 2048 }), await jwk('ES256')] }, cookieKeys: [randomBytes(32).toString('base64url')] };
  // Another demo server on the same database may have made them first: theirs win.
  await db.query("INSERT INTO demo_idp_store (model, id, payload) VALUES ('DemoKeys', 'keys', $1::jsonb) ON CONFLICT DO NOTHING", [JSON.stringify(made)]);
  return read();
}
