import { getExpressionAst, wrapTerraformExpression, type TFExpressionSyntaxTree } from '@cdktf/hcl2json';
import type { Stack } from './hcl';

type ExpressionType = TFExpressionSyntaxTree.ExpressionType;

/**
 * What an expression evaluates to with the variables' defaults (or the values given), the locals,
 * the arguments the stack writes itself, and placeholders for what only the provider knows
 * (`oci_streaming_stream.objects.id` → `<stream OCID>`). Enough of Terraform's language for the
 * wiring the tests check; anything else is refused by name rather than guessed.
 */
export interface Environment {
  stack: Stack;
  variables?: Record<string, unknown>;
  placeholders?: Record<string, unknown>;
}

export async function evaluate(value: unknown, env: Environment): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => evaluate(item, env)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await evaluate(item, env)] as const));
    return Object.fromEntries(entries);
  }
  if (typeof value !== 'string' || (!value.includes('${') && !value.includes('%{'))) return value;
  const whole = await wholeInterpolation(value);
  if (whole) return evaluateNode(whole, env);
  // A template with text around its interpolations; a multi-line one is wrapped as a heredoc,
  // which adds the newline before its closing marker.
  const { wrap } = wrapTerraformExpression(value.startsWith('"') ? value : `"${value}"`);
  const ast = await getExpressionAst('expression.tf', wrap);
  if (!ast) throw new Error(`cannot parse ${value}`);
  const result = await evaluateNode(ast, env);
  return value.includes('\n') && typeof result === 'string' ? result.replace(/\n$/, '') : result;
}

/** `${expression}` and nothing else: the expression itself, keeping its type (a list stays a list). */
async function wholeInterpolation(value: string): Promise<ExpressionType | undefined> {
  if (!value.startsWith('${') || !value.endsWith('}')) return undefined;
  try {
    return (await getExpressionAst('expression.tf', value.slice(2, -1))) ?? undefined;
  } catch {
    // "${a} and ${b}" is no single expression: evaluated as the template it is.
    return undefined;
  }
}

const OPERATORS: Record<string, (left: unknown, right: unknown) => unknown> = {
  greaterThan: (left, right) => Number(left) > Number(right),
  greaterThanOrEqual: (left, right) => Number(left) >= Number(right),
  lessThan: (left, right) => Number(left) < Number(right),
  lessThanOrEqual: (left, right) => Number(left) <= Number(right),
  equal: (left, right) => left === right,
  notEqual: (left, right) => left !== right,
};

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  concat: (...lists) => (lists as unknown[][]).flat(),
  jsonencode: (value) => JSON.stringify(value),
  tostring: (value) => String(value),
  trimprefix: (text, prefix) => (String(text).startsWith(String(prefix)) ? String(text).slice(String(prefix).length) : text),
};

async function evaluateNode(node: ExpressionType, env: Environment): Promise<unknown> {
  const children = node.children;
  const all = () => Promise.all(children.map((child) => evaluateNode(child, env)));
  switch (node.type) {
    case 'templateWrap':
      return children.length === 1 ? evaluateNode(children[0]!, env) : (await all()).join('');
    case 'template':
      return (await all()).join('');
    case 'literalValue': {
      const meta = node.meta as { type: string; value: string };
      return meta.type === 'number' ? Number(meta.value) : meta.type === 'bool' ? meta.value === 'true' : meta.value;
    }
    case 'tuple':
      return all();
    case 'object': {
      // Children alternate key and value; the items name each value's source text.
      const items = Object.entries((node.meta as { items: Record<string, string> }).items);
      const values = children.filter((_, index) => index % 2 === 1);
      const entries = await Promise.all(
        items.map(async ([key, text]) => {
          const child = values.find((candidate) => candidate.meta.value === text);
          if (!child) throw new Error(`cannot find the value of ${key} in ${node.meta.value}`);
          return [key, await evaluateNode(child, env)] as const;
        }),
      );
      return Object.fromEntries(entries);
    }
    case 'scopeTraversal':
      return resolve((node.meta as { fullAccessor: string }).fullAccessor, env);
    case 'function': {
      const name = (node.meta as { name: string }).name;
      const call = FUNCTIONS[name];
      if (!call) throw new Error(`cannot evaluate the function ${name}()`);
      return call(...(await all()));
    }
    case 'conditional':
      return (await evaluateNode(children[0]!, env)) ? evaluateNode(children[1]!, env) : evaluateNode(children[2]!, env);
    case 'binaryOp': {
      const operator = OPERATORS[(node.meta as { operator: string }).operator];
      if (!operator) throw new Error(`cannot evaluate ${node.meta.value}`);
      const [left, right] = await all();
      return operator(left, right);
    }
    default:
      throw new Error(`cannot evaluate ${node.type || 'an expression'}: ${node.meta.value}`);
  }
}

async function resolve(accessor: string, env: Environment): Promise<unknown> {
  const path = accessor.replace(/\[\d+\]/g, '');
  const [root, name, attribute] = path.split('.');
  const { stack } = env;
  if (root === 'var') {
    if (env.variables && name! in env.variables) return env.variables[name!];
    const declared = stack.variables[name!];
    if (!declared || !('default' in declared)) throw new Error(`var.${name} has no default: give its value`);
    return declared['default'];
  }
  if (root === 'local') {
    if (!(name! in stack.locals)) throw new Error(`no local ${name}`);
    return evaluate(stack.locals[name!], env);
  }
  if (env.placeholders && path in env.placeholders) return env.placeholders[path];
  const resource = stack.resources.find((item) => item.type === root && item.name === name);
  if (resource && attribute !== undefined && attribute in resource.body) return evaluate(resource.body[attribute], env);
  throw new Error(`no value for ${accessor}: give a placeholder`);
}
