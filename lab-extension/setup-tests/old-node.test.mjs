/**
 * The extension's set-up on a machine whose own Node.js is too old for its tools (Debian 12's 18.20.4,
 * the real binary, first on PATH): scripts/build-lab-extension must still complete, with the Node.js
 * that scripts/setup-node fetches from the npm registry, and a bad download must never be taken for
 * a whole one. Each run fetches the fallback into an empty cache, so the cold path is what is tested.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const setupNode = join(repo, 'scripts/setup-node');
const DEBIAN_12_NODE = '18.20.4';
const FALLBACK = /using Node\.js (\d+\.\d+\.\d+)/;

let scratch;
let oldNodeBin;

/** Runs a script with `env` over this process's environment; its status, stdout and stderr. */
function run(script, args, env) {
  const result = spawnSync(script, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

/** The PATH of a Debian 12 machine: its Node.js 18 (npm runs on it too) before everything else. */
const debian12Path = () => `${oldNodeBin}:${process.env.PATH}`;

/** `major.minor.patch` at least `minimum`. */
function atLeast(version, minimum) {
  const [a, b] = [version, minimum].map(v => v.split('.').map(Number));
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'jupyship-old-node-'));
  const fetched = run(setupNode, ['--pinned', DEBIAN_12_NODE], {});
  assert.equal(fetched.status, 0, `setup-node --pinned ${DEBIAN_12_NODE} failed:\n${fetched.stderr}`);
  oldNodeBin = fetched.stdout;
  const version = run(join(oldNodeBin, 'node'), ['--version'], {});
  assert.equal(version.stdout, `v${DEBIAN_12_NODE}`);
});

// The copy's 28,000 files in node_modules took a minute to delete on a loaded machine: rm works on after the test.
after(() => spawn('rm', ['-rf', scratch], { detached: true, stdio: 'ignore' }).unref());

test('build-lab-extension completes with Node.js 18 first on PATH, on a fetched Node.js 20.10+', { timeout: 20 * 60_000 }, () => {
  // A fresh copy of what the set-up reads, without node_modules, so npm ci runs on the fetched Node too.
  const root = join(scratch, 'checkout');
  for (const script of ['build-lab-extension', 'setup-node']) {
    cpSync(join(repo, 'scripts', script), join(root, 'scripts', script));
  }
  for (const part of ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'schema', 'style']) {
    cpSync(join(repo, 'lab-extension', part), join(root, 'lab-extension', part), { recursive: true });
  }
  const cache = join(scratch, 'cache');
  const labextensions = join(scratch, 'labextensions');
  const venv = process.env.JUPYSHIP_VENV || join(repo, '.venv');   // the copy has none: the checkout's JupyterLab
  const env = { PATH: debian12Path(), XDG_CACHE_HOME: cache, JUPYSHIP_LABEXTENSIONS: labextensions, JUPYSHIP_VENV: venv };
  assert.equal(run('node', ['--version'], env).stdout, `v${DEBIAN_12_NODE}`, 'the old Node.js is not first on PATH');

  const started = Date.now();
  const build = run(join(root, 'scripts/build-lab-extension'), [], env);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  assert.equal(build.status, 0, `build-lab-extension failed with Node.js ${DEBIAN_12_NODE} first on PATH:\n${build.stderr}`);

  const fallback = build.stderr.match(FALLBACK)?.[1];
  assert.ok(fallback, `setup-node did not say it replaced Node.js ${DEBIAN_12_NODE}:\n${build.stderr}`);
  const nodeBin = join(cache, 'jupyship', `node-${fallback}`, 'bin');
  assert.match(build.stderr, /build-lab-extension: npm ci/, 'npm ci did not run in the fresh copy');
  const used = build.stderr.match(/building jupyship-lab with Node\.js v(\d+\.\d+\.\d+) \(([^)]+)\)/);
  assert.ok(used, `build-lab-extension did not say which Node.js built:\n${build.stderr}`);
  assert.ok(atLeast(used[1], '20.10.0') >= 0, `built with Node.js ${used[1]}, older than 20.10.0`);
  assert.equal(used[2], join(nodeBin, 'node'), 'built with another node than the fetched one');
  for (const file of ['package.json', '.jupyship-build.sha256', 'install.json']) {
    assert.ok(existsSync(join(labextensions, 'jupyship-lab', file)), `the installed extension has no ${file}`);
  }
  console.log(`# build-lab-extension with Node.js ${DEBIAN_12_NODE} first on PATH: ${seconds} s (fetch of ${used[1]}, npm ci, build)`);

  // Cached: the next set-up answers from the cache, with the registry out of reach.
  const again = run(setupNode, [], { ...env, JUPYSHIP_NPM_REGISTRY: 'http://127.0.0.1:9' });
  assert.equal(again.status, 0, `setup-node did not reuse the cached Node.js:\n${again.stderr}`);
  assert.equal(again.stdout, nodeBin);
});

for (const [what, answer] of [
  ['a tampered download', response => response.end('not the node binary')],
  ['a download cut short', response => {
    response.writeHead(200, { 'content-length': 45_000_000 });
    response.write(Buffer.alloc(1 << 16));
    response.destroy();
  }]
]) {
  test(`${what} is refused and leaves no Node.js in the cache`, async () => {
    const registry = createServer((request, response) => answer(response));
    await new Promise(started => registry.listen(0, '127.0.0.1', started));
    try {
      const cache = mkdtempSync(join(scratch, 'cache-'));
      const env = { PATH: debian12Path(), XDG_CACHE_HOME: cache, JUPYSHIP_NPM_REGISTRY: `http://127.0.0.1:${registry.address().port}` };
      // Not spawnSync: the registry answers from this process.
      const result = await new Promise(done => {
        const child = spawn(setupNode, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', chunk => { stderr += chunk; });
        child.on('close', status => done({ status, stderr }));
      });
      assert.notEqual(result.status, 0, 'setup-node accepted it');
      assert.match(result.stderr, /setup-node: (.* is not the pinned file|could not download)/);
      mkdirSync(join(cache, 'jupyship'), { recursive: true });
      assert.deepEqual(readdirSync(join(cache, 'jupyship')), [], 'something was left in the cache');
    } finally {
      registry.close();
    }
  });
}
