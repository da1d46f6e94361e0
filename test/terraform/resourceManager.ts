import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Stack } from './hcl';

const VisibleSchema: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.boolean(), z.record(z.string(), z.array(VisibleSchema))]));

const RmSchema = z.object({
  variableGroups: z.array(z.object({ title: z.string(), variables: z.array(z.string()), visible: VisibleSchema.optional() })),
  variables: z.record(z.string(), z.object({ type: z.string(), title: z.string(), default: z.unknown().optional(), visible: VisibleSchema.optional() }).loose()),
  outputGroups: z.array(z.object({ title: z.string(), outputs: z.array(z.string()) })).optional(),
});

/** Names a `visible:` condition reads (a variable name, or `not`/`and`/`or` of them). */
function namesIn(visible: unknown): string[] {
  if (typeof visible === 'string') return [visible];
  if (Array.isArray(visible)) return visible.flatMap(namesIn);
  if (typeof visible === 'object' && visible !== null) return Object.values(visible).flatMap(namesIn);
  return [];
}

/** Where Resource Manager's schema.yaml and the stack's variables (and outputs) disagree. */
export function checkResourceManagerSchema(yamlText: string, stack: Stack): string[] {
  const parsed = RmSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) return [`schema.yaml: ${z.prettifyError(parsed.error)}`];
  const schema = parsed.data;
  const declared = Object.keys(stack.variables);
  const problems: string[] = [];
  for (const name of Object.keys(schema.variables)) if (!declared.includes(name)) problems.push(`schema.yaml describes "${name}", which variables.tf does not declare`);
  for (const name of declared) if (!(name in schema.variables)) problems.push(`variables.tf declares "${name}", which schema.yaml does not describe`);
  const grouped = schema.variableGroups.flatMap((group) => group.variables);
  for (const name of grouped) if (!declared.includes(name)) problems.push(`schema.yaml groups "${name}", which variables.tf does not declare`);
  for (const name of declared) if (!grouped.includes(name)) problems.push(`"${name}" is in no variable group of schema.yaml`);
  for (const [name, variable] of Object.entries(schema.variables)) {
    const tf = stack.variables[name];
    if (tf && 'default' in variable && String(variable.default) !== String(tf['default'])) {
      problems.push(`"${name}": schema.yaml's default ${JSON.stringify(variable.default)} is not variables.tf's ${JSON.stringify(tf['default'])}`);
    }
    for (const shown of namesIn(variable.visible)) if (!declared.includes(shown)) problems.push(`"${name}" is visible by "${shown}", which variables.tf does not declare`);
  }
  for (const output of (schema.outputGroups ?? []).flatMap((group) => group.outputs)) {
    if (!(output in stack.outputs)) problems.push(`schema.yaml shows output "${output}", which outputs.tf does not declare`);
  }
  return problems;
}
