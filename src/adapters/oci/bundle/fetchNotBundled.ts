/**
 * Stands in for node-fetch and isomorphic-fetch in the function's bundle (package.json `build`,
 * esbuild `--alias`): the SDK loads them at start-up for its default fetch client, which the
 * function never uses (NodeHttpClient is its transport), and they cost start-up time and memory.
 */
function fetchNotBundled(): never {
  throw new Error('node-fetch is not part of the function bundle: its SDK clients send requests through NodeHttpClient.');
}

export = fetchNotBundled;
