/**
 * End to end in a real JupyterLab (image/start, the sidecar behind jupyter-server-proxy) driven in
 * Debian's headless Chromium: the extension is installed, a known finding shows and leads to its
 * cell and line, a snippet goes in, the review view opens, a deploy to dev runs and succeeds, a
 * notebook the gate blocks deploys only with "Deploy anyway" ticked,
 * typing in a 200-cell notebook reaches the editor with the final findings matching the final text
 * (its smoothness measured for bench/typing), and
 * the panel says so when the sidecar is down and recovers when it is back. Screenshots of each step
 * land in ui-tests/artifacts/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, labextensionList, launchChromium, makeWorkspace, startJupyterLab } from './jupyterlab.mjs';

let space, lab, chromium, page;
let step = 0;

async function shot(name) {
  step++;
  await page.screenshot({ path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`) });
}

/** The sidecar's API through the proxy, as the browser reaches it. */
async function api(path) {
  const answer = await fetch(`${lab.url}/jupyship/api/${path}`, { headers: { Authorization: `token ${lab.token}` } });
  const text = await answer.text();
  assert.equal(answer.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

/**
 * Opens a notebook in a fresh layout (reset), so it is the one notebook on show, and waits until its
 * file is loaded: until then the panel shows an empty model of one blank cell.
 */
async function open(path) {
  await page.goto(`${lab.url}/lab/tree/${path}?reset&token=${lab.token}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout: 60_000 });
  await notebook().locator('.jp-Cell').first().waitFor({ timeout: 30_000 });
  const code = JSON.parse(readFileSync(join(space.workspace, path), 'utf8')).cells
    .map(cell => cell.cell_type === 'code' ? [].concat(cell.source).join('').split('\n').find(line => line.trim()) : undefined)
    .find(line => line);
  if (code) {
    await notebook().locator('.jp-Cell', { hasText: code.trim() }).first().waitFor({ timeout: 30_000 });
  }
}

/** The notebook on show. */
function notebook() {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
}

async function openSidePanel(id) {
  const tab = page.locator(`.lm-TabBar-tab[data-id="${id}"]`);
  if ((await tab.getAttribute('class')).includes('lm-mod-current')) {
    return;
  }
  await tab.click();
}

/** Index of the active cell and the cursor's line (1-based) and its text, read from the DOM. */
function cursor() {
  return page.evaluate(() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
    const active = cells.findIndex(c => c.classList.contains('jp-mod-active'));
    let node = getSelection().anchorNode;
    while (node && !(node.classList && node.classList.contains('cm-line'))) {
      node = node.parentNode;
    }
    const lines = node ? [...node.parentNode.querySelectorAll('.cm-line')] : [];
    return { cell: active, line: lines.indexOf(node) + 1, text: node ? node.textContent : null, inActiveCell: !!node && cells[active].contains(node) };
  });
}

before(async () => {
  rmSync(artifacts, { recursive: true, force: true });
  space = makeWorkspace();
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

test('jupyter labextension list shows the extension enabled and OK', () => {
  const list = labextensionList(lab.env);
  assert.match(list, /jupyship-lab v\d+\.\d+\.\d+ enabled OK/, list);
});

test('a known finding shows in the lint panel, and a click lands on its cell and line', async () => {
  await open('broken/parameter_reassigned.ipynb');
  await openSidePanel('jupyship-lint-panel');
  const finding = page.locator('.jp-jupyship-finding[data-rule="JS605"]');
  await finding.waitFor({ timeout: 60_000 });
  assert.match(await finding.textContent(), /parameter 'n' is assigned again before it is used/);
  assert.match(await finding.locator('..').locator('.jp-jupyship-group-title').textContent(), /Cell 4/);
  // The cell with the finding carries a marker.
  const cells = notebook().locator('.jp-Notebook .jp-Cell');
  assert.equal(await cells.nth(3).getAttribute('data-jupyship-findings'), '1');
  assert.ok((await cells.nth(3).getAttribute('class')).includes('jp-jupyship-cell-error'));
  await shot('lint-panel');

  await cells.nth(0).click(); // somewhere else first, so the click has to move
  await finding.locator('.jp-jupyship-message').click();
  await page.waitForFunction(() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-mod-active .cm-focused'));
  const at = await cursor();
  const source = JSON.parse(readFileSync(join(space.workspace, 'broken/parameter_reassigned.ipynb'), 'utf8')).cells[3].source;
  const firstLine = (Array.isArray(source) ? source.join('') : source).split('\n')[0];
  assert.deepEqual(at, { cell: 3, line: 1, text: firstLine, inActiveCell: true });
  await shot('finding-clicked');

  await finding.locator('.jp-jupyship-doc').click();
  const doc = page.locator('.jp-jupyship-rule-doc h1');
  await doc.waitFor({ timeout: 30_000 });
  assert.match(await doc.textContent(), /JS605 parameter-reassigned/);
  await shot('rule-doc');
});

test('the Snippets menu lists the catalog by category, and the panel inserts a snippet below the active cell', async () => {
  // A notebook of its own, so no other test sees the snippet it saves.
  const path = 'snippet_target.ipynb';
  cpSync(join(space.workspace, 'broken/parameter_reassigned.ipynb'), join(space.workspace, path));
  await open(path);
  const catalog = await api('snippets');
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Snippets$/ }).click();
  const menu = page.locator('.lm-Menu').last();
  for (const category of catalog.categories) {
    await menu.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${category}$`, 'i') }).waitFor({ timeout: 10_000 });
  }
  await shot('snippets-menu');
  await page.keyboard.press('Escape');

  const cells = notebook().locator('.jp-Notebook .jp-Cell');
  const before = await cells.count();
  await cells.nth(1).click(); // the parameters cell: the snippet goes right below it
  await openSidePanel('jupyship-snippet-panel');
  await page.locator('.jp-jupyship-snippet-search').fill('seed');
  await page.locator('.jp-jupyship-snippet[data-snippet="set-seeds"]').click();
  await page.locator('.jp-jupyship-snippet-preview .jp-jupyship-snippet-cell').first().waitFor();
  await shot('snippet-preview');
  await page.locator('.jp-jupyship-insert').click();
  // set-seeds reads `seed`, which this notebook does not define above: the insert asks first.
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.textContent(), /reads seed,/);
  await dialog.locator('button', { hasText: 'Insert anyway' }).click();
  const snippet = await api('snippets/set-seeds');
  await page.waitForFunction(n => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').length === n,
    before + snippet.cells.length);
  const firstSnippetLine = [].concat(snippet.cells[0].source).join('').split('\n')[0];
  assert.ok((await cells.nth(2).textContent()).includes(firstSnippetLine), 'the snippet is the cell below the active one');
  await shot('snippet-inserted');

  await cells.nth(2).click();
  await page.keyboard.press('Control+s');
  const file = join(space.workspace, path);
  for (let i = 0; i < 100 && !readFileSync(file, 'utf8').includes(JSON.stringify(firstSnippetLine).slice(1, -1)); i++) {
    await page.waitForTimeout(100);
  }
  assert.ok(readFileSync(file, 'utf8').includes(JSON.stringify(firstSnippetLine).slice(1, -1)), 'saved with the snippet');
});

