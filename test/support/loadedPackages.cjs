// Preloaded (`NODE_OPTIONS=--require`) into a lucheck process by test/cli/commandLoading.test.ts:
// when the process exits, writes to stderr the npm packages whose CommonJS files it loaded.
const Module = require('node:module');

process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(Module._cache)) {
    const parts = file.split('/node_modules/');
    if (parts.length < 2) continue;
    const path = parts[parts.length - 1].split('/');
    packages.add(path[0].startsWith('@') ? `${path[0]}/${path[1]}` : path[0]);
  }
  process.stderr.write(`loaded packages: ${[...packages].sort().join(' ')}\n`);
});
