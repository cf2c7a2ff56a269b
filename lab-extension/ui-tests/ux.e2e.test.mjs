/**
 * End to end, the first tranche of issue 18, in a real JupyterLab with the real sidecar in headless
 * Chromium: ruff's findings on notebooks older than nbformat 4.5 (an example made old, and a real
 * notebook from ../shared/corpus), the review of unsaved edits, the deploy dialog that keeps input
 * and shows defaults, cancel and rerun from the run view and the runs sidebar, a run that outlives a
 * killed sidecar and is followed again, a lost run without a dead link, a succeeded run whose
 * metrics break the contract, one cell numbering with go-to-cell links, and the continuous-training
 * loop (a schedule from the deploy dialog, a promotion and a refusal notified and charted). Screenshots of each step land in ui-tests/artifacts/ux/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { artifacts, launchChromium, makeWorkspace, repo, startJupyterLab, venv } from './jupyterlab.mjs';

const shots = join(artifacts, 'ux');
const shared = resolve(repo, '../shared');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Real notebooks older than nbformat 4.5: a library's documentation, and a recommender's quick start. */
const CORPUS_NOTEBOOKS = {
  'corpus.ipynb': 'jupyter__nbconvert/docs__source__nbconvert_library.ipynb',
  'corpus_recommender.ipynb': 'recommenders-team__recommenders/examples__00_quick_start__ncf_movielens.ipynb'
};

let space, lab, chromium, page;
let step = 0;

async function shot(name) {
  step++;
  await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`) });
}

/** The sidecar's API through the proxy, as the browser reaches it. */
async function api(path, { method = 'GET', body } = {}) {
  const answer = await fetch(`${lab.url}/jupyship/api/${path}`, {
    method,
    headers: { Authorization: `token ${lab.token}`, ...(body === undefined ? { 'X-Jupyship-Client': 'e2e' } : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  });
  const text = await answer.text();
  assert.ok(answer.ok, `${method} ${path}: ${answer.status} ${text}`);
  return JSON.parse(text);
}

async function open(path) {
  await page.goto(`${lab.url}/lab/tree/${path}?reset&token=${lab.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout: 60_000 });
  await notebook().locator('.jp-Cell').first().waitFor({ timeout: 30_000 });
}

function notebook() {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
}

async function openSidePanel(id) {
  const tab = page.locator(`.lm-TabBar-tab[data-id="${id}"]`);
  if (!(await tab.getAttribute('class')).includes('lm-mod-current')) {
    await tab.click();
  }
}

/** The notebook index of the active cell (JupyterLab renders long notebooks in windows, so read its own index). */
function activeCellIndex() {
  return page.evaluate(() => {
    const active = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-mod-active');
    return active ? Number(active.getAttribute('data-windowed-list-index')) : -1;
  });
}

async function waitForActiveCell(index) {
  await page.waitForFunction(i => {
    const active = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-mod-active');
    return active && Number(active.getAttribute('data-windowed-list-index')) === i;
  }, index, { timeout: 30_000 });
}

function commit(message) {
  const git = (...args) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: space.workspace, stdio: 'pipe' });
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

/** A notebook as nbformat 4.4 writes it: no cell ids. */
function asOldFormat(notebook) {
  return { ...notebook, nbformat_minor: 4, cells: notebook.cells.map(({ id: _id, ...cell }) => cell) };
}

