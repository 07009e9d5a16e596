/** The object without its undefined properties (options merged over defaults, Fastify schemas that warn about undefined parts). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
