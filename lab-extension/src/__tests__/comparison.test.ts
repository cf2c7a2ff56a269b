/** A comparison with the champion in words: agreement, metrics side by side, the rows that differ most. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelComparison } from '../api';
import { agreementSentence, differenceRows, figure, metricRows } from '../comparison';

const numeric: ModelComparison = {
  runs: [
    { run: '20261207T030000Z-aaaaaa', notebook: 'churn.ipynb', model: 'churn', run_metrics: { auc: 0.86 } },
    { run: '20261208T030000Z-bbbbbb', notebook: 'churn.ipynb', model: 'churn', run_metrics: { auc: 0.6 } }
  ],
  rows: 200,
  label: 'churned',
  predictions: [[0.91, 0.52]],
  summary: {
    kind: 'numeric', agreement: 0.875, agreeing_rows: 175, tolerance: 0.05, mean_abs_difference: 0.02134, max_abs_difference: 0.3862846,
    largest_differences: [{ row: 16, a: 0.91234, b: 0.52, difference: 0.39234, input: { plan: 'basic', tenure_months: 3 } }],
    metrics: [{ auc: 0.8473003960808839, 'accuracy_at_0.5': 0.75 }, { auc: 0.791119449656035, 'accuracy_at_0.5': 0.7136 }]
  }
};

test('a numeric comparison says how often and how far the answers agree', () => {
  assert.equal(agreementSentence(numeric), 'Agree on 87.5% of 200 rows (175), within 0.05; mean difference 0.02134, largest 0.3863.');
});

test('a discrete comparison says how often the answers are equal', () => {
  const discrete: ModelComparison = { ...numeric, summary: { kind: 'discrete', agreement: 1 / 3, agreeing_rows: 1, largest_differences: [] } };
  assert.equal(agreementSentence({ ...discrete, rows: 3 }), 'Agree on 33.3% of 3 rows (1).');
  assert.deepEqual(metricRows(discrete), [], 'no labels: no metrics');
});

test('metrics line up by name, A then B, rounded for reading', () => {
  assert.deepEqual(metricRows(numeric), [['auc', '0.8473', '0.7911'], ['accuracy_at_0.5', '0.75', '0.7136']]);
  const partial: ModelComparison = { ...numeric, summary: { ...numeric.summary, metrics: [{ auc: 0.9 }, { auc: null, mae: 2 }] } };
  assert.deepEqual(metricRows(partial), [['auc', '0.9', '—'], ['mae', '—', '2']]);
});

test('the rows that differ most are numbered from 1, with their input', () => {
  assert.deepEqual(differenceRows(numeric), [['17', '0.9123', '0.52', '{"plan":"basic","tenure_months":3}']]);
  assert.equal(figure('basic'), '"basic"');
  assert.equal(figure(12), '12');
});
