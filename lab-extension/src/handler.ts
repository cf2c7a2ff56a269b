/**
 * The one way the extension talks to the sidecar: on JupyterLab's own origin at
 * `<base_url>jupyship/`, where jupyter-server-proxy forwards to it, through ServerConnection so
 * JupyterLab's token and XSRF header go along. Failures become {@link SidecarError}s that carry
 * the sidecar's own message.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { SidecarError, errorFromResponse, unreachable } from './errors';

/** The proxy's name for the sidecar (image/jupyter_server_config.py, ServerProxy.servers). */
export const SIDECAR_PREFIX = 'jupyship';

export interface IRequestOptions extends RequestInit {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** 'text' for routes that answer text (export, run logs). */
  as?: 'json' | 'text';
}

export function sidecarUrl(endPoint: string, query?: IRequestOptions['query'], settings = ServerConnection.makeSettings()): string {
  const url = URLExt.join(settings.baseUrl, SIDECAR_PREFIX, 'api', endPoint);
  const params = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return params.length ? `${url}?${params.join('&')}` : url;
}

/** Calls `<base_url>jupyship/api/<endPoint>` and answers the parsed JSON (or text). */
export async function requestAPI<T>(endPoint: string, options: IRequestOptions = {}): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const { query, as = 'json', ...init } = options;
  const url = sidecarUrl(endPoint, query, settings);
  const what = `${init.method ?? 'GET'} /api/${endPoint.split('?')[0]}`;
  if (init.body !== undefined && !(init.headers && 'Content-Type' in (init.headers as Record<string, string>))) {
    init.headers = { ...(init.headers as Record<string, string>), 'Content-Type': 'application/json' };
  }
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw unreachable(what, error);
  }
  const text = await response.text();
  if (!response.ok) {
    throw errorFromResponse(response.status, text, what);
  }
  if (as === 'text') {
    return text as unknown as T;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SidecarError('failed', `${what} answered something that is not JSON: is the proxy pointing at the sidecar?`, response.status);
  }
}
