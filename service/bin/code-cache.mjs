import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import vm from 'node:vm';

/**
 * Runs a CommonJS bundle as Node would, but compiled from V8's code cache when one was kept: the
 * bytecode of every function an earlier run compiled, so a short command does not parse and compile
 * the same half megabyte on every start (measured: docs/PERFORMANCE.md, CLI section).
 * The cache is named after the bundle's size and modification time, which every build sets (V8 itself
 * checks only the source's length, its own version and flags; hashing the half megabyte would cost more
 * than a short command can spare), and written, when absent or refused by V8, at the end of a run that
 * `keep()` approves.
 * Any failure to read or write it only costs speed.
 */
export function runWithCodeCache(file, keep) {
  const source = readFileSync(file, 'utf8');
  const { size, mtimeMs } = statSync(file);
  const cacheFile = `${file}.${size}-${Math.trunc(mtimeMs)}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // The bundle's `import()` of packages left in node_modules, resolved as in any module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => {
      if (!keep()) return;
      const partial = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile); // whole or not at all, whatever runs at the same time
      } catch {
        rmSync(partial, { force: true });
      }
    });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(
    module.exports,
    createRequire(file),
    module,
    file,
    file.replace(/[\\/][^\\/]*$/, ''),
  );
}
