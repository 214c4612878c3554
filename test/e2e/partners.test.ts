// End-to-end: the partner registry commands through the built binary.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { lato, runLato, tempDir } from '../helpers.js';

describe('lato partners', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  const run = (...args: string[]) => lato([...args, '--db', db]);
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });

  it('lists the example partners as JSON and as a table', () => {
    const r = run('partners', 'list', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { code: string; sector: string; membership: string }[];
    expect(list).toHaveLength(59);
    expect(list.find((p) => p.code === 'UL')).toMatchObject({ sector: 'WO', membership: 'convenant' });
    const vo = JSON.parse(run('partners', 'list', '--sector', 'vo', '--json').stdout) as { code: string }[];
    expect(vo.map((p) => p.code).sort()).toEqual([
      'LDV',
      'LKO-VSO',
      'MARE',
      'RLO',
      'SCOL-VO',
      'SGL',
      'VLIETLAND',
      'WELLANT',
      'WINFORD-VO',
    ]);
    const table = run('partners', 'list', '--sector', 'HO');
    expect(table.stdout).toContain('Hogeschool Leiden');
    expect(table.stderr).toContain('1 partner');
  });

  it('shows one partner by code or name, with its DUO locations', () => {
    const r = run('partners', 'show', 'Stedelijk Gymnasium Leiden', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'SGL', locations: ['20DP00', '30GD00'] });
    const missing = run('partners', 'show', 'NOPE');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no partner "NOPE"');
  });

  it('adds a partner from flags (no prompts without a terminal)', () => {
    const r = run(
      'partners',
      'add',
      '--code',
      'BPLUSC',
      '--name',
      'BplusC',
      '--sector',
      'OVERIG',
      '--membership',
      'basis',
      '--municipality',
      'leiden',
      '--kvk',
      '4123 4567',
      '--joined',
      '2019-08-01',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      code: 'BPLUSC',
      municipality: 'Leiden',
      kvk: '41234567',
      membership: 'basis',
    });
  });

  it('refuses a partner with bad values, naming every flag, and writes nothing', () => {
    const r = run(
      'partners',
      'add',
      '--name',
      'X',
      '--sector',
      'ZZ',
      '--membership',
      'lid',
      '--municipality',
      'Leidn',
      '--kvk',
      '12',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--sector: unknown sector "ZZ"');
    expect(r.stderr).toContain('--membership: unknown membership "lid"');
    expect(r.stderr).toContain('--municipality: unknown municipality "Leidn" (did you mean "Leiden"?)');
    expect(r.stderr).toContain('--kvk: KvK number must have 8 digits, got 2');
    expect(run('partners', 'show', 'X').code).toBe(1);
  });

  it('refuses a second partner with the same code', () => {
    const r = run(
      'partners',
      'add',
      '--code',
      'UL',
      '--name',
      'Other',
      '--sector',
      'WO',
      '--membership',
      'convenant',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists');
  });

  it('edits only what is given, and links and unlinks locations', () => {
    const r = run(
      'partners',
      'edit',
      'BPLUSC',
      '--membership',
      'uitgebreid',
      '--contact',
      'M. Prins',
      '--json',
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      membership: 'uitgebreid',
      contact_name: 'M. Prins',
      kvk: '41234567',
    });
    const again = run('partners', 'edit', 'BPLUSC', '--membership', 'uitgebreid');
    expect(again.stderr).toContain('Nothing changed');
    const link = run('partners', 'edit', 'SGL', '--remove-location', '30GD00', '--json');
    expect(JSON.parse(link.stdout).locations).toEqual(['20DP00']);
    const bad = run('partners', 'edit', 'SGL', '--remove-location', '99ZZ00');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not linked to SGL');
  });

  it('records leaving, and refuses a date before joining', () => {
    const early = run('partners', 'leave', 'BPLUSC', '--date', '2019-01-01');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('joined on 2019-08-01');
    const r = run('partners', 'leave', 'BPLUSC', '--date', '2021-07-31');
    expect(r.code).toBe(0);
    expect(JSON.parse(run('partners', 'show', 'BPLUSC', '--json').stdout).left_on).toBe('2021-07-31');
    expect(run('partners', 'leave', 'BPLUSC', '--date', '2022-07-31').stderr).toContain('already left');
  });

  it('needs --date to leave (usage error, exit 2)', () => {
    expect(run('partners', 'leave', 'UL').code).toBe(2);
  });

  it('works with LATO_DB instead of --db', () => {
    const r = lato(['partners', 'show', 'UL', '--json'], { env: { LATO_DB: db } });
    expect(JSON.parse(r.stdout).name).toBe('Universiteit Leiden');
  });
});

describe('lato demo', () => {
  const dir = tempDir();
  it('builds the example year in a fresh folder and says where everything is', async () => {
    const out = join(dir, 'demo');
    const r = await runLato(['demo', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`LATO example year, in ${out}`);
    expect(r.stdout).toContain('Counts 2018-2019 PO: 11.200 pupils');
    expect(r.stdout).toContain('Counts 2018-2019 VSE: 1.302 childcare places');
    expect(r.stdout).toContain('1453 school locations');
    expect(r.stdout).toContain(join(out, 'lato.db'));
    // a second run starts afresh
    expect((await runLato(['demo', '--out', out])).code).toBe(0);
  });
});