/** Waits until a notebook has `count` runs (a click's request may still be on its way), and answers them. */
async function awaitRuns(notebook, count) {
  for (;;) {
    const { runs } = await api(`runs?notebook=${encodeURIComponent(notebook)}`);
    if (runs.length >= count) {
      return runs;
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Waits until a run has reached one of the statuses, and answers it. */
async function awaitRun(id, statuses) {
  for (;;) {
    const run = await api(`runs/${id}`);
    if (statuses.includes(run.status)) {
      return run;
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

before(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  space = makeWorkspace();
  // An example as an older JupyterLab or Jupyter Notebook saves it (nbformat 4.4, no cell ids), with an import ruff reports.
  const example = JSON.parse(readFileSync(join(space.workspace, 'broken/cell_error.ipynb'), 'utf8'));
  example.cells[2].source = [].concat(example.cells[2].source).join('') + '\nimport sys';
  writeFileSync(join(space.workspace, 'old_format.ipynb'), JSON.stringify(asOldFormat(example), null, 1) + '\n');
  // A run that goes on until it is cancelled or its process dies.
  writeFileSync(join(space.workspace, 'sleeper.ipynb'), JSON.stringify({
    cells: [
      { cell_type: 'code', execution_count: null, id: 'start', metadata: {}, outputs: [], source: 'import time\nprint("started", flush=True)' },
      { cell_type: 'code', execution_count: null, id: 'loop', metadata: {}, outputs: [], source: 'for i in range(600):\n    print("tick", i, flush=True)\n    time.sleep(0.5)' }
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5
  }, null, 1) + '\n');
  cpSync(join(space.workspace, 'quickstart.ipynb'), join(space.workspace, 'deploy_refused.ipynb'));
  // Defines `model` only: a snippet that also reads X_valid and y_valid is not ready to go below it.
  writeFileSync(join(space.workspace, 'snippet_target.ipynb'), JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: null, id: 'model', metadata: {}, outputs: [], source: 'model = None' }],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5
  }, null, 1) + '\n');
  // Its rmse scales with a parameter: two runs, and the second's metrics move.
  writeFileSync(join(space.workspace, 'drift.ipynb'), JSON.stringify({
    cells: [
      { cell_type: 'code', execution_count: null, id: 'parameters', metadata: { tags: ['parameters'] }, outputs: [], source: 'output_dir = "outputs"\nscale = 1.0' },
      { cell_type: 'code', execution_count: null, id: 'metrics', metadata: {}, outputs: [],
        source: 'import json\nimport os\n\nos.makedirs(output_dir, exist_ok=True)\nwith open(os.path.join(output_dir, "metrics.json"), "w") as f:\n    json.dump({"rmse": 0.097 * scale, "r2": 0.9}, f)' }
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5
  }, null, 1) + '\n');
  // Noisy on purpose: an undefined name both we and ruff report, three empty cells, a local path, an unused import.
  const code = (id, source) => ({ cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source });
  writeFileSync(join(space.workspace, 'noisy.ipynb'), JSON.stringify({
    cells: [
      { cell_type: 'markdown', id: 'title', metadata: {}, source: '# Noisy' },
      code('imports', 'import os\nimport json\nprint(json.dumps({}))'),
      code('undefined', 'print(undefined_name)'),
      code('empty-1', ''),
      code('empty-2', ''),
      code('empty-3', ''),
      code('local-path', 'text = open("/home/ana/data.csv").read()')
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5
  }, null, 1) + '\n');
  if (existsSync(shared)) {
    for (const [name, source] of Object.entries(CORPUS_NOTEBOOKS)) {
      cpSync(join(shared, 'corpus/notebooks', source), join(space.workspace, name));
    }
  }
  commit('e2e notebooks');
  lab = await startJupyterLab(space);
  chromium = await launchChromium();
  page = await chromium.browser.newPage({ viewport: { width: 1500, height: 950 } });
});

after(async () => {
  if (page) {
    await shot('end').catch(() => undefined);
  }
  await chromium?.close();
  await lab?.stop();
  if (space && !process.env.JUPYSHIP_KEEP) {
    rmSync(space.root, { recursive: true, force: true });
  }
});

/** The panel shows every finding the sidecar gives for the saved file, ruff's too, though none has a cell id. */
async function assertAllFindingsShown(path) {
  const report = await api(`lint?path=${encodeURIComponent(path)}`, { method: 'POST', body: readFileSync(join(space.workspace, path), 'utf8') });
  const ruff = report.findings.filter(f => f.source !== 'jupyship');
  assert.ok(ruff.length > 0, `ruff finds something in ${path}`);
  assert.ok(report.findings.every(f => f.cellId === null), 'an old notebook: the sidecar answers no cell ids');
  await openSidePanel('jupyship-lint-panel');
  await page.locator('.jp-jupyship-lint-status', { hasText: /error|warning|note|finding/ }).waitFor({ timeout: 60_000 });
  // A ruff finding is a row of its own, or folded into ours at the same spot (.jp-jupyship-also): either way shown.
  await page.waitForFunction(n => document.querySelectorAll('.jp-jupyship-lint-panel .jp-jupyship-standard[data-rule]').length === n,
    ruff.length, { timeout: 60_000 });
  for (const f of ruff) {
    const row = page.locator(`.jp-jupyship-group[data-cell="${f.cell}"] .jp-jupyship-standard[data-rule="${f.rule}"]`);
    assert.equal(await row.count(), ruff.filter(g => g.cell === f.cell && g.rule === f.rule).length, `${f.rule} in cell ${f.cell + 1}`);
    assert.equal(await page.locator(`.jp-jupyship-group[data-cell="${f.cell}"] .jp-jupyship-group-title .jp-jupyship-cell-link`).textContent(), `Cell ${f.cell + 1}`);
  }
  return ruff;
}

test('ruff\'s findings show on an example saved as nbformat 4.4, and lead to their cell', async () => {
  await open('old_format.ipynb');
  const ruff = await assertAllFindingsShown('old_format.ipynb');
  await shot('old-format-example-findings');
  const last = ruff[ruff.length - 1];
  await notebook().locator('.jp-Cell').first().click();
  await page.locator(`.jp-jupyship-group[data-cell="${last.cell}"] .jp-jupyship-standard[data-rule="${last.rule}"] .jp-jupyship-message`).first().click();
  await waitForActiveCell(last.cell);
});

test('ruff\'s findings show on real notebooks from the corpus (nbformat 4.4), and the cell links go there',
  { skip: !existsSync(shared) && `no corpus at ${shared}` }, async () => {
    for (const name of Object.keys(CORPUS_NOTEBOOKS)) {
      const saved = JSON.parse(readFileSync(join(space.workspace, name), 'utf8'));
      assert.ok(saved.nbformat === 4 && saved.nbformat_minor < 5, `${name} is older than nbformat 4.5`);
      await open(name);
      const ruff = await assertAllFindingsShown(name);
      await shot(`${name}-findings`);
      const far = ruff.reduce((a, b) => (b.cell > a.cell ? b : a));
      await notebook().locator('.jp-Cell').first().click();
      await page.locator(`.jp-jupyship-group[data-cell="${far.cell}"] .jp-jupyship-cell-link`).click();
      await waitForActiveCell(far.cell);
      assert.equal(await activeCellIndex(), far.cell);
      await shot(`${name}-cell-link`);
    }
  });

/** The panel's finding rows, as rule@cell, in the order shown. */
function shownRows() {
  return page.evaluate(() => [...document.querySelectorAll('.jp-jupyship-lint-panel .jp-jupyship-finding')]
    .map(row => `${row.dataset.rule}@${row.closest('.jp-jupyship-group').dataset.cell}`));
}

test('the lint panel: errors first, one row where we and ruff report one spot, filters, a rule folded with its count, a badge, keys, and ignore in a line, a cell, the notebook and the project', async () => {
  const path = 'noisy.ipynb';
  await open(path);
  await openSidePanel('jupyship-lint-panel');
  const report = await api(`lint?path=${encodeURIComponent(path)}`, { method: 'POST', body: readFileSync(join(space.workspace, path), 'utf8') });
  const byRule = rule => report.findings.filter(f => f.rule === rule);
  assert.equal(byRule('JS102').length, 1, 'JS102 finds the undefined name');
  const [undefinedName] = byRule('JS102');
  assert.deepEqual(byRule('F821').map(f => [f.cell, f.line, f.column]), [[undefinedName.cell, undefinedName.line, undefinedName.column]], 'ruff reports the same spot');
  assert.equal(byRule('JS104').length, 3, 'three empty cells');
  const panel = page.locator('.jp-jupyship-lint-panel');
  await panel.locator('.jp-jupyship-finding[data-rule="JS102"] .jp-jupyship-also[data-rule="F821"]').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-lint-status')?.textContent.includes('ruff pending'), undefined, { timeout: 60_000 });

  // In the editor: the undefined name underlined as an error, the rule and message on hover.
  const underline = notebook().locator('.jp-Cell .cm-lintRange-error');
  await underline.first().waitFor({ timeout: 30_000 });
  assert.equal(await underline.first().textContent(), 'undefined_name');
  await underline.first().hover();
  await page.locator('.cm-tooltip-lint', { hasText: 'JS102' }).waitFor({ timeout: 10_000 });
  assert.ok((await notebook().locator('.jp-Cell .cm-lintRange-warning').count()) > 0, 'warnings underlined too');
  await shot('lint-underline-hover');
  await page.mouse.move(0, 0);

  // Errors first; the one spot is one row, ruff's report inside it.
  assert.equal(await panel.locator('.jp-jupyship-group').first().getAttribute('data-cell'), String(undefinedName.cell));
  assert.equal(await panel.locator('.jp-jupyship-finding[data-rule="F821"]').count(), 0, 'no row of its own for F821');
  const rows = await shownRows();
  const sameSpot = report.findings.filter(f => f.source !== 'jupyship' && report.findings.some(o =>
    o.source === 'jupyship' && !o.notebookLevel && o.cell === f.cell && o.line === f.line && o.column === f.column));
  assert.ok(sameSpot.some(f => f.rule === 'F821'));
  assert.equal(rows.length, report.findings.length - sameSpot.length, 'every finding shown once, ruff\'s at our spots inside our rows');
  assert.equal(await panel.locator('.jp-jupyship-also').count(), sameSpot.length);
  // The badge counts errors and warnings.
  const badge = report.findings.filter(f => f.severity !== 'info').length;
  assert.equal(await page.locator('.lm-TabBar-tab[data-id="jupyship-lint-panel"]').getAttribute('data-jupyship-count'), String(badge));
  await shot('lint-panel-errors-first');
  // Copy: the findings shown, one a line, as the CLI prints them.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.url });
  await panel.locator('.jp-jupyship-copy').click();
  const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  assert.equal(copied.length, report.findings.length);
  assert.match(copied[0], new RegExp(`^noisy\\.ipynb cell ${undefinedName.cell + 1} ${undefinedName.line}:${undefinedName.column} error JS102 `));

  // Severity filter: errors off and on again.
  await panel.locator('.jp-jupyship-filter-error').click();
  assert.equal(await panel.locator('.jp-jupyship-finding.jp-jupyship-error').count(), 0);
  assert.equal(await panel.locator('.jp-jupyship-filter-error').getAttribute('aria-pressed'), 'false');
  await panel.locator('.jp-jupyship-filter-error').click();
  assert.equal(await panel.locator('.jp-jupyship-finding.jp-jupyship-error').count(), 1);

  // By rule: the three JS104s are one folded line with its count, opened on a click.
  await panel.locator('.jp-jupyship-order').selectOption('rules');
  const empty = panel.locator('.jp-jupyship-group[data-rule="JS104"]');
  assert.match(await empty.locator('.jp-jupyship-group-title').textContent(), /JS104.*×3/);
  assert.equal(await empty.locator('.jp-jupyship-finding').count(), 0, 'folded');
  await shot('lint-panel-by-rule-folded');
  await empty.locator('.jp-jupyship-fold').click();
  await page.waitForFunction(() => document.querySelectorAll('.jp-jupyship-group[data-rule="JS104"] .jp-jupyship-finding').length === 3);
  // One rule only.
  await panel.locator('.jp-jupyship-rule-filter').selectOption('JS104');
  assert.deepEqual([...new Set((await shownRows()).map(r => r.split('@')[0]))], ['JS104']);
  await panel.locator('.jp-jupyship-rule-filter').selectOption('');
  await panel.locator('.jp-jupyship-order').selectOption('errors');

  // Keys: Down and End move between findings, Home goes back to the first, Enter goes to its cell.
  const focused = () => page.evaluate(() => document.activeElement?.classList.contains('jp-jupyship-finding')
    ? `${document.activeElement.dataset.rule}@${document.activeElement.closest('.jp-jupyship-group').dataset.cell}` : null);
  const order = await shownRows();
  await panel.locator('.jp-jupyship-finding').first().focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), order[1]);
  await page.keyboard.press('End');
  assert.equal(await focused(), order[order.length - 1]);
  await page.keyboard.press('Home');
  assert.equal(await focused(), `JS102@${undefinedName.cell}`);
  await page.keyboard.press('Enter');
  await waitForActiveCell(undefinedName.cell);

  // Ignore: the local path in its cell (metadata), the unused import on its line (# noqa); both gone, in the saved file too.
  const [localPath] = byRule('JS301');
  assert.ok(localPath, 'JS301 finds the local path');
  await panel.locator(`.jp-jupyship-group[data-cell="${localPath.cell}"] .jp-jupyship-finding[data-rule="JS301"] .jp-jupyship-ignore-cell`).click();
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-finding[data-rule="JS301"]'), undefined, { timeout: 60_000 });
  const unused = byRule('JS501')[0] ?? byRule('F401')[0];
  assert.ok(unused, 'the unused import is found');
  await panel.locator(`.jp-jupyship-group[data-cell="${unused.cell}"] .jp-jupyship-finding[data-rule="${unused.rule}"] .jp-jupyship-ignore-line`).first().click();
  await page.waitForFunction(rule => !document.querySelector(`.jp-jupyship-finding[data-rule="${rule}"]`), unused.rule, { timeout: 60_000 });
  // In the notebook: the three empty cells' JS104 at once, in the notebook's metadata.
  await panel.locator('.jp-jupyship-finding[data-rule="JS104"] .jp-jupyship-ignore-notebook').first().click();
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-finding[data-rule="JS104"]'), undefined, { timeout: 60_000 });
  // In the project: the missing parameters cell, added to pyproject.toml's list with its comments kept.
  const pyproject = join(space.workspace, 'pyproject.toml');
  writeFileSync(pyproject, '# the team\'s settings\n[tool.jupyship.lint]\nignore = [\n    "JS206",  # scratch files on purpose\n]\n');
  try {
    await panel.locator('.jp-jupyship-finding[data-rule="JS201"] .jp-jupyship-ignore-project').click();
    await page.waitForFunction(() => !document.querySelector('.jp-jupyship-finding[data-rule="JS201"]'), undefined, { timeout: 60_000 });
    assert.equal(readFileSync(pyproject, 'utf8'),
      '# the team\'s settings\n[tool.jupyship.lint]\nignore = [\n    "JS206",  # scratch files on purpose\n    "JS201",\n]\n');
  } finally {
    rmSync(pyproject); // the other tests lint with the defaults
  }
  await shot('lint-panel-ignored');
  await notebook().locator('.jp-Cell').first().click();
  await page.keyboard.press('Control+s');
  for (let i = 0; i < 300 && !readFileSync(join(space.workspace, path), 'utf8').includes('noqa'); i++) {
    await page.waitForTimeout(100);
  }
  const saved = JSON.parse(readFileSync(join(space.workspace, path), 'utf8'));
  assert.deepEqual(saved.cells[localPath.cell].metadata.jupyship, { ignore: ['JS301'] });
  assert.deepEqual(saved.metadata.jupyship, { ignore: ['JS104'] });
  assert.match([].concat(saved.cells[unused.cell].source).join(''), new RegExp(`^import os  # noqa: .*\\b${unused.rule}\\b`, 'm'));
  const after = await api(`lint?path=${encodeURIComponent(path)}`, { method: 'POST', body: readFileSync(join(space.workspace, path), 'utf8') });
  assert.deepEqual(after.findings.filter(f => f.rule === 'JS301' || f.rule === unused.rule), [], 'the sidecar agrees: both silenced');
});

test('the review exports and diffs what the editor has, unsaved edits included, and says so', async () => {
  const path = 'diabetes_regression.ipynb';
  await open(path);
  const cell = notebook().locator('.jp-Cell').nth(1);
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nunsaved_marker = 1');
  await page.locator('.lm-TabBar-tab.jp-mod-dirty').first().waitFor({ timeout: 10_000 });
  const runReview = async () => {
    await page.locator('.lm-MenuBar-itemLabel', { hasText: /^jupyship$/ }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: 'Review: Export and Diff against HEAD' }).click();
  };
  await runReview();
  const exported = page.locator('.jp-jupyship-export pre');
  await exported.waitFor({ timeout: 30_000 });
  assert.match(await exported.textContent(), /^unsaved_marker = 1$/m);
  await page.locator('.jp-jupyship-diff .jp-jupyship-added', { hasText: 'unsaved_marker = 1' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.jp-jupyship-export .jp-jupyship-review-source').getAttribute('data-source'), 'unsaved');
  assert.equal(await page.locator('.jp-jupyship-diff .jp-jupyship-review-source').getAttribute('data-source'), 'unsaved');
  assert.ok(!readFileSync(join(space.workspace, path), 'utf8').includes('unsaved_marker'), 'the file on disk does not have it');
  await shot('review-unsaved');

  await page.locator('.lm-TabBar-tab', { hasText: path }).first().click();
  await notebook().locator('.jp-Cell').nth(1).locator('.cm-content').click();
  await page.keyboard.press('Control+s');
  await page.locator('.lm-TabBar-tab.jp-mod-dirty').waitFor({ state: 'detached', timeout: 10_000 });
  await runReview();
  await page.locator('.jp-jupyship-export .jp-jupyship-review-source[data-source="saved"]').waitFor({ timeout: 30_000 });
  await page.locator('.jp-jupyship-diff .jp-jupyship-review-source[data-source="saved"]').waitFor({ timeout: 30_000 });
  await shot('review-saved');
});

test('the deploy dialog shows the defaults\' values, checks each field as it is typed, and loses nothing on an error', async () => {
  await open('quickstart.ipynb');
  await notebook().locator('.jp-jupyship-deploy-button').first().click();
  const dialog = page.locator('.jp-Dialog .jp-jupyship-deploy-dialog');
  await dialog.locator('.jp-jupyship-gate', { hasText: 'Gate: passes' }).waitFor({ timeout: 60_000 });
  const deployButton = page.locator('.jp-Dialog .jp-mod-accept');
  const seed = dialog.locator('input[name="seed"]');
  // Labelled fields, each with its default's value.
  for (const name of ['seed', 'run_date', 'slope_prior']) {
    const id = await dialog.locator(`input[name="${name}"]`).getAttribute('id');
    assert.equal(await dialog.locator(`label[for="${id}"]`).textContent(), name);
  }
  assert.equal(await seed.getAttribute('placeholder'), '42', 'the parameters cell\'s value');
  assert.equal(await dialog.locator('input[name="run_date"]').getAttribute('placeholder'), '"2026-01-01"');
  assert.equal(await dialog.locator('input[name="slope_prior"]').getAttribute('placeholder'), '0', 'the contract\'s default');
  assert.match(await dialog.locator('[data-param="seed"] .jp-jupyship-param-hint').textContent(), /int · default 42 \(parameters cell\)/);

  await seed.fill('abc');
  const error = dialog.locator('[data-param="seed"] .jp-jupyship-param-error');
  await error.waitFor();
  assert.equal(await error.textContent(), "seed must be a whole number, not 'abc'");
  assert.equal(await deployButton.isDisabled(), true);
  await dialog.locator('input[name="run_date"]').fill('2026-02-30');
  assert.equal(await dialog.locator('[data-param="run_date"] .jp-jupyship-param-error').textContent(), "run_date must be a date, YYYY-MM-DD, not '2026-02-30'");
  await shot('deploy-dialog-invalid');

  // Enter does not deploy either: the dialog stays, with everything typed.
  await seed.press('Enter');
  assert.equal(await page.locator('.jp-Dialog').count(), 1);
  assert.equal(await seed.inputValue(), 'abc');
  assert.equal(await dialog.locator('input[name="run_date"]').inputValue(), '2026-02-30');
  assert.equal((await api('runs?notebook=quickstart.ipynb')).runs.length, 0, 'nothing deployed');

  // Fixed, the same dialog deploys (JupyterLab's own check of the dialog agrees with ours).
  await seed.fill('7');
  await dialog.locator('input[name="run_date"]').fill('');
  await page.waitForFunction(() => !document.querySelector('.jp-Dialog .jp-mod-accept').disabled);
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  await page.locator('.jp-Dialog').waitFor({ state: 'detached', timeout: 10_000 });
  const runs = await awaitRuns('quickstart.ipynb', 1);
  assert.equal(runs.length, 1);
  assert.deepEqual((await api(`runs/${runs[0].id}`)).parameters, { seed: 7 });
  await awaitRun(runs[0].id, ['succeeded', 'failed']);
});

test('a deploy the sidecar refuses opens the dialog again with everything typed and the whole verdict', async () => {
  const path = 'deploy_refused.ipynb';
  await open(path);
  await notebook().locator('.jp-jupyship-deploy-button').first().click();
  const dialog = page.locator('.jp-Dialog .jp-jupyship-deploy-dialog');
  await dialog.locator('.jp-jupyship-gate', { hasText: 'Gate: passes' }).waitFor({ timeout: 60_000 });
  await dialog.locator('input[name="seed"]').fill('7');
  await dialog.locator('input[name="slope_prior"]').fill('0.25');
  // Meanwhile the contract on disk changes (a colleague's pull, another editor): seed may be 5 at most.
  const file = join(space.workspace, path);
  const changed = JSON.parse(readFileSync(file, 'utf8'));
  changed.metadata.jupyship.contract.parameters.seed.max = 5;
  writeFileSync(file, JSON.stringify(changed, null, 1) + '\n');
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  const problem = page.locator('.jp-Dialog .jp-jupyship-deploy-problem:not([hidden])');
  await problem.waitFor({ timeout: 30_000 });
  // The contract's own test parameters (seed 7) now break it: the gate refuses, and says it all in the dialog.
  assert.match(await problem.textContent(), /^Not deployed: refused by the gate: deploy_refused\.ipynb has 1 error-severity finding/);
  const gate = page.locator('.jp-Dialog .jp-jupyship-gate.jp-jupyship-blocked');
  assert.match(await gate.textContent(), /Gate: blocked/);
  assert.match(await gate.textContent(), /notebook: JS602 contract\.test_parameters\.seed: 7 is above the maximum 5/);
  assert.equal(await page.locator('.jp-Dialog .jp-mod-accept').isDisabled(), true);
  assert.equal(await page.locator('.jp-Dialog input[name="seed"]').inputValue(), '7');
  assert.equal(await page.locator('.jp-Dialog input[name="slope_prior"]').inputValue(), '0.25');
  assert.equal((await api(`runs?notebook=${path}`)).runs.length, 0, 'nothing deployed');
  await shot('deploy-refused-input-kept');
  await page.locator('.jp-Dialog .jp-mod-reject').click();
});

test('while the gate blocks, Deploy is disabled until "Deploy anyway", the whole verdict reads, and its cells are links', async () => {
  const path = 'broken/parameter_reassigned.ipynb';
  await open(path);
  await notebook().locator('.jp-jupyship-deploy-button').first().click();
  const dialog = page.locator('.jp-Dialog .jp-jupyship-deploy-dialog');
  await dialog.locator('.jp-jupyship-gate', { hasText: 'Gate: blocked' }).waitFor({ timeout: 60_000 });
  const verdict = await api('deploy/check', { method: 'POST', body: { path } });
  const errors = verdict.findings.filter(f => f.severity === 'error');
  assert.equal(await dialog.locator('.jp-jupyship-gate-finding[data-rule]').count(), errors.length, 'every blocking finding is listed');
  for (const f of errors) {
    assert.ok((await dialog.locator('.jp-jupyship-gate').textContent()).includes(`cell ${f.cell + 1}: ${f.rule} ${f.message}`), f.message);
  }
  const deployButton = page.locator('.jp-Dialog .jp-mod-accept');
  assert.equal(await deployButton.isDisabled(), true);
  assert.match(await deployButton.getAttribute('title'), /The gate blocks/);
  await shot('gate-blocks-deploy-disabled');
  await dialog.locator('input[name="force"]').check();
  assert.equal(await deployButton.isDisabled(), false, 'the explicit override stays');
  await dialog.locator('input[name="force"]').uncheck();

  const js605 = errors.find(f => f.rule === 'JS605');
  await dialog.locator(`.jp-jupyship-gate-finding[data-rule="JS605"] .jp-jupyship-cell-link`).click();
  await page.locator('.jp-Dialog').waitFor({ state: 'detached', timeout: 10_000 });
  await waitForActiveCell(js605.cell);
  // The lint panel names that cell the same way.
  await openSidePanel('jupyship-lint-panel');
  await page.locator(`.jp-jupyship-group[data-cell="${js605.cell}"] .jp-jupyship-group-title`, { hasText: `Cell ${js605.cell + 1}` }).waitFor({ timeout: 60_000 });
  await shot('gate-cell-link');
  assert.equal((await api(`runs?notebook=${encodeURIComponent(path)}`)).runs.length, 0, 'nothing deployed');
});

test('a run is cancelled from its view, rerun, and the rerun cancelled from the runs sidebar', async () => {
  await open('sleeper.ipynb');
  const first = await api('deploy', { method: 'POST', body: { path: 'sleeper.ipynb', force: true } });
  await openSidePanel('jupyship-runs-panel');
  const row = page.locator(`.jp-jupyship-run-row[data-run="${first.id}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.locator('.jp-jupyship-run-id').click();
  const view = page.locator(`#jupyship-run-${first.id}`);
  await view.locator('.jp-jupyship-run-log', { hasText: 'tick' }).waitFor({ timeout: 120_000 });
  await shot('run-in-flight');
  await view.locator('.jp-jupyship-cancel').click();
  await view.locator('.jp-jupyship-run-status[data-status="cancelled"]').waitFor({ timeout: 60_000 });
  assert.equal((await api(`runs/${first.id}`)).status, 'cancelled');
  await shot('run-cancelled');

  await view.locator('.jp-jupyship-rerun').click();
  const runs = await awaitRuns('sleeper.ipynb', 2);
  assert.equal(runs.length, 2);
  const again = runs.find(r => r.id !== first.id);
  assert.ok(again, 'a new run');
  assert.equal((await api(`runs/${again.id}`)).rerunOf, first.id);
  await page.locator(`#jupyship-run-${again.id}`).waitFor({ timeout: 30_000 });
  const againRow = page.locator(`.jp-jupyship-run-row[data-run="${again.id}"]`);
  await againRow.locator('.jp-jupyship-cancel').waitFor({ timeout: 30_000 });
  await shot('rerun-in-sidebar');
  await againRow.locator('.jp-jupyship-cancel').click();
  await awaitRun(again.id, ['cancelled']);
  await againRow.locator('.jp-jupyship-status-cancelled').waitFor({ timeout: 30_000 });
  await againRow.locator('.jp-jupyship-rerun').waitFor();
  await shot('rerun-cancelled-from-sidebar');

  // The first run deleted from its view: asked first; then its tab closes, and the sidebar, the API
  // and the store have none of it, while its rerun stays.
  await page.locator(`.lm-TabBar-tab[title="Run ${first.id} of sleeper.ipynb"]`).click();
  await view.locator('.jp-jupyship-delete').click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp(`Delete run ${first.id} of sleeper\\.ipynb.*cannot be undone`));
  await shot('run-delete-asked');
  await dialog.locator('button.jp-mod-warn').click();
  await view.waitFor({ state: 'detached', timeout: 30_000 });
  await row.waitFor({ state: 'detached', timeout: 30_000 });
  const deleted = await fetch(`${lab.url}/jupyship/api/runs/${first.id}`, { headers: { Authorization: `token ${lab.token}` } });
  assert.equal(deleted.status, 404);
  assert.deepEqual((await awaitRuns('sleeper.ipynb', 1)).map(r => r.id), [again.id]);
  await shot('run-deleted');
});

/** The sidecar's JVM for this workspace, and the processes it started (the local runner's papermill). */
function sidecarPid() {
  for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.some(a => a.endsWith('java')) && cmd.includes('serve') && cmd.includes(space.workspace)) {
        return Number(pid);
      }
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** Pids of the live processes whose environment holds `entry` (NAME=value). */
function processesCarrying(entry) {
  const pids = [];
  for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry)) {
        pids.push(Number(pid));
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** The marker variable every process of a local run carries (its guard, papermill, the kernel), read from its papermill. */
function runMarker(runId) {
  for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('papermill') && cmd.includes(runId)) {
        const marker = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find(e => e.startsWith('JUPYSHIP_RUN_ID='));
        if (marker) {
          return marker;
        }
      }
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** Deploys the sleeper, opens its run view, and waits until it prints. */
async function sleeperInFlight() {
  await open('sleeper.ipynb');
  const run = await api('deploy', { method: 'POST', body: { path: 'sleeper.ipynb', force: true } });
  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${run.id}"] .jp-jupyship-run-id`).click();
  const view = page.locator(`#jupyship-run-${run.id}`);
  await view.locator('.jp-jupyship-run-log', { hasText: 'tick' }).waitFor({ timeout: 120_000 });
  return { run, view };
}

/** The last tick the run view's log shows. */
async function lastTick(view) {
  const ticks = [...(await view.locator('.jp-jupyship-run-log').textContent()).matchAll(/tick (\d+)/g)];
  return ticks.length ? Number(ticks[ticks.length - 1][1]) : -1;
}

test('a run outlives a sidecar killed without warning: the next sidecar follows it, and it is cancelled from its view', async () => {
  const { run, view } = await sleeperInFlight();
  const marker = runMarker(run.id);
  assert.ok(marker, 'found the run\'s processes');
  const before = sidecarPid();
  assert.ok(before, 'found the sidecar process');
  const seen = await lastTick(view);
  process.kill(before, 'SIGKILL'); // the proxy starts a new sidecar, which finds the run's guard alive
  await page.waitForFunction(([selector, after]) => {
    const ticks = [...(document.querySelector(selector)?.textContent ?? '').matchAll(/tick (\d+)/g)];
    return ticks.length > 0 && Number(ticks[ticks.length - 1][1]) > after + 4;
  }, [`#jupyship-run-${run.id} .jp-jupyship-run-log`, seen], { timeout: 120_000 });
  const now = sidecarPid();
  assert.ok(now && now !== before, 'a new sidecar serves the workspace');
  assert.equal((await api(`runs/${run.id}`)).status, 'running', 'the run was followed again, not marked lost');
  await shot('run-after-sidecar-restart');
  await view.locator('.jp-jupyship-cancel').click();
  await view.locator('.jp-jupyship-run-status[data-status="cancelled"]').waitFor({ timeout: 60_000 });
  assert.equal((await api(`runs/${run.id}`)).status, 'cancelled');
  for (let waited = 0; processesCarrying(marker).length > 0 && waited < 30_000; waited += 250) {
    await new Promise(r => setTimeout(r, 250));
  }
  assert.deepEqual(processesCarrying(marker), [], 'no process of the cancelled run is left');
});

test('a run lost with its sidecar says so, keeps the log it showed, offers no dead link, and can be rerun', async () => {
  const { run: lost, view } = await sleeperInFlight();
  const marker = runMarker(lost.id);
  assert.ok(marker, 'found the run\'s processes');
  const pid = sidecarPid();
  assert.ok(pid, 'found the sidecar process');
  // The whole pod's processes die at once (an out-of-memory kill): the sidecar, the run's guard, papermill and the kernel.
  const victims = [pid, ...processesCarrying(marker)];
  for (const victim of victims) {
    process.kill(victim, 'SIGKILL');
  }
  await view.locator('.jp-jupyship-run-status[data-status="failed"]').waitFor({ timeout: 120_000 });
  const run = await api(`runs/${lost.id}`);
  assert.equal(run.failure.kind, 'interrupted');
  assert.equal(run.links.executedNotebook, undefined, 'no executed notebook was stored');
  assert.equal(await view.locator('.jp-jupyship-link-executedNotebook').count(), 0);
  await view.locator('.jp-jupyship-no-executed').waitFor();
  assert.match(await view.locator('.jp-jupyship-failure-headline').textContent(), /lost/);
  if ((await api(`runs/${lost.id}/log?offset=0`)).text === '') {
    await view.locator('.jp-jupyship-log-note:not([hidden])', { hasText: 'No log was stored' }).waitFor();
    assert.match(await view.locator('.jp-jupyship-run-log').textContent(), /tick/, 'what was read while it ran stays');
  } else {
    assert.match(await view.locator('.jp-jupyship-run-log').textContent(), /tick/);
  }
  await view.locator('.jp-jupyship-rerun').waitFor();
  await shot('lost-run');
});

test('a failed run names its cell as the lint panel does, and the link goes to it', async () => {
  const path = 'broken/cell_error.ipynb';
  await open(path);
  const started = await api('deploy', { method: 'POST', body: { path, force: true } });
  const run = await awaitRun(started.id, ['failed', 'succeeded']);
  assert.equal(run.status, 'failed');
  const cell = run.failure.cell;
  assert.equal(run.failure.summary.split(' raised')[0], `cell ${cell + 1}`, 'the sidecar counts from 1 too');
  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${run.id}"] .jp-jupyship-run-id`).click();
  const view = page.locator(`#jupyship-run-${run.id}`);
  const headline = view.locator('.jp-jupyship-failure-headline');
  await headline.waitFor({ timeout: 30_000 });
  assert.match(await headline.textContent(), new RegExp(`^Cell ${cell + 1} raised ValueError`));
  await shot('failed-run');
  await view.locator('.jp-jupyship-cell-link').click();
  await waitForActiveCell(cell);
  await shot('failed-run-cell');
});

test('a run whose metrics break the contract\'s bounds has failed, and says which metric and bound', async () => {
  const path = 'broken/metric_out_of_bounds.ipynb';
  await open(path);
  const started = await api('deploy', { method: 'POST', body: { path, force: true } });
  const run = await awaitRun(started.id, ['failed', 'succeeded']);
  assert.equal(run.status, 'failed', 'a run outside its contract\'s bounds is never a plain success');
  assert.deepEqual(run.failure, { kind: 'metrics', summary: 'mae 4.2 is above the contract\'s maximum 1' });
  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${run.id}"] .jp-jupyship-run-id`).click();
  const view = page.locator(`#jupyship-run-${run.id}`);
  await view.locator('.jp-jupyship-run-status[data-status="failed"]').waitFor({ timeout: 30_000 });
  assert.equal(await view.locator('.jp-jupyship-failure-headline').textContent(), 'mae 4.2 is above the contract\'s maximum 1');
  assert.match(await view.locator('.jp-jupyship-metrics').textContent(), /mae\s*4\.2/);
  await view.locator('.jp-jupyship-link-executedNotebook').waitFor();
  assert.equal(await view.locator('.jp-jupyship-metric-warning:not([hidden])').count(), 0, 'the failure says it; no second warning');
  await shot('metric-out-of-bounds');

  // A run within its bounds shows no warning.
  await open('quickstart.ipynb');
  const good = await awaitRun((await api('deploy', { method: 'POST', body: { path: 'quickstart.ipynb', parameters: { seed: 3 } } })).id, ['failed', 'succeeded']);
  assert.equal(good.status, 'succeeded');
  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${good.id}"] .jp-jupyship-run-id`).click();
  const goodView = page.locator(`#jupyship-run-${good.id}`);
  await goodView.locator('.jp-jupyship-metrics').waitFor({ timeout: 30_000 });
  await goodView.locator('.jp-jupyship-metric-warning[data-checked="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  assert.equal(await goodView.locator('.jp-jupyship-metric-warning:not([hidden])').count(), 0);
});

test('runs open as tabs of one area titled by notebook and start; the runs sidebar marks a large metric move, and lists the workspace\'s runs on the Launcher', async () => {
  const path = 'drift.ipynb';
  await open(path);
  const deployed = async parameters => awaitRun((await api('deploy', { method: 'POST', body: { path, force: true, parameters } })).id, ['failed', 'succeeded']);
  const first = await deployed({});
  assert.equal(first.status, 'succeeded', JSON.stringify(first.failure));
  const second = await deployed({ scale: 29.6 });
  assert.equal(second.status, 'succeeded', JSON.stringify(second.failure));
  await openSidePanel('jupyship-runs-panel');
  const moved = page.locator(`.jp-jupyship-run-row[data-run="${second.id}"] .jp-jupyship-run-changes.jp-jupyship-change-big`);
  await moved.waitFor({ timeout: 30_000 });
  assert.match(await moved.textContent(), /rmse 0\.097 → 2\.87/);
  assert.equal(await page.locator(`.jp-jupyship-run-row[data-run="${first.id}"] .jp-jupyship-run-changes`).count(), 0, 'the first run has nothing to compare with');
  await shot('runs-metric-move');

  // Both runs' views: tabs of one area, apart from the notebook's, titled by notebook and start.
  for (const run of [first, second]) {
    await page.locator(`.jp-jupyship-run-row[data-run="${run.id}"] .jp-jupyship-run-id`).click();
    await page.locator(`#jupyship-run-${run.id} .jp-jupyship-run-status[data-status="succeeded"]`).waitFor({ timeout: 30_000 });
  }
  const bars = await page.evaluate(() => [...document.querySelectorAll('#jp-main-dock-panel .lm-DockPanel-tabBar')]
    .map(bar => [...bar.querySelectorAll('.lm-TabBar-tabLabel')].map(label => label.textContent)));
  const runBars = bars.filter(labels => labels.some(label => /^drift\.ipynb \d\d:\d\d:\d\d$/.test(label)));
  assert.equal(runBars.length, 1, `one tab area for the runs: ${JSON.stringify(bars)}`);
  assert.equal(runBars[0].filter(label => /^drift\.ipynb \d\d:\d\d:\d\d$/.test(label)).length, 2);
  assert.ok(!runBars[0].includes('drift.ipynb'), 'the notebook keeps its own area');
  await shot('runs-as-tabs');

  // On the Launcher, with no notebook open: the workspace's runs, each naming its notebook.
  await page.goto(`${lab.url}/lab?reset&token=${lab.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout: 60_000 });
  await openSidePanel('jupyship-runs-panel');
  await page.locator('.jp-jupyship-runs-panel .jp-jupyship-lint-title', { hasText: 'Runs in the workspace' }).waitFor({ timeout: 30_000 });
  const row = page.locator(`.jp-jupyship-run-row[data-run="${second.id}"]`);
  await row.waitFor({ timeout: 30_000 });
  assert.equal(await row.locator('.jp-jupyship-run-notebook').textContent(), path);
  await shot('runs-in-workspace');
});

test('a snippet\'s preview names what it reads from the notebook; inserting it where that is missing asks first; the results work by keyboard', async () => {
  const path = 'snippet_target.ipynb';
  await open(path);
  const cells = notebook().locator('.jp-Notebook .jp-Cell');
  const before = await cells.count();
  await cells.first().click();
  await openSidePanel('jupyship-snippet-panel');
  await page.locator('.jp-jupyship-snippet-search').fill('evaluate classifier');
  const result = page.locator('.jp-jupyship-snippet[data-snippet="evaluate-classifier"]');
  await result.waitFor({ timeout: 30_000 });
  // The search's own answer, not the whole catalog listed first: the keys below go to its results.
  const answer = (await api(`snippets?q=${encodeURIComponent('evaluate classifier')}&limit=200`)).snippets.map(s => s.id);
  await page.waitForFunction(ids => JSON.stringify([...document.querySelectorAll('.jp-jupyship-snippet-panel .jp-jupyship-snippet')].map(e => e.dataset.snippet)) === JSON.stringify(ids),
    answer, { timeout: 30_000 });
  // Down from the search into the results, down and up again, Enter previews.
  await page.locator('.jp-jupyship-snippet-search').press('ArrowDown');
  const focusedSnippet = () => page.evaluate(() => document.activeElement?.dataset?.snippet ?? null);
  const first = await focusedSnippet();
  assert.ok(first, 'a result has the focus');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedSnippet(), first);
  await result.focus();
  await page.keyboard.press('Enter');
  const uses = page.locator('.jp-jupyship-snippet-preview .jp-jupyship-snippet-uses');
  await uses.waitFor({ timeout: 30_000 });
  assert.match(await uses.textContent(), /Uses from the notebook: model, X_valid, y_valid \(from train-sklearn/);
  // The code highlighted as the editor highlights Python, and every character of it still there.
  const detail = await api('snippets/evaluate-classifier');
  const code = page.locator('.jp-jupyship-snippet-preview .jp-jupyship-snippet-cell.jp-jupyship-code code').first();
  await code.locator('span').first().waitFor({ timeout: 30_000 });
  assert.equal(await code.textContent(), [].concat(detail.cells.find(c => c.cell_type === 'code').source).join(''));
  await shot('snippet-preview-uses');

  // model is defined above; X_valid and y_valid are not: the insert asks, and Cancel inserts nothing.
  await page.locator('.jp-jupyship-insert').click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ timeout: 30_000 });
  const text = await dialog.textContent();
  assert.match(text, /reads X_valid, y_valid, which no cell above/);
  assert.doesNotMatch(text, /reads model/);
  assert.match(text, /"train-sklearn"/);
  await shot('snippet-insert-asks');
  await dialog.locator('button', { hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await cells.count(), before, 'nothing inserted');
  // Insert anyway: in it goes.
  const snippet = await api('snippets/evaluate-classifier');
  await page.locator('.jp-jupyship-insert').click();
  await dialog.locator('button', { hasText: 'Insert anyway' }).click();
  await page.waitForFunction(n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n,
    before + snippet.cells.length, { timeout: 30_000 });

  // A search that leaves the previewed snippet out clears its preview.
  await page.locator('.jp-jupyship-snippet-search').fill('parameters cell');
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-snippet[data-snippet="evaluate-classifier"]'), undefined, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-snippet-preview h3'), undefined, { timeout: 30_000 });
});

/** Sets JupyterLab's theme through its settings API; the next page load shows it. */
async function setTheme(theme) {
  const answer = await fetch(`${lab.url}/lab/api/settings/@jupyterlab/apputils-extension:themes`, {
    method: 'PUT',
    headers: { Authorization: `token ${lab.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: JSON.stringify({ theme }) })
  });
  assert.ok(answer.ok, `theme ${theme}: ${answer.status} ${await answer.text()}`);
}

/** axe-core's serious and critical violations inside the given views, one line each. */
async function axeProblems(...views) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: AXE });
  }
  return page.evaluate(async selectors => {
    const result = await window.axe.run({ include: selectors.map(s => [s]) }, { resultTypes: ['violations'] });
    return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
  }, views);
}

