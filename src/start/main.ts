import { CODE_CACHE_REJECTED, runBundle } from './loader';

// dist/func.js: the image's entry point. The function itself is dist/function.js.
if (runBundle(__dirname) === 'rejected') console.error(CODE_CACHE_REJECTED);
