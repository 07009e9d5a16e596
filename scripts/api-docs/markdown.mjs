// Markdown building blocks shared by the API reference generators: table cells, tables,
// code spans and the heading anchors GitHub gives headings (so that links between sections
// resolve where the files are read).

/** The anchor GitHub derives from a heading's text: lower case, punctuation dropped, spaces to dashes. */
export function slug(text) {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Orders strings by code unit, the same on every machine (unlike localeCompare). */
export function byText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `[text](#anchor)` for a heading whose text is `heading`. */
export function linkTo(text, heading) {
  return `[${text}](#${slug(heading)})`;
}

/** Inline code that survives backticks in its content. */
export function code(text) {
  const s = String(text);
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Text fit for one table cell: one line, pipes escaped (GitHub wants that inside code spans too). */
export function cell(text) {
  if (text === undefined || text === null || text === '') return '';
  return String(text).trim().replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A GitHub table; empty when there are no rows. */
export function table(headers, rows) {
  if (!rows.length) return [];
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Prose from the source as a paragraph (its own line breaks kept: Markdown reflows them). */
export function paragraph(text) {
  return text ? [String(text).trim(), ''] : [];
}

/**
 * Joins blocks of lines into a document: one blank line between blocks, one newline at the
 * end. Also checks that every heading anchor is unique and every `(#anchor)` link has its
 * heading, so a generator's mistake fails here rather than as a dead link.
 */
export function document(lines) {
  const text = `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  const anchors = new Set();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const a = slug(heading.replace(/`/g, ''));
    if (anchors.has(a)) throw new Error(`two headings share the anchor #${a}`);
    anchors.add(a);
  }
  for (const [, a] of text.matchAll(/\]\(#([^)]+)\)/g)) {
    if (!anchors.has(a)) throw new Error(`a link points at #${a}, which no heading has`);
  }
  return text;
}
