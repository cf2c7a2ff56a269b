/** "Ignore this rule" written as the linter reads it: `# noqa` lists and the cell's ignore metadata. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceWithNoqa, withIgnored, withNoqa } from '../suppress';

test('a line gets its own # noqa, or the rule joins the one it has', () => {
  assert.equal(withNoqa('x = eval(s)   ', 'JS301'), 'x = eval(s)  # noqa: JS301');
  assert.equal(withNoqa('import os  # noqa: F401', 'JS104'), 'import os  # noqa: F401, JS104');
  assert.equal(withNoqa('import os  # noqa:F401,JS104', 'js104'), 'import os  # noqa:F401,JS104', 'already there, whatever the case');
  assert.equal(withNoqa('import os  # noqa', 'F401'), 'import os  # noqa', 'a bare noqa silences everything');
});

test('only the finding\'s line changes; a line out of range changes nothing', () => {
  assert.equal(sourceWithNoqa('a = 1\nb = c\nd = 2', 2, 'F821'), 'a = 1\nb = c  # noqa: F821\nd = 2');
  assert.equal(sourceWithNoqa('a = 1', 3, 'F821'), 'a = 1');
});

test('the cell\'s ignore list grows once, and its other jupyship metadata stays', () => {
  assert.deepEqual(withIgnored(undefined, 'JS105'), { ignore: ['JS105'] });
  assert.deepEqual(withIgnored({ ignore: ['JS104'], note: 'x' }, 'JS105'), { ignore: ['JS104', 'JS105'], note: 'x' });
  const same = { ignore: ['JS105'] };
  assert.equal(withIgnored(same, 'JS105'), same);
});
