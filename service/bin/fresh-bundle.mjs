import { readdirSync, statSync } from 'node:fs';

/**
 * Whether the file `bundle` exists and nothing under `sources` (paths: directories are walked) was
 * modified after it. The build dates the bundle to when it started reading the sources, so an edit
 * made during a build counts as newer. Test files are skipped: they are not in the bundle.
 * One stat per source file: ~3 ms for the ~130 files of service/src and shared.
 */
export function bundleIsFresh(bundle, sources) {
  const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false;
  const newer = (entry) => {
    const s = statSync(entry, { throwIfNoEntry: false });
    if (!s) return false;
    if (s.mtimeMs > built) return true;
    return (
      s.isDirectory() &&
      readdirSync(entry).some((name) => !name.endsWith('.test.ts') && newer(`${entry}/${name}`))
    );
  };
  return !sources.some(newer);
}
