import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRuntimeStage } from '../../image/dockerfile';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'dockerfiles', `${name}.Dockerfile`), 'utf8');

test('the last stage: its copies from the build stage (file and folder), ENV, WORKDIR and ENTRYPOINT; the build stage it copies from', () => {
  assert.deepEqual(readRuntimeStage(fixture('two-copies-and-flags')), {
    workdir: '/function',
    workdirs: ['/function'],
    steps: [
      { kind: 'copy', from: 'build', source: '/function/dist/func.js', destination: '/function/dist/func.js', intoFolder: false, line: 14 },
      { kind: 'copy', from: 'build', source: '/function/dist/extra', destination: '/function/assets', intoFolder: true, line: 15 },
    ],
    env: { NODE_ENV: 'production', NODE_COMPILE_CACHE: '/function/.cache' },
    build: {
      workdir: '/function',
      workdirs: ['/function'],
      steps: [
        { kind: 'copy', from: 'context', source: 'package.json', destination: '/function', intoFolder: true, line: 5 },
        { kind: 'run', command: 'npm ci --no-audit', workdir: '/function', env: {}, line: 6 },
        { kind: 'run', command: 'npm run build', workdir: '/function', env: {}, line: 7 },
      ],
      env: {},
    },
    nodeArgs: ['--max-old-space-size=64', '--snapshot-blob', '/function/dist/snap.blob'],
    script: '/function/dist/func.js',
  });
});

test('the repository Dockerfile: the bundle alone, started with heap flags', () => {
  const stage = readRuntimeStage(readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8'));
  assert.ok(stage.steps.some((step) => step.kind === 'copy' && step.from === 'build'));
  assert.ok(stage.build.steps.some((step) => step.kind === 'run' && step.command === 'npm run build'));
  assert.match(stage.script, /^\//);
  assert.ok(stage.nodeArgs.some((arg) => arg.startsWith('--max-old-space-size=')));
});

test('a RUN of the runtime stage is kept in order with its WORKDIR and ENV; CMD alone starts node', () => {
  const stage = readRuntimeStage(fixture('run-in-runtime'));
  assert.deepEqual(
    stage.steps.map((step) => step.kind),
    ['copy', 'run'],
  );
  assert.deepEqual(stage.steps[1], { kind: 'run', command: 'mkdir -p /app/cache && node --version > /app/cache/version', workdir: '/app', env: {}, line: 9 });
  assert.equal(stage.script, '/app/dist/func.js');
  assert.deepEqual(stage.nodeArgs, []);
});

test('what cannot be reproduced is refused with the reason and the line', () => {
  const cases: Array<[string, RegExp]> = [
    [fixture('shell-entrypoint'), /line 5: the ENTRYPOINT must be in exec form/],
    [fixture('context-copy'), /the runtime stage copies nothing from a build stage/],
    [fixture('not-node'), /the ENTRYPOINT must start node \(found "\/usr\/bin\/env"\)/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/x.js /x.js\nENTRYPOINT ["node", "/x.js"]\nCMD ["--port", "8080"]', /arguments after the script \(--port 8080\) are not reproduced/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nADD https://example.com/x /x\nENTRYPOINT ["node", "/x.js"]', /line 4: ADD in the runtime stage is not reproduced/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/$NAME /x.js\nENTRYPOINT ["node", "/x.js"]', /line 4: COPY uses a variable/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=other /f/x.js /x.js\nENTRYPOINT ["node", "/x.js"]', /COPY --from=other names no earlier stage of this Dockerfile \(an image\) is not reproduced/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY ../secret /x\nCOPY --from=build /f/x.js /x.js\nENTRYPOINT ["node", "/x.js"]', /COPY source \.\.\/secret is outside the build context/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/*.js /x/\nENTRYPOINT ["node", "/x/a.js"]', /has a wildcard/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/x.js /x.js', /neither ENTRYPOINT nor CMD/],
    ['FROM b\nENTRYPOINT ["node", "/x.js"]', /copies nothing from a build stage/],
    ['FROM a AS deps\nFROM deps AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/x.js /x.js\nENTRYPOINT ["node", "/x.js"]', /the build stage starts FROM the earlier stage deps/],
    ['FROM a AS one\nFROM a AS build\nCOPY --from=one /x /x\nFROM b\nCOPY --from=build /x.js /x.js\nENTRYPOINT ["node", "/x.js"]', /COPY --from=one in the build stage is not reproduced/],
    ['FROM a AS one\nFROM a AS two\nFROM b\nCOPY --from=one /x.js /x.js\nCOPY --from=two /y.js /y.js\nENTRYPOINT ["node", "/x.js"]', /copies from more than one stage/],
    ['WORKDIR /f', /WORKDIR before the first FROM/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/x.js /x.js\nENTRYPOINT ["node", "--require"]', /node flag --require has no value/],
    ['FROM a AS build\nWORKDIR /f\nFROM b\nCOPY --from=build /f/x.js /x.js\nENTRYPOINT ["node", "/x.js"', /not valid JSON/],
  ];
  for (const [text, expected] of cases) assert.throws(() => readRuntimeStage(text), { name: 'DockerfileError', message: expected }, text);
});

test('continuation lines, comments inside them, and legacy ENV', () => {
  const stage = readRuntimeStage(
    'FROM a AS build\nWORKDIR /f\nFROM b\nENV LEGACY some value\nENV A="x y" \\\n# a comment in a continuation\n    B=2\nCOPY --from=0 /f/x.js \\\n  /x.js\nENTRYPOINT ["node", \\\n "/x.js"]',
  );
  assert.deepEqual(stage.env, { LEGACY: 'some value', A: 'x y', B: '2' });
  assert.deepEqual(stage.steps, [{ kind: 'copy', from: 'build', source: '/f/x.js', destination: '/x.js', intoFolder: false, line: 8 }]);
  assert.equal(stage.script, '/x.js');
});