test('the review view opens the .py export and its diff against HEAD', async () => {
  // Its own change to a committed notebook, made on disk before it is opened: the diff against HEAD shows it.
  const path = 'broken/output_not_written.ipynb';
  const file = join(space.workspace, path);
  const edited = JSON.parse(readFileSync(file, 'utf8'));
  const added = 'review_marker = "added for the review test"';
  edited.cells.push({ cell_type: 'code', execution_count: null, id: 'review-marker', metadata: {}, outputs: [], source: [added] });
  writeFileSync(file, JSON.stringify(edited, null, 1) + '\n');
  await open(path);
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^jupyship$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: 'Review: Export and Diff against HEAD' }).click();
  const exported = page.locator('.jp-jupyship-export pre');
  await exported.waitFor({ timeout: 30_000 });
  const text = await exported.textContent();
  assert.match(text, /^# %%/m);
  assert.ok(text.includes(added), `the export is of the notebook as opened: ${text}`);
  const lines = page.locator('.jp-jupyship-diff .jp-jupyship-added');
  await lines.first().waitFor({ timeout: 30_000 });
  assert.ok((await lines.allTextContents()).some(line => line.includes(added)), 'the added cell is in the diff');
  await shot('review');
});

test('deploy to dev with the local runner: parameters and lint verdict, then the run succeeds live', async () => {
  await open('quickstart.ipynb');
  await notebook().locator('.jp-jupyship-deploy-button').first().click();
  const dialog = page.locator('.jp-Dialog .jp-jupyship-deploy-dialog');
  await dialog.waitFor();
  const names = await dialog.locator('[data-param] input').evaluateAll(inputs => inputs.map(i => i.name));
  assert.deepEqual(names.sort(), ['run_date', 'seed', 'slope_prior']);
  await dialog.locator('.jp-jupyship-gate', { hasText: 'Gate: passes' }).waitFor({ timeout: 60_000 });
  await dialog.locator('input[name="seed"]').fill('7');
  await shot('deploy-dialog');
  await page.locator('.jp-Dialog .jp-mod-accept').click();

  const status = page.locator('.jp-jupyship-run .jp-jupyship-run-status');
  await status.waitFor({ timeout: 30_000 });
  await shot('run-started');
  await page.locator('.jp-jupyship-run .jp-jupyship-run-status[data-status="succeeded"]').waitFor({ timeout: 240_000 });
  assert.match(await page.locator('.jp-jupyship-run-log').textContent(), /Executing notebook/);
  assert.match(await page.locator('.jp-jupyship-metrics').textContent(), /rmse/);
  await shot('run-succeeded');

  const runs = await api('runs?notebook=quickstart.ipynb');
  assert.equal(runs.runs[0].status, 'succeeded');
  const manifest = await api(`runs/${runs.runs[0].id}`);
  assert.deepEqual(manifest.parameters, { seed: 7 });

  await openSidePanel('jupyship-runs-panel');
  await page.locator(`.jp-jupyship-run-row[data-run="${runs.runs[0].id}"] .jp-jupyship-status-succeeded`).waitFor({ timeout: 15_000 });
  await shot('runs-panel');

  await page.locator('.jp-jupyship-run .jp-jupyship-link-executedNotebook').click();
  await page.locator('.lm-TabBar-tab .lm-TabBar-tabLabel', { hasText: 'executed.ipynb' }).waitFor({ timeout: 30_000 });
  await shot('executed-notebook');
});

