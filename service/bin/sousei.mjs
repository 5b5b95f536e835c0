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
const args = process.argv.slice(2);
if (args.length === 1 && ['--help', '-h', 'help'].includes(args[0])) {
  // The usage needs none of the commands' code: print it without loading the engine.
  const { cliTexts } = await import('../src/messages.ts');
  process.stdout.write(`${cliTexts.usage}\n`);
} else {
  const { runCli } = await import('../src/cli/main.ts');
  process.exitCode = await runCli(args);
}
