import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests run in Debian's Chromium (playwright's own browser download cannot work here).
 * Without it they are skipped outside CI with one line saying how to install it; under CI they must run.
 */
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);
if (!chromiumAvailable) {
  if (process.env.CI === 'true')
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI must run the browser tests`);
  console.warn(
    `ブラウザテストを省略します: Chromium がありません。 sudo apt-get install -y chromium でインストールしてください / browser tests skipped: install Chromium with "sudo apt-get install -y chromium"`,
  );
}

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules` to reach the service by a host name. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
