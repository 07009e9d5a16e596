/**
 * The contract's paths as types, for the client's calls (in the spirit of openapi-fetch): a call
 * names a path template of openapi.yaml (`'/consults/{consultId}/messages'`) and a method the
 * contract has for it, so a wrong path or method does not compile; its path parameters are
 * required and typed, and its query, JSON body and answer are the operation's. Nothing of it is
 * left at run time but `IhClient.call`, which fills the placeholders in.
 */
import type { paths } from './api.gen.js';

export type HttpMethod = 'get' | 'post' | 'put';

/** The path templates that have an operation for `M`. */
export type PathFor<M extends HttpMethod> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];

/** The operation (an entry of the generated `operations`) at a method and path. */
export type OperationAt<M extends HttpMethod, P extends PathFor<M>> = paths[P] extends Record<M, infer O> ? O : never;

/** An operation's path parameters (`{ consultId: string }`), or undefined for a path without any. */
export type PathParams<O> = O extends { parameters: { path: infer X } } ? X : undefined;

/** An operation's query parameters. */
export type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? Q : never;

/** An operation's JSON request body. */
export type JsonBodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

type SuccessOf<O> = O extends { responses: infer R } ? R[Extract<keyof R, 200 | 201 | 202>] : never;
type JsonOrBlob<R> = R extends { content: { 'application/json': infer J } } ? J : Blob;

/** What an operation answers with on success: its JSON body, or a Blob when it answers with bytes (an image, a recording). */
export type ResultOf<O> = JsonOrBlob<SuccessOf<O>>;

/**
 * The options of a call to the operation `O`, over those any call takes (`Base`): its query and
 * body, and `as: 'blob'` exactly when it answers with bytes.
 */
export type ContractInit<O, Base> = Omit<Base, 'query' | 'body' | 'as'> & { query?: QueryOf<O>; body?: JsonBodyOf<O> } & (ResultOf<O> extends Blob ? { as: 'blob' } : { as?: 'json' });

/** The names of a path template's placeholders, in order: `'/a/{x}/b/{y}'` gives `['x', 'y']`. */
export type PlaceholdersOf<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? [N, ...PlaceholdersOf<Rest>] : [];

type ValuesOf<O, Names extends string[]> = { [K in keyof Names]: Names[K] extends keyof PathParams<O> ? PathParams<O>[Names[K]] : never };
type InitArg<O, Base> = ResultOf<O> extends Blob ? [init: ContractInit<O, Base>] : [init?: ContractInit<O, Base>];

/** What a call to `O` at the template `P` takes after the path: each placeholder's value, in order and of the contract's type, then the options. */
export type ContractArgs<O, P extends string, Base> = [...ValuesOf<O, PlaceholdersOf<P>>, ...InitArg<O, Base>];