test('a notebook the gate blocks deploys only when "Deploy anyway" is ticked, and the run records it', async () => {
  const path = 'broken/parameter_reassigned.ipynb';
  const deployDialog = async () => {
    await open(path);
    await notebook().locator('.jp-jupyship-deploy-button').first().click();
    const dialog = page.locator('.jp-Dialog .jp-jupyship-deploy-dialog');
    await dialog.locator('.jp-jupyship-gate', { hasText: 'Gate: blocked' }).waitFor({ timeout: 60_000 });
    assert.match(await dialog.locator('.jp-jupyship-gate').textContent(), /JS605/);
    return dialog;
  };

  await deployDialog();
  assert.equal(await page.locator('.jp-Dialog .jp-mod-accept').isDisabled(), true, 'Deploy is disabled while the gate blocks');
  await shot('deploy-refused-by-gate');
  await page.locator('.jp-Dialog .jp-mod-reject').click();
  assert.equal((await api(`runs?notebook=${encodeURIComponent(path)}`)).runs.length, 0, 'not ticked: nothing deployed');

  const dialog = await deployDialog();
  await dialog.locator('input[name="force"]').check();
  await shot('deploy-anyway');
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  await page.locator('.jp-jupyship-run .jp-jupyship-run-status').waitFor({ timeout: 30_000 });
  const runs = (await api(`runs?notebook=${encodeURIComponent(path)}`)).runs;
  assert.equal(runs.length, 1);
  assert.equal((await api(`runs/${runs[0].id}`)).forced, true, 'the override is recorded');
  // Forced past its lint finding, the notebook itself runs fine (JS605 is a static finding): the run succeeds.
  await page.locator('.jp-jupyship-run .jp-jupyship-run-status:is([data-status="succeeded"], [data-status="failed"], [data-status="cancelled"])')
    .first().waitFor({ timeout: 240_000 });
  const run = await api(`runs/${runs[0].id}`);
  assert.equal(run.status, 'succeeded', JSON.stringify(run.failure));
});

