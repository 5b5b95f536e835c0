/**
 * `npm run validate:manifest [FILE]`: Microsoft's `office-addin-manifest validate` where its web
 * service answers, this repo's offline check (check.ts) where it does not (closed municipal
 * networks, CI). Says which one ran. Exit 0 = valid, 1 = problems found, 2 = usage / unreadable.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkManifest } from './check';

// The service office-addin-manifest 3 posts to; overridable so a test can make it unreachable.
const SERVICE =
  process.env.MANIFEST_VALIDATION_URL ?? 'https://validationgateway.omex.office.net/package/api/check';

async function reachable(url: string): Promise<string | null> {
  try {
    // Any HTTP answer means the service is there; only a network failure sends us offline.
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return null;
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<number> {
  const file = process.argv[2] ?? 'manifest.xml';
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`マニフェストを読めません / cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const why = await reachable(SERVICE);
  if (why === null) {
    console.log(
      `Microsoft の検証サービスで検証します / validating with Microsoft's service (office-addin-manifest validate ${file})`,
    );
    const bin = createRequire(import.meta.url).resolve('office-addin-manifest/cli.js');
    const run = spawnSync(process.execPath, [bin, 'validate', file], { stdio: 'inherit' });
    return run.status ?? 1;
  }
  console.log(
    `Microsoft の検証サービスに接続できないため、オフライン検査を行いました / ` +
      `Microsoft's validation service is unreachable (${why}): ran the offline check (addin/manifest/check.ts)`,
  );
  const problems = checkManifest(xml, { requireHttps: true });
  for (const p of problems) console.log(`  ${path.basename(file)} ${p.path}: ${p.message}`);
  console.log(
    problems.length === 0 ? 'OK: 問題なし / no problems' : `NG: ${problems.length} 件の問題 / problems`,
  );
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
