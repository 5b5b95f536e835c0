// The `sousei` program, run on import: service/bin/sousei.mjs loads it prebuilt (dist/cli/sousei.cjs)
// or, when that bundle is missing or older than the sources, through tsx.
import process from 'node:process';

// Output piped into `head` closes early: that ends the command quietly, as for any Unix tool.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

// Not a top-level await: the prebuilt bundle is CommonJS (see service/build.mjs).
async function main(args: string[]): Promise<void> {
  if (args.length === 1 && ['--help', '-h', 'help'].includes(args[0]!)) {
    // The usage needs none of the commands' code: print it without loading the engine.
    const { cliTexts } = await import('../messages');
    process.stdout.write(`${cliTexts.usage}\n`);
  } else {
    const { runCli } = await import('./main');
    process.exitCode = await runCli(args);
  }
}

void main(process.argv.slice(2));
