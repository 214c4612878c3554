// The example data says where each value comes from (issue 16, point 6): every step of
// data/example/manifest.json names seed lines that exist, or is marked illustrative.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHARED } from '../helpers.js';

interface Step {
  import: string;
  file: string;
  illustrative?: string | boolean;
  source?: { seed: string; lines: [number, number]; what: string }[];
}

const steps = (
  JSON.parse(readFileSync(join(ROOT, 'data', 'example', 'manifest.json'), 'utf8')) as { steps: Step[] }
).steps;

describe('the example manifest', () => {
  it('gives every step a source in the seeds, or marks it illustrative', () => {
    for (const s of steps) expect(s.source !== undefined || !!s.illustrative, s.file).toBe(true);
    expect(steps.filter((s) => s.illustrative).map((s) => s.file)).toEqual([
      'counts-2018-2019.csv',
      'realisatie-2018-2019.csv',
      'in-kind-realisatie-2018-2019.csv',
    ]);
  });

  it('names seed lines that exist and hold what the step says', () => {
    const seeds = new Map<string, string[]>();
    for (const s of steps) {
      for (const src of s.source ?? []) {
        if (!seeds.has(src.seed)) {
          seeds.set(src.seed, readFileSync(join(SHARED, 'seeds', src.seed), 'utf8').split('\n'));
        }
        const lines = seeds.get(src.seed)!;
        const [from, to] = src.lines;
        expect(from, `${s.file}: ${src.what}`).toBeGreaterThanOrEqual(1);
        expect(to, `${s.file}: ${src.what}`).toBeLessThanOrEqual(lines.length);
        expect(
          lines
            .slice(from - 1, to)
            .join('\n')
            .trim(),
          `${s.file}: ${src.what}`,
        ).not.toBe('');
      }
    }
    const plan = seeds.get('projectplan-leidse-aanpak-2.0.txt')!;
    const budget = steps.find((s) => s.file === 'budget-2018-2019.csv')!.source![0]!;
    expect(plan[budget.lines[0] - 1]).toContain('Begroting schooljaar');
    expect(plan[budget.lines[1] - 1]).toContain('Resultaat');
    const inKind = steps.find((s) => s.file === 'in-kind-2018-2019.csv')!.source![0]!;
    expect(plan[inKind.lines[1] - 1]).toContain('€ 110.900');
  });
});
