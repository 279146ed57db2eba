import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The web app. Built into dist/web and served by the Tandem server; `npm run dev:web` serves it
// with hot reload and forwards /api to a server started with `npm start`.
export default defineConfig(({ command }) => ({
  // Always the production build of React, even when the build runs under the test runner
  // (which sets NODE_ENV=test).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  root: resolve(import.meta.dirname, 'src/web'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // React libraries mark themselves "use client" for server components; irrelevant here.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
}));
