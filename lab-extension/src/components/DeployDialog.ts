/**
 * The body of the "Deploy to dev" dialog: the contract's parameters as labelled fields showing the
 * value each falls back to, checked one field at a time as the user types; the deploy gate's whole
 * verdict on the saved notebook (POST /api/deploy/check), each finding's cell a link; and the
 * problem of the last attempt, when the dialog opens again after one; and when: now, or on a cron
 * schedule in a time zone (the button then says Schedule). Deploy is disabled while a field is wrong
 * or the gate blocks without "Deploy anyway" ticked; a schedule never runs past the gate.
 */
import { Widget } from '@lumino/widgets';
import { ContractParameter, DeployVerdict } from '../api';
import { cellLabel } from '../cells';
import { defaultText, fieldProblem, FieldSpec, fieldSpecs } from '../parameters';
import { browserTimeZone, cronProblem } from '../schedules';
import { h } from './dom';

/** What the dialog holds, kept from one opening to the next so an error loses nothing. */
export interface IDeployDialogState {
  typed: Record<string, string>;
  forced: boolean;
  verdict: DeployVerdict | null;
  /** Why the last attempt did not deploy, in full; null on the first opening. */
  problem: string | null;
  /** Run on a schedule instead of now: the cron expression and the zone its times are read in. */
  schedule: { on: boolean; cron: string; timeZone: string };
}

export const EMPTY_DEPLOY_STATE: IDeployDialogState = {
  typed: {}, forced: false, verdict: null, problem: null, schedule: { on: false, cron: '0 3 * * *', timeZone: browserTimeZone() }
};

interface IField {
  spec: FieldSpec;
  input: HTMLInputElement;
  hint: HTMLElement;
  error: HTMLElement;
}

let dialogs = 0;

export class DeployDialogBody extends Widget {
  private readonly fields = new Map<string, IField>();
  private readonly fieldset = h('fieldset', {}, h('legend', {}, 'Parameters (empty: the default shown)'));
  private readonly noParameters = h('p', { className: 'jp-jupyship-empty' }, 'The notebook declares no contract parameters.');
  private readonly verdictNode = h('div', { className: 'jp-jupyship-gate', role: 'status' }, 'Gate: checking…');
  private readonly problemNode = h('div', { className: 'jp-jupyship-alert jp-jupyship-deploy-problem', role: 'alert', hidden: true });
  /** Shown once the gate finds errors: deploying anyway is a choice the user makes, and the run records it. */
  private readonly force = h('input', { type: 'checkbox', name: 'force' });
  private readonly prefix = `jp-jupyship-deploy-${++dialogs}`;
  private readonly now = h('input', { type: 'radio', name: `${this.prefix}-when`, value: 'now' });
  private readonly scheduled = h('input', { type: 'radio', name: `${this.prefix}-when`, value: 'schedule' });
  private readonly cron = h('input', { className: 'jp-mod-styled', id: `${this.prefix}-cron`, name: 'cron', 'aria-describedby': `${this.prefix}-cron-error` });
  private readonly cronError = h('span', { className: 'jp-jupyship-param-error', id: `${this.prefix}-cron-error`, hidden: true });
  private readonly timeZone = h('input', { className: 'jp-mod-styled', id: `${this.prefix}-tz`, name: 'timeZone' });
  private readonly scheduleFields = h('div', { className: 'jp-jupyship-schedule-fields' });
  private blocked = false;

  constructor(
    path: string,
    private readonly declared: Record<string, ContractParameter>,
    private readonly cellValues: ReadonlyMap<string, string>,
    private readonly state: IDeployDialogState,
    private readonly goToCell: (index: number) => void
  ) {
    super();
    this.addClass('jp-jupyship-deploy-dialog');
    this.force.checked = state.forced;
    this.force.addEventListener('change', () => this.updateAccept());
    this.problemNode.hidden = state.problem === null;
    this.problemNode.textContent = state.problem ? `Not deployed: ${state.problem}` : '';
    // When after the parameters: the dialog focuses the first input, the first parameter's when there is one.
    this.node.append(h('p', {}, `Runs ${path} as a tracked batch on the dev cluster, as saved.`), this.problemNode,
      this.fieldset, this.noParameters, this.whenFields(), this.verdictNode);
    this.showFields(fieldSpecs(declared, state.verdict?.parameters ?? null, cellValues));
    if (state.verdict) {
      this.showVerdict(state.verdict);
    }
  }

