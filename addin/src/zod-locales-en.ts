// Replaces zod's table of ~50 message locales in the task-pane bundle (about 260 KB minified):
// zod's own messages are never shown to clerks (every user-facing text is in messages.ts), and
// zod configures itself with English only.
export { default as en } from 'zod/v4/locales/en.js';
