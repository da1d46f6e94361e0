import { getReferencesInExpression } from '@cdktf/hcl2json';
import { stringsIn, type Body, type Declared, type Stack } from './hcl';
import type { ProviderFacts, TypeFacts } from './providerSchema';

/** What a name may mean where an expression stands. */
interface Scope {
  file: string;
  where: string;
  /** The block has count (count.index) or for_each (each.key, each.value). */
  repetition?: 'count' | 'for_each' | undefined;
  /** In a resource or data source: `self` in its conditions is it. */
  self?: TypeFacts | undefined;
  /** `dynamic` block iterators. */
  iterators: string[];
}

/** Every reference to a variable, local, resource, data source or attribute that does not exist, or is indexed wrongly. */
export async function checkReferences(stack: Stack, facts: ProviderFacts): Promise<string[]> {
  const problems: string[] = [];
  const check = async (value: unknown, scope: Scope) => {
    for (const { path, text } of stringsIn(value, scope.where)) {
      if (!text.includes('${') && !text.includes('%{')) continue;
      for (const reference of await getReferencesInExpression(scope.file, text)) {
        const problem = resolve(reference.value.split('.'), stack, facts, scope);
        if (problem) problems.push(`${scope.file}: ${path}: ${reference.value}: ${problem}`);
      }
    }
  };
  for (const [kind, items, typeFacts] of [
    ['resource', stack.resources, facts.resources],
    ['data', stack.data, facts.data_sources],
  ] as const) {
    for (const item of items) {
      const scope: Scope = {
        file: item.file,
        where: `${kind === 'data' ? 'data.' : ''}${item.type}.${item.name}`,
        repetition: 'count' in item.body ? 'count' : 'for_each' in item.body ? 'for_each' : undefined,
        self: typeFacts[item.type],
        iterators: dynamicIterators(item.body),
      };
      const { provider, ...body } = item.body;
      if (provider !== undefined) {
        const problem = providerProblem(provider, stack);
        if (problem) problems.push(`${item.file}: ${scope.where}.provider: ${problem}`);
      }
      await check(body, scope);
    }
  }
  for (const [name, configurations] of Object.entries(stack.providers)) {
    for (const configuration of configurations) await check(configuration, { file: fileOf(stack, 'provider', name), where: `provider.${name}`, iterators: [] });
  }
  for (const [name, body] of Object.entries(stack.variables)) {
    // `type` is a type expression (string, number...), not a reference.
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'type'));
    await check(rest, { file: fileOf(stack, 'variable', name), where: `var.${name}`, iterators: [] });
  }
  for (const [name, value] of Object.entries(stack.locals)) await check(value, { file: fileOf(stack, 'locals', name), where: `local.${name}`, iterators: [] });
  for (const [name, body] of Object.entries(stack.outputs)) await check(body, { file: fileOf(stack, 'output', name), where: `output.${name}`, iterators: [] });
  return problems;
}

/** `provider = oci.home` names a provider configuration with that alias. */
function providerProblem(value: unknown, stack: Stack): string | undefined {
  const match = typeof value === 'string' ? /^\$\{([a-z0-9_-]+)\.([A-Za-z0-9_-]+)\}$/.exec(value) : null;
  if (!match) return `${JSON.stringify(value)} is not a provider reference (name.alias)`;
  const [, name, alias] = match;
  return (stack.providers[name!] ?? []).some((configuration) => configuration['alias'] === alias) ? undefined : `no provider ${name}.${alias} is configured`;
}

function dynamicIterators(body: Body): string[] {
  const names: string[] = [];
  for (const { path } of stringsIn(body, '')) {
    const match = /\.dynamic\.([A-Za-z0-9_-]+)\[/.exec(path);
    if (match) names.push(match[1]!);
  }
  return names;
}

function fileOf(stack: Stack, section: string, name: string): string {
  for (const [file, json] of Object.entries(stack.files)) {
    const declared = json[section];
    if (Array.isArray(declared) ? declared.some((locals: Body) => name in locals) : typeof declared === 'object' && declared !== null && name in declared) return file;
  }
  return '?';
}

function resolve(parts: string[], stack: Stack, facts: ProviderFacts, scope: Scope): string | undefined {
  const [root, second] = parts;
  switch (root) {
    case 'var':
      return second !== undefined && second in stack.variables ? undefined : `no variable "${second}" is declared`;
    case 'local':
      return second !== undefined && second in stack.locals ? undefined : `no local "${second}" is defined`;
    case 'count':
      return scope.repetition === 'count' && second === 'index' ? undefined : 'count.index outside a block with count';
    case 'each':
      return scope.repetition === 'for_each' ? undefined : 'each outside a block with for_each';
    case 'self':
      return scope.self ? attributeProblem(scope.self, second) : 'self outside a resource or data source';
    case 'path':
    case 'terraform':
      return undefined;
    case 'data':
      return declaredProblem(stack.data, facts.data_sources, parts.slice(1), 'data source');
    default:
      if (root !== undefined && scope.iterators.includes(root)) return undefined;
      return declaredProblem(stack.resources, facts.resources, parts, 'resource');
  }
}

function declaredProblem(items: Declared[], typeFacts: Record<string, TypeFacts>, [type, name, ...rest]: string[], kind: string): string | undefined {
  const item = items.find((candidate) => candidate.type === type && candidate.name === name);
  if (!item) return `no ${kind} ${type}.${name} is declared`;
  const repeated = 'count' in item.body || 'for_each' in item.body;
  const [first, ...afterIndex] = rest;
  if (first === undefined) return undefined;
  // [0] (count), ["key"] (for_each) or [*] (splat).
  const indexed = /^(\d+|\*|".*")$/.test(first);
  if (repeated && !indexed) return 'count' in item.body ? `${type}.${name} has count: index it ([0])` : `${type}.${name} has for_each: index it (["key"])`;
  if (!repeated && indexed) return `${type}.${name} has no count or for_each: it takes no index`;
  const attribute = indexed ? afterIndex[0] : first;
  const facts = typeFacts[type!];
  return facts ? attributeProblem(facts, attribute) : undefined;
}

function attributeProblem(facts: TypeFacts, attribute: string | undefined): string | undefined {
  if (attribute === undefined || facts.attributes.includes(attribute)) return undefined;
  return `no attribute "${attribute}" (the provider has ${facts.attributes.join(', ')})`;
}
