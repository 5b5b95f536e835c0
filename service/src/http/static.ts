import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router, type Request } from 'express';
import type { Config } from '../config';

const require = createRequire(import.meta.url);
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const MANIFEST_ORIGIN = 'https://localhost:3000';

export interface StaticOptions {
  config: Config;
  /** Project root: where manifest.xml and dist/ are. */
  root: string;
}

/** The origin manifest URLs should point at: the configured one, else the one the request came to. */
function publicOrigin(req: Request, config: Config): string {
  if (config.PUBLIC_ORIGIN) return new URL(config.PUBLIC_ORIGIN).origin;
  return `${req.protocol}://${req.get('host')}`;
}

function escapeXmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The add-in's files, the drop page at `/`, office.js (from the npm package: closed municipal
 * networks cannot reach Microsoft's CDN) and manifest.xml rewritten for this host.
 */
export function staticRouter({ config, root }: StaticOptions): Router {
  const router = Router();
  const dist = path.join(root, 'dist');
  const officeJsDir = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');
  const officeJsUrl = config.OFFICE_JS_SOURCE === 'cdn' ? OFFICE_JS_CDN : '/office-js/office.js';
  const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
  const pages = new Map<string, string>();
  for (const page of ['taskpane.html', 'commands.html']) {
    pages.set(
      page,
      fs.readFileSync(path.join(dist, 'addin', page), 'utf8').replaceAll('{{OFFICE_JS}}', officeJsUrl),
    );
  }

  router.get('/manifest.xml', (req, res) => {
    const origin = escapeXmlAttr(publicOrigin(req, config));
    res.type('application/xml').send(manifest.replaceAll(MANIFEST_ORIGIN, origin));
  });
  for (const [page, html] of pages)
    router.get(`/addin/${page}`, (_req, res) => void res.type('html').send(html));
  router.get('/', (_req, res) => res.sendFile(path.join(dist, 'addin', 'index.html')));
  router.use('/addin', express.static(path.join(dist, 'addin'), { index: false }));
  router.use('/web', express.static(path.join(dist, 'web'), { index: false }));
  if (config.OFFICE_JS_SOURCE === 'local')
    router.use('/office-js', express.static(officeJsDir, { index: false, maxAge: '1d' }));
  return router;
}
