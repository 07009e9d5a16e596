/**
 * The demo's network (docs/network.md): the city hospital of the demo is the home organization,
 * a regional centre for two county hospitals. Each county hospital has a demo HIS of its own
 * (the demo HIS, offering only its departments and their doctors) and its own staff accounts —
 * whose HIS ids repeat the city's, as two hospitals' systems number their staff each on their
 * own, so that what keeps them apart is the organization, not the id.
 */
import { createDemoHis, demoAccounts, demoSubject, type DemoAccount, type HisAdapter } from '@ihkit/adapters';
import type { Db } from '@ihkit/adapters';
import type { OrganizationOptions } from './registry.js';

interface County {
  id: string;
  name: string;
  /** The demo catalog's departments it has, by their Chinese names. */
  departments: readonly string[];
  /** Username prefix of its staff accounts. */
  prefix: string;
}

const COUNTIES: readonly County[] = [
  { id: 'county-east', name: '东县人民医院', departments: ['心血管内科', '呼吸内科', '儿科'], prefix: 'east' },
  { id: 'county-west', name: '西县中心医院', departments: ['心血管内科', '内分泌科', '消化内科'], prefix: 'west' },
];

/** The demo HIS as a county hospital has it: its departments only, and their doctors and places. */
function countyHis(db: Db, names: readonly string[]): HisAdapter {
  const his = createDemoHis(db);
  const departments = async () => (await his.listDepartments()).filter((d) => names.includes(d.name));
  const offered = async () => new Set((await departments()).map((d) => d.id));
  return {
    ...his,
    listDepartments: departments,
    listDoctors: async (query) => {
      const ids = await offered();
      return (await his.listDoctors(query)).filter((d) => ids.has(d.departmentId));
    },
    listSlots: async (query) => {
      const ids = await offered();
      return (await his.listSlots(query)).filter((s) => ids.has(s.departmentId));
    },
  };
}

/** A county's staff: a cardiologist (the HIS id the city's 周敏 has in hers), a nurse and an admin; password `demo`. */
function countyAccounts(county: County): Array<DemoAccount & { organizationId: string }> {
  const doctor = demoAccounts.find((a) => a.username === 'dr.zhou')!;
  const account = (username: string, a: Pick<DemoAccount, 'role' | 'displayName'> & Partial<DemoAccount>) =>
    ({ password: 'demo', family: [], ...a, username, subject: demoSubject(username), organizationId: county.id });
  return [
    account(`dr.${county.prefix}`, { role: 'doctor', displayName: `${county.name}医生`, doctorId: doctor.doctorId! }),
    account(`rn.${county.prefix}`, { role: 'nurse', displayName: `${county.name}护士` }),
    account(`admin.${county.prefix}`, { role: 'admin', displayName: `${county.name}信息科` }),
  ];
}

/** The county hospitals of the demo network under the home organization (`homeId`) and their staff accounts, for createGateway. */
export function demoNetwork(homeId: string): { organizations: OrganizationOptions[]; demoAccounts: Array<DemoAccount & { organizationId: string }> } {
  return {
    organizations: COUNTIES.map((c) => ({ id: c.id, name: c.name, kind: 'county' as const, parentId: homeId, his: (db: Db) => countyHis(db, c.departments) })),
    demoAccounts: COUNTIES.flatMap(countyAccounts),
  };
}
