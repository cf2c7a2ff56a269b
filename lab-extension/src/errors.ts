/**
 * What went wrong talking to the sidecar, in words a person can act on. Plain TypeScript (no
 * JupyterLab imports) so the mapping is unit-tested directly.
 */

/** How a call to the sidecar failed. */
export type SidecarErrorKind =
  | 'unreachable' // no answer at all: JupyterLab's server or the sidecar is down
  | 'proxy' // jupyter-server-proxy answered for the sidecar (it could not start it or reach it)
  | 'refused' // 401/403: the sidecar or JupyterLab refused the credentials
  | 'rejected' // 4xx: the sidecar understood and said no (bad notebook, lint gate, unknown id)
  | 'failed'; // 5xx or an answer that is not what the API promises

export class SidecarError extends Error {
  constructor(
    readonly kind: SidecarErrorKind,
    message: string,
    readonly status = 0,
    /** The sidecar's JSON body, when it sent one (e.g. the lint gate's findings on a 422). */
    readonly body: unknown = null
  ) {
    super(message);
    this.name = 'SidecarError';
  }

  /** Worth retrying by itself: the sidecar may come back. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'proxy';
  }
}

/**
 * The error for an HTTP answer that is not a success. The sidecar answers
 * `{"error": "...", "status": N}`; anything else came from the proxy or Jupyter's server.
 */
export function errorFromResponse(status: number, bodyText: string, what: string): SidecarError {
  let parsed: unknown = null;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    parsed = null;
  }
  const sidecarMessage =
    parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string'
      ? (parsed as { error: string }).error
      : null;
  if (sidecarMessage !== null) {
    const kind = status === 401 || status === 403 ? 'refused' : status >= 500 ? 'failed' : 'rejected';
    return new SidecarError(kind, sidecarMessage, status, parsed);
  }
  // Not the sidecar's JSON: the proxy (502/503/504, or 500 when the process would not start) or Jupyter.
  if (status === 502 || status === 503 || status === 504 || status === 500 || status === 599) {
    return new SidecarError('proxy', `the jupyship sidecar is not answering (${what}: HTTP ${status} from the proxy)`, status);
  }
  if (status === 401 || status === 403) {
    return new SidecarError('refused', `JupyterLab refused ${what} (HTTP ${status}): reload the page to log in again`, status);
  }
  if (status === 404) {
    return new SidecarError('proxy', `no jupyship sidecar behind JupyterLab (${what}: HTTP 404): is jupyter-server-proxy configured?`, status);
  }
  return new SidecarError('failed', `${what} failed with HTTP ${status}`, status);
}

/** The error for a request that got no answer at all. */
export function unreachable(what: string, cause: unknown): SidecarError {
  const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  return new SidecarError('unreachable', `cannot reach JupyterLab's server for ${what}${detail}`);
}

/** One short line for the user, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof SidecarError) {
    return error.message;
  }
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}
