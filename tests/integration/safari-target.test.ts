import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `addin/build.mjs` targets Safari 15 (Excel for Mac shows the pane in the Safari of its macOS).
 * esbuild lowers syntax to that target but not library calls: these are the ones Safari 15.0 lacks
 * that our code has used. The bundles are the ones the global setup built from the sources.
 */
const newerThanSafari15 = [
  { name: 'AbortSignal.timeout (Safari 16)', pattern: /\bAbortSignal\s*\.\s*timeout\b/ },
  { name: 'structuredClone (Safari 15.4)', pattern: /\bstructuredClone\b/ },
  { name: 'Object.hasOwn (Safari 15.4)', pattern: /\bObject\s*\.\s*hasOwn\b/ },
  // A method call (`e.at(`, `x[0].at(`), not a spread of a function the minifier happened to name `at`.
  { name: 'Array.prototype.at (Safari 15.4)', pattern: /(?<!\.\.)\.at\(/ },
];

const bundles = ['dist/addin/taskpane.js', 'dist/web/web.js', 'dist/web/check-worker.js'];

describe('the pane and drop-page bundles run on Safari 15.0', () => {
  for (const file of bundles)
    it(`${file} calls nothing newer`, () => {
      const code = fs.readFileSync(path.resolve(file), 'utf8');
      expect(code.length).toBeGreaterThan(10_000);
      const found = newerThanSafari15
        .filter(({ pattern }) => pattern.test(code))
        .map(
          ({ name, pattern }) =>
            `${name}: …${/.{0,60}$/.exec(code.slice(0, pattern.exec(code)!.index))![0]}…`,
        );
      expect(found).toEqual([]);
    });

  it('the check finds such a call', () => {
    const sample = 'let t=e.at(-1);fetch(u,{signal:AbortSignal.timeout(5e3)});x=structuredClone(y)';
    expect(newerThanSafari15.filter(({ pattern }) => pattern.test(sample)).length).toBe(3);
    // …and not a spread of a minified function called `at`.
    expect(newerThanSafari15.some(({ pattern }) => pattern.test('var u=(e,t)=>({...at(e,"x")})'))).toBe(
      false,
    );
  });
});