  /** Now, or on a schedule: a cron expression checked as it is typed, and its time zone. */
  private whenFields(): HTMLElement {
    const { on, cron, timeZone } = this.state.schedule;
    this.now.checked = !on;
    this.scheduled.checked = on;
    this.cron.value = cron;
    this.cron.placeholder = '0 3 * * *';
    this.timeZone.value = timeZone;
    this.timeZone.placeholder = 'UTC';
    const changed = (): void => {
      this.scheduleFields.hidden = !this.scheduled.checked;
      this.checkCron();
      this.updateAccept();
    };
    for (const input of [this.now, this.scheduled, this.cron, this.timeZone]) {
      input.addEventListener(input.type === 'radio' ? 'change' : 'input', changed);
    }
    this.scheduleFields.append(
      h('div', { className: 'jp-jupyship-param' },
        h('label', { className: 'jp-jupyship-param-name', for: this.cron.id }, 'cron'), this.cron,
        h('span', { className: 'jp-jupyship-param-hint' }, 'minute hour day-of-month month day-of-week · 0 3 * * * is every day at 03:00'),
        this.cronError),
      h('div', { className: 'jp-jupyship-param' },
        h('label', { className: 'jp-jupyship-param-name', for: this.timeZone.id }, 'time zone'), this.timeZone,
        h('span', { className: 'jp-jupyship-param-hint' }, 'the zone the times are read in, e.g. Europe/Paris'))
    );
    this.scheduleFields.hidden = !on;
    this.checkCron();
    return h('fieldset', { className: 'jp-jupyship-when' }, h('legend', {}, 'When'),
      h('label', {}, this.now, ' Now'), ' ', h('label', {}, this.scheduled, ' On a schedule (the same parameters each time)'),
      this.scheduleFields);
  }

  private checkCron(): void {
    const problem = this.scheduled.checked ? cronProblem(this.cron.value) : null;
    this.cron.setAttribute('aria-invalid', String(problem !== null));
    this.cron.classList.toggle('jp-mod-error', problem !== null);
    this.cronError.hidden = problem === null;
    this.cronError.textContent = problem ?? '';
  }

  /** The fields for these specs: new ones added, known ones brought up to date, typed text kept. */
  private showFields(specs: FieldSpec[]): void {
    for (const spec of specs) {
      let field = this.fields.get(spec.name);
      if (!field) {
        const id = `${this.prefix}-${spec.name}`;
        const input = h('input', { className: 'jp-mod-styled', id, name: spec.name, 'aria-describedby': `${id}-hint ${id}-error` });
        input.value = this.state.typed[spec.name] ?? '';
        const hint = h('span', { className: 'jp-jupyship-param-hint', id: `${id}-hint` });
        const error = h('span', { className: 'jp-jupyship-param-error', id: `${id}-error`, hidden: true });
        field = { spec, input, hint, error };
        const known = field;
        input.addEventListener('input', () => this.validate(known, true)); // one field, a regex or two: cheap per keystroke
        this.fields.set(spec.name, field);
        this.fieldset.append(
          h('div', { className: 'jp-jupyship-param', 'data-param': spec.name },
            h('label', { className: 'jp-jupyship-param-name', for: id }, spec.name), input, hint, error)
        );
      }
      field.spec = spec;
      const fallback = defaultText(spec);
      field.input.placeholder = fallback ?? (spec.required ? 'required' : '');
      field.hint.textContent = [
        spec.type,
        spec.required ? 'required' : null,
        fallback !== null ? `default ${fallback} (${spec.contractDefault !== undefined ? 'contract' : 'parameters cell'})` : 'no default',
        spec.allowed?.length ? `one of ${spec.allowed.map(a => JSON.stringify(a)).join(', ')}` : null,
        spec.min !== undefined ? `min ${JSON.stringify(spec.min)}` : null,
        spec.max !== undefined ? `max ${JSON.stringify(spec.max)}` : null,
        this.declared[spec.name]?.description
      ].filter(Boolean).join(' · ');
      this.validate(field, false);
    }
    this.fieldset.hidden = this.fields.size === 0;
    this.noParameters.hidden = this.fields.size > 0;
    this.updateAccept();
  }

