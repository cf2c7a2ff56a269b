/**
 * A runs row's one action, the same in the runs sidebar and the Runs view: cancel while the run is
 * in flight, rerun once it has ended (the rerun opens). The button stays disabled while it acts.
 */
import { RunSummary } from '../api';
import { SidecarClient } from '../client';
import { describeError } from '../errors';
import { isFinal, newIdempotencyKey } from '../runs';
import { h } from './dom';

export interface IRowActionHost {
  openRun(id: string): void;
  /** After the action: the list is read again. */
  acted(): Promise<void>;
  /** The action failed: a line naming it, the run and why. */
  failed(message: string): void;
}

export function rowAction(run: RunSummary, host: IRowActionHost): HTMLButtonElement {
  const final = isFinal(run.status);
  const button: HTMLButtonElement = h('button', {
    className: `jp-jupyship-row-action ${final ? 'jp-jupyship-rerun' : 'jp-jupyship-cancel'}`,
    title: final ? 'Run it again with the same notebook and parameters' : 'Stop this run',
    onclick: (e: MouseEvent) => {
      e.stopPropagation();
      void act();
    }
  }, final ? 'rerun' : 'cancel');
  const act = async (): Promise<void> => {
    button.disabled = true;
    try {
      if (final) {
        host.openRun((await SidecarClient.rerun(run.id, newIdempotencyKey())).id);
      } else {
        await SidecarClient.cancelRun(run.id);
      }
    } catch (error) {
      host.failed(`${final ? 'Rerun' : 'Cancel'} ${run.id}: ${describeError(error)}`);
      button.disabled = false;
      return;
    }
    await host.acted();
  };
  return button;
}
