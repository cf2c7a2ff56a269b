/**
 * The lint panel: the active notebook's findings, errors first (or in notebook order, or by rule),
 * filtered by severity and rule, each with severity, id, message and place; a click or Enter goes
 * to the cell and line; rule docs, safe fixes and "ignore" one click away; the standard linter's
 * findings marked as such, and folded into ours where both report one spot; a count on the tab;
 * and a short message when the sidecar is not answering.
 */
import { Clipboard } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { Finding, Severity } from '../api';
import { countBySeverity, isStandard, summarize } from '../findings';
import { ALL_SEVERITIES, arrange, filterFindings, findingsAsText, ORDERS, Order, Row, rulesFound, tabBadge, ViewGroup } from '../lintView';
import { cellLabel } from '../cells';
import { h } from './dom';

/** Where "ignore" silences a rule. */
export type IgnoreScope = 'line' | 'cell' | 'notebook' | 'project';

export interface ILintPanelActions {
  select(finding: Finding): void;
  showDoc(rule: string): void;
  fix(finding: Finding): void;
  /**
   * Silences the finding's rule: `line` adds `# noqa: RULE`, `cell` and `notebook` the ignore list of
   * the cell's or the notebook's metadata (editor edits, undone as any), `project` the pyproject.toml's.
   */
  ignore(finding: Finding, where: IgnoreScope): void;
  relint(): void;
}

/** Rule groups this large start folded: one line with the count until opened. */
const FOLD_FROM = 3;

export class LintPanel extends Widget {
  private readonly title_ = h('div', { className: 'jp-jupyship-lint-title' }, 'No notebook');
  private readonly status = h('div', { className: 'jp-jupyship-lint-status', 'aria-live': 'polite' });
  private readonly error = h('div', { className: 'jp-jupyship-alert', role: 'alert', hidden: true });
  private readonly controls = h('div', { className: 'jp-jupyship-lint-controls', hidden: true });
  private readonly list = h('div', { className: 'jp-jupyship-lint-list' });
  private findings: readonly Finding[] = [];
  private notes: readonly string[] = [];
  private severities = new Set<Severity>(ALL_SEVERITIES);
  private rule: string | null = null;
  private order: Order = 'errors';
  /** Groups the user opened or folded, by key, over later answers. */
  private readonly folded = new Map<string, boolean>();

  constructor(private readonly actions: ILintPanelActions) {
    super();
    this.id = 'jupyship-lint-panel';
    this.addClass('jp-jupyship-lint-panel');
    this.title.caption = 'jupyship lint';
    const relint = h('button', { className: 'jp-mod-styled jp-jupyship-relint', title: 'Lint again, with ruff', onclick: () => actions.relint() }, 'Lint');
    const copy = h('button', { className: 'jp-mod-styled jp-jupyship-copy', title: 'Copy the findings shown, one a line', onclick: () => this.copy() }, 'Copy');
    this.node.append(h('div', { className: 'jp-jupyship-lint-header' }, this.title_, h('span', { className: 'jp-jupyship-lint-actions' }, copy, relint)),
      this.status, this.error, this.controls, this.list);
    this.list.addEventListener('keydown', event => this.onKey(event));
  }

  /** The order and hidden severities from the settings; the panel's own controls change them until the next settings change. */
  configure(order: Order, hidden: readonly Severity[]): void {
    this.order = order;
    this.severities = new Set([...ALL_SEVERITIES].filter(severity => !hidden.includes(severity)));
    if (this.findings.length) {
      this.render();
    }
  }

  showNotebook(path: string | null): void {
    this.title_.textContent = path ?? 'No notebook';
    // Never another notebook's findings under this one's name: clicking them would select unrelated cells.
    this.findings = [];
    this.rule = null;
    this.controls.hidden = true;
    this.list.replaceChildren(h('p', { className: 'jp-jupyship-empty' }, path ? 'Linting…' : 'Open a notebook to see its findings.'));
    this.status.textContent = '';
    this.setBadge('');
    this.showError(null);
  }

  showBusy(text: string): void {
    this.status.textContent = text;
  }

