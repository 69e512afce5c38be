import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

test('the package has no runtime dependency', () => {
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.peerDependencies, undefined);
  assert.equal(pkg.optionalDependencies, undefined);
});

test('exports, types and engines say what an app gets', async () => {
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './src/index.d.ts', default: './src/index.js' });
  assert.equal(pkg.types, './src/index.d.ts');
  assert.equal(pkg.engines.node, '>=20');
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  const self = await import('@anonymous-access/client');
  assert.equal(typeof self.createSession, 'function', 'the package resolves by its own name');
});

test('the package says where it comes from', () => {
  assert.match(pkg.homepage, /^https:\/\//);
  assert.equal(pkg.repository.type, 'git');
  assert.equal(pkg.repository.directory, 'clients/js');
  assert.match(pkg.bugs.url, /^https:\/\//);
});

test('the packed README links nothing outside the package by a relative path', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const relative = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1])
    .filter((target) => !/^(https?:|#|mailto:)/.test(target));
  assert.deepEqual(relative, [], 'links that break once the README is on npm');
});

test('the packed tarball holds only the library, its types, its README and its licence', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'],
    { cwd: new URL('..', import.meta.url), encoding: 'utf8' }));
  assert.deepEqual(packed.files.map((f) => f.path).sort(),
    ['LICENSE', 'README.md', 'package.json', 'src/index.d.ts', 'src/index.js']);
});
