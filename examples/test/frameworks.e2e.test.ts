/**
 * ihkit in React and Vue. End to end: the React and Vue examples (built by `npm run build` into
 * examples/react/dist and examples/vue/dist) in Chromium against the demo gateway: a patient
 * signs in, books through <ih-booking>, the app's typed `ih-booked` handler shows the new
 * appointment's id, and <ih-appointments> lists that appointment. Then what those apps stand
 * on: the custom-elements manifest lists every element the widgets define, with the events it
 * emits, and the React and Vue bindings generated from it type-check — and catch a handler
 * for the wrong event detail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './child-process.js';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const widgets = `${root}packages/widgets/`;
const env = demoAndBrowser();

const APPS = [
  { app: 'react', user: 'lina', patient: /周可欣/, patientName: '周可欣' },
  { app: 'vue', user: 'zhangwei', patient: /张伟/, patientName: '张伟' },
] as const;

for (const { app, user, patient, patientName } of APPS) {
  test(`${app}: a patient books in <ih-booking>, the app's typed ih-booked handler shows the id, <ih-appointments> lists it`, async () => {
    assert.ok(existsSync(`${root}examples/${app}/dist/index.html`), `examples/${app}/dist is missing: run npm run build`);
    const { page, errors } = await openAs(env, `/${app}/`, user);
    const booking = page.locator('ih-booking');
    const mine = page.locator('ih-appointments');

    await booking.getByRole('button', { name: /心血管内科/ }).click();
    await booking.getByRole('heading', { name: '选择医生' }).waitFor();
    await booking.getByRole('button', { name: /周敏/ }).click();
    await booking.getByRole('heading', { name: '选择时间' }).waitFor();
    // The last day with open times, then its first open time.
    await booking.getByRole('radiogroup', { name: '就诊日期' }).getByRole('radio', { name: /可预约/ }).last().click();
    const slot = booking.getByRole('radio', { name: /剩余/ }).first();
    const chosenTime = (await slot.locator('.slot-time').textContent())!.trim().slice(0, 5);
    assert.match(chosenTime, /^\d\d:\d\d$/);
    await slot.click();
    await booking.getByRole('heading', { name: '选择就诊人' }).waitFor();
    await booking.getByRole('button', { name: patient }).click();
    await booking.getByRole('heading', { name: '确认预约' }).waitFor();
    await booking.getByRole('button', { name: '确认预约' }).click();
    await booking.getByRole('heading', { name: '预约成功' }).waitFor();

    // The app's own handler (typed CustomEvent<IhBookedDetail>) looked up the hospital's number
    // of the appointment whose id it was given, and shows that, never the id.
    const status = page.locator('.app-booked');
    await status.waitFor();
    const shown = (await status.textContent())!.trim();
    const number = shown.match(/^已预约，挂号单号 (GH\d{8}-\d{4})$/)?.[1];
    assert.ok(number, `the app shows "${shown}"`);
    assert.equal(await status.count(), 1, 'one booking, one ih-booked');

    // <ih-appointments> lists that very appointment: booked, at the chosen time, for the patient.
    const item = mine.locator('[part~="item"]').filter({ has: page.locator('[part~="number"]', { hasText: number }) });
    await item.waitFor();
    const text = (await item.textContent())!;
    assert.match(text, /待就诊/);
    assert.ok(text.includes(chosenTime), `${text} shows ${chosenTime}`);
    assert.ok(text.includes(patientName), `${text} names the patient`);
    await shot(page, `${app}-booked`);

    // The app's language switch reaches the elements through the provider's `locale` property.
    await page.getByRole('button', { name: 'EN' }).click();
    await mine.getByRole('heading', { name: 'Upcoming' }).waitFor();
    await page.getByText(`Booked: registration no. ${number}`).waitFor();

    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

/** The elements src/ defines: `define('booking', IhBooking)` in src/<folder>/<file>.ts. */
function definedElements(): Array<{ name: string; className: string; folder: string }> {
  const found: Array<{ name: string; className: string; folder: string }> = [];
  for (const folder of readdirSync(`${widgets}src`, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'internal')) {
    for (const file of readdirSync(`${widgets}src/${folder.name}`).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(`${widgets}src/${folder.name}/${file}`, 'utf8').matchAll(/\bdefine\(\s*'([a-z][a-z0-9-]*)'\s*,\s*(\w+)\s*\)/g)) {
        found.push({ name: m[1]!, className: m[2]!, folder: folder.name });
      }
    }
  }
  return found;
}

