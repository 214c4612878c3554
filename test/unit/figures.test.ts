// The report's figures and programme: periods and metric names as people write them (domain), the
// import of both file shapes into the store, and the settings that make them data.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/connection.js';
import { loadReference } from '../../src/app/init.js';
import { importFigures } from '../../src/app/import-figures.js';
import { figureMetrics, reportTexts } from '../../src/app/report-settings.js';
import { listFigures, listProgramme } from '../../src/db/figures.js';
import { comparePeriods, parsePeriod, resolveMetric } from '../../src/domain/figures.js';
import { LatoError } from '../../src/domain/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lato-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string): string {
  const f = join(dir, `f${n++}.csv`);
  writeFileSync(f, content);
  return f;
}

async function rejected(db: Db, content: string): Promise<string[]> {
  try {
    await importFigures(db, file(content), {});
  } catch (e) {
    expect(e).toBeInstanceOf(LatoError);
    return (e as LatoError).problems.map((p) => `${p.line ?? ''}|${p.column ?? ''}|${p.message}`);
  }
  throw new Error('the import was not rejected');
}

describe('periods and metrics', () => {
  it('school years as 2015-2016, 2015/2016 or 15/16; calendar years, with numbered counts', () => {
    expect(parsePeriod('15/16', 'school_year')).toEqual({ ok: true, period: '2015-2016' });
    expect(parsePeriod('2015/2016', 'school_year')).toEqual({ ok: true, period: '2015-2016' });
    expect(parsePeriod('2017', 'calendar')).toEqual({ ok: true, period: '2017' });
    expect(parsePeriod('2018 (2)', 'calendar')).toEqual({ ok: true, period: '2018 (2)' });
    expect(parsePeriod('2018(1)', 'calendar')).toEqual({ ok: true, period: '2018 (1)' });
    expect(parsePeriod('2017', 'school_year').ok).toBe(false);
    expect(parsePeriod('2015-2016', 'calendar').ok).toBe(false);
    expect(parsePeriod('2018 (0)', 'calendar').ok).toBe(false);
    expect(parsePeriod('2015-2017', 'school_year').ok).toBe(false);
  });

  it('orders school years, calendar years and numbered counts', () => {
    expect(['2018 (2)', '2018', '2017-2018', '2018 (1)', '2015'].sort(comparePeriods)).toEqual([
      '2015',
      '2017-2018',
      '2018',
      '2018 (1)',
      '2018 (2)',
    ]);
  });

  it('metric names in Dutch or English, any case and accents', () => {
    const db = openDb(':memory:', { create: true });
    loadReference(db);
    const m = figureMetrics(db);
    expect(resolveMetric(m, 'Deelname Activiteiten')?.code).toBe('participation');
    expect(resolveMetric(m, 'twittervolgers')?.code).toBe('twitter_followers');
    expect(resolveMetric(m, 'newsletter_subscribers')?.code).toBe('newsletter_subscribers');
    expect(resolveMetric(m, 'instagram')).toBeUndefined();
    db.close();
  });
});