  /** A short message in the panel (null clears it); findings already shown stay, marked stale. */
  showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
    this.toggleClass('jp-jupyship-stale', message !== null);
  }

  showFindings(findings: readonly Finding[], notes: readonly string[], withStandard: boolean): void {
    this.showError(null);
    this.findings = findings;
    this.notes = notes;
    this.status.textContent = summarize(countBySeverity(findings)) + (withStandard ? '' : ' (ruff pending)');
    this.setBadge(tabBadge(findings));
    if (this.rule !== null && !findings.some(f => f.rule === this.rule)) {
      this.rule = null; // the filtered rule found nothing any more: show everything rather than an empty list
    }
    this.render();
  }

  /** The findings shown (filters applied), as text on the system clipboard. */
  private copy(): void {
    const shown = arrange(filterFindings(this.findings, { severities: this.severities, rule: this.rule }), this.order);
    Clipboard.copyToSystem(findingsAsText(this.title_.textContent ?? '', shown));
  }

  /** The count on the panel's tab (Lumino renders a title's dataset as data- attributes on its tab). */
  private setBadge(badge: string): void {
    // JupyterLab keeps the tab's data-id in the same dataset: change only our key (written as the
    // attribute's own name: Lumino sets `data-${key}` verbatim).
    const { 'jupyship-count': _old, ...others } = this.title.dataset;
    this.title.dataset = badge ? { ...others, 'jupyship-count': badge } : others;
    this.title.caption = badge ? `jupyship lint: ${summarize(countBySeverity(this.findings))}` : 'jupyship lint';
  }

  private render(): void {
    this.renderControls();
    const shown = filterFindings(this.findings, { severities: this.severities, rule: this.rule });
    const groups = arrange(shown, this.order);
    const children: Node[] = groups.map(group => this.renderGroup(group));
    for (const note of this.notes) {
      children.push(h('p', { className: 'jp-jupyship-note' }, note));
    }
    if (!groups.length) {
      const hidden = this.findings.length - shown.length;
      children.unshift(h('p', { className: 'jp-jupyship-empty' }, hidden > 0 ? `No findings shown; ${hidden} hidden by the filters.` : 'No findings.'));
    }
    this.list.replaceChildren(...children);
  }

  private renderControls(): void {
    this.controls.hidden = this.findings.length === 0;
    const counts = countBySeverity(this.findings);
    const toggles = (['error', 'warning', 'info'] as Severity[]).map(severity =>
      h(
        'button',
        {
          className: `jp-jupyship-filter jp-jupyship-filter-${severity}`,
          'aria-pressed': String(this.severities.has(severity)),
          title: `${this.severities.has(severity) ? 'Hide' : 'Show'} ${severity === 'info' ? 'notes' : `${severity}s`}`,
          onclick: () => {
            if (!this.severities.delete(severity)) {
              this.severities.add(severity);
            }
            this.render();
          }
        },
        `${severity === 'info' ? 'notes' : `${severity}s`} ${counts[severity]}`
      )
    );
    const rules = h('select', { className: 'jp-jupyship-rule-filter', 'aria-label': 'Show one rule' },
      h('option', { value: '' }, 'All rules'),
      ...rulesFound(this.findings).map(({ rule, count }) => h('option', { value: rule, selected: rule === this.rule }, `${rule} (${count})`)));
    rules.addEventListener('change', () => {
      this.rule = rules.value || null;
      this.render();
    });
    const order = h('select', { className: 'jp-jupyship-order', 'aria-label': 'Order' },
      ...ORDERS.map(({ value, label }) => h('option', { value, selected: value === this.order }, label)));
    order.addEventListener('change', () => {
      this.order = order.value as Order;
      this.render();
    });
    this.controls.replaceChildren(h('div', { className: 'jp-jupyship-filters', role: 'group', 'aria-label': 'Severities shown' }, ...toggles), rules, order);
  }

  private renderGroup(group: ViewGroup): HTMLElement {
    const folded = this.folded.get(group.key) ?? (group.rule !== null && group.count >= FOLD_FROM);
    const toggle = h('button', {
      className: 'jp-jupyship-fold',
      'aria-expanded': String(!folded),
      title: folded ? 'Show its findings' : 'Fold',
      onclick: () => {
        this.folded.set(group.key, !folded);
        this.render();
      }
    }, folded ? '▸' : '▾');
    let heading: Node | string;
    if (group.rule !== null) {
      heading = h('span', { className: 'jp-jupyship-rule' }, group.rule);
    } else if (group.cell < 0) {
      heading = 'Notebook';
    } else {
      heading = h('a', { href: '#', className: 'jp-jupyship-cell-link', title: 'Go to the cell', onclick: (e: MouseEvent) => { e.preventDefault(); this.actions.select(group.rows[0].finding); } }, cellLabel(group.cell, true));
    }
    const count = group.count > 1 ? h('span', { className: 'jp-jupyship-count', title: `${group.count} findings` }, `×${group.count}`) : null;
    const title = h('h3', { className: 'jp-jupyship-group-title' }, toggle, heading, count);
    if (folded && group.rule !== null) {
      title.append(h('span', { className: 'jp-jupyship-message jp-jupyship-folded-message' }, group.rows[0].finding.message));
    }
    return h(
      'section',
      { className: `jp-jupyship-group jp-jupyship-${group.worst}${folded ? ' jp-jupyship-folded' : ''}`, 'data-cell': group.cell, 'data-rule': group.rule ?? undefined },
      title,
      ...(folded ? [] : group.rows.map(row => this.renderRow(row, group.rule !== null)))
    );
  }

  private renderRow(row: Row, withCell: boolean): HTMLElement {
    const { finding } = row;
    const standard = isStandard(finding);
    const place = finding.cell < 0 ? '' : `${withCell ? `${cellLabel(finding.cell)} ` : ''}${finding.line}:${finding.column}`;
    const element = h(
      'div',
      {
        className: `jp-jupyship-finding jp-jupyship-${finding.severity}${standard ? ' jp-jupyship-standard' : ''}`,
        'data-rule': finding.rule,
        tabindex: 0,
        title: 'Go to the cell and line (Enter)',
        onclick: () => this.actions.select(finding)
      },
      h('span', { className: 'jp-jupyship-severity' }, finding.severity),
      h('span', { className: 'jp-jupyship-rule' }, finding.rule),
      standard ? h('span', { className: 'jp-jupyship-source', title: 'standard lint, not a jupyship rule' }, finding.source) : null,
      h('span', { className: 'jp-jupyship-place' }, place),
      h('span', { className: 'jp-jupyship-message' }, finding.message),
      ...row.also.map(also =>
        h('span', { className: 'jp-jupyship-also jp-jupyship-standard', 'data-rule': also.rule, title: `${also.source} reports the same spot` },
          h('span', { className: 'jp-jupyship-source' }, also.source), h('span', { className: 'jp-jupyship-rule' }, also.rule), ' ', h('span', { className: 'jp-jupyship-message' }, also.message)))
    );
    element.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === element) {
        event.preventDefault();
        this.actions.select(finding);
      }
    });
    const tools = h('span', { className: 'jp-jupyship-tools' });
    if (!standard) {
      tools.append(h('button', { className: 'jp-jupyship-doc', title: `What ${finding.rule} finds and how to fix it`, onclick: (e: MouseEvent) => { e.stopPropagation(); this.actions.showDoc(finding.rule); } }, 'doc'));
    }
    if (finding.fixable) {
      tools.append(h('button', { className: 'jp-jupyship-fix', title: 'Apply the safe fix in the editor', onclick: (e: MouseEvent) => { e.stopPropagation(); this.actions.fix(finding); } }, 'fix'));
    }
    const rules = [finding, ...row.also];
    const ignore = (where: IgnoreScope) => (e: MouseEvent) => {
      e.stopPropagation();
      for (const each of rules) {
        this.actions.ignore(each, where);
      }
    };
    const ids = rules.map(f => f.rule).join(', ');
    if (!finding.notebookLevel && finding.cell >= 0) {
      tools.append(
        h('button', { className: 'jp-jupyship-ignore-line', title: `Silence ${ids} on this line (# noqa)`, onclick: ignore('line') }, 'ignore line'),
        h('button', { className: 'jp-jupyship-ignore-cell', title: `Silence ${ids} in this cell (its metadata)`, onclick: ignore('cell') }, 'ignore in cell')
      );
    }
    tools.append(
      h('button', { className: 'jp-jupyship-ignore-notebook', title: `Silence ${ids} in the whole notebook (its metadata)`, onclick: ignore('notebook') }, 'ignore in notebook'),
      h('button', { className: 'jp-jupyship-ignore-project', title: `Silence ${ids} in every notebook of the project (pyproject.toml's [tool.jupyship.lint] ignore)`, onclick: ignore('project') }, 'ignore in project')
    );
    element.append(tools);
    return element;
  }

  /** Up and down move between findings, as in a list; Home and End go to the first and last. */
  private onKey(event: KeyboardEvent): void {
    const rows = Array.from(this.list.querySelectorAll<HTMLElement>('.jp-jupyship-finding'));
    const at = rows.indexOf(document.activeElement as HTMLElement);
    if (at < 0) {
      return;
    }
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (to !== undefined && rows[to]) {
      event.preventDefault();
      rows[to].focus();
    }
  }
}
