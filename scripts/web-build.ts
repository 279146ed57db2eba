// Builds the web app with Vite into dist/web, pre-compresses it (brotli and gzip, so that the
// server sends small files without compressing on every request), and records the source files
// that went into it, so that `npm start` rebuilds only when one of them changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
export const WEB_OUT = join(ROOT, 'dist/web');
const STAMP = join(WEB_OUT, '.build-inputs.json');
const ALWAYS = ['vite.config.ts', 'package-lock.json', 'src/web/index.html', 'src/web/tsconfig.json'];

type Stamp = { files: Record<string, string> };

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Why the build must be redone, or null when dist/web matches its sources. */
export function staleReason(): string | null {
  if (!existsSync(join(WEB_OUT, 'index.html')) || !existsSync(STAMP)) return 'no build yet';
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as Stamp;
  for (const [file, hash] of Object.entries(stamp.files)) {
    const path = join(ROOT, file);
    if (!existsSync(path)) return `${file} was removed`;
    if (digest(path) !== hash) return `${file} changed`;
  }
  return null;
}

export async function buildWeb(): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  const { build } = await import('vite');
  const inputs = new Set<string>(ALWAYS);
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    plugins: [
      {
        name: 'tandem-record-inputs',
        generateBundle() {
          for (const id of this.getModuleIds()) {
            const file = id.split('?')[0]!;
            if (file.startsWith(ROOT) && !file.includes('/node_modules/') && existsSync(file)) {
              inputs.add(relative(ROOT, file));
            }
          }
        },
      },
    ],
  });
  const files = precompress(WEB_OUT);
  const stamp: Stamp = { files: Object.fromEntries([...inputs].sort().map((f) => [f, digest(join(ROOT, f))])) };
  writeFileSync(STAMP, JSON.stringify(stamp, null, 1));
  return { files, ms: Math.round(performance.now() - started) };
}

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt)$/;

function precompress(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      count += precompress(path);
    } else if (COMPRESSIBLE.test(entry) && !entry.startsWith('.')) {
      const data = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      count++;
    }
  }
  return count;
}

/** Builds when the build is missing or stale (or always with force). */
export async function ensureWebBuild(force = false, log: (line: string) => void = () => {}): Promise<void> {
  const reason = force ? 'requested' : staleReason();
  if (reason === null) return;
  log(`Building the web app (${reason})…`);
  const { files, ms } = await buildWeb();
  log(`Web app built: ${files} files in ${(ms / 1000).toFixed(1)} s.`);
}
