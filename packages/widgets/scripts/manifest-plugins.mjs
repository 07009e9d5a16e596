// Analyzer plugins that teach @custom-elements-manifest/analyzer how @ihkit/widgets is built
// (used by scripts/custom-elements-manifest.config.mjs):
//   - tags: elements are defined with `define('booking', IhBooking)` (src/internal/define.ts), not
//     customElements.define, so the tag is `<TAG_PREFIX>-<name>`;
//   - Lit state: `{ state: true }` properties are the element's own: no attribute, read-only;
//   - events: every event's type comes from IhEventMap (src/internal/events.ts), and an element
//     that `emit()`s an event its JSDoc does not list fails the build;
//   - public API only: private, protected and static members are left out;
//   - paths: modules are analysed in src/*.ts and published as dist/*.js.
import { posix } from 'node:path';

/** The tag prefix `define()` uses unless a page sets another one (src/internal/define.ts). */
export const TAG_PREFIX = 'ih';

const EVENTS_MODULE = 'src/internal/events.ts';
const DEFINE_MODULE = /(^|\/)internal\/define\.js$/;

/** Walks every object and array of the manifest. */
function walk(value, visit) {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    visit(value);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}

const classes = (manifest) => manifest.modules.flatMap((m) => m.declarations.filter((d) => d.kind === 'class').map((d) => ({ module: m, klass: d })));

/** The class declaration enclosing `node`, if any. */
function enclosingClass(ts, node) {
  for (let n = node.parent; n; n = n.parent) if (ts.isClassDeclaration(n)) return n;
  return undefined;
}

/** Where an identifier used in `source` is imported from, as a path beside the source file's. */
function importedFrom(ts, source, name) {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const named = statement.importClause.namedBindings;
    const binds = statement.importClause.name?.text === name || (named && ts.isNamedImports(named) && named.elements.some((e) => e.name.text === name));
    if (binds) return statement.moduleSpecifier.text;
  }
  return undefined;
}

/** `define('booking', IhBooking)` → a custom-element-definition export of `ih-booking`. */
export function definePlugin() {
  return {
    name: 'ihkit-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [name, klass] = node.arguments;
      if (!name || !klass || !ts.isStringLiteral(name) || !ts.isIdentifier(klass)) return;
      const source = node.getSourceFile();
      if (!DEFINE_MODULE.test(importedFrom(ts, source, 'define') ?? '')) return;
      const from = importedFrom(ts, source, klass.text);
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: `${TAG_PREFIX}-${name.text}`,
        declaration: { name: klass.text, module: from ? posix.join(posix.dirname(moduleDoc.path), from) : moduleDoc.path },
      });
    },
  };
}

/** Lit's `{ state: true }` properties: the element's own reactive state, never attributes nor inputs. */
export function litStatePlugin() {
  const stateOf = new Map(); // class name → names of its state properties
  return {
    name: 'ihkit-lit-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        const isStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStatic || member.name?.getText() !== 'properties' || !member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
        const names = new Set();
        for (const p of member.initializer.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
          const isState = p.initializer.properties.some((o) => ts.isPropertyAssignment(o) && o.name.getText() === 'state' && o.initializer.kind === ts.SyntaxKind.TrueKeyword);
          if (isState) names.add(p.name.getText());
        }
        stateOf.set(node.name.text, names);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const { klass } of classes(customElementsManifest)) {
        const isState = (field) => {
          const owner = field.inheritedFrom?.name ?? klass.name;
          return stateOf.get(owner)?.has(field.name) ?? false;
        };
        const stateFields = new Set((klass.members ?? []).filter((m) => m.kind === 'field' && isState(m)).map((m) => m.name));
        if (klass.attributes) klass.attributes = klass.attributes.filter((a) => !stateFields.has(a.fieldName));
        for (const m of klass.members ?? []) {
          if (!stateFields.has(m.name)) continue;
          delete m.attribute;
          m.readonly = true; // public state (booking's `step`): the element's to change, a page's to read
        }
      }
    },
  };
}

