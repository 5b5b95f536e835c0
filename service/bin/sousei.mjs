#!/usr/bin/env node
// The `sousei` command: runs the TypeScript CLI through tsx (no separate build step).
import { register } from 'tsx/esm/api';

// Output piped into `head` closes early: that ends the command quietly, as for any Unix tool.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
