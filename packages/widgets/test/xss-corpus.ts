/**
 * Hostile text for every free-text field a widget shows (names, chat, records, drug notes …):
 * markup, event handlers, `javascript:` URLs, SVG, attribute breakouts, template tricks and
 * Unicode. Shared by the widget test (mocked gateway) and the e2e test (the real one).
 *
 * Each payload, if it ever ran, calls `top.__xss(id)` (XSS_HOOK), and every element it would
 * add carries `data-xss` (XSS_MARK): the tests install the hook, render the text, and assert
 * that nothing called it, that no such element exists and that the text shows literally.
 */

/** The global a payload calls when it runs. */
export const XSS_HOOK = '__xss';
/** The attribute on every element a payload would add. */
export const XSS_MARK = 'data-xss';

export interface XssPayload {
  /** What kind of trick it is, and the tag it was made for: `img@dn`. */
  id: string;
  text: string;
}

type Maker = (run: string) => string;

/** `run` is the JavaScript that reports the payload. */
const MAKERS: Record<string, Maker> = {
  script: (run) => `<script>${run}</script>`,
  img: (run) => `<img src=x onerror="${run}" ${XSS_MARK}>`,
  svg: (run) => `<svg onload="${run}" ${XSS_MARK}></svg>`,
  'svg-script': (run) => `<svg ${XSS_MARK}><script>${run}</script></svg>`,
  'js-url': (run) => `javascript:${run}//`,
  'js-url-case': (run) => `\tJaVaScRiPt:${run}//`,
  'a-href': (run) => `<a href="javascript:${run}" ${XSS_MARK}>x</a>`,
  iframe: (run) => `"><iframe srcdoc="<script>parent.${run.slice(4)}</script>" ${XSS_MARK}>`,
  'attr-dq': (run) => `" autofocus onfocus="${run}" ${XSS_MARK}="`,
  'attr-sq': (run) => `' autofocus onfocus='${run.replace(/'/g, '"')}' ${XSS_MARK}='`,
  template: (run) => `\${${run}}{{constructor.constructor("${run}")()}}`,
  rtl: (run) => `\u202e<img src=x onerror="${run}" ${XSS_MARK}>\u202c`,
  markdown: (run) => `[x](javascript:${run}) <https://x.invalid/?q=${encodeURIComponent(run)}>`,
  details: (run) => `<details open ontoggle="${run}" ${XSS_MARK}>`,
  closers: (run) => `</textarea></title></style><img src=x onerror="${run}" ${XSS_MARK}>`,
  comment: (run) => `<!--<img src="--><img src=x onerror="${run}" ${XSS_MARK}>`,
  entities: (run) => `&lt;img src=x onerror="${run}" ${XSS_MARK}&gt;&#60;script&#62;`,
  'url-encoded': (run) => `%3Cimg%20src%3Dx%20onerror%3D${encodeURIComponent(run)}%3E`,
  'data-url': (run) => `data:text/html,<script>${run}</script>`,
  object: (run) => `<object data="javascript:${run}" ${XSS_MARK}></object>`,
  input: (run) => `<input autofocus onfocus="${run}" ${XSS_MARK}>`,
  'line-separators': (run) => `a\u2028b\u2029</script><script>${run}</script>`,
  fullwidth: (run) => `＜script＞${run}＜/script＞`,
  'zero-width': (run) => `java\u200bscript:${run}//<im\u200bg src=x onerror="${run}">`,
};

/**
 * The corpus, each payload reporting `kind@tag` if it runs (tag: which field it was put in).
 * Every payload is one line; `maxLength` leaves out those longer than a field allows.
 */
export function xssCorpus(tag = '', maxLength = Infinity): XssPayload[] {
  return Object.entries(MAKERS)
    .map(([kind, make]) => {
      const id = tag ? `${kind}@${tag}` : kind;
      return { id, text: make(`top.${XSS_HOOK}('${id}')`) };
    })
    .filter((p) => p.text.length <= maxLength);
}

/**
 * Every payload of the corpus in one line, `javascript:` first (it only works at the start); with
 * `maxLength`, as many as fit.
 */
export function xssAllInOne(tag = '', maxLength = Infinity): string {
  const corpus = xssCorpus(tag);
  const first = corpus.filter((p) => p.id.startsWith('js-url'));
  let line = '';
  for (const p of [...first, ...corpus.filter((x) => !first.includes(x))]) {
    const next = line ? `${line} ${p.text}` : p.text;
    if (next.length <= maxLength) line = next;
  }
  return line;
}

/**
 * What a payload left behind in a page: elements it added (XSS_MARK, or a script / frame /
 * object that no widget renders), inline event handler attributes, and `javascript:` /
 * `data:text` / `vbscript:` URLs, in the document and every open shadow root under it. Self-
 * contained, so the e2e test can run it in the page with `page.evaluate(findInjected)`.
 */
export function findInjected(root: Document | Element = document): string[] {
  const found: string[] = [];
  const describe = (el: Element) => `<${el.localName}${el.id ? `#${el.id}` : ''}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''}>`;
  // eslint-disable-next-line no-control-regex -- browsers skip leading control characters in a URL
  const badUrl = /^[\u0000-\u0020]*(javascript|vbscript|data\s*:\s*text)/i;
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background'];
  const visit = (node: Document | ShadowRoot | Element, inShadow: boolean) => {
    for (const el of node instanceof Element ? [node, ...node.querySelectorAll('*')] : node.querySelectorAll('*')) {
      if (el.hasAttribute('data-xss')) found.push(`an element from the data: ${describe(el)}`);
      if (inShadow && ['script', 'iframe', 'frame', 'object', 'embed'].includes(el.localName)) found.push(`a ${el.localName} in a shadow root: ${describe(el)}`);
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        if (/^on/i.test(attr)) found.push(`an inline handler ${attr}="${value}" on ${describe(el)}`);
        if (urlAttrs.includes(attr.toLowerCase()) && (badUrl.test(value) || (attr === 'srcdoc' && value))) found.push(`${attr}="${value}" on ${describe(el)}`);
      }
      if (el.shadowRoot) visit(el.shadowRoot, true);
    }
  };
  visit(root, false);
  return found;
}

/**
 * What a user sees or hears of `root` and the shadow roots under it: text, form values and
 * labels, with runs of white space as one space. Self-contained, like findInjected.
 */
export function shownText(root: Document | Element | ShadowRoot = document): string {
  const parts: string[] = [];
  const visit = (node: Document | Element | ShadowRoot) => {
    if (node instanceof ShadowRoot || node instanceof Element) parts.push(node.textContent ?? '');
    for (const el of node instanceof Element ? [node, ...node.querySelectorAll('*')] : node.querySelectorAll('*')) {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
      for (const a of ['aria-label', 'title', 'alt']) if (el.hasAttribute(a)) parts.push(el.getAttribute(a)!);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(root instanceof Document ? root.documentElement : root);
  return parts.join(' \n ').replace(/\s+/g, ' ');
}
