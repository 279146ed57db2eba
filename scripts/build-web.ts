// npm run build: builds the web app (always with --force, otherwise only when stale).
import { ensureWebBuild } from './web-build.ts';

await ensureWebBuild(process.argv.includes('--force'), (line) => process.stdout.write(`${line}\n`));
