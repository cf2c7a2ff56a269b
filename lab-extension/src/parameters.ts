/**
 * The deploy dialog's fields, without JupyterLab: which parameters to ask for, the default each
 * one falls back to (the contract's, else the parameters cell's), and each typed value checked
 * against the contract's type, bounds and allowed values as the user types, in the words the
 * sidecar's gate uses. Cheap enough to run on every keystroke of one field.
 */
import { CheckParameter, ContractParameter } from './api';

/** Parameters the platform sets itself (papermill's output folder): not asked for in the dialog. */
export const PLATFORM_PARAMETERS = new Set(['output_dir']);

export interface FieldSpec {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** The contract's default, when it declares one. */
  contractDefault?: unknown;
  /** The literal the parameters cell assigns, as written there. */
  cellValue?: string;
  allowed?: unknown[];
  min?: number | string;
  max?: number | string;
}

/**
 * The fields, in the gate's order when its answer lists them (it knows the contract as deploy reads
 * it), else in the metadata's order.
 */
export function fieldSpecs(
  declared: Record<string, ContractParameter>,
  checked: readonly CheckParameter[] | null,
  cellValues: ReadonlyMap<string, string>
): FieldSpec[] {
  const fromCheck = (checked ?? []).map<FieldSpec>(p => ({
    name: p.name, type: p.type, required: p.required, description: declared[p.name]?.description,
    contractDefault: p.default, allowed: p.allowed, min: p.min, max: p.max
  }));
  // An empty list says nothing: the gate's refusal lists no parameters when it stopped before the contract's.
  const specs = fromCheck.length
    ? fromCheck
    : Object.entries(declared).map<FieldSpec>(([name, p]) => ({
        name, type: p.type ?? 'str', required: !!p.required, description: p.description, contractDefault: p.default, min: p.min, max: p.max
      }));
  return specs
    .filter(spec => !PLATFORM_PARAMETERS.has(spec.name))
    .map(spec => (cellValues.has(spec.name) ? { ...spec, cellValue: cellValues.get(spec.name) } : spec));
}

/** `name = literal` lines of the parameters cell (the one tagged `parameters`), literal text as written. */
export function parametersCellValues(cells: ReadonlyArray<{ source: string; tags: readonly string[] }>): Map<string, string> {
  const values = new Map<string, string>();
  const cell = cells.find(c => c.tags.includes('parameters'));
  for (const line of cell ? cell.source.split('\n') : []) {
    const match = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(.+?)\s*(?:#.*)?$/.exec(line);
    if (match) {
      values.set(match[1], match[2]);
    }
  }
  return values;
}

/** The default a field shows: the contract's value, else the parameters cell's; null when neither says. */
export function defaultText(spec: FieldSpec): string | null {
  if (spec.contractDefault !== undefined) {
    return JSON.stringify(spec.contractDefault);
  }
  return spec.cellValue ?? null;
}

/** Why a typed value does not fit its field, or null when it fits (an empty field keeps the default). */
export function fieldProblem(spec: FieldSpec, raw: string): string | null {
  const text = raw.trim();
  if (text === '') {
    return spec.required && spec.contractDefault === undefined && spec.cellValue === undefined ? 'required: give a value' : null;
  }
  let value: unknown;
  try {
    value = convert(spec.name, text, spec.type);
  } catch (error) {
    return (error as Error).message.replace(`parameter '${spec.name}' `, '');
  }
  if (spec.allowed?.length && !spec.allowed.some(a => JSON.stringify(a) === JSON.stringify(value))) {
    return `must be one of ${spec.allowed.map(a => JSON.stringify(a)).join(', ')}`;
  }
  if (spec.min !== undefined && spec.min !== null && (value as number | string) < spec.min) {
    return `is below the minimum ${JSON.stringify(spec.min)}`;
  }
  if (spec.max !== undefined && spec.max !== null && (value as number | string) > spec.max) {
    return `is above the maximum ${JSON.stringify(spec.max)}`;
  }
  return null;
}

/**
 * The values typed in the deploy dialog, converted to the contract's types; empty fields are left
 * out (the notebook's defaults apply). Throws with the parameter's name on a value of the wrong type.
 */
export function parameterValues(typed: Record<string, string>, declared: Record<string, { type?: string }>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(typed)) {
    const text = raw.trim();
    if (text !== '') {
      values[name] = convert(name, text, declared[name]?.type ?? 'str');
    }
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
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
        throw new Error(`parameter '${name}' must be a date, YYYY-MM-DD, not '${text}'`);
      }
      return text;
    case 'list':
    case 'dict': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const fits = type === 'list' ? Array.isArray(parsed) : !!parsed && typeof parsed === 'object' && !Array.isArray(parsed);
      if (!fits) {
        throw new Error(`parameter '${name}' must be a JSON ${type === 'list' ? 'list' : 'object'}, not '${text}'`);
      }
      return parsed;
    }
    default:
      return text;
  }
}