test('the extension\'s views in the light and the dark theme: no serious accessibility problem, in the theme\'s colours', async () => {
  const deployed = await api('deploy', { method: 'POST', body: { path: 'drift.ipynb', force: true } });
  const run = await awaitRun(deployed.id, ['failed', 'succeeded']);
  try {
    for (const [theme, name] of [['JupyterLab Light', 'light'], ['JupyterLab Dark', 'dark']]) {
      await setTheme(theme);
      const problems = [];
      await open('noisy.ipynb');
      await page.waitForFunction(t => document.body.dataset.jpThemeName === t, theme, { timeout: 30_000 });
      await openSidePanel('jupyship-lint-panel');
      await page.locator('.jp-jupyship-lint-panel .jp-jupyship-finding').first().waitFor({ timeout: 60_000 });
      problems.push(...await axeProblems('.jp-jupyship-lint-panel', '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .cm-lintRange'));
      await shot(`${name}-lint`);

      // The deploy dialog of a notebook the gate blocks (the undefined name): its verdict box in the theme's colours.
      await notebook().locator('.jp-jupyship-deploy-button').first().click();
      const dialog = page.locator('.jp-Dialog');
      const blocked = dialog.locator('.jp-jupyship-gate.jp-jupyship-blocked');
      await blocked.waitFor({ timeout: 60_000 });
      problems.push(...await axeProblems('.jp-Dialog-content'));
      const lightness = await blocked.evaluate(element => {
        const probe = document.createElement('canvas').getContext('2d');
        probe.fillStyle = getComputedStyle(element).backgroundColor;
        probe.fillRect(0, 0, 1, 1);
        const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
      assert.ok(name === 'dark' ? lightness < 0.35 : lightness > 0.65, `the blocked gate's background in ${theme}: lightness ${lightness.toFixed(2)}`);
      await shot(`${name}-deploy-dialog`);
      await dialog.locator('button', { hasText: 'Cancel' }).click();

      await openSidePanel('jupyship-snippet-panel');
      await page.locator('.jp-jupyship-snippet-search').fill('seed');
      await page.locator('.jp-jupyship-snippet[data-snippet="set-seeds"]').click();
      await page.locator('.jp-jupyship-snippet-preview .jp-jupyship-snippet-uses').waitFor({ timeout: 30_000 });
      problems.push(...await axeProblems('.jp-jupyship-snippet-panel'));

      await open('drift.ipynb');
      await openSidePanel('jupyship-runs-panel');
      await page.locator(`.jp-jupyship-run-row[data-run="${run.id}"] .jp-jupyship-run-id`).click();
      await page.locator(`#jupyship-run-${run.id} .jp-jupyship-run-status[data-status="${run.status}"]`).waitFor({ timeout: 30_000 });
      problems.push(...await axeProblems('.jp-jupyship-runs-panel', `#jupyship-run-${run.id}`));
      await shot(`${name}-runs`);

      assert.deepEqual(problems, [], `${theme}: ${problems.length} serious accessibility problems`);
    }
  } finally {
    await setTheme('JupyterLab Light');
  }
});

test('the lint panel follows its settings from the Settings Editor: order, hidden severities, ruff off', async () => {
  const put = async raw => {
    const answer = await fetch(`${lab.url}/lab/api/settings/jupyship-lab:lint`, {
      method: 'PUT',
      headers: { Authorization: `token ${lab.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ raw: JSON.stringify(raw) })
    });
    assert.ok(answer.ok, `settings: ${answer.status} ${await answer.text()}`);
  };
  const schema = await (await fetch(`${lab.url}/lab/api/settings/jupyship-lab:lint`, { headers: { Authorization: `token ${lab.token}` } })).json();
  assert.deepEqual(Object.keys(schema.schema.properties).sort(), ['hiddenSeverities', 'order', 'quickLintDelay', 'ruff'], 'the Settings Editor shows them');
  try {
    await put({ order: 'rules', hiddenSeverities: ['info'], ruff: false });
    await open('noisy.ipynb');
    await openSidePanel('jupyship-lint-panel');
    const panel = page.locator('.jp-jupyship-lint-panel');
    await panel.locator('.jp-jupyship-finding, .jp-jupyship-folded').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('.jp-jupyship-lint-status')?.textContent.includes('ruff pending'), undefined, { timeout: 60_000 });
    assert.equal(await panel.locator('.jp-jupyship-order').inputValue(), 'rules');
    assert.equal(await panel.locator('.jp-jupyship-filter-info').getAttribute('aria-pressed'), 'false');
    assert.equal(await panel.locator('.jp-jupyship-finding.jp-jupyship-info').count(), 0, 'notes hidden');
    assert.equal(await panel.locator('.jp-jupyship-standard').count(), 0, 'no ruff findings with ruff off');
    assert.ok(await panel.locator('.jp-jupyship-group[data-rule="JS102"]').count() === 1, 'our findings, by rule');
    await shot('lint-settings');
  } finally {
    await put({});
  }
});

test('the review compares any two revisions, unified or side by side, and keeps the diff shown when a revision is wrong', async () => {
  const path = 'review_target.ipynb';
  // The kernelspec as the started kernel names it, so the editor's metadata stays what was committed.
  const notebookOf = sources => JSON.stringify({
    cells: sources.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4, nbformat_minor: 5
  }, null, 1) + '\n';
  writeFileSync(join(space.workspace, path), notebookOf(['a = 1\nb = 2']));
  commit('review target, first');
  writeFileSync(join(space.workspace, path), notebookOf(['a = 10', 'c = 3']));
  commit('review target, second');
  await open(path);
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^jupyship$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: 'Review: Export and Diff against HEAD' }).click();
  const view = page.locator('.jp-jupyship-diff');
  await view.locator('.jp-jupyship-diff-summary', { hasText: /from HEAD to editor/ }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await view.locator('.jp-jupyship-removed, .jp-jupyship-added').allTextContents(), [], 'the editor has what HEAD has');

  await view.locator('.jp-jupyship-diff-from').fill('HEAD~1');
  await view.locator('.jp-jupyship-diff-to').fill('HEAD');
  await view.locator('.jp-jupyship-diff-compare').click();
  await view.locator('.jp-jupyship-diff-summary', { hasText: 'Changes from HEAD~1 to HEAD' }).waitFor({ timeout: 30_000 });
  await view.locator('.jp-jupyship-removed', { hasText: 'b = 2' }).waitFor();
  await view.locator('.jp-jupyship-added', { hasText: 'c = 3' }).waitFor();
  assert.equal(await view.locator('.jp-jupyship-review-source').getAttribute('data-source'), 'revision');
  assert.ok(await page.locator('.lm-TabBar-tabLabel', { hasText: `${path}: HEAD~1…HEAD` }).count() > 0, 'the tab names both revisions');

  await view.locator('.jp-jupyship-diff-side-by-side').check();
  const table = view.locator('.jp-jupyship-side-by-side');
  await table.waitFor();
  const replaced = table.locator('tr', { has: page.locator('.jp-jupyship-removed', { hasText: 'a = 1' }) });
  assert.match(await replaced.locator('.jp-jupyship-added').textContent(), /^a = 10$/, 'the replaced line sits beside its replacement');
  await shot('review-side-by-side');

  await view.locator('.jp-jupyship-diff-from').fill('no-such-revision');
  await view.locator('.jp-jupyship-diff-compare').click();
  await view.locator('.jp-jupyship-alert:not([hidden])', { hasText: 'no-such-revision' }).waitFor({ timeout: 30_000 });
  assert.equal(await view.locator('.jp-jupyship-diff-summary').textContent(), 'Changes from HEAD~1 to HEAD.', 'the diff shown stays');
});

test('the Runs view lists the workspace\'s runs with their parameters, filters and sorts them, and compares two', async () => {
  const path = 'drift.ipynb';
  await open(path);
  const deployed = async parameters => awaitRun((await api('deploy', { method: 'POST', body: { path, force: true, parameters } })).id, ['failed', 'succeeded']);
  const small = await deployed({ scale: 2 });
  const large = await deployed({ scale: 40 });
  await openSidePanel('jupyship-runs-panel');
  await page.locator('.jp-jupyship-runs-panel .jp-jupyship-all-runs').click();
  const view = page.locator('.jp-jupyship-runs-view');
  const row = id => view.locator(`.jp-jupyship-runs-row[data-run="${id}"]`);
  await row(large.id).waitFor({ timeout: 30_000 });
  assert.equal(await row(large.id).locator('.jp-jupyship-runs-parameters').textContent(), 'scale=40');
  assert.match(await row(large.id).locator('.jp-jupyship-runs-metrics').textContent(), /rmse=3\.88/);

  // Filter: this notebook, succeeded; sort by start, oldest first.
  await view.locator('.jp-jupyship-runs-filter-notebook').fill('DRIFT');
  await view.locator('.jp-jupyship-runs-filter-status').selectOption('succeeded');
  const shown = () => view.locator('.jp-jupyship-runs-row').evaluateAll(rows => rows.map(r => r.dataset.run));
  const drift = (await api(`runs?notebook=${path}&status=succeeded&limit=1000`)).runs.map(r => r.id);
  assert.deepEqual(await shown(), drift, 'newest first, as the API lists them');
  await view.locator('.jp-jupyship-sort[data-key="started"]').click();
  assert.deepEqual(await shown(), [...drift].reverse(), 'oldest first');
  await view.locator('.jp-jupyship-runs-filter-status').selectOption('failed');
  assert.deepEqual(await shown(), (await api(`runs?notebook=${path}&status=failed&limit=1000`)).runs.map(r => r.id).reverse());
  await view.locator('.jp-jupyship-runs-filter-status').selectOption('');

  // Compare two: the parameter and the metric that differ are marked, the one that does not is not.
  await row(small.id).locator('.jp-jupyship-runs-tick').check();
  await row(large.id).locator('.jp-jupyship-runs-tick').check();
  const compare = view.locator('.jp-jupyship-compare-table');
  await compare.waitFor();
  assert.equal(await compare.locator('tr[data-field="parameter:scale"]').getAttribute('class'), 'jp-jupyship-compare-changed');
  assert.equal(await compare.locator('tr[data-field="metric:rmse"]').getAttribute('class'), 'jp-jupyship-compare-changed');
  assert.equal(await compare.locator('tr[data-field="metric:r2"]').getAttribute('class'), '');
  assert.deepEqual(await axeProblems('.jp-jupyship-runs-view'), []);
  await shot('runs-view-compare');

  // A row opens its run.
  await row(small.id).click();
  await page.locator(`#jupyship-run-${small.id} .jp-jupyship-run-status[data-status="succeeded"]`).waitFor({ timeout: 30_000 });

  // The Launcher opens it too, with no notebook open.
  await page.goto(`${lab.url}/lab?reset&token=${lab.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('.jp-FileBrowser [data-command="launcher:create"], .jp-FileBrowser .jp-id-new-launcher, button[title="New Launcher"]').first().click();
  await page.locator('.jp-LauncherCard', { hasText: 'All Runs' }).click();
  await page.locator('.jp-jupyship-runs-view .jp-jupyship-runs-row').first().waitFor({ timeout: 30_000 });
});

/** Writes a version of the churn example's data into the workspace's store, with the example's own script. */
function churnSnapshot(version, ...options) {
  execFileSync(join(venv, 'bin/python'), [join(repo, 'examples/churn_snapshots.py'), join(space.workspace, '.jupyship'), version, ...options], { stdio: 'pipe' });
}

test('the loop: a notebook scheduled from the deploy dialog; its runs now are promoted, then refused on worse data, in the notifications and on the chart', async () => {
  const path = 'churn_retraining.ipynb';
  churnSnapshot('2026-12-01');
  await open(path);
  await notebook().locator('.jp-jupyship-deploy-button').first().click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('.jp-jupyship-gate.jp-jupyship-pass').waitFor({ timeout: 30_000 });
  await dialog.locator('input[type="radio"][value="schedule"]').check();
  const cron = dialog.locator('input[name="cron"]');
  await cron.fill('0 3 * *');
  await dialog.locator('.jp-jupyship-param-error', { hasText: '4 fields; cron has five' }).waitFor();
  const accept = dialog.locator('.jp-mod-accept');
  assert.equal(await accept.isDisabled(), true, 'a wrong cron expression cannot be scheduled');
  await cron.fill('0 3 * * *');
  await dialog.locator('input[name="timeZone"]').fill('Europe/Paris');
  assert.equal((await accept.textContent()).trim(), 'Schedule');
  await shot('schedule-dialog');
  await accept.click();
  await page.getByText(`Scheduled ${path}: 0 3 * * * Europe/Paris · next`).first().waitFor({ timeout: 30_000 });
  const { schedules } = await api(`schedules?notebook=${path}`);
  assert.equal(schedules.length, 1);
  assert.deepEqual([schedules[0].cron, schedules[0].timeZone, schedules[0].paused], ['0 3 * * *', 'Europe/Paris', false]);
  const row = page.locator(`.jp-jupyship-schedule[data-schedule="${schedules[0].id}"]`);
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.locator('.jp-jupyship-schedule-when').textContent(), /Scheduled: 0 3 \* \* \* Europe\/Paris · next .* · not run yet/);
  await shot('schedule-in-sidebar');

  // Run now: on the clean snapshot, the first run becomes the champion, and the notification says so.
  await row.locator('[data-action="run-now"]').click();
  const [first] = await awaitRuns(path, 1);
  const promoted = await awaitRun(first.id, ['failed', 'succeeded']);
  assert.equal(promoted.status, 'succeeded', JSON.stringify(promoted.failure));
  assert.equal(promoted.schedule, schedules[0].id);
  assert.equal(promoted.promotion.decision, 'promoted');
  await page.getByText(new RegExp(`${path} run ${first.id} succeeded in .*; its model 'churn' is the champion now`)).first().waitFor({ timeout: 30_000 });

  // Worse data, run now again: succeeded, refused against the champion, and the notification says why.
  churnSnapshot('2026-12-02', '--noise', '0.25', '--drift', '1');
  await row.locator('[data-action="run-now"]').click();
  const runs = await awaitRuns(path, 2);
  const refused = await awaitRun(runs[0].id, ['failed', 'succeeded']);
  assert.equal(refused.status, 'succeeded', JSON.stringify(refused.failure));
  assert.equal(refused.snapshots.train_data.version, '2026-12-02');
  assert.equal(refused.promotion.decision, 'not-promoted');
  await page.getByText(new RegExp(`${path} succeeded in .* but was not promoted: auc 0\\.\\d+ is below the champion's 0\\.\\d+ minus the allowed 0\\.02`))
    .first().waitFor({ timeout: 30_000 });
  await shot('not-promoted-notification');

  // The Runs view, filtered to the notebook: the champion ringed on the auc chart, the refusal's reason on its point.
  await openSidePanel('jupyship-runs-panel');
  await page.locator('.jp-jupyship-runs-panel .jp-jupyship-all-runs').click();
  const view = page.locator('.jp-jupyship-runs-view');
  await view.locator('.jp-jupyship-runs-filter-notebook').fill(path);
  const auc = view.locator('.jp-jupyship-metric-chart[data-metric="auc"]');
  await auc.locator(`.jp-jupyship-chart-champion[data-run="${first.id}"]`).waitFor({ timeout: 30_000 });
  await auc.locator('.jp-jupyship-chart-champion-line').waitFor({ state: 'attached' }); // a level line: no height to be "visible"
  const point = auc.locator(`.jp-jupyship-chart-point[data-run="${refused.id}"] title`);
  assert.match(await point.textContent(), /against the champion .*; not promoted: auc .* is below the champion's/);
  await shot('chart-champion-and-refusal');

  // The refused run compared with the champion on labelled rows, then promoted by hand: the champion moves.
  const lines = readFileSync(join(space.workspace, '.jupyship/datasets/churn/snapshots/2026-12-01/train.csv'), 'utf8').split('\n');
  writeFileSync(join(space.workspace, 'holdout.csv'), lines.slice(0, 101).join('\n') + '\n');
  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${refused.id}"] .jp-jupyship-run-id`).click();
  const runView = page.locator(`#jupyship-run-${refused.id}`);
  await runView.locator(`.jp-jupyship-champion-status[data-champion="${first.id}"]`).waitFor({ timeout: 30_000 });
  await runView.locator('.jp-jupyship-compare').click();
  await runView.locator('.jp-jupyship-compare-error', { hasText: 'Name a CSV or JSON file of rows' }).waitFor();
  await runView.locator('.jp-jupyship-compare-input').fill('holdout.csv');
  await runView.locator('.jp-jupyship-compare-label').fill('churned');
  await runView.locator('.jp-jupyship-compare').click();
  const agreement = runView.locator('.jp-jupyship-compare-agreement');
  await agreement.waitFor({ timeout: 60_000 });
  const report = await api('compare', { method: 'POST', body: { runs: [first.id, refused.id], input: 'holdout.csv', label: 'churned' } });
  assert.equal(report.rows, 100);
  assert.equal(await agreement.textContent(),
    `Agree on ${Number((Math.round(report.summary.agreement * 1000) / 10).toPrecision(4))}% of 100 rows (${report.summary.agreeing_rows}), within 0.05; `
      + `mean difference ${Number(report.summary.mean_abs_difference.toPrecision(4))}, largest ${Number(report.summary.max_abs_difference.toPrecision(4))}.`);
  const aucRow = runView.locator('.jp-jupyship-compare-metrics tr', { hasText: 'auc' }).first();
  assert.deepEqual(await aucRow.locator('td').allTextContents(),
    report.summary.metrics.map(m => String(Number(m.auc.toPrecision(4)))), 'the champion\'s auc, then this run\'s, on the rows');
  assert.equal(await runView.locator('.jp-jupyship-compare-differences tr').count(), 1 + report.summary.largest_differences.length);
  await shot('compare-with-champion');
  await runView.locator('.jp-jupyship-promote').click();
  await page.locator('.jp-Dialog', { hasText: `replacing ${first.id}` }).locator('.jp-mod-accept').click();
  await runView.locator(`.jp-jupyship-champion-status[data-champion="${refused.id}"]`).waitFor({ timeout: 30_000 });
  assert.match(await runView.locator('.jp-jupyship-champion-status').textContent(), /This run's model 'churn' is the champion/);
  assert.equal((await api(`champion?notebook=${path}&model=churn`)).champion.run, refused.id);
  assert.equal(await runView.locator('.jp-jupyship-promote').isHidden(), true, 'the champion cannot be promoted again');

  // Pause and delete from the sidebar; the runs stay.
  await openSidePanel('jupyship-runs-panel');
  await row.locator('[data-action="pause"]').click();
  await row.locator('[data-action="resume"]').waitFor({ timeout: 30_000 });
  assert.match(await row.locator('.jp-jupyship-schedule-when').textContent(), /· paused ·/);
  await row.locator('[data-action="delete"]').click();
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  await row.waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal((await api(`schedules?notebook=${path}`)).count, 0);
  assert.equal((await api(`runs?notebook=${path}`)).runs.length, 2);
});

test('selected cells are saved as a team snippet that the catalog then serves; a taken id is refused with nothing typed lost', async () => {
  await open('sleeper.ipynb');
  const cells = notebook().locator('.jp-Notebook .jp-Cell');
  await cells.nth(0).locator('.jp-InputPrompt').click();
  await cells.nth(1).locator('.jp-InputPrompt').click({ modifiers: ['Shift'] });
  await cells.nth(1).locator('.jp-InputPrompt').click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Save Cells as Snippet…' }).click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('.jp-jupyship-snippet-title').waitFor();
  assert.match(await dialog.textContent(), /2 cells of sleeper\.ipynb/);
  await dialog.locator('.jp-jupyship-snippet-title').fill('Tick for a While');
  assert.equal(await dialog.locator('.jp-jupyship-snippet-id').inputValue(), 'tick-for-a-while', 'the id follows the title');
  await dialog.locator('.jp-jupyship-snippet-description').fill('Prints a tick every half second, for ten minutes.');
  assert.equal(await dialog.locator('.jp-mod-accept').isDisabled(), true, 'no category yet');
  await dialog.locator('.jp-jupyship-snippet-category').fill('utilities');
  await dialog.locator('.jp-jupyship-snippet-tags').fill('time, demo');
  assert.deepEqual(await axeProblems('.jp-Dialog'), []);
  await shot('snippet-save-dialog');
  await dialog.locator('.jp-mod-accept').click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  // The dialog closes as the request goes: the snippet is served once the sidecar answers.
  for (let i = 0; i < 300 && (await fetch(`${lab.url}/jupyship/api/snippets/tick-for-a-while`, { headers: { Authorization: `token ${lab.token}` } })).status !== 200; i++) {
    await page.waitForTimeout(100);
  }
  const saved = await api('snippets/tick-for-a-while');
  assert.equal(saved.source, 'team');
  assert.deepEqual(saved.cells.map(c => [].concat(c.source).join('')), ['import time\nprint("started", flush=True)', 'for i in range(600):\n    print("tick", i, flush=True)\n    time.sleep(0.5)']);
  assert.ok(existsSync(join(space.teamSnippets, 'tick-for-a-while.md')));

  // The same id again: the dialog opens again with the sidecar's reason and what was typed.
  await cells.nth(1).locator('.jp-InputPrompt').click({ button: 'right' });
  await page.locator('.lm-Menu-item', { hasText: 'Save Cells as Snippet…' }).click();
  await dialog.locator('.jp-jupyship-snippet-title').fill('Tick for a While');
  await dialog.locator('.jp-jupyship-snippet-description').fill('Again.');
  await dialog.locator('.jp-jupyship-snippet-category').fill('utilities');
  await dialog.locator('.jp-mod-accept').click();
  await dialog.locator('.jp-jupyship-alert', { hasText: "a snippet 'tick-for-a-while' exists already (team" }).waitFor({ timeout: 30_000 });
  assert.equal(await dialog.locator('.jp-jupyship-snippet-description').inputValue(), 'Again.');
  await shot('snippet-save-refused');
  await dialog.locator('.jp-mod-reject').click();
  await openSidePanel('jupyship-snippet-panel');
  await page.locator('.jp-jupyship-snippet-search').fill('tick');
  await page.locator('.jp-jupyship-snippet[data-snippet="tick-for-a-while"]').waitFor({ timeout: 30_000 });
});
