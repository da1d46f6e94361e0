import { runBundle } from './loader';

// dist/func.js: the image's entry point. The function itself is dist/function.js.
runBundle(__dirname);
