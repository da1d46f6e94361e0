/**
 * `npm run bench`: the shipped function against the floor, as the image starts them. See
 * `npm run bench -- --help` and README "Sizing".
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';
import { compare, comparisonTable, type Comparison } from './compare';
import { findNode, type NodeBinary } from './nodes';
import { parseOptions, UsageError, USAGE } from './options';
import { writeResults } from './report';
import { MAX_MESSAGE_BYTES, SMALL_BYTES, type Contents } from './run';
import { runSoak } from './soak';
import { buildFloor, floorSubject, functionSubject, type Subject } from './subjects';

const cleanups: Array<() => void> = [];
const cleanUp = () => cleanups.splice(0).forEach((remove) => remove());

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n(npm run bench -- --help for the options)`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const found = options.nodes.map((major) => findNode(major, major === 22 ? options.node22 : options.node20));
  const missing = found.filter((node): node is { missing: string } => 'missing' in node);
  if (missing.length > 0) {
    for (const node of missing) console.error(node.missing);
    process.exitCode = 1;
    return;
  }
  const nodes = found as NodeBinary[];
  const credentials = createTestCredentials();
  cleanups.push(() => rmSync(credentials.dir, { recursive: true, force: true }));
  const started = Date.now();
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; nodes: ${nodes.map((node) => `${node.version} (${node.path})`).join(', ')}`);

  if (options.soak) {
    const problems: string[] = [];
    for (const node of nodes) {
      const soak = await runSoak(node, track(functionSubject(node.path)), credentials, options.soakEvents);
      problems.push(...soak.problems.map((problem) => `node ${node.version}: ${problem}`));
    }
    if (problems.length > 0) {
      console.log(`\nNOT EVERY EVENT PUBLISHED (${problems.length} problems):\n${problems.slice(0, 50).join('\n')}`);
      process.exitCode = 1;
    }
    return;
  }

  const floor = buildFloor();
  cleanups.push(floor.remove);
  const chunkedBytes = options.chunkedMiB * 1024 * 1024;
  const contents: Contents = {
    small: markedContent(SMALL_BYTES),
    inlineSource: markedContent(MAX_MESSAGE_BYTES),
    chunked: chunkedBytes > 0 ? markedContent(chunkedBytes) : null,
  };
  const chunkedLabel = `${options.chunkedMiB} MiB`;
  const comparisons: Comparison[] = [];
  for (const node of nodes) {
    const subjects = { function: track(functionSubject(node.path)), floor: track(floorSubject(floor.bundle)) };
    console.log(`\nNode ${node.version}: function ${subjects.function.nodeArgs.join(' ')} ${subjects.function.script}; floor ${subjects.floor.nodeArgs.join(' ')} ${subjects.floor.script}`);
    comparisons.push(await compare(node, subjects, credentials, contents, { runs: options.runs, warmEvents: options.warmEvents }));
  }
  for (const comparison of comparisons) console.log(comparisonTable(comparison, chunkedLabel));

  const invalid = comparisons.flatMap((c) =>
    [...c.function, ...c.floor].flatMap((figures) => figures.problems.map((problem) => `node ${c.node.version}: ${problem}`)),
  );
  for (const c of comparisons) {
    const counts = new Set([...c.function, ...c.floor].map((figures) => figures.chunkedMessages));
    if (counts.size > 1) invalid.push(`node ${c.node.version}: function and floor sent the chunked object in different numbers of messages (${[...counts].join(', ')})`);
  }
  const file = writeResults({ loadAverage: loadavg(), options, comparisons, invalid, seconds: (Date.now() - started) / 1000 });
  if (invalid.length > 0) {
    // Figures of a wrong run are worthless: say so and fail, rather than print them quietly.
    console.log(`\nINVALID (${invalid.length}):\n${invalid.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('\nEvery object of every run was rebuilt from the stream by the consumer code and its sha256 matched.');
  }
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; results in ${file}; ${Math.round((Date.now() - started) / 1000)} s`);
}

function track(subject: Subject): Subject {
  cleanups.push(subject.remove);
  return subject;
}

// Ctrl-C: the function processes get the terminal's SIGINT too; remove the laid-out folders.
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
