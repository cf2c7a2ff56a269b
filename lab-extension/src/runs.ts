/**
 * Pure helpers for deploy and runs: which statuses are final, where a run's file is in the
 * workspace, the contract's parameters and the values typed for them. No JupyterLab imports.
 */
import { ContractParameter, RunStatus } from './api';

export function isFinal(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/**
 * A run link (`file:///abs/path`) as a path JupyterLab can open: relative to the server's root,
 * or null when the file is elsewhere (another store, outside the workspace).
 */
export function workspacePath(link: string | undefined, serverRoot: string): string | null {
  if (!link || !link.startsWith('file://') || !serverRoot) {
    return null;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(link).pathname);
  } catch {
    return null;
  }
  const root = serverRoot.replace(/\/+$/, '');
  return path.startsWith(root + '/') ? path.substring(root.length + 1) : null;
}

/** metadata.jupyship.contract.parameters, or an empty object when the notebook declares none. */
export function contractParameters(metadata: unknown): Record<string, ContractParameter> {
  const jupyship = (metadata as { jupyship?: { contract?: { parameters?: unknown } } } | null)?.jupyship;
  const parameters = jupyship?.contract?.parameters;
  return parameters && typeof parameters === 'object' && !Array.isArray(parameters)
    ? (parameters as Record<string, ContractParameter>)
    : {};
}

/**
 * A key for one deploy dialog's request, so that a retried request gives back the same run; from
 * the browser's UUIDs where it has them (secure contexts), else time and randomness.
 */
export function newIdempotencyKey(): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID;
  return uuid ? `lab-${uuid.call(globalThis.crypto)}` : `lab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Parameters the platform sets itself (papermill's output folder): not asked for in the dialog. */
export const PLATFORM_PARAMETERS = new Set(['output_dir']);

/**
 * The values typed in the deploy dialog, converted to the contract's types; empty fields are left
 * out (the notebook's defaults apply). Throws with the parameter's name on a value of the wrong type.
 */
export function parameterValues(
  typed: Record<string, string>,
  declared: Record<string, ContractParameter>
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(typed)) {
    const text = raw.trim();
    if (text === '') {
      continue;
    }
    const type = declared[name]?.type ?? 'str';
    values[name] = convert(name, text, type);
  }
  return values;
}

function convert(name: string, text: string, type: string): unknown {
  switch (type) {
    case 'int':
      if (!/^[-+]?\d+$/.test(text)) {
        throw new Error(`parameter '${name}' must be a whole number, not '${text}'`);
      }
      return Number.parseInt(text, 10);
    case 'float':
      if (Number.isNaN(Number(text))) {
        throw new Error(`parameter '${name}' must be a number, not '${text}'`);
      }
      return Number(text);
    case 'bool':
      if (!/^(true|false)$/i.test(text)) {
        throw new Error(`parameter '${name}' must be true or false, not '${text}'`);
      }
      return text.toLowerCase() === 'true';
    case 'list':
    case 'dict':
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`parameter '${name}' must be a JSON ${type === 'list' ? 'list' : 'object'}, not '${text}'`);
      }
    default:
      return text;
  }
}

/** "12 s", "3 min 4 s": how long a run took or has been running. */
export function duration(fromIso: string, toIso?: string | null, now = Date.now()): string {
  const end = toIso ? Date.parse(toIso) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(fromIso)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
