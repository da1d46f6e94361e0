import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A block body as HashiCorp's parser gives it: nested blocks are arrays of bodies, expressions `${...}` strings. */
export type Body = Record<string, unknown>;

export interface Declared {
  file: string;
  type: string;
  name: string;
  body: Body;
}

export interface Stack {
  /** File name → the file's parsed JSON. */
  files: Record<string, Body>;
  resources: Declared[];
  data: Declared[];
  variables: Record<string, Body>;
  /** Local name → its expression (a `${...}` string or a literal). */
  locals: Record<string, unknown>;
  outputs: Record<string, Body>;
  /** Provider configurations by provider name (`oci`), aliases included. */
  providers: Record<string, Body[]>;
}

/** Parses HCL text the way Terraform's own parser does; a syntax error rejects with the parser's message (file:line,column). */
export async function parseTf(file: string, text: string): Promise<Body> {
  return (await parse(file, text)) as Body;
}

export function tfFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .sort();
}

export async function loadStackDir(dir: string): Promise<Stack> {
  const texts = Object.fromEntries(tfFileNames(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  return loadStack(texts);
}

/** The stack that these files make together (Terraform reads every .tf of a folder as one module). */
export async function loadStack(texts: Record<string, string>): Promise<Stack> {
  const stack: Stack = { files: {}, resources: [], data: [], variables: {}, locals: {}, outputs: {}, providers: {} };
  for (const [file, text] of Object.entries(texts)) {
    const json = await parseTf(file, text);
    stack.files[file] = json;
    stack.resources.push(...declared(file, json['resource']));
    stack.data.push(...declared(file, json['data']));
    for (const [name, bodies] of Object.entries((json['variable'] ?? {}) as Record<string, Body[]>)) stack.variables[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((json['output'] ?? {}) as Record<string, Body[]>)) stack.outputs[name] = bodies[0]!;
    for (const locals of (json['locals'] ?? []) as Body[]) Object.assign(stack.locals, locals);
    for (const [name, bodies] of Object.entries((json['provider'] ?? {}) as Record<string, Body[]>)) (stack.providers[name] ??= []).push(...bodies);
  }
  return stack;
}

function declared(file: string, section: unknown): Declared[] {
  const found: Declared[] = [];
  for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, Body[]>>)) {
    for (const [name, bodies] of Object.entries(byName)) {
      for (const body of bodies) found.push({ file, type, name, body });
    }
  }
  return found;
}

/** Nested block bodies: the parser writes a block as an array of objects. */
export function isBlockList(value: unknown): value is Body[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** Every string in a parsed value, with the path that leads to it. */
export function* stringsIn(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) yield* stringsIn(item, `${path}.${key}`);
}

export function find(stack: Stack, kind: 'resource' | 'data', type: string, name: string): Declared {
  const found = (kind === 'resource' ? stack.resources : stack.data).find((item) => item.type === type && item.name === name);
  if (!found) throw new Error(`the stack declares no ${kind === 'data' ? 'data ' : ''}${type}.${name}`);
  return found;
}

/** The only block of that name in a body (a `tcp_options { ... }`), or an error naming it. */
export function block(body: Body, name: string): Body {
  const value = body[name];
  if (!isBlockList(value) || value.length !== 1) throw new Error(`expected one ${name} block`);
  return value[0]!;
}
