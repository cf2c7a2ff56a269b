/**
 * The real thing for the end-to-end test: a workspace copied from examples/ (a git repository, so
 * the review diff has a HEAD), JupyterLab started by image/start with the sidecar behind
 * jupyter-server-proxy, and Debian's headless Chromium driven by playwright-core.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = join(repo, 'lab-extension/ui-tests/artifacts');
export const venv = process.env.JUPYSHIP_VENV || join(repo, '.venv');
const TOKEN = 'e2e-token';

/** The port in the Jupyter server's runtime file (jpserver-<pid>.json, written once it listens), or 0 before. */
function serverPort(runtime) {
  if (!existsSync(runtime)) {
    return 0;
  }
  for (const name of readdirSync(runtime).filter(n => /^jpserver-\d+\.json$/.test(n))) {
    try {
      return JSON.parse(readFileSync(join(runtime, name), 'utf8')).port || 0;
    } catch {
      // half written: read again on the next turn
    }
  }
  return 0;
}

/** A notebook of `count` small code cells, for the typing test. */
export function bigNotebook(count) {
  const cells = Array.from({ length: count }, (_, i) => ({
    cell_type: 'code', execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source: `value_${i} = ${i}\nprint(value_${i})`
  }));
  return { cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
}

/** The workspace: examples plus the 200-cell notebook, committed. A launcher wrapper lets the test take the sidecar down. */
export function makeWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'jupyship-e2e-'));
  const workspace = join(root, 'work');
  cpSync(join(repo, 'examples'), workspace, { recursive: true });
  writeFileSync(join(workspace, 'big.ipynb'), JSON.stringify(bigNotebook(200), null, 1) + '\n');
  const git = (...args) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: workspace, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'examples');
  // While the flag file exists the "sidecar" waits without listening: down, as far as the proxy can tell.
  const downFlag = join(root, 'sidecar-down');
  const launcher = join(root, 'launcher');
  writeFileSync(launcher, `#!/usr/bin/env bash\nwhile [ -e '${downFlag}' ]; do sleep 0.2; done\nexec '${join(repo, 'bin/jupyship')}' "$@"\n`, { mode: 0o755 });
  const teamSnippets = join(root, 'team-snippets');
  mkdirSync(teamSnippets);
  return { root, workspace, downFlag, launcher, teamSnippets };
}

export async function startJupyterLab(space) {
  mkdirSync(artifacts, { recursive: true });
  const log = openSync(join(artifacts, 'jupyterlab.log'), 'w');
  const env = {
    ...process.env,
    JUPYSHIP_HOME: repo,
    JUPYSHIP_VENV: venv,
    JUPYSHIP_WORKSPACE: space.workspace,
    JUPYSHIP_IP: '127.0.0.1',
    JUPYSHIP_LAUNCHER: space.launcher,
    // Where "Save Cells as Snippet" puts new snippets, as a team folder does in a pod.
    JUPYSHIP_TEAM_SNIPPETS: space.teamSnippets,
    JUPYTER_CONFIG_DIR: join(space.root, 'jupyter-config'),
    JUPYTER_RUNTIME_DIR: join(space.root, 'jupyter-runtime'),
    // The sidecars' runtime files too (the tests kill sidecars, which leave theirs): not in the user's home.
    JUPYSHIP_RUNTIME_DIR: join(space.root, 'jupyship-runtime')
  };
  // No "official Jupyter news?" prompt over the screenshots.
  const settings = join(env.JUPYTER_CONFIG_DIR, 'lab/user-settings/@jupyterlab/apputils-extension');
  mkdirSync(settings, { recursive: true });
  writeFileSync(join(settings, 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false' }));
  // Port 0: the server binds a port of its own choosing and names it in its runtime file.
  const lab = spawn(join(repo, 'image/start'), ['lab', '--ServerApp.port=0', `--IdentityProvider.token=${TOKEN}`], {
    cwd: space.workspace, env, stdio: ['ignore', log, log], detached: true
  });
  let port = 0;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (lab.exitCode !== null) {
      throw new Error(`JupyterLab exited with ${lab.exitCode}; see ${join(artifacts, 'jupyterlab.log')}`);
    }
    port = port || serverPort(env.JUPYTER_RUNTIME_DIR);
    try {
      const answer = port && await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `token ${TOKEN}` } });
      if (answer && answer.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error('JupyterLab did not start in 180 s');
    }
    await new Promise(r => setTimeout(r, 250));
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url, env, token: TOKEN,
    /** Stops its process group (JupyterLab, the sidecar, kernels) and waits until JupyterLab is gone. */
    async stop() {
      const signal = name => {
        try {
          process.kill(-lab.pid, name);
        } catch {
          // already gone
        }
      };
      if (lab.exitCode !== null || lab.signalCode !== null) {
        return;
      }
      const exited = new Promise(done => lab.once('exit', done));
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
}

/** Playwright gives the browser a fresh, empty profile of its own (a new user-data-dir) each launch. */
export async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  });
  return { browser, close: () => browser.close() };
}

/** `jupyter labextension list` as a person reads it (it prints to stderr), colours removed. */
export function labextensionList(env) {
  const result = spawnSync(join(venv, 'bin/jupyter'), ['labextension', 'list'], { env, encoding: 'utf8' });
  return (result.stdout + result.stderr).replace(/\u001b\[[0-9;]*m/g, '');
}
