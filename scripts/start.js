// npm start, first step. Plain JavaScript on purpose: a Node.js older than 24 cannot load a
// .ts file at all ("Unknown file extension .ts"), so the version is checked before any is loaded.
const major = Number(process.versions.node.split('.')[0]);

if (major < 24) {
  process.stderr.write(
    `Tandem needs Node.js 24 or newer; this is Node.js ${process.versions.node}.\n\n` +
      'To get it:\n' +
      '  . scripts/ensure-node24.sh     installs Node.js 24 from the npm registry into a cache folder\n' +
      '                                 and puts it first on PATH in this shell; then npm ci && npm start\n' +
      '  or install Node.js 24 LTS from https://nodejs.org (or with nvm: nvm install 24).\n',
  );
  process.exit(1);
}

await import('./start.ts');
