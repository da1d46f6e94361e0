import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isBlockList, type Body, type Declared, type Stack } from './hcl';

interface ArgumentFacts {
  required: boolean;
  block: boolean;
  deprecated?: boolean | undefined;
  arguments?: Record<string, ArgumentFacts> | undefined;
}

const ArgumentFactsSchema: z.ZodType<ArgumentFacts> = z.lazy(() =>
  z.object({
    required: z.boolean(),
    block: z.boolean(),
    deprecated: z.boolean().optional(),
    arguments: z.record(z.string(), ArgumentFactsSchema).optional(),
  }),
);

const TypeFactsSchema = z.object({
  arguments: z.record(z.string(), ArgumentFactsSchema),
  attributes: z.array(z.string()),
});

const ProviderFactsSchema = z.object({
  source: z.object({ repo: z.string(), commit: z.string() }),
  resources: z.record(z.string(), TypeFactsSchema),
  data_sources: z.record(z.string(), TypeFactsSchema),
});

export type TypeFacts = z.infer<typeof TypeFactsSchema>;
export type ProviderFacts = z.infer<typeof ProviderFactsSchema>;

export function loadProviderFacts(file: string): ProviderFacts {
  const parsed = ProviderFactsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not provider schema facts: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// Terraform's own arguments, valid on every resource or data source whatever the provider says.
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

/** Every argument and block the provider does not define, set as the wrong kind, deprecated, or required and missing. */
export function checkArguments(stack: Stack, facts: ProviderFacts): string[] {
  return [
    ...stack.resources.flatMap((item) => checkDeclared(item, facts.resources[item.type], 'resource')),
    ...stack.data.flatMap((item) => checkDeclared(item, facts.data_sources[item.type], 'data source')),
  ];
}

function checkDeclared(item: Declared, facts: TypeFacts | undefined, kind: string): string[] {
  const where = `${item.file}: ${kind === 'data source' ? 'data ' : ''}${item.type}.${item.name}`;
  if (!item.type.startsWith('oci_')) return [`${where}: not an oci_* ${kind}; the stack uses the OCI provider only`];
  if (!facts) return [`${where}: no provider facts for ${kind} ${item.type} (add them from the provider's schema code)`];
  return checkBody(withoutMeta(item.body), facts.arguments, where);
}

function withoutMeta(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key)));
}

function checkBody(body: Body, defined: Record<string, ArgumentFacts>, where: string): string[] {
  const problems: string[] = [];
  const { dynamic, ...written } = body;
  // A `dynamic "x" { content { ... } }` writes blocks x: check its content as one.
  for (const [name, dynamics] of Object.entries((dynamic ?? {}) as Record<string, Body[]>)) {
    written[name] = dynamics.flatMap((entry) => (entry['content'] ?? []) as Body[]);
  }
  for (const [name, value] of Object.entries(written)) {
    const facts = defined[name];
    if (!facts) {
      problems.push(`${where}: unknown argument "${name}" (the provider defines ${Object.keys(defined).sort().join(', ')})`);
      continue;
    }
    if (facts.deprecated) problems.push(`${where}: "${name}" is deprecated in the provider`);
    if (facts.block !== isBlockList(value)) {
      problems.push(facts.block ? `${where}: "${name}" is a block: write ${name} { ... }` : `${where}: "${name}" is an argument: write ${name} = ...`);
      continue;
    }
    if (facts.block) {
      for (const [index, nested] of (value as Body[]).entries()) problems.push(...checkBody(nested, facts.arguments ?? {}, `${where}.${name}[${index}]`));
    }
  }
  for (const [name, facts] of Object.entries(defined)) {
    if (facts.required && !(name in written)) problems.push(`${where}: missing required ${facts.block ? 'block' : 'argument'} "${name}"`);
  }
  return problems;
}
