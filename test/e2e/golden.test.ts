// Golden tests (hledger's shelltest style): the main outputs of lato on the example year, each a
// command with its expected stdout, stderr and exit code in test/golden/NAME.out. A change of
// output must be intended: regenerate with `LATO_UPDATE_GOLDEN=1 npx vitest run
// test/e2e/golden.test.ts`, then read the diff before committing it.
//
// What changes from run to run is replaced before comparing: the temp folder, import batch ids,
// times of day, and days overdue (counted to today).

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, lato, tempDir } from '../helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.LATO_UPDATE_GOLDEN === '1';
const Y = '2018-2019';

const CASES: [name: string, args: string[]][] = [
  ['fees-compute', ['fees', 'compute', '--year', Y]],
  ['fees-compute-json', ['fees', 'compute', '--year', Y, '--json']],
  ['fees-explain', ['fees', 'explain', 'SCOL', '--year', Y]],
  ['budget-show', ['budget', 'show', '--year', Y]],
  ['budget-check', ['budget', 'check', '--year', Y]],
  ['eligibility-check', ['eligibility', 'check', '--all']],
  ['invoices-list', ['invoices', 'list', '--year', Y]],
  ['invoices-show', ['invoices', 'show', 'LATO-2018-0005']],
  ['invoices-show-json', ['invoices', 'show', 'LATO-2018-0005', '--json']],
  ['invoices-outstanding', ['invoices', 'outstanding', '--as-of', '2018-11-15']],
  ['check', ['check']],
  ['report-md', ['report', 'yearly', '--year', Y, '--format', 'md', '--date', '2019-09-30']],
  ['report-json', ['report', 'yearly', '--year', Y, '--format', 'json', '--date', '2019-09-30']],
];

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

function normalise(text: string, dir: string): string {
  return text
    .split(dir)
    .join('<tmp>')
    .replace(/\b([a-z-]+)-\d{8}T\d{6}-[0-9a-f]{8}\b/g, '$1-<batch>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/(days overdue\s+)\d+/g, '$1<days>')
    .replace(/("days_overdue": )\d+/g, '$1<days>');
}

describe('golden outputs on the example year (test/golden/*.out)', () => {
  const dir = tempDir('lato-golden-');
  const db = join(dir, 'lato.db');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', COLUMNS: '100', LATO_DB: db };
  delete env.LATO_DEBUG;

  beforeAll(() => {
    const steps = [
      ['init', '--example'],
      ['invoices', 'run', '--year', Y],
      ['invoices', 'issue', '--year', Y, '--date', '2018-10-01', '--yes'],
      ['payments', 'import', join(ROOT, 'data', 'example', 'afschrift-2018-10.xml')],
    ];
    for (const s of steps) {
      const r = lato([...s, '--db', db]);
      expect(r.code, `${s.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }, 300_000);

  for (const [name, args] of CASES) {
    it(`lato ${args.join(' ')}`, async () => {
      const r = await run(args, env);
      const got = normalise(
        `$ lato ${args.join(' ')}\n${r.stdout}\n--- stderr\n${r.stderr}\n--- exit ${r.code}\n`,
        dir,
      );
      const file = join(GOLDEN, `${name}.out`);
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) throw new Error(`${file} is missing: run with LATO_UPDATE_GOLDEN=1 to make it`);
        writeFileSync(file, got);
        return;
      }
      expect(got).toBe(readFileSync(file, 'utf8'));
    }, 120_000);
  }
});
