import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

/** The environment without the test runner's marker, so that the child reports as a run of its own. */
function withoutTestRunnerContext() {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

// React Native's Hermes engine has no EventTarget, Event or CustomEvent (and no localStorage or Web Locks): the
// library's own tests of a session run once more in a Node process that has none of them either.
test('in a process without the globals React Native lacks, a session works and its events arrive', () => {
  const run = spawnSync(process.execPath, [
    '--import', new URL('./react-native/without-dom-events.js', import.meta.url).href,
    '--test', '--test-reporter=spec', fileURLToPath(new URL('./react-native/session-flow.js', import.meta.url)),
  ], { encoding: 'utf8', env: withoutTestRunnerContext() });

  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /ℹ pass [1-9]\d*\n/, run.stdout);
  assert.match(run.stdout, /ℹ fail 0\n/, run.stdout);
});
