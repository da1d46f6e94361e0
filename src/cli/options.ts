import { parseArgs } from 'node:util';

/** The options a tool takes: those with a value and the switches. */
export interface OptionNames {
  readonly strings: readonly string[];
  readonly booleans: readonly string[];
}

export interface ReadOptions {
  values: Record<string, string | true>;
  /** Each named as the user typed it: unknown options, stray words, a value missing or given to a switch. */
  problems: string[];
}

/**
 * The command line as node's tokenizer sees it, with every problem listed together rather than
 * the first one thrown: a user fixes a command line in one go.
 */
export function readOptions(argv: readonly string[], names: OptionNames): ReadOptions {
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      ...Object.fromEntries(names.strings.map((name) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(names.booleans.map((name) => [name, { type: 'boolean' as const }])),
    },
  });
  const values: Record<string, string | true> = {};
  const problems: string[] = [];
  const known = new Set<string>([...names.strings, ...names.booleans]);
  for (const token of tokens) {
    if (token.kind === 'positional') {
      problems.push(`unexpected argument ${JSON.stringify(token.value)}`);
    } else if (token.kind === 'option') {
      if (!known.has(token.name)) {
        problems.push(`unknown option ${token.rawName}`);
      } else if (names.booleans.includes(token.name)) {
        if (token.value !== undefined) problems.push(`${token.rawName} takes no value`);
        else values[token.name] = true;
      } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
        problems.push(`${token.rawName} needs a value`);
        // The next option was taken as this one's value; read it as the option it is.
        if (token.value !== undefined) return withRest(values, problems, argv.slice(token.index + 1), names);
      } else if (values[token.name] !== undefined) {
        problems.push(`${token.rawName} is given more than once`);
      } else {
        values[token.name] = token.value;
      }
    }
  }
  return { values, problems };
}

function withRest(values: Record<string, string | true>, problems: string[], rest: readonly string[], names: OptionNames): ReadOptions {
  const more = readOptions(rest, names);
  for (const [name, value] of Object.entries(more.values)) {
    if (values[name] === undefined) values[name] = value;
  }
  return { values, problems: [...problems, ...more.problems] };
}

export function asksForHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
