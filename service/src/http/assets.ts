import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';

/** A bundle as served: its bytes, and the compressed copies addin/build.mjs wrote next to it. */
interface Asset {
  url: string;
  hashedUrl: string;
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const BUNDLE = /\.(js|css)$/;

/** A precompressed copy, unless it is older than the file (a build that stopped half way). */
function compressedCopy(file: string, suffix: '.br' | '.gz'): Buffer | null {
  const copy = file + suffix;
  if (!fs.existsSync(copy) || fs.statSync(copy).mtimeMs < fs.statSync(file).mtimeMs) return null;
  return fs.readFileSync(copy);
}

function loadAssets(dist: string, dirs: string[]): Asset[] {
  return dirs.flatMap((dir) =>
    fs.existsSync(path.join(dist, dir))
      ? fs
          .readdirSync(path.join(dist, dir))
          .filter((name) => BUNDLE.test(name))
          .map((name): Asset => {
            const file = path.join(dist, dir, name);
            const identity = fs.readFileSync(file);
            const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
            const ext = path.extname(name);
            return {
              url: `/${dir}/${name}`,
              hashedUrl: `/${dir}/${name.slice(0, -ext.length)}.${hash}${ext}`,
              type: ext,
              etag: `"${hash}"`,
              identity,
              br: compressedCopy(file, '.br'),
              gzip: compressedCopy(file, '.gz'),
            };
          })
      : [],
  );
}

/**
 * The browser bundles (task pane, drop page): compressed when the browser accepts it (brotli, else
 * gzip, both made at build time), under a content-hashed name cached for a year, and under their
 * plain names revalidated with an ETag. `rewrite` points an HTML page at the hashed names, so a
 * page (never cached without revalidation) always loads the bundles it was built with.
 */
export function bundleAssets(
  dist: string,
  dirs: string[],
): { router: Router; rewrite(html: string): string } {
  const assets = loadAssets(dist, dirs);
  const router = Router();
  const send = (asset: Asset, cacheControl: string) => (req: Request, res: Response) => {
    res.type(asset.type).set({ 'Cache-Control': cacheControl, ETag: asset.etag, Vary: 'Accept-Encoding' });
    if (req.fresh) return void res.status(304).end();
    // Brotli when accepted at all (browsers list gzip first), else gzip, else the bytes as they are.
    const accepts = (encoding: string) => req.acceptsEncodings(encoding) === encoding;
    const [encoding, body] =
      asset.br && accepts('br')
        ? ['br', asset.br]
        : asset.gzip && accepts('gzip')
          ? ['gzip', asset.gzip]
          : [null, asset.identity];
    if (encoding) res.set('Content-Encoding', encoding);
    res.send(body);
  };
  for (const asset of assets) {
    router.get(asset.hashedUrl, send(asset, IMMUTABLE));
    router.get(asset.url, send(asset, 'no-cache'));
  }
  return {
    router,
    rewrite: (html) => assets.reduce((page, a) => page.replaceAll(`"${a.url}"`, `"${a.hashedUrl}"`), html),
  };
}
