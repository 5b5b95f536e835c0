import { execFileSync } from 'node:child_process';

/**
 * The static and browser tests serve dist/, and the CLI tests run `sousei` as installed: build both once
 * per run, as `npm run build` does (the CLI bundle is then as new as the sources, so it is what runs).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['addin/build.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['service/build.mjs'], { stdio: 'inherit' });
}