describe('lato import figures (store)', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:', { create: true });
    loadReference(db);
  });

  it('imports the figures; a second run changes nothing; a changed value is an update', async () => {
    const content =
      'metriek;periode;werkveld;waarde;toelichting\naantal partners;15/16;;40;plan\ndeelname;2015-2016;vse;38;\nnieuwsbrief;2018 (2);;1.607;\n';
    const s = await importFigures(db, file(content), {});
    expect(s.rows).toMatchObject({ total: 3, new: 3 });
    expect(listFigures(db)).toEqual([
      { metric: 'newsletter_subscribers', period: '2018 (2)', sector: '', value: 1607, note: null },
      { metric: 'participation', period: '2015-2016', sector: 'VSE', value: 38, note: null },
      { metric: 'partners', period: '2015-2016', sector: '', value: 40, note: 'plan' },
    ]);
    expect((await importFigures(db, file(content), {})).rows).toMatchObject({
      new: 0,
      changed: 0,
      unchanged: 3,
    });
    const again = await importFigures(db, file('metric;period;value\npartners;2015-2016;41\n'), {});
    expect(again.rows).toMatchObject({ changed: 1 });
    expect(listFigures(db).find((f) => f.metric === 'partners')?.value).toBe(41);
    const audit = db.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'figure'").get() as {
      n: number;
    };
    expect(audit.n).toBe(4);
  });

  it('rejects bad rows, every one with line and column, and writes nothing', async () => {
    const problems = await rejected(
      db,
      [
        'metriek;periode;werkveld;waarde',
        'instagram;2018;;5',
        'deelname;2017;VO;5',
        'deelname;2017-2018;;5',
        'deelname;2017-2018;KINDEROPVANG;5',
        'nieuwsbrief;2018;VO;5',
        'nieuwsbrief;2018;;veel',
        'nieuwsbrief;2019;;<5',
        'twitter;2018;;-3',
        'twitter;2017;;151',
        'twitter;2017;;152',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^2\|metriek\|unknown metric "instagram"/),
      expect.stringMatching(/^3\|periode\|"2017" is not a school year/),
      expect.stringMatching(/^4\|werkveld\|participation is given per sector, and the sector is empty/),
      expect.stringMatching(/^5\|werkveld\|unknown sector "KINDEROPVANG"/),
      expect.stringMatching(/^6\|werkveld\|newsletter_subscribers is not given per sector/),
      expect.stringMatching(/^7\|waarde\|the value "veel" is not a whole number/),
      expect.stringMatching(/^8\|waarde\|the value "<5" is masked/),
      expect.stringMatching(/^9\|waarde\|the value "-3" is negative/),
      expect.stringMatching(/^11\|waarde\|twitter_followers 2017 is already on line 10/),
    ]);
    expect(listFigures(db)).toEqual([]);
  });

  it('says which required column is missing', async () => {
    const problems = await rejected(db, 'metriek;jaar\npartners;2015-2016\n');
    expect(problems).toEqual([expect.stringContaining('required column "value" is missing')]);
  });

  it('a programme file: activities per sector and network meetings; the file is the whole programme of its years', async () => {
    const first = await importFigures(
      db,
      file(
        'schooljaar;werkveld;activiteit\n2018-2019;VSE;Gluren bij de Buren\n2018-2019;Primair onderwijs;Design Thinking in de school\n2018-2019;netwerk;Intervisie VSE\n',
      ),
      {},
    );
    expect(first.rows).toMatchObject({ total: 3, new: 3 });
    expect(listProgramme(db, '2018-2019')).toEqual([
      { year: '2018-2019', kind: 'activity', sector: 'VSE', activity: 'Gluren bij de Buren' },
      { year: '2018-2019', kind: 'activity', sector: 'PO', activity: 'Design Thinking in de school' },
      { year: '2018-2019', kind: 'network', sector: null, activity: 'Intervisie VSE' },
    ]);
    const second = await importFigures(db, file('werkveld;activiteit\nVSE;Gluren bij de Buren\n'), {
      year: '2018-2019',
    });
    expect(second.rows).toMatchObject({ unchanged: 1, changed: 2 });
    expect(second.notes).toContain('2 programme items removed (not in this file)');
    expect(listProgramme(db, '2018-2019')).toHaveLength(1);
  });

  it('rejects a programme row without year, with an unknown sector, an empty activity or a duplicate', async () => {
    const problems = await rejected(db, 'werkveld;activiteit\nVSE;Gluren\nBASIS;Iets\nPO;\n');
    expect(problems[0]).toMatch(/^2\|year\|the school year is missing$/);
    const more = await rejected(
      db,
      'schooljaar;werkveld;activiteit\n2018-2019;BASIS;Iets\n2018-2019;PO;\n2018-2019;VO;A\n2018-2019;vo;a\n',
    );
    expect(more).toEqual([
      expect.stringMatching(/^2\|werkveld\|unknown sector "BASIS"/),
      expect.stringMatching(/^3\|activiteit\|the activity is empty/),
      expect.stringMatching(/^5\|activiteit\|"a" \(VO, 2018-2019\) is already on line 4/),
    ]);
    expect(listProgramme(db, '2018-2019')).toEqual([]);
  });
});

describe('the report settings are data', () => {
  it('an invalid metric list and missing texts are errors that name the setting', () => {
    const db = openDb(':memory:', { create: true });
    loadReference(db);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'report.figures'").run(
      JSON.stringify({ metrics: [{ code: 'x' }] }),
    );
    expect(() => figureMetrics(db)).toThrow(/setting report.figures is not valid/);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'report.texts'").run(
      JSON.stringify({ title: 'x' }),
    );
    expect(() => reportTexts(db)).toThrow(/setting report.texts lacks organisation, audience/);
  });

  it('a database without the settings reads them from data/reference.json', () => {
    const db = openDb(':memory:', { create: true });
    expect(figureMetrics(db).map((m) => m.code)).toContain('participation');
    expect(reportTexts(db).title).toBe('Jaarverslag en verantwoording');
  });
});
