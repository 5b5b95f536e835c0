import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router } from 'express';
import type { Config } from '../config';
import { bundleAssets } from './assets';

const require = createRequire(import.meta.url);
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const MANIFEST_ORIGIN = 'https://localhost:3000';

export interface StaticOptions {
  config: Config;
  /** Project root: where manifest.xml and dist/ are. */
  root: string;
  /** Whether this process serves HTTPS itself (`--https`). */
  https: boolean;
}

/**
 * The origin manifest URLs point at: PUBLIC_ORIGIN, else the one this process listens on. Never the
 * request's Host header: anyone could then have the service hand out a manifest pointing elsewhere.
 */
export function manifestOrigin(config: Config, https: boolean): string {
  if (config.PUBLIC_ORIGIN) return new URL(config.PUBLIC_ORIGIN).origin;
  const wildcard = ['0.0.0.0', '::', ''].includes(config.HOST);
  const host = wildcard ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `${https ? 'https' : 'http'}://${host}:${config.PORT}`;
}

function escapeXmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The add-in's files, the drop page at `/`, the planning office's console at `/console`, office.js (from the npm package: closed municipal
 * networks cannot reach Microsoft's CDN) and manifest.xml rewritten for this host.
 */
export function staticRouter({ config, root, https }: StaticOptions): Router {
  const router = Router();
  const dist = path.join(root, 'dist');
  const officeJsDir = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');
  const officeJsUrl = config.OFFICE_JS_SOURCE === 'cdn' ? OFFICE_JS_CDN : '/office-js/office.js';
  const manifest = fs
    .readFileSync(path.join(root, 'manifest.xml'), 'utf8')
    .replaceAll(MANIFEST_ORIGIN, escapeXmlAttr(manifestOrigin(config, https)));
  const bundles = bundleAssets(dist, ['addin', 'web', 'console']);
  const page = (name: string) =>
    bundles.rewrite(
      fs.readFileSync(path.join(dist, 'addin', name), 'utf8').replaceAll('{{OFFICE_JS}}', officeJsUrl),
    );
  const pages = new Map<string, string>();
  for (const name of ['taskpane.html', 'commands.html']) pages.set(`/addin/${name}`, page(name));
  pages.set('/', page('index.html'));
  pages.set('/console', page('console.html'));

  // The planning office's old read-only page: its bookmarks land on the console that replaced it.
  router.get('/status', (_req, res) => res.redirect(301, '/console'));
  router.get('/manifest.xml', (_req, res) => {
    res.type('application/xml').send(manifest);
  });
  // Pages name the hashed bundles: revalidated on every load (ETag), so a new build shows at once.
  for (const [url, html] of pages)
    router.get(url, (_req, res) => void res.type('html').set('Cache-Control', 'no-cache').send(html));
  router.use(bundles.router);
  router.use('/addin', express.static(path.join(dist, 'addin'), { index: false }));
  router.use('/web', express.static(path.join(dist, 'web'), { index: false }));
  router.use('/console', express.static(path.join(dist, 'console'), { index: false }));
  if (config.OFFICE_JS_SOURCE === 'local')
    router.use('/office-js', express.static(officeJsDir, { index: false, maxAge: '1d' }));
  return router;
}