/**
 * Events: the type of each one from IhEventMap, with references to where its detail type is
 * declared. Fails when an element emits an event its JSDoc does not list, or its JSDoc lists
 * an `ih-` event that IhEventMap does not have. Other events the analyzer finds (Lit context
 * requests) are not part of an element's API and are dropped.
 */
export function eventsPlugin() {
  const eventMap = new Map(); // event name → { text, references }
  const emitted = new Map(); // class name → Set of event names it emits
  return {
    name: 'ihkit-events',
    collectPhase({ ts, node }) {
      if (!ts.isSourceFile(node) || node.fileName !== EVENTS_MODULE) return;
      const declared = new Set(node.statements.filter((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)).map((s) => s.name.text));
      const map = node.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'IhEventMap');
      if (!map) throw new Error(`${EVENTS_MODULE} no longer declares IhEventMap`);
      for (const member of map.members) {
        if (!ts.isPropertySignature(member) || !member.type || !ts.isStringLiteral(member.name)) continue;
        const references = [];
        const collect = (t) => {
          if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && declared.has(t.typeName.text)) {
            references.push({ name: t.typeName.text, module: EVENTS_MODULE, start: t.getStart() - member.type.getStart(), end: t.getEnd() - member.type.getStart() });
          }
          ts.forEachChild(t, collect);
        };
        collect(member.type);
        eventMap.set(member.name.text, { text: member.type.getText(), references });
      }
    },
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'emit') return;
      const [target, name] = node.arguments;
      if (target?.kind !== ts.SyntaxKind.ThisKeyword || !name || !ts.isStringLiteral(name)) return;
      const klass = enclosingClass(ts, node)?.name?.text;
      if (!klass) return;
      if (!emitted.has(klass)) emitted.set(klass, new Set());
      emitted.get(klass).add(name.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      if (!eventMap.size) throw new Error(`IhEventMap not found: is ${EVENTS_MODULE} among the analyzed files?`);
      const problems = [];
      for (const { module, klass } of classes(customElementsManifest)) {
        const events = [];
        for (const event of klass.events ?? []) {
          const known = eventMap.get(event.name);
          if (!known) {
            if (event.name?.startsWith('ih-')) problems.push(`${module.path}: ${klass.name} documents @event ${event.name}, which IhEventMap does not have`);
            continue;
          }
          if (event.type?.text && event.type.text.replace(/\s/g, '') !== known.text.replace(/\s/g, '')) {
            problems.push(`${module.path}: ${klass.name} documents ${event.name} as ${event.type.text}, IhEventMap has ${known.text}`);
          }
          event.type = { text: known.text, references: known.references.map((r) => ({ ...r })) };
          events.push(event);
        }
        for (const name of emitted.get(klass.name) ?? []) {
          if (!events.some((e) => e.name === name)) problems.push(`${module.path}: ${klass.name} emits ${name} but its JSDoc has no @event ${name}`);
        }
        if (klass.events) klass.events = events;
      }
      if (problems.length) throw new Error(`custom elements manifest:\n  ${problems.join('\n  ')}`);
    },
  };
}

/**
 * Leaves out private and protected members, and static ones (Lit's and ihkit's class machinery:
 * stringAreas, shadowRootOptions): the manifest documents what a page can use.
 */
export function publicApiPlugin() {
  return {
    name: 'ihkit-public-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const { klass } of classes(customElementsManifest)) {
        if (!klass.members) continue;
        klass.members = klass.members.filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.static && !m.name.startsWith('#'));
      }
    },
  };
}

/** `src/booking/booking.component.ts` (or `.js`, or `/src/…`) → `dist/booking/booking.component.js`. */
export const distPath = (p) => p.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

/** Module paths and references point at the published JavaScript in dist/. */
export function distPathsPlugin() {
  return {
    name: 'ihkit-dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      walk(customElementsManifest.modules, (o) => {
        if (o.kind === 'javascript-module' && typeof o.path === 'string') o.path = distPath(o.path);
        if (typeof o.module === 'string') o.module = distPath(o.module);
      });
    },
  };
}

export const ihkitPlugins = () => [definePlugin(), litStatePlugin(), eventsPlugin(), publicApiPlugin(), distPathsPlugin()];
