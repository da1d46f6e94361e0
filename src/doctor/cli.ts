import { AuthenticationSetupError, CredentialsRejectedError } from '../errors';
import { usageProblemLines, USAGE_EXIT_CODE } from '../cli/usage';
import { parseDoctorArgs, USAGE, type DoctorOptions } from './args';
import type { Finding } from './findings';
import type { DoctorReader, PathAnalyzer } from './ports';
import type { Clock } from '../ports';
import { probeObjectName, runProbe, type ProbePorts } from './probe';
import { findingLines, headingLine, summarize, summaryLine } from './report';
import { runChecks, type CheckedChain } from './run';

export const EXIT = { ok: 0, failed: 1, setup: USAGE_EXIT_CODE, interrupted: 130 } as const;

export interface DoctorIo {
  print(line: string): void;
  signal?: AbortSignal;
}

/** What the command needs from the outside world, built once the command line is known good. */
export interface DoctorWorld {
  reader: DoctorReader;
  analyzer?: PathAnalyzer;
  probe: ProbePorts;
  clock: Clock;
}

function probeTarget(chain: CheckedChain): { missing: string } | { target: Parameters<typeof runProbe>[1] } {
  const config = chain.deployed?.config;
  const bucket = chain.buckets[0];
  if (!chain.deployed || !config) return { missing: 'the function and a configuration it accepts (see above)' };
  if (!bucket) return { missing: 'a bucket that could be read (see the bucket check)' };
  return {
    target: {
      functionId: chain.deployed.fn.id,
      invokeEndpoint: chain.deployed.fn.invokeEndpoint,
      streamId: config.streamId,
      partitions: chain.stream?.stream.partitions ?? 1,
      streamEndpoint: config.streamEndpoint,
      bucket,
      log: chain.log,
    },
  };
}

/** Prints findings as they come (text) or keeps them for one JSON document. */
function printer(options: DoctorOptions, io: DoctorIo) {
  const findings: Finding[] = [];
  let lastCheck: Finding['check'] | undefined;
  return {
    findings,
    add(batch: Finding[]) {
      findings.push(...batch);
      if (options.json) return;
      for (const finding of batch) {
        if (finding.check !== lastCheck) io.print(headingLine(finding.check));
        lastCheck = finding.check;
        for (const line of findingLines(finding)) io.print(line);
      }
    },
  };
}

/** `npm run doctor`: the exit code, after every line has been printed. */
export async function runDoctorCommand(argv: readonly string[], makeWorld: () => DoctorWorld, io: DoctorIo): Promise<number> {
  const parsed = parseDoctorArgs(argv);
  if (parsed.kind === 'help') {
    io.print(USAGE);
    return EXIT.ok;
  }
  if (parsed.kind === 'invalid') {
    if (parsed.problems.length === 0) io.print(USAGE);
    for (const line of parsed.problems.length > 0 ? usageProblemLines('doctor', parsed.problems, 'Nothing was checked.') : []) io.print(line);
    return EXIT.setup;
  }
  const { options } = parsed;
  const out = printer(options, io);
  try {
    const world = makeWorld();
    if (!options.json) io.print(`fn-streaming doctor: function ${options.functionId}${options.probe ? ' (with --probe)' : ' (read-only)'}`);
    const chain = await runChecks(
      world.reader,
      { functionId: options.functionId, bucket: options.bucket, probeName: probeObjectName(new Date(world.clock.now())), analyzer: world.analyzer, signal: io.signal },
      (batch) => out.add(batch),
    );
    if (options.probe && !io.signal?.aborted) {
      const found = probeTarget(chain);
      if ('missing' in found) out.add([{ check: 'probe', status: 'not-checked', title: 'the probe\'s message reaches the stream', detail: 'nothing was uploaded', needs: found.missing }]);
      else out.add(await runProbe(world.probe, found.target, { timeoutMs: options.probeTimeoutMs, clock: world.clock, signal: io.signal }));
    }
  } catch (error) {
    if (!(error instanceof AuthenticationSetupError || error instanceof CredentialsRejectedError)) throw error;
    io.print(`doctor: ${error.message}`);
    return EXIT.setup;
  }
  const summary = summarize(out.findings);
  const interrupted = io.signal?.aborted === true;
  const code = interrupted ? EXIT.interrupted : summary.failed > 0 ? EXIT.failed : EXIT.ok;
  if (options.json) {
    io.print(JSON.stringify({ functionId: options.functionId, interrupted, exitCode: code, summary, findings: out.findings }, null, 2));
  } else {
    if (interrupted) io.print('Interrupted: the checks after this point were not run.');
    io.print(summaryLine(summary));
  }
  return code;
}
