import { evaluateCondition, parseCondition, type Truth } from './conditions';
import type { DynamicGroupInfo, FunctionInfo } from './model';

/** What a dynamic group's matching rule can test about a function. */
export function functionVariables(fn: Pick<FunctionInfo, 'id' | 'compartmentId'>): Record<string, string> {
  return { 'resource.type': 'fnfunc', 'resource.id': fn.id, 'resource.compartment.id': fn.compartmentId };
}

/** Whether the group's matching rule takes in the function: unknown when it tests tags or other variables. */
export function groupMatches(group: DynamicGroupInfo, fn: Pick<FunctionInfo, 'id' | 'compartmentId'>): Truth {
  const parsed = parseCondition(group.matchingRule);
  return parsed.ok ? evaluateCondition(parsed.condition, functionVariables(fn)) : 'unknown';
}
