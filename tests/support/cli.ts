import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve('service/bin/sousei.mjs');

/** Runs the real `sousei` command with its data under `dataDir`; resolves with the exit code and output whatever the code. */
export async function sousei(dataDir: string, ...args: string[]) {
  return souseiWithEnv({ DATA_DIR: dataDir }, ...args);
}

/** Runs the real `sousei` command with these settings (e.g. the DATABASE_URL of a running test service). */
export async function souseiWithEnv(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
