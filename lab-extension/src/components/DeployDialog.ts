/**
 * The body of the "Deploy to dev" dialog: the contract's parameters (when the notebook declares
 * them) as fields with their defaults, and the deploy gate's verdict on the saved notebook (the
 * sidecar's POST /api/deploy/check: lint errors and the contract check, as deploy will judge them).
 */
import { Widget } from '@lumino/widgets';
import { ContractParameter, DeployVerdict } from '../api';
import { newIdempotencyKey, PLATFORM_PARAMETERS } from '../runs';
import { h } from './dom';

export class DeployDialogBody extends Widget {
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly verdict = h('div', { className: 'jp-jupyship-gate', role: 'status' }, 'Gate: checking…');
  /** Shown once the gate finds errors: deploying anyway is a choice the user makes, and the run records it. */
  private readonly force = h('input', { type: 'checkbox', name: 'force', 'aria-label': 'Deploy anyway' });
  /** The key of this dialog's deploy request: a retried request gives back the same run. */
  readonly idempotencyKey = newIdempotencyKey();
  private blocked = false;

  constructor(path: string, parameters: Record<string, ContractParameter>) {
    super();
    this.addClass('jp-jupyship-deploy-dialog');
    const names = Object.keys(parameters).filter(name => !PLATFORM_PARAMETERS.has(name));
    const rows = names.map(name => {
      const declared = parameters[name];
      const input = h('input', {
        className: 'jp-mod-styled',
        name,
        placeholder: declared.default !== undefined ? `default ${JSON.stringify(declared.default)}` : 'notebook default',
        'aria-label': name
      });
      this.inputs.set(name, input);
      const hint = [declared.type, declared.required ? 'required' : null, declared.description].filter(Boolean).join(' · ');
      return h('label', { className: 'jp-jupyship-param' }, h('span', { className: 'jp-jupyship-param-name' }, name), input, h('span', { className: 'jp-jupyship-param-hint' }, hint));
    });
    this.node.append(
      h('p', {}, `Runs ${path} as a tracked batch on the dev cluster, as saved.`),
      names.length ? h('fieldset', {}, h('legend', {}, 'Parameters (empty: the notebook\'s value)'), ...rows) : h('p', { className: 'jp-jupyship-empty' }, 'The notebook declares no contract parameters.'),
      this.verdict
    );
  }

  showVerdict(verdict: DeployVerdict | null, problem?: string): void {
    if (!verdict) {
      this.verdict.textContent = `Gate: could not check (${problem}); the sidecar checks again on deploy.`;
      return;
    }
    const errors = verdict.findings.filter(f => f.severity === 'error');
    const blocked = (this.blocked = verdict.blocking > 0);
    this.verdict.className = `jp-jupyship-gate ${blocked ? 'jp-jupyship-blocked' : 'jp-jupyship-pass'}`;
    this.verdict.replaceChildren(
      h('strong', {}, blocked ? 'Gate: blocked' : 'Gate: passes'),
      ` (${verdict.blocking} blocking of ${verdict.findings.length} finding${verdict.findings.length === 1 ? '' : 's'}; runs on the ${verdict.cluster} cluster, target ${verdict.target})`,
      ...errors.slice(0, 5).map(f => h('div', { className: 'jp-jupyship-gate-finding' }, `${f.cell >= 0 ? `cell ${f.cell + 1}: ` : ''}${f.rule} ${f.message}`)),
      blocked
        ? h('label', { className: 'jp-jupyship-force' }, this.force, ' Deploy anyway (dev only; the run records the override)')
        : ''
    );
  }

  /** Whether the user chose to deploy despite the gate's errors (read after the dialog has closed). */
  get forced(): boolean {
    return this.blocked && this.force.checked;
  }

  /** What was typed, by parameter name. */
  getValue(): Record<string, string> {
    const typed: Record<string, string> = {};
    this.inputs.forEach((input, name) => (typed[name] = input.value));
    return typed;
  }
}
