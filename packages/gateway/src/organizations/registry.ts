/**
 * The organizations one gateway serves (docs/network.md): a regional platform and its member
 * hospitals, or one hospital alone (a network of one). The gateway's own top-level adapters are
 * the home organization's; each member has its own HIS, and may have its own LIS, PACS and
 * payment providers, all guarded like the home ones (adapter-guard.ts). Written to the
 * `organizations` table at start, so that every row can name its organization.
 */
import type { Db, HisAdapter, LisAdapter, PacsAdapter, PaymentAdapter, Queryable } from '@ihkit/adapters';
import { guardHis, guardLis, guardPacs, guardPayments, type GuardOptions } from '../adapter-guard.js';
import { PaymentProviders } from '../payments/providers.js';
import { HttpProblem } from '../problems.js';

export type OrganizationKind = 'regional-centre' | 'hospital' | 'county' | 'community';
export const ORGANIZATION_KINDS: readonly OrganizationKind[] = ['regional-centre', 'hospital', 'county', 'community'];
/** The home organization's id unless configured (IHKIT_ORGANIZATION_ID). */
export const HOME_ORGANIZATION = 'home';
const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface OrganizationInfo {
  /** Lower-case letters, digits, - and _ (it is a partition key): `county-a`. */
  id: string;
  name: string;
  kind: OrganizationKind;
  /** The organization above it (a county hospital's regional centre). */
  parentId?: string;
}

/** A member organization as createGateway is given it: who it is and its own systems. */
export interface OrganizationOptions extends OrganizationInfo {
  /** Its HIS, or a function making it on the gateway's database. */
  his: HisAdapter | ((db: Db) => HisAdapter | Promise<HisAdapter>);
  lis?: LisAdapter;
  pacs?: PacsAdapter;
  payments?: PaymentAdapter | PaymentAdapter[];
}

/** A served organization and its systems, guarded. */
export interface Organization extends OrganizationInfo {
  home: boolean;
  his: HisAdapter;
  lis?: LisAdapter;
  pacs?: PacsAdapter;
  payments: PaymentProviders;
}

export type OnAdapterFailure = (kind: string, organizationId: string) => GuardOptions['onFailure'];

export class Organizations {
  readonly #byId = new Map<string, Organization>();
  readonly home: Organization;

  constructor(home: Organization, members: readonly Organization[]) {
    this.home = home;
    for (const o of [home, ...members]) {
      if (!ID.test(o.id)) throw new Error(`ihkit: organization id "${o.id}" must be lower-case letters, digits, - and _ (at most 63)`);
      if (this.#byId.has(o.id)) throw new Error(`ihkit: two organizations have the id "${o.id}"`);
      this.#byId.set(o.id, o);
    }
    for (const o of this.#byId.values()) {
      if (o.parentId !== undefined && !this.#byId.has(o.parentId)) throw new Error(`ihkit: organization "${o.id}" names an unknown parent "${o.parentId}"`);
    }
  }

  /** The organization, or undefined for an id this gateway does not serve. */
  get(id: string): Organization | undefined {
    return this.#byId.get(id);
  }

  list(): Organization[] {
    return [...this.#byId.values()];
  }
}

/** A member organization with its adapters guarded under the gateway's bounds. */
export async function guardOrganization(db: Db, o: OrganizationOptions, bounds: GuardOptions, onFailure: OnAdapterFailure): Promise<Organization> {
  const guard = (kind: string) => ({ ...bounds, onFailure: onFailure(kind, o.id) });
  return {
    id: o.id, name: o.name, kind: o.kind, ...(o.parentId !== undefined ? { parentId: o.parentId } : {}), home: false,
    his: guardHis(typeof o.his === 'function' ? await o.his(db) : o.his, guard('his')),
    ...(o.lis ? { lis: guardLis(o.lis, guard('lis')) } : {}),
    ...(o.pacs ? { pacs: guardPacs(o.pacs, guard('pacs')) } : {}),
    payments: new PaymentProviders((o.payments === undefined ? [] : [o.payments].flat()).map((a) => guardPayments(a, guard('payment')))),
  };
}

/** Writes the served organizations (the home one marked so) to the database; parents first. */
export async function saveOrganizations(db: Queryable, organizations: Organizations): Promise<void> {
  const all = organizations.list();
  const depth = (o: Organization): number => (o.parentId === undefined ? 0 : 1 + depth(organizations.get(o.parentId)!));
  await db.query('UPDATE organizations SET home = false WHERE home AND id <> $1', [organizations.home.id]);
  for (const o of all.sort((a, b) => depth(a) - depth(b))) {
    await db.query(
      `INSERT INTO organizations (id, name, kind, parent_id, home) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id, home = EXCLUDED.home`,
      [o.id, o.name, o.kind, o.parentId ?? null, o.home],
    );
  }
}

/** The systems of the caller's organization (a patient's: the home one's); NOT_FOUND for an account of an organization no longer served. */
export function organizationOfCaller(organizations: Organizations, user: { role: string; organization_id: string }): Organization {
  if (user.role === 'patient') return organizations.home;
  const organization = organizations.get(user.organization_id);
  if (!organization) throw new HttpProblem('NOT_FOUND');
  return organization;
}
