// Warnings grouped by cause (issue 14, item 4): a year without rates is one line per cause with a
// count and the fix, not a line per partner; every warning with --verbose and in --json;
// `invoices run` names each partner once, and its dry run says "would create".
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'example.db');
const run = (...args: string[]) => lato([...args, '--db', DB]);
const Y = '2019-2020'; // the example data has counts and rates for 2018-2019 only

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
});

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe('warnings grouped by cause (built binary)', () => {
  it('fees compute: one line per cause, with the count per category and the fix', () => {
    const r = run('fees', 'compute', '--year', Y);
    expect(r.code).toBe(0);
    const warnings = lines(r.stderr).filter((l) => l.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Warning: 46 partners have no rate for 2019-2020 \(VSE 6, PO \d+, .*\): `lato rates copy --from 2018-2019 --to 2019-2020`/,
    );
    const verbose = run('fees', 'compute', '--year', Y, '--verbose');
    expect(lines(verbose.stderr).filter((l) => l.startsWith('Warning:')).length).toBeGreaterThanOrEqual(46);
    const json = JSON.parse(run('fees', 'compute', '--year', Y, '--json').stdout);
    expect(json.warnings.length).toBeGreaterThanOrEqual(46);
    expect(json.warning_groups).toEqual([
      expect.objectContaining({
        cause: 'no_rate',
        count: 46,
        by_category: expect.objectContaining({ VSE: 6 }),
      }),
    ]);
  });

  it('another cause, another line: with the rates copied, the missing counts', () => {
    expect(run('rates', 'copy', '--from', '2018-2019', '--to', Y).code).toBe(0);
    const r = run('fees', 'compute', '--year', Y);
    const warnings = lines(r.stderr).filter((l) => l.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Warning: \d+ partners have no count of pupils or places for 2019-2020 \(VSE 6, PO 10, .*\): `lato import counts FILE --year 2019-2020`$/,
    );
  });

  it('invoices run: each partner named at most once; the dry run says "would create"', () => {
    const r = run('invoices', 'run', '--year', Y, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Dry run for 2019-2020 \(nothing written\): would create \d+/);
    expect(r.stderr).not.toMatch(/\d+ new,/);
    expect(r.stderr).toMatch(/partners have no count of pupils or places for 2019-2020/);
    for (const code of ['ELS', 'HAANSTRA', 'MBO-R']) {
      expect(r.stderr.split(`${code} (`).length - 1, code).toBeLessThanOrEqual(1);
    }
    const verbose = run('invoices', 'run', '--year', Y, '--dry-run', '--verbose');
    expect(verbose.stderr).toContain('ELS (ELS): ');
    expect(verbose.stderr.split('ELS (ELS): ').length - 1).toBe(1);
  });
});
