/**
 * docs/adapters.md quotes the worked example: every block that starts with
 * `// from examples/his-adapter/<file>` must still be, line for line, in that file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const docs = readFileSync(new URL('docs/adapters.md', root), 'utf8');
const quotes = [...docs.matchAll(/```ts\n\/\/ from (examples\/his-adapter\/[\w.-]+)\n([\s\S]*?)```/g)];

test('docs/adapters.md quotes the worked example', () => assert.ok(quotes.length >= 4, `found ${quotes.length} quotes`));

for (const [, file, body] of quotes) {
  test(`the quote of ${file} beginning "${body!.split('\n')[0]!.trim()}" is in the file`, () => {
    const source = readFileSync(new URL(file!, root), 'utf8');
    assert.ok(source.includes(body!), `docs/adapters.md quotes lines that are no longer in ${file}:\n${body}`);
  });
}
