// What a TypeScript user of the packages writes; packages.e2e.test.ts type-checks it in the
// fresh project: tsconfig.nodenext.json checks the installed declaration files too (no
// skipLibCheck), tsconfig.bundler.json how they resolve for a bundler. Each @ts-expect-error
// fails the check when a package's types are missing or resolve to `any`.
import { createClient, isIhError, type Department, type Slot } from '@ihkit/core';
import { parseHl7, parseOru, type HisAdapter, type LabReport } from '@ihkit/adapters';
import { hisConformance } from '@ihkit/adapters/conformance';
import { createGateway, loadConfig, type Gateway, type GatewayConfig } from '@ihkit/gateway';
import { MeshTransport, nextCallState, type CallState, type VideoTransport } from '@ihkit/video';
import { IhProvider, setTagPrefix } from '@ihkit/widgets';
import { IhBooking } from '@ihkit/widgets/booking';

export async function firstSlots(baseUrl: string, token: string): Promise<Slot[]> {
  const client = createClient({ baseUrl, token });
  const departments: Department[] = (await client.listDepartments()).items;
  // @ts-expect-error listSlots needs `from` and `to`
  client.listSlots({ departmentId: departments[0]!.id });
  try {
    return (await client.listSlots({ departmentId: departments[0]!.id, from: '2026-03-02', to: '2026-03-08' })).items;
  } catch (e) {
    if (isIhError(e) && e.code === 'HIS_UNAVAILABLE') return [];
    throw e;
  }
}

export async function startGateway(his: HisAdapter): Promise<Gateway> {
  const config: GatewayConfig = loadConfig(process.env);
  // @ts-expect-error the port is a number
  const _port: string = config.port;
  const gateway = await createGateway({ ...config, his });
  await gateway.app.listen({ port: config.port });
  return gateway;
}

export function labReports(message: string): LabReport[] {
  // @ts-expect-error parseHl7 takes the message's text
  parseHl7(42);
  // @ts-expect-error a conformance suite needs its setup
  hisConformance('our HIS');
  return parseOru(parseHl7(message));
}

export function callAfterDeviceCheck(transport: VideoTransport): CallState | undefined {
  // @ts-expect-error not a call event
  nextCallState('idle', 'teleport');
  return transport instanceof MeshTransport ? nextCallState('idle', 'check-devices') : undefined;
}

export function embed(token: string): IhBooking {
  setTagPrefix('ih');
  const provider: IhProvider = document.createElement('ih-provider');
  provider.token = token;
  const booking: IhBooking = document.createElement('ih-booking');
  // @ts-expect-error the department is an id
  booking.department = 42;
  provider.append(booking);
  return booking;
}
