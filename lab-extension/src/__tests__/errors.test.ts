/** From an HTTP failure to a short message a person can act on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeError, errorFromResponse, SidecarError, unreachable } from '../errors';

test('the sidecar\'s own JSON error is shown as it wrote it', () => {
  const error = errorFromResponse(404, '{"error": "no notebook at \'x.ipynb\' in the workspace", "status": 404}', 'POST /api/lint');
  assert.equal(error.kind, 'rejected');
  assert.equal(error.status, 404);
  assert.equal(describeError(error), "no notebook at 'x.ipynb' in the workspace");
  assert.equal(error.transient, false);
});

test('the lint gate\'s refusal keeps its findings for the dialog', () => {
  const body = '{"error": "lint errors block the deploy", "status": 422, "findings": [{"rule": "JS605"}]}';
  const error = errorFromResponse(422, body, 'POST /api/deploy');
  assert.equal(error.kind, 'rejected');
  assert.deepEqual((error.body as { findings: unknown[] }).findings, [{ rule: 'JS605' }]);
});

test('the proxy answering for a sidecar that is down is transient and says so', () => {
  for (const status of [500, 502, 503, 504, 599]) {
    const error = errorFromResponse(status, '<html>Bad Gateway</html>', 'POST /api/lint');
    assert.equal(error.kind, 'proxy', String(status));
    assert.equal(error.transient, true);
    assert.match(describeError(error), /jupyship sidecar is not answering \(POST \/api\/lint: HTTP \d+ from the proxy\)/);
  }
});

test('refusals and a missing proxy route are explained', () => {
  assert.match(describeError(errorFromResponse(403, 'Forbidden', 'GET /api/runs')), /reload the page/);
  assert.equal(errorFromResponse(401, '{"error": "missing or wrong X-Jupyship-Token header", "status": 401}', 'x').kind, 'refused');
  assert.match(describeError(errorFromResponse(404, '<html>404</html>', 'GET /api/rules/JS101')), /jupyter-server-proxy configured/);
  assert.match(describeError(errorFromResponse(418, '', 'GET /api/x')), /GET \/api\/x failed with HTTP 418/);
});

test('no answer at all: the network error\'s reason, marked transient', () => {
  const error = unreachable('POST /api/lint', new TypeError('Failed to fetch'));
  assert.ok(error instanceof SidecarError);
  assert.equal(error.transient, true);
  assert.equal(describeError(error), "cannot reach JupyterLab's server for POST /api/lint: Failed to fetch");
  assert.equal(describeError('plain'), 'plain');
  assert.equal(describeError(new Error('boom')), 'boom');
});
