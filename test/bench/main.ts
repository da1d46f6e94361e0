/**
 * `npm run bench`: the shipped function against the floor, as the image starts them. See
 * `npm run bench -- --help` and README "Sizing".
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { markedContent } from '../support/content';
import { credentialsIn, imageNodeVersion, openImage, sharedFolder } from '../image/container';
import { createTestCredentials, type TestCredentials } from '../support/credentials';
import { compare, comparisonTable, type Comparison } from './compare';
import { findNode, type NodeBinary } from './nodes';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './options';
import { writeResults } from './report';
import { MAX_MESSAGE_BYTES, SMALL_BYTES, type Contents } from './run';
import { runSoak } from './soak';
import { buildFloor, floorSubject, functionSubject, imageFloorSubject, imageFunctionSubject, type Subject } from './subjects';

const cleanups: Array<() => void> = [];
/** Undone last first: an image is closed before the folder shared into it is removed. */
const cleanUp = () => cleanups.splice(0).reverse().forEach((remove) => remove());

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
  const setup = options.image ? inImage(options.image) : onThisMachine(options);
  if (!setup) return;
  const { nodes, credentials, subjects } = setup;
  const started = Date.now();
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; nodes: ${nodes.map((node) => `${node.version} (${node.path})`).join(', ')}`);

  if (options.soak) {
    const problems: string[] = [];
    for (const node of nodes) {
      const soak = await runSoak(node, subjects.function(node), credentials, options.soakEvents);
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
    const pair = { function: subjects.function(node), floor: subjects.floor(floor.bundle) };
    console.log(`\nNode ${node.version}: function ${describeStart(pair.function)}; floor ${describeStart(pair.floor)}`);
    comparisons.push(await compare(node, pair, credentials, contents, { runs: options.runs, warmEvents: options.warmEvents }));
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

function describeStart(subject: Subject): string {
  return [subject.launch.nodeBinary, ...(subject.launch.nodeArgs ?? []), subject.launch.entry].filter(Boolean).join(" ");
}

interface Setup {
  nodes: NodeBinary[];
  credentials: TestCredentials;
  subjects: { function(node: NodeBinary): Subject; floor(bundle: string): Subject };
}

/** The Dockerfile's runtime stage reproduced in folders of this machine, run by this machine's nodes. */
function onThisMachine(options: BenchOptions): Setup | undefined {
  const found = options.nodes.map((major) => findNode(major, major === 22 ? options.node22 : options.node20));
  const missing = found.filter((node): node is { missing: string } => 'missing' in node);
  if (missing.length > 0) {
    for (const node of missing) console.error(node.missing);
    process.exitCode = 1;
    return undefined;
  }
  const credentials = createTestCredentials();
  cleanups.push(() => rmSync(credentials.dir, { recursive: true, force: true }));
  return {
    nodes: found as NodeBinary[],
    credentials,
    subjects: { function: (node) => track(functionSubject(node.path)), floor: (bundle) => track(floorSubject(bundle)) },
  };
}

/** Inside the built image, on its node: the function in one opened copy, the floor in another. */
function inImage(name: string): Setup {
  const shared = sharedFolder();
  cleanups.push(() => rmSync(shared, { recursive: true, force: true }));
  const open = () => {
    const image = openImage(name, { shared });
    cleanups.push(image.close);
    return image;
  };
  const forFunction = open();
  const node: NodeBinary = { major: 22, path: `${name}: ${forFunction.config.entrypoint[0]}`, version: imageNodeVersion(forFunction) };
  if (!node.version.startsWith('v22.')) throw new Error(`${name} runs node ${node.version}, not Node 22`);
  return {
    nodes: [node],
    credentials: credentialsIn(shared),
    subjects: { function: () => imageFunctionSubject(forFunction), floor: (bundle) => imageFloorSubject(open(), bundle) },
  };
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
