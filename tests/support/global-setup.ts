import { execFileSync } from 'node:child_process';

/** The static and browser tests serve dist/: build it once per run, as `npm start` does. */
export default function setup(): void {
  execFileSync(process.execPath, ['addin/build.mjs'], { stdio: 'inherit' });
}
