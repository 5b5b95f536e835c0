import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../service/src/cli/main';

const run = promisify(execFile);
const bin = path.resolve('service/bin/sousei.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `sousei` command in this process (`runCli`, what the installed command calls) with its data
 * under `dataDir`: for tests of what a command does. `souseiProcess` runs the real command.
 */
export async function sousei(dataDir: string, ...args: string[]): Promise<CliResult> {
  return souseiWithEnv({ DATA_DIR: dataDir }, ...args);
}

/** Runs a `sousei` command in this process with these settings (e.g. the DATABASE_URL of a running test service). */
export async function souseiWithEnv(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = { out: (s: string) => void (stdout += s), err: (s: string) => void (stderr += s) };
  const code = await runCli(args, io, { ...process.env, ...env });
  return { code, stdout, stderr };
}

/**
 * Runs the real `sousei` command (bin/sousei.mjs: the prebuilt bundle or the sources), for tests of
 * the process itself — its exit code, its streams, how it starts.
 */
export async function souseiProcess(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
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
