import { z } from 'zod';
import { asksForHelp, readOptions } from '../cli/options';
import { BucketNameSchema } from '../event/schema';

export const USAGE = `Usage: npm run doctor -- --function FUNCTION_OCID [--bucket NAME] [--probe] [--json]

Checks a deployed fn-streaming chain and prints a checklist: each check passed, failed, a
warning, or not checked (with the permission it needs); every failure with its fix.

  --function OCID         the deployed function (ocid1.fnfunc...)
  --bucket NAME           the bucket whose uploads should reach the stream
                          (default: each bucket of the function's ALLOWED_BUCKETS)
  --probe                 also upload a probe object under fn-streaming-doctor/, wait for its
                          message on the stream, report the time from upload to message, and
                          delete the object (writes; needs to reach the stream's endpoint)
  --probe-timeout SECONDS how long to wait for the probe's message (default 60, at most 600)
  --json                  print the findings as one JSON document
  --help                  this text

Read-only unless --probe is given. Credentials as for npm run consume and npm run replay
(OCI_AUTH, the API-key variables or ~/.oci/config); OCI_<SERVICE>_ENDPOINT variables override
the region's endpoints (see the README's "Check a deployment").
Exit code: 0 when nothing failed, 1 when a check failed, 2 for bad arguments or credentials
(nothing checked), 130 when interrupted.`;

const STRING_OPTIONS = ['function', 'bucket', 'probe-timeout'] as const;
const BOOLEAN_OPTIONS = ['probe', 'json', 'help'] as const;
const MAX_PROBE_SECONDS = 600;

const ArgsSchema = z.object({
  function: z
    .string({ error: 'is required: the OCID of the deployed function' })
    .regex(/^ocid1\.fnfunc\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9._-]+$/i, 'must be a function OCID (ocid1.fnfunc.oc1...)'),
  bucket: BucketNameSchema.optional(),
  probe: z.boolean().optional(),
  'probe-timeout': z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(MAX_PROBE_SECONDS, `must be at most ${MAX_PROBE_SECONDS}`))
    .optional(),
  json: z.boolean().optional(),
});

export interface DoctorOptions {
  functionId: string;
  bucket: string | undefined;
  probe: boolean;
  probeTimeoutMs: number;
  json: boolean;
}

export type ParsedDoctorArgs = { kind: 'help' } | { kind: 'options'; options: DoctorOptions } | { kind: 'invalid'; problems: string[] };

/** The command line in, the doctor's options out, or every problem with it listed together. */
export function parseDoctorArgs(argv: readonly string[]): ParsedDoctorArgs {
  if (argv.length === 0) return { kind: 'invalid', problems: [] };
  if (asksForHelp(argv)) return { kind: 'help' };
  const { values, problems } = readOptions(argv, { strings: STRING_OPTIONS, booleans: BOOLEAN_OPTIONS });
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`--${issue.path.join('.')} ${issue.message}`);
  }
  if (values['probe-timeout'] !== undefined && !values['probe']) problems.push('--probe-timeout applies only with --probe');
  if (!parsed.success || problems.length > 0) return { kind: 'invalid', problems };
  const args = parsed.data;
  return {
    kind: 'options',
    options: {
      functionId: args.function,
      bucket: args.bucket,
      probe: args.probe ?? false,
      probeTimeoutMs: (args['probe-timeout'] ?? 60) * 1000,
      json: args.json ?? false,
    },
  };
}