test('typing in a 200-cell notebook: every keystroke reaches the editor, and the findings shown are those of the final text', async () => {
  await open('big.ipynb');
  await openSidePanel('jupyship-lint-panel');
  await page.locator('.jp-jupyship-lint-status', { hasText: /finding|warning|error|note/ }).waitFor({ timeout: 60_000 });
  // JupyterLab renders a long notebook in windows: scroll until cell 150 is in the page.
  const target = notebook().locator('.jp-Cell[data-windowed-list-index="150"]');
  await notebook().locator('.jp-Cell').first().hover();
  for (let i = 0; i < 100 && !(await target.count()); i++) {
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(100);
  }
  await target.scrollIntoViewIfNeeded();
  await target.locator('.cm-content').click();
  await page.keyboard.press('Control+End');

  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => e.duration))).observe({ type: 'longtask' });
  });
  const typed = '\ntotal = sum(value for value in range(1000))\nprint(total)\nexit(3)';
  const started = Date.now();
  await page.keyboard.type(typed, { delay: 25 });
  const typingMs = Date.now() - started;
  // The quick lint while typing (no save) finds the exit() call in that cell.
  const exitFinding = page.locator('.jp-jupyship-group[data-cell="150"] .jp-jupyship-finding[data-rule="JS205"]');
  await exitFinding.waitFor({ timeout: 30_000 });
  const longTasks = await page.evaluate(() => window.__longTasks);
  const editorText = await target.locator('.cm-content').innerText();
  assert.ok(editorText.replace(/\u200b/g, '').endsWith('print(total)\nexit(3)'), `every keystroke reached the editor: ${editorText}`);
  await shot('typing-200-cells');

  // Then take it out again quickly: the answers for the text with exit() must not come back.
  await page.keyboard.press('Control+a');
  await page.keyboard.type('value_150 = 150', { delay: 10 });
  await page.waitForFunction(() => !document.querySelector('.jp-jupyship-group[data-cell="150"]'), undefined, { timeout: 30_000 });
  await page.waitForTimeout(2500); // longer than the quiet period and a slow answer: nothing stale arrives
  assert.equal(await page.locator('.jp-jupyship-group[data-cell="150"]').count(), 0);
  assert.equal(await target.getAttribute('data-jupyship-findings'), null);
  const worst = Math.max(0, ...longTasks);
  const report = { typedCharacters: typed.length, typingMs, keystrokeDelayMs: 25, longTasks: longTasks.length, longestTaskMs: Math.round(worst) };
  writeFileSync(join(artifacts, 'typing-200-cells.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('typing in a 200-cell notebook:', JSON.stringify(report));
  // How smooth typing is (longest task, typing time) is a performance aim, not a behaviour: bench/typing judges
  // the figures this writes; a loaded machine must not fail the test for it.
});

test('a safe fix from the panel changes the notebook in the editor, not the file behind it', async () => {
  const path = 'broken/missing_parameters_cell.ipynb';
  const saved = readFileSync(join(space.workspace, path), 'utf8');
  await open(path);
  await openSidePanel('jupyship-lint-panel');
  const finding = page.locator('.jp-jupyship-finding[data-rule="JS201"]');
  await finding.waitFor({ timeout: 60_000 });
  await finding.locator('.jp-jupyship-fix').click();
  await finding.waitFor({ state: 'detached', timeout: 30_000 });
  await page.locator('.lm-TabBar-tab.jp-mod-dirty').first().waitFor({ timeout: 10_000 });
  assert.equal(readFileSync(join(space.workspace, path), 'utf8'), saved, 'nothing written until the person saves');
  await shot('fix-applied');
});

/** The sidecar's JVM, started by the proxy for this workspace. */
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

test('when the sidecar is down the panel says so, and it recovers when the sidecar is back', async () => {
  await open('broken/parameter_reassigned.ipynb');
  await openSidePanel('jupyship-lint-panel');
  await page.locator('.jp-jupyship-finding[data-rule="JS605"]').waitFor({ timeout: 60_000 });
  const pid = sidecarPid();
  assert.ok(pid, 'found the sidecar process');
  writeFileSync(space.downFlag, '');
  process.kill(pid, 'SIGKILL'); // the proxy restarts it through the launcher, which waits while the flag is there
  await page.locator('.jp-jupyship-relint').click();
  const error = page.locator('.jp-jupyship-lint-panel .jp-jupyship-alert:not([hidden])');
  await error.waitFor({ timeout: 60_000 });
  assert.match(await error.textContent(), /sidecar/);
  await shot('sidecar-down');

  unlinkSync(space.downFlag);
  await page.locator('.jp-jupyship-lint-panel .jp-jupyship-alert[hidden]').waitFor({ state: 'attached', timeout: 90_000 });
  await page.locator('.jp-jupyship-finding[data-rule="JS605"]').waitFor({ timeout: 30_000 });
  assert.ok(!existsSync(space.downFlag));
  await shot('sidecar-back');
});
