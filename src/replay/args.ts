import { z } from 'zod';
import { asksForHelp, readOptions } from '../cli/options';
import { EndpointSchema } from '../config/schema';
import { BucketNameSchema, NamespaceNameSchema } from '../event/schema';

export const USAGE = `Usage: npm run replay -- <what> <how> [options]

What to replay (one of):
  --bucket NAME [--namespace NS] [--prefix P] [--since TIME] [--until TIME]
                          every object in the bucket (time modified since <= t < until)
  --from-log FILE         the objects of the function's log lines "event failed", and
                          "event handled" with steppedAside (- for stdin)
  --events FILE           OCI object events, one JSON object a line, sent as they are

How to deliver (one of; optional with --dry-run, which sends nothing whatever is given):
  --invoke FUNCTION_OCID  through the deployed function (Functions invoke API); works from
                          anywhere with OCI API access, Cloud Shell included
      [--invoke-endpoint URL]  the function's invoke endpoint (default: looked up with getFunction)
  --direct                the function's handler in this process, configured by the function's
                          variables (OCI_STREAM_OCID, OCI_STREAM_ENDPOINT, ...); needs to reach
                          the stream endpoint, so it runs inside the stream pool's subnet
      [--log FILE]        appends the function's log lines to FILE, as the deployed function
                          writes them: --from-log FILE re-drives what failed or stepped aside

Options:
  --concurrency N         objects in flight at once (default 1, at most 64)
  --state FILE            records each object's outcome; a rerun skips what is done, and sends
                          again what failed or stepped aside (a busy partition: only a reference
                          reached the stream)
  --dry-run               list what would be sent, with the count and bytes; send nothing and
                          write nothing (the state file is only read)
  --help                  this text

Credentials as for npm run consume (OCI_AUTH, API-key variables or ~/.oci/config);
OCI_OBJECTSTORAGE_ENDPOINT and OCI_FUNCTIONS_ENDPOINT override the region's endpoints.
Exit code: 0 when every object is done, 1 when one failed or stepped aside, 2 for a problem found before
sending, 130 when interrupted.`;

const STRING_OPTIONS = ['bucket', 'namespace', 'prefix', 'since', 'until', 'from-log', 'events', 'invoke', 'invoke-endpoint', 'log', 'concurrency', 'state'] as const;
const BOOLEAN_OPTIONS = ['direct', 'dry-run', 'help'] as const;
const MAX_CONCURRENCY = 64;

const text = (what: string) => z.string({ error: `needs ${what}` }).min(1, `needs ${what}`);

/** RFC 3339 with an offset, or a plain date (midnight UTC). */
const time = z
  .string({ error: 'needs a time' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success, {
    message: 'must be an RFC 3339 time (2026-11-20T09:15:00Z) or a date (2026-11-20)',
  })
  .transform((value) => new Date(value))
  .optional();

const RawArgsSchema = z.object({
  bucket: BucketNameSchema.optional(),
  namespace: NamespaceNameSchema.optional(),
  prefix: text('a prefix').optional(),
  since: time,
  until: time,
  'from-log': text('a file name, or - for standard input').optional(),
  events: text('a file name, or - for standard input').optional(),
  invoke: z
    .string({ error: 'needs a function OCID' })
    .regex(/^ocid1\.fnfunc\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/i, 'must be a function OCID (ocid1.fnfunc.oc1...)')
    .optional(),
  'invoke-endpoint': EndpointSchema.optional(),
  direct: z.boolean().optional(),
  log: text('a file name').optional(),
  concurrency: z
    .string({ error: 'needs a number' })
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(MAX_CONCURRENCY, `must be at most ${MAX_CONCURRENCY}`))
    .default(1),
  state: text('a file name').optional(),
  'dry-run': z.boolean().optional(),
});

type RawArgs = z.infer<typeof RawArgsSchema>;

export type ReplaySource =
  | { kind: 'bucket'; bucket: string; namespace?: string; prefix?: string; since?: Date; until?: Date }
  | { kind: 'log'; file: string }
  | { kind: 'events'; file: string };

export type ReplayDelivery = { kind: 'invoke'; functionId: string; endpoint?: string } | { kind: 'direct'; logFile?: string };

export interface ReplayOptions {
  source: ReplaySource;
  /** Absent only for a dry run. */
  delivery?: ReplayDelivery;
  concurrency: number;
  stateFile?: string;
  dryRun: boolean;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'options'; options: ReplayOptions } | { kind: 'invalid'; problems: string[] };

/** Problems the combination of options has, each named as the user typed it. */
function combinationProblems(args: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const sources = (['bucket', 'from-log', 'events'] as const).filter((name) => args[name] !== undefined);
  if (sources.length !== 1) {
    problems.push(sources.length === 0 ? 'say what to replay: --bucket, --from-log or --events' : `choose one of ${sources.map((s) => `--${s}`).join(', ')}`);
  }
  const deliveries = (['invoke', 'direct'] as const).filter((name) => args[name] !== undefined);
  if (deliveries.length > 1) problems.push('choose one of --invoke, --direct');
  if (deliveries.length === 0 && !args['dry-run']) problems.push('say how to deliver: --invoke FUNCTION_OCID or --direct (or --dry-run to only list)');
  if (args['bucket'] === undefined) {
    for (const name of ['namespace', 'prefix', 'since', 'until'] as const) {
      if (args[name] !== undefined) problems.push(`--${name} applies only with --bucket`);
    }
  }
  if (args['invoke-endpoint'] !== undefined && args['invoke'] === undefined) problems.push('--invoke-endpoint applies only with --invoke');
  if (args['log'] !== undefined && args['direct'] === undefined) problems.push('--log applies only with --direct (the deployed function writes its own log)');
  return problems;
}

function toOptions(args: RawArgs): ReplayOptions {
  const source: ReplaySource =
    args.bucket !== undefined
      ? {
          kind: 'bucket',
          bucket: args.bucket,
          ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
          ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
          ...(args.since === undefined ? {} : { since: args.since }),
          ...(args.until === undefined ? {} : { until: args.until }),
        }
      : args['from-log'] !== undefined
        ? { kind: 'log', file: args['from-log'] }
        : { kind: 'events', file: args.events! };
  const delivery: ReplayDelivery | undefined =
    args.invoke !== undefined
      ? { kind: 'invoke', functionId: args.invoke, ...(args['invoke-endpoint'] === undefined ? {} : { endpoint: args['invoke-endpoint'] }) }
      : args.direct
        ? { kind: 'direct', ...(args.log === undefined ? {} : { logFile: args.log }) }
        : undefined;
  return {
    source,
    ...(delivery === undefined ? {} : { delivery }),
    concurrency: args.concurrency,
    ...(args.state === undefined ? {} : { stateFile: args.state }),
    dryRun: args['dry-run'] ?? false,
  };
}

/** The command line in, the replay's options out, or every problem with it listed together. */
export function parseReplayArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return { kind: 'invalid', problems: [] };
  if (asksForHelp(argv)) return { kind: 'help' };
  const { values, problems } = readOptions(argv, { strings: STRING_OPTIONS, booleans: BOOLEAN_OPTIONS });
  const parsed = RawArgsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`--${issue.path.join('.')} ${issue.message}`);
  }
  problems.push(...combinationProblems(values));
  if (!parsed.success) return { kind: 'invalid', problems };
  const { since, until } = parsed.data;
  if (since && until && since >= until) problems.push('--since must be before --until');
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'options', options: toOptions(parsed.data) };
}
