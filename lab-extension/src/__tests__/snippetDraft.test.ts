import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldProblems, idFromTitle, snippetCells, tagsFrom } from '../snippetDraft';

test('an id is made from the title in the catalog\'s form', () => {
  assert.equal(idFromTitle('Score the Holdout (R²)'), 'score-the-holdout-r2');
  assert.equal(idFromTitle('  Évaluer: le modèle!  '), 'evaluer-le-modele');
  assert.equal(idFromTitle('???'), '');
  assert.equal(idFromTitle('a'.repeat(59) + ' bc'), 'a'.repeat(59));
});

test('tags come from a comma- or space-separated field, each once', () => {
  assert.deepEqual(tagsFrom('score, holdout  score,,r2'), ['score', 'holdout', 'r2']);
  assert.deepEqual(tagsFrom('  '), []);
});

test('each field says what is wrong with it, and nothing when it can be sent', () => {
  const good = { id: 'score-holdout', title: 'Score', description: 'R2 on the holdout.', category: 'evaluation', tags: '' };
  assert.deepEqual(fieldProblems(good), {});
  assert.deepEqual(Object.keys(fieldProblems({ ...good, id: 'Score Holdout', title: ' ', category: 'Evaluation' })).sort(), ['category', 'id', 'title']);
});

test('raw cells are left out of a snippet, the others keep their order', () => {
  const cells = [{ cell_type: 'markdown', n: 1 }, { cell_type: 'raw', n: 2 }, { cell_type: 'code', n: 3 }];
  assert.deepEqual(snippetCells(cells).map(c => c.n), [1, 3]);
});
