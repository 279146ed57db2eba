// npm start: builds the web app when it is missing or stale, then starts the server.
import { ensureWebBuild } from './web-build.ts';

try {
  await ensureWebBuild(false, (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  process.stderr.write(
    `The web app could not be built: ${(error as Error).message}\n` +
      'Install the development dependencies too (npm ci, without --omit=dev), or build once with npm run build.\n',
  );
  process.exit(1);
}
await import('../src/main.ts');
