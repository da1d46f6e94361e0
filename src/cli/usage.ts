/** One convention for every tool: a usage error exits 2, names what was wrong, and points to --help. */
export const USAGE_EXIT_CODE = 2;

/**
 * The lines a tool prints for a command line it cannot run: each problem under the tool's name,
 * then what did not happen and where the options are described.
 */
export function usageProblemLines(tool: string, problems: readonly string[], nothingHappened: string): string[] {
  return [...problems.map((problem) => `${tool}: ${problem}`), `${nothingHappened} See npm run ${tool} -- --help`];
}
