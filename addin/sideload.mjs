// `npm run sideload` / `npm run unsideload`: Microsoft's office-addin-debugging, as the Yeoman
// templates run it (`start manifest.xml` / `stop manifest.xml`), for Excel desktop on Windows or
// Mac with this repo's HTTPS service (office-addin-dev-certs) as the dev server.
// It is fetched by npx at a pinned version rather than kept in devDependencies: its peer
// @microsoft/m365agentstoolkit-cli needs the native keytar, whose build fails on Linux without
// libsecret or github.com, and `npm ci` must keep working there (CI, closed networks).
import { spawnSync } from 'node:child_process';

const DEBUGGING = 'office-addin-debugging@7.0.0';
const action = process.argv[2];

if (action !== 'start' && action !== 'stop') {
  console.error('usage: node addin/sideload.mjs start|stop');
  process.exit(2);
}
if (process.platform !== 'win32' && process.platform !== 'darwin') {
  console.error(
    `サイドロードには Windows か Mac の Excel デスクトップ版が必要です(このマシンは ${process.platform})。` +
      'Excel on the web では[個人用アドイン] → [個人用アドインのアップロード]で manifest.xml を読み込んでください。\n' +
      `Sideloading needs Excel desktop on Windows or macOS (this machine: ${process.platform}); ` +
      'in Excel on the web upload manifest.xml under My Add-ins > Upload My Add-in.',
  );
  process.exit(2);
}
const args =
  action === 'start'
    ? [
        'start',
        'manifest.xml',
        'desktop',
        '--app',
        'excel',
        '--dev-server',
        'npm run start:https',
        '--dev-server-port',
        '3000',
      ]
    : ['stop', 'manifest.xml', 'desktop'];
// npx is a .cmd on Windows: it needs a shell there.
const run = spawnSync('npx', ['--yes', DEBUGGING, ...args], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(run.status ?? 1);
