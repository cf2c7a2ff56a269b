/**
 * A succeeded run's model against its notebook's champion, in the run view: who the champion is,
 * "Compare with champion" on rows of a workspace file (CSV or JSON, with an optional label column),
 * each model loaded as serving loads it, the answers' agreement, metrics and largest differences;
 * then "Promote", which makes this run the champion (serving follows the champion).
 */
import { ChampionView, ModelComparison, Run } from '../api';
import { SidecarClient } from '../client';
import { agreementSentence, differenceRows, metricRows } from '../comparison';
import { describeError } from '../errors';
import { h } from './dom';

/** What the section asks of the run view. */
export interface IChampionHost {
  confirm(title: string, question: string, action: string): Promise<boolean>;
  /** The champion moved: lists and charts may show it. */
  promoted(run: Run): void;
}

export class ChampionCompare {
  readonly node = h('section', { className: 'jp-jupyship-champion', 'aria-label': 'Model and champion', hidden: true });
  private readonly status = h('p', { className: 'jp-jupyship-champion-status' });
  private readonly input = h('input', { type: 'text', className: 'jp-mod-styled jp-jupyship-compare-input', placeholder: 'holdout.csv',
    'aria-label': 'Rows to compare on: a CSV or JSON file in the workspace' }) as HTMLInputElement;
  private readonly label = h('input', { type: 'text', className: 'jp-mod-styled jp-jupyship-compare-label', placeholder: 'churned',
    'aria-label': 'Label column (optional)' }) as HTMLInputElement;
  private readonly compareButton = h('button', { type: 'submit', className: 'jp-mod-styled jp-jupyship-compare' },
    'Compare with champion') as HTMLButtonElement;
  private readonly promoteButton = h('button', { className: 'jp-mod-styled jp-mod-accept jp-jupyship-promote', onclick: () => void this.promote() },
    'Promote to champion') as HTMLButtonElement;
  /** Enter in either field compares, as the button does. */
  private readonly form = h('form', { className: 'jp-jupyship-compare-form' },
    h('label', {}, 'Rows ', this.input), ' ', h('label', {}, 'Label column ', this.label), ' ', this.compareButton);
  private readonly error = h('div', { className: 'jp-jupyship-alert jp-jupyship-compare-error', role: 'alert', hidden: true });
  private readonly result = h('div', { className: 'jp-jupyship-compare-result', 'aria-live': 'polite' });
  private run: Run | null = null;
  private view: ChampionView | null = null;
  private busy = false;

  constructor(private readonly host: IChampionHost) {
    this.form.addEventListener('submit', event => {
      event.preventDefault(); // a form's own submit would reload JupyterLab
      void this.compare();
    });
    this.node.append(h('h3', {}, 'Model'), this.status, this.form, this.promoteButton, this.error, this.result);
  }

  /** Shows the section for a succeeded run the promotion gate decided on (its contract declares a model). */
  async show(run: Run): Promise<void> {
    this.run = run;
    if (run.status !== 'succeeded' || !run.promotion) {
      this.node.hidden = true;
      return;
    }
    try {
      this.view = await SidecarClient.champion(run.notebook, run.promotion.model);
    } catch (error) {
      this.fail('The champion could not be read', error);
    }
    this.node.hidden = false;
    this.render();
  }

  private render(): void {
    const run = this.run!;
    const model = run.promotion!.model;
    const champion = this.view?.champion ?? null;
    const isChampion = champion?.run === run.id;
    this.status.textContent = isChampion
      ? `This run's model '${model}' is the champion: serving answers with it.`
      : champion
        ? `The champion of model '${model}' is run ${champion.run} (${champion.how} by ${champion.by}). Compare this run with it before promoting it.`
        : `Model '${model}' has no champion yet.`;
    this.status.dataset.champion = champion?.run ?? '';
    this.form.hidden = isChampion || !champion;
    this.promoteButton.hidden = isChampion;
    this.compareButton.disabled = this.busy;
    this.promoteButton.disabled = this.busy;
  }

  private async compare(): Promise<void> {
    const champion = this.view?.champion;
    if (this.busy || !this.run || !champion) {
      return;
    }
    const input = this.input.value.trim();
    if (!input) {
      this.error.hidden = false;
      this.error.textContent = 'Name a CSV or JSON file of rows in the workspace to compare on.';
      this.input.focus();
      return;
    }
    this.busy = true;
    this.error.hidden = true;
    this.result.replaceChildren(h('p', { className: 'jp-jupyship-note' }, 'Loading both models and answering every row…'));
    this.render();
    try {
      const label = this.label.value.trim();
      this.showResult(await SidecarClient.compare({ runs: [champion.run, this.run.id], input, label: label || null }));
    } catch (error) {
      this.result.replaceChildren();
      this.fail('Compare', error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private showResult(report: ModelComparison): void {
    const parts: Node[] = [h('p', { className: 'jp-jupyship-compare-agreement' }, agreementSentence(report))];
    const metrics = metricRows(report);
    if (metrics.length) {
      parts.push(h('table', { className: 'jp-jupyship-compare-metrics' },
        h('caption', {}, `On these rows, against the label ${report.label}`),
        h('tr', {}, h('th', {}, 'metric'), h('th', {}, 'champion'), h('th', {}, 'this run')),
        ...metrics.map(([name, a, b]) => h('tr', {}, h('th', {}, name), h('td', {}, a), h('td', {}, b)))));
    }
    const rows = differenceRows(report);
    if (rows.length) {
      parts.push(h('table', { className: 'jp-jupyship-compare-differences' },
        h('caption', {}, 'The rows they differ on most'),
        h('tr', {}, h('th', {}, 'row'), h('th', {}, 'champion'), h('th', {}, 'this run'), h('th', {}, 'input')),
        ...rows.map(([row, a, b, input]) => h('tr', {}, h('td', {}, row), h('td', {}, a), h('td', {}, b), h('td', { className: 'jp-jupyship-compare-row', title: input }, input)))));
    }
    this.result.replaceChildren(...parts);
  }

  private async promote(): Promise<void> {
    const run = this.run;
    if (this.busy || !run || !run.promotion) {
      return;
    }
    const champion = this.view?.champion;
    if (!(await this.host.confirm('Promote to champion',
      `Make run ${run.id} the champion of ${run.notebook} (model '${run.promotion.model}')${champion ? `, replacing ${champion.run}` : ''}? `
        + 'Serving follows the champion; a rollback brings the previous one back.', 'Promote'))) {
      return;
    }
    this.busy = true;
    this.render();
    try {
      await SidecarClient.promote(run.id);
      this.view = await SidecarClient.champion(run.notebook, run.promotion.model);
      this.host.promoted(run);
    } catch (error) {
      this.fail('Promote', error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private fail(what: string, error: unknown): void {
    this.error.hidden = false;
    this.error.textContent = `${what}: ${describeError(error)}`;
  }
}
