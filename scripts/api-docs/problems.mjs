// The HTTP status and titles of each error code, read from the gateway's problem table
// (packages/gateway/src/problems.ts, `PROBLEMS`): the contract lists the codes, the gateway's
// table is where each one gets its status and its English and Chinese title. Read from the
// source with the TypeScript parser, so no build is needed first.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** code → { status, en, zh }; throws when the file has no `PROBLEMS` object literal. */
export function readProblemTable(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  let literal;
  const visit = (node) => {
    if (literal) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'PROBLEMS' && node.initializer) {
      literal = unwrap(node.initializer);
    } else ts.forEachChild(node, visit);
  };
  visit(source);
  if (!literal || !ts.isObjectLiteralExpression(literal)) throw new Error(`${file}: no PROBLEMS object literal`);
  const table = new Map();
  for (const prop of literal.properties) {
    if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(unwrap(prop.initializer))) continue;
    const kind = {};
    for (const field of unwrap(prop.initializer).properties) {
      if (!ts.isPropertyAssignment(field)) continue;
      const name = field.name.getText(source);
      const value = field.initializer;
      if (ts.isNumericLiteral(value)) kind[name] = Number(value.text);
      else if (ts.isStringLiteralLike(value)) kind[name] = value.text;
    }
    table.set(prop.name.getText(source).replace(/^['"]|['"]$/g, ''), kind);
  }
  return table;
}

/** The expression inside `x as const`, `x satisfies T` and parentheses. */
function unwrap(node) {
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}