  /** Shows one field's problem; an empty field the user has not typed in yet shows none. */
  private validate(field: IField, typed: boolean): void {
    if (typed) {
      field.input.dataset.touched = 'true';
    }
    const problem = fieldProblem(field.spec, field.input.value);
    const shown = problem !== null && (field.input.value !== '' || field.input.dataset.touched === 'true');
    field.input.setAttribute('aria-invalid', String(shown));
    field.input.classList.toggle('jp-mod-error', problem !== null); // JupyterLab's dialog disables its accept button on these too
    field.error.hidden = !shown;
    field.error.textContent = shown ? `${field.spec.name} ${problem}` : '';
    if (typed) {
      this.updateAccept();
    }
  }

  showVerdict(verdict: DeployVerdict | null, problem?: string): void {
    if (!verdict) {
      this.verdictNode.textContent = `Gate: could not check (${problem}); the sidecar checks again on deploy.`;
      return;
    }
    this.state.verdict = verdict;
    if (verdict.parameters) {
      this.showFields(fieldSpecs(this.declared, verdict.parameters, this.cellValues));
    }
    const errors = verdict.findings.filter(f => f.severity === 'error');
    const blocked = (this.blocked = verdict.blocking > 0);
    this.verdictNode.className = `jp-jupyship-gate ${blocked ? 'jp-jupyship-blocked' : 'jp-jupyship-pass'}`;
    this.verdictNode.replaceChildren(
      h('strong', {}, blocked ? 'Gate: blocked' : 'Gate: passes'),
      ` (${verdict.blocking} blocking of ${verdict.findings.length} finding${verdict.findings.length === 1 ? '' : 's'}; runs on the ${verdict.cluster} cluster, target ${verdict.target})`,
      h('ul', { className: 'jp-jupyship-gate-findings' },
        ...errors.map(f =>
          h('li', { className: 'jp-jupyship-gate-finding', 'data-rule': f.rule },
            f.cell >= 0
              ? h('a', { href: '#', className: 'jp-jupyship-cell-link', 'data-cell': f.cell, title: 'Close this dialog and go to the cell', onclick: (e: MouseEvent) => { e.preventDefault(); this.goToCell(f.cell); } }, cellLabel(f.cell))
              : 'notebook',
            `: ${f.rule} ${f.message}`)
        ),
        ...verdict.parameterProblems.map(p => h('li', { className: 'jp-jupyship-gate-finding' }, p))
      ),
      blocked ? h('label', { className: 'jp-jupyship-force' }, this.force, ' Deploy anyway (dev only; the run records the override)') : ''
    );
    this.updateAccept();
  }

  /** Whether every field holds a value of its type (an empty one keeps its default). */
  get valid(): boolean {
    return [...this.fields.values()].every(field => fieldProblem(field.spec, field.input.value) === null)
      && (!this.scheduled.checked || cronProblem(this.cron.value) === null);
  }

  /** Whether the user chose to deploy despite the gate's errors. */
  get forced(): boolean {
    return this.blocked && this.force.checked && !this.scheduled.checked;
  }

  private updateAccept(): void {
    this.force.classList.toggle('jp-mod-error', this.blocked && !this.force.checked);
    const button = this.node.closest('.jp-Dialog-content')?.querySelector<HTMLButtonElement>('.jp-mod-accept');
    if (!button) {
      return;
    }
    // JupyterLab's dialog checks its inputs on each input event, before our listeners have updated
    // them, and refuses to accept while it saw an error: have it check again with what is true now.
    this.node.dispatchEvent(new Event('input', { bubbles: true }));
    const scheduling = this.scheduled.checked;
    const why = !this.valid ? 'Fix the fields marked in red first'
      : this.blocked && scheduling ? 'The gate blocks: a schedule runs only a notebook the gate passes; fix the findings'
        : this.blocked && !this.force.checked ? 'The gate blocks: fix the findings, or tick "Deploy anyway"' : '';
    button.disabled = why !== '';
    button.title = why;
    const label = button.querySelector('.jp-Dialog-buttonLabel') ?? button;
    label.textContent = scheduling ? 'Schedule' : 'Deploy';
  }

  protected onAfterAttach(): void {
    this.updateAccept();
  }

  /** What the dialog holds now (Dialog reads it when it closes). */
  getValue(): IDeployDialogState {
    const typed: Record<string, string> = {};
    this.fields.forEach((field, name) => (typed[name] = field.input.value));
    return {
      typed, forced: this.force.checked, verdict: this.state.verdict, problem: null,
      schedule: { on: this.scheduled.checked, cron: this.cron.value.trim(), timeZone: this.timeZone.value.trim() }
    };
  }
}
