// Replaces zod's table of ~50 message locales in the drop-page bundle (about 260 KB minified): the
// page shows zod's messages only when a loaded strategy definition is refused, in Japanese with
// English after it (shared/strategy/load.ts), so those two are kept.
export { default as en } from 'zod/v4/locales/en.js';
export { default as ja } from 'zod/v4/locales/ja.js';
