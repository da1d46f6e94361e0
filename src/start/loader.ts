import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { bundleDigest, codeCacheFile, readCodeCache } from './codeCache';

/** Set by npm run build:code-cache: where to write the code cache when this process exits. */
export const CODE_CACHE_OUT_VARIABLE = 'FN_STREAMING_WRITE_CODE_CACHE';

export const BUNDLE_NAME = 'function.js';
export const CODE_CACHE_NAME = 'function.codecache';

/**
 * Said at start-up when the image's code cache was refused: its build stage's node or flags are
 * not the runtime's, and every cold start compiles the whole bundle.
 */
export const CODE_CACHE_REJECTED = `V8 rejected ${CODE_CACHE_NAME} (made by another node build or with other V8 flags): the bundle was compiled without it`;

/** Whether the bundle was compiled from a code cache: none found for it, or V8 refused the one found. */
export type CodeCacheUse = 'used' | 'none' | 'rejected';

/**
 * Runs the function's bundle (dist/function.js) as Node would run it as a CommonJS module, but
 * compiled with the code cache beside it when there is a valid one. Without one, or when V8
 * rejects it, the bundle is compiled as usual.
 *
 * Why not Node 22's own compile cache (module.enableCompileCache, NODE_COMPILE_CACHE): in the
 * built image, as UID 1000, it started to the first answer in 311 ms of CPU against this loader's
 * 287 ms (none: 354 ms; medians of 15 interleaved starts on a loaded machine). Its cache held
 * 447 KB against this one's 1.25 MB, which is written at exit with what start-up compiled lazily;
 * it files caches under the UID (one made as root at build is not found by UID 1000); and Node 20
 * has no such API.
 */
export function runBundle(directory: string): CodeCacheUse {
  const filename = join(directory, BUNDLE_NAME);
  const source = readFileSync(filename);
  const digest = bundleDigest(source);
  const cachedData = readCodeCache(join(directory, CODE_CACHE_NAME), digest);
  const script = new Script(wrap(source.toString('utf8')), { filename, cachedData });
  const out = process.env[CODE_CACHE_OUT_VARIABLE];
  if (out) {
    // At exit the cache holds what start-up compiled too, not only the bundle's top level.
    process.once('exit', () => {
      writeFileSync(`${out}.tmp`, codeCacheFile(digest, script.createCachedData()));
      renameSync(`${out}.tmp`, out);
    });
    process.once('SIGTERM', () => process.exit(0));
  }
  const module = { exports: {}, filename, id: filename };
  const compiled = script.runInThisContext() as (...args: unknown[]) => void;
  compiled.call(module.exports, module.exports, createRequire(filename), module, filename, directory);
  return cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
}