/** The sources of an element's folder (not tests, not styles). */
const folderSource = (folder: string) =>
  readdirSync(`${widgets}src/${folder}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.styles.ts'))
    .map((f) => readFileSync(`${widgets}src/${folder}/${f}`, 'utf8'))
    .join('\n');

interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Array<{ name: string; fieldName?: string; description?: string }>;
  members?: Array<{ name: string; description?: string }>;
  events?: Array<{ name: string; description?: string; type?: { text: string; references?: Array<{ name: string; module?: string }> } }>;
  cssParts?: Array<{ name: string; description?: string }>;
  cssProperties?: Array<{ name: string }>;
  slots?: Array<{ name: string }>;
}
type ManifestEvent = NonNullable<Declaration['events']>[number];

test('the custom-elements manifest lists every element src/ defines, with its tag, attributes, events, parts and CSS properties', async () => {
  const pkg = JSON.parse(readFileSync(`${widgets}package.json`, 'utf8'));
  const manifest = JSON.parse(readFileSync(`${widgets}${pkg.customElements}`, 'utf8')) as { modules: Array<{ path: string; declarations: Declaration[] }> };
  const declarations = manifest.modules.flatMap((m) => m.declarations.map((d) => ({ ...d, module: m.path })));
  const events = readFileSync(`${widgets}src/internal/events.ts`, 'utf8');
  const { tagName } = (await import(`${widgets}dist/internal/define.js`)) as { tagName(name: string): string };

  const elements = definedElements();
  assert.ok(elements.length >= 10, `src defines ${elements.length} elements`);
  assert.deepEqual(
    declarations.filter((d) => d.tagName).map((d) => d.tagName).sort(),
    elements.map((e) => tagName(e.name)).sort(),
    'the manifest has a tag for each element src/ defines, and no other',
  );

  for (const { name, className, folder } of elements) {
    const tag = tagName(name);
    const d = declarations.find((x) => x.tagName === tag);
    assert.ok(d, `<${tag}> is in the manifest`);
    assert.equal(d.name, className, `<${tag}> is ${className}`);
    assert.equal(d.customElement, true);
    assert.ok(existsSync(`${widgets}${d.module}`), `${d.module} (the module of <${tag}>) exists`);
    const source = folderSource(folder);

    // Attributes: what the Lit properties declare, in `static properties` or with @property()
    // (`attribute: 'x'`, or the lower-cased name), not state and not `attribute: false`.
    const fromClass = source.slice(source.indexOf(`class ${className} `));
    const nextClass = fromClass.slice(1).search(/\n(?:export )?class \w/);
    const body = nextClass < 0 ? fromClass : fromClass.slice(0, nextClass + 1);
    const block = body.match(/static (?:override )?properties = \{([\s\S]*?)\n {2}\};/)?.[1] ?? '';
    const declared = [
      ...[...block.matchAll(/^\s+(\w+): \{([^}]*)\}/gm)].map(([, prop, opts]) => [prop!, opts!]),
      ...[...body.matchAll(/@property\(([^)]*)\)\s*(?:(?:declare|accessor|override)\s+)*(\w+)/g)].map(([, opts, prop]) => [prop!, opts!]),
    ];
    const attributes = declared
      .filter(([, opts]) => !/state: true|attribute: false/.test(opts!))
      .map(([prop, opts]) => opts!.match(/attribute: '([^']+)'/)?.[1] ?? prop!.toLowerCase());
    assert.deepEqual((d.attributes ?? []).map((a) => a.name).sort(), attributes.sort(), `<${tag}>'s attributes`);

    // Events: every one the element emits, typed by IhEventMap, its detail type exported there.
    // Its own: what its folder's code emits (its class and controllers; in a folder of two elements,
    // registration/, its class); the ihkit elements it renders may emit more through it.
    const emitsIn = (text: string) => [...new Set([...text.matchAll(/\bemit\((?:this|host|this\.host), '([a-z-]+)'/g)].map((m) => m[1]!))];
    // A folder holding more than one element (registration/): each element's own class.
    const own = (source.match(/\nexport class \w+ extends /g) ?? []).length > 1 ? body : source;
    const emitted = emitsIn(own);
    for (const event of emitted) {
      const e: ManifestEvent | undefined = d.events?.find((x) => x.name === event);
      assert.ok(e, `<${tag}> lists ${event}`);
      const detail: string | undefined = e.type?.text.match(/^CustomEvent<(\w+)>$/)?.[1];
      assert.ok(detail, `${event}'s type is a CustomEvent with a named detail (${e.type?.text})`);
      assert.match(events, new RegExp(`export interface ${detail} \\{`), `${detail} is exported from events.ts`);
      assert.deepEqual(e.type?.references?.map((r) => [r.name, r.module]), [[detail, 'dist/internal/events.js']]);
    }
    // Only those, or those of an ihkit element it renders inside it (they bubble out of it, composed:
    // <ih-appointments>' pay and reschedule panels from registration/).
    const inner = [...new Set([...source.matchAll(/(?:from |import\()'\.\.\/([a-z-]+)\//g)].map((m) => m[1]!))].filter((f) => f !== 'internal' && f !== 'locales' && existsSync(`${widgets}src/${f}`));
    const innerEmitted = new Set(inner.flatMap((f) => emitsIn(folderSource(f))));
    const folderEmitted = emitsIn(source);
    const strays = (d.events ?? []).map((e) => e.name).filter((name) => !folderEmitted.includes(name) && !innerEmitted.has(name));
    assert.deepEqual(strays, [], `<${tag}> lists the events it emits, and only those (its own, or an element's inside it)`);

    // Parts: every static part="…" name in the element's folder is documented (a name, or
    // one a documented part's description mentions as "also `x`").
    const documented = new Set((d.cssParts ?? []).flatMap((p) => [p.name, ...[...(p.description ?? '').matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1])]));
    const used = new Set([...own.matchAll(/part="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)).filter((p) => /^[a-z][a-z0-9-]*$/.test(p)));
    assert.deepEqual([...used].filter((p) => !documented.has(p)), [], `<${tag}>'s parts are documented`);

    // Every attribute, public property, method and event says what it is.
    for (const x of [...(d.attributes ?? []), ...(d.members ?? []), ...(d.events ?? [])]) assert.ok(x.description?.trim(), `<${tag}>'s ${x.name} has a description`);

    // Theme tokens.
    assert.ok((d.cssProperties ?? []).length > 0, `<${tag}> lists its CSS properties`);
    for (const p of d.cssProperties ?? []) assert.match(p.name, /^--ih-/);
  }
  assert.deepEqual(declarations.find((d) => d.tagName === tagName('provider'))?.slots?.map((s) => s.name), ['']);
  assert.deepEqual(declarations.find((d) => d.tagName === tagName('doctor-desk'))?.slots?.map((s) => s.name).sort(), ['prescribing', 'video']);
});

test('the generated React and Vue typings type-check the examples and catch a handler for the wrong event detail', async () => {
  // examples/react/typecheck/wrappers.check.tsx and examples/vue/typecheck/Usage.vue hold the
  // mistakes (@ts-expect-error, @vue-expect-error) the typings have to catch.
  const check = (label: string, bin: string, project: string) =>
    run(process.execPath, [`${root}node_modules/${bin}`, '-p', `${root}${project}`], root).catch((e: Error) => {
      throw new assert.AssertionError({ message: `${label} failed:\n${e.message}` });
    });
  await Promise.all([check('tsc (React)', 'typescript/bin/tsc', 'examples/react/tsconfig.json'), check('vue-tsc (Vue)', 'vue-tsc/bin/vue-tsc.js', 'examples/vue/tsconfig.json')]);
});
