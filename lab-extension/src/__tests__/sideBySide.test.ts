/** A unified diff in two columns: replaced lines side by side, numbers of each revision kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sideBySide } from '../sideBySide';

const diff = [
  '--- a/nb.py',
  '+++ b/nb.py',
  '@@ -1,4 +1,5 @@',
  ' # %%',
  '-a = 1',
  '-b = 2',
  '+a = 10',
  ' # %%',
  '+c = 3',
  '+d = 4',
  ' print(a)',
  '\\ No newline at end of file'
].join('\n');

test('replaced lines sit beside what replaced them; additions alone face an empty left side', () => {
  const rows = sideBySide(diff).map(row => ('hunk' in row ? row.hunk : `${row.left ? `${row.left.n}${row.left.kind[0]}:${row.left.text}` : '-'} | ${row.right ? `${row.right.n}${row.right.kind[0]}:${row.right.text}` : '-'}`));
  assert.deepEqual(rows, [
    '@@ -1,4 +1,5 @@',
    '1s:# % | 1s:# %'.replace(/%/g, '%%'),
    '2r:a = 1 | 2a:a = 10',
    '3r:b = 2 | -',
    '4s:# % | 3s:# %'.replace(/%/g, '%%'),
    '- | 4a:c = 3',
    '- | 5a:d = 4',
    '5s:print(a) | 6s:print(a)'
  ]);
});

test('no hunks, no rows', () => {
  assert.deepEqual(sideBySide(''), []);
});
