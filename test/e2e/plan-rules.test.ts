// The plan's and the covenant's rules beyond the example data (issue 16, points 2-7): a basis
// partner applying for the extended membership, every pending verdict's hint walked, a vacant
// project-group seat, the municipality's co-financing, the in-kind table and the report's truth.

import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lato, tempDir } from '../helpers.js';

const dir = tempDir('lato-plan-rules-');
const db = join(dir, 'lato.db');
const run = (...args: string[]) => lato(['--db', db, ...args]);
const json = <T>(...args: string[]): T => {
  const r = run(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface ApplicationJson {
  id: number;
  status: string;
  partner: string | null;
  missing: string[];
  state: string;
  decision_note: string | null;
}

let members: string[] = [];

beforeAll(() => {
  expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  members = json<{ name: string }[]>('projectgroup', 'list').map((m) => m.name);
});

/** A complete application (profile, two references) for a new company in Leiden. */
function nominate(organisation: string, date = '2019-03-01'): number {
  const a = json<ApplicationJson>(
    'applications',
    'new',
    '--organisation',
    organisation,
    '--municipality',
    'Leiden',
    '--kind',
    'company',
    '--nominated-by',
    'Projectleider (voorbeeld)',
    '--profile',
    'Wat wij doen',
    '--reference',
    'Jan Jansen; Naturalis',
    '--reference',
    'Piet Bakker; Museum Boerhaave',
    '--date',
    date,
  );
  return a.id;
}

function vote(id: number, votes: string[], from = 0): void {
  votes.forEach((v, i) => {
    const r = run(
      'applications',
      'vote',
      String(id),
      '--member',
      members[from + i]!,
      '--vote',
      v,
      '--date',
      '2019-03-15',
    );
    expect(r.code, r.stderr).toBe(0);
  });
}

describe('point 3: a majority of the project group’s 14 seats', () => {
  it('says what each majority rule counts', () => {
    expect(run('eligibility', 'settings').stdout).toContain(
      "majority:               seats: more than half of the project group's 14 seats vote yes (a vacant seat counts as not yes)",
    );
    const r = run('eligibility', 'settings', '--majority', 'votes-cast');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'votes-cast: more yes than no votes among the yes/no votes cast (abstentions and members who did not vote are not counted)',
    );
    expect(run('eligibility', 'settings', '--majority', 'seats').code).toBe(0);
  });

  it('does not let a vacant seat lower the bar: 7 yes, 6 no of 13 members in office is no majority', () => {
    const leaving = members[13]!;
    expect(run('projectgroup', 'remove', leaving).code).toBe(0);
    const id = nominate('Vacant Seat BV');
    vote(id, [...Array(7).fill('yes'), ...Array(6).fill('no')]);
    const d = run('applications', 'decide', String(id), '--date', '2019-03-20');
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain(
      `Application ${id} refused by the project group: no majority (7 yes, 6 no, 0 abstain of 13 members; 8 of the 14 seats needed (more than half of the project group's 14 seats, 1 vacant)).`,
    );
  });

  it('counts the members in office when the setting says so', () => {
    expect(run('eligibility', 'settings', '--majority', 'members').code).toBe(0);
    const id = nominate('Members In Office BV');
    vote(id, [...Array(7).fill('yes'), ...Array(6).fill('no')]);
    const d = run('applications', 'decide', String(id), '--date', '2019-03-20', '--code', 'MIO');
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain(`Application ${id} granted by the project group`);
    expect(run('eligibility', 'settings', '--majority', 'seats').code).toBe(0);
    expect(run('projectgroup', 'add', members[13]!).code).toBe(0);
  });
});

describe('point 4: co-financing as the covenant says (50% of the costs, at most € 90.000)', () => {
  it('leaves 2018-2019 alone while the older covenant’s rule is not in force', () => {
    const r = run('budget', 'check', '--year', '2018-2019');
    expect(r.stdout).not.toContain('co-financing');
  });

  it('reports a shortfall: € 10.000 against € 145.086 of costs', () => {
    const set = run('budget', 'cofinancing', '--from', 'none', '--until', 'none');
    expect(set.stdout).toContain(
      '"Gemeente Leiden" co-finances 50% of the costs, at most € 90.000,00 per calendar year (less is a shortfall, more an excess)',
    );
    const r = run('budget', 'check', '--year', '2018-2019');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '"Gemeente Leiden" € 10.000,00 is less than the co-financing the covenant promises in 2018-2019: 50% of the costs € 145.086,00 is € 72.543,00; short by € 62.543,00',
    );
    const j = JSON.parse(run('budget', 'show', '--year', '2018-2019', '--json').stdout) as {
      problems: string[];
    };
    expect(j.problems.some((p) => p.includes('short by € 62.543,00'))).toBe(true);
  });

  it('caps what is owed at € 90.000, and reports an excess over 50% as before', () => {
    const f = join(dir, 'budget-2019-2020.csv');
    writeFileSync(
      f,
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 80.000\nbaten;Overig;€ 120.000\nlasten;Netwerkvorming en -onderhoud;€ 200.000\n',
    );
    expect(run('import', 'budget', f, '--year', '2019-2020').code).toBe(0);
    const r = run('budget', 'check', '--year', '2019-2020');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '"Gemeente Leiden" € 80.000,00 is less than the co-financing the covenant promises in 2019-2020: 50% of the costs € 200.000,00 is € 100.000,00, capped at € 90.000,00; short by € 10.000,00',
    );
    const g = join(dir, 'budget-2020-2021.csv');
    writeFileSync(
      g,
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 60.000\nbaten;Overig;€ 40.000\nlasten;Communicatie;€ 100.000\n',
    );
    expect(run('import', 'budget', g, '--year', '2020-2021').code).toBe(0);
    const e = run('budget', 'check', '--year', '2020-2021');
    expect(e.stdout).toContain(
      '"Gemeente Leiden" € 60.000,00 is more than 50% of the costs (€ 50.000,00) in 2020-2021, by € 10.000,00',
    );
    expect(e.stdout).not.toContain('is less than the co-financing');
    expect(run('budget', 'cofinancing', '--from', 'none', '--until', '2018-03-31').code).toBe(0);
  });
});

interface Verdict {
  partner: string;
  eligible: boolean | 'pending';
  membership: string | null;
  rule: string;
  reasons: string[];
  missing: string[];
}

/** The verdict of one partner (exit 1 when it is not eligible, so the code is not checked). */
const verdict = (ref: string): Verdict =>
  (JSON.parse(run('eligibility', 'check', ref, '--json').stdout) as Verdict[])[0]!;

describe('point 2: a basis partner applies for the extended membership', () => {
  it('records the change from the next school year, with the fees following it', () => {
    const add = run(
      'partners',
      'add',
      '--code',
      'CODECLUB',
      '--name',
      'Leidse Codeclub',
      '--sector',
      'OVERIG',
      '--kind',
      'company',
      '--municipality',
      'Leiden',
      '--membership',
      'basis',
      '--joined',
      '2018-08-01',
    );
    expect(add.code, add.stderr).toBe(0);
    expect(verdict('CODECLUB')).toMatchObject({ rule: '1', eligible: true, membership: 'basis' });

    // as a new organisation it is refused, with the command that does work
    const asNew = run('applications', 'new', '--organisation', 'Leidse Codeclub', '--municipality', 'Leiden');
    expect(asNew.code).toBe(1);
    expect(asNew.stderr).toContain(
      'a partner applies for the extended membership with: lato applications new --partner CODECLUB --membership uitgebreid',
    );
    expect(run('applications', 'new', '--partner', 'CODECLUB', '--membership', 'basis').code).toBe(2);
    const school = run('applications', 'new', '--partner', 'SCOL', '--membership', 'uitgebreid');
    expect(school.code).toBe(1);
    expect(school.stderr).toContain('SCOL is a partner of sector PO');

    const a = json<ApplicationJson>(
      'applications',
      'new',
      '--partner',
      'CODECLUB',
      '--membership',
      'uitgebreid',
      '--profile',
      'Programmeren voor kinderen',
      '--reference',
      'Jan Jansen; Naturalis',
      '--reference',
      'Piet Bakker; Technolab',
      '--date',
      '2019-03-01',
    );
    expect(a).toMatchObject({ status: 'open', partner: 'CODECLUB' });
    const pending = verdict('CODECLUB');
    expect(pending).toMatchObject({ rule: '2', eligible: 'pending' });
    expect(pending.reasons).toContain('meanwhile it qualifies for the basis membership (rule 1)');

    vote(a.id, Array(8).fill('yes'));
    const d = run('applications', 'decide', String(a.id), '--close-vote', '--date', '2019-04-01');
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain(
      `Application ${a.id} granted by the project group: a majority voted yes (8 yes, 0 no, 0 abstain of 14 members). Leidse Codeclub is partner CODECLUB, extended member from 2019-08-01.`,
    );
    expect(verdict('CODECLUB')).toMatchObject({ rule: '2', eligible: true, membership: 'uitgebreid' });
    expect(json<{ membership: string }>('partners', 'show', 'CODECLUB').membership).toBe('uitgebreid');
    const log = run('log', '--entity', 'membership_change', '--json');
    expect(log.stdout).toContain('CODECLUB');

    const fee = (year: string) =>
      json<{ lines: { partner: string; amount_cents: number; rate_cents: number }[] }>(
        'fees',
        'compute',
        '--year',
        year,
      ).lines.find((l) => l.partner === 'CODECLUB');
    expect(fee('2018-2019')).toMatchObject({ amount_cents: 15000 });
    expect(run('rates', 'copy', '--from', '2018-2019', '--to', '2019-2020').code).toBe(0);
    expect(fee('2019-2020')).toMatchObject({ amount_cents: 50000 });
  });
});

/** The words of a command line, double-quoted parts kept together. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('point 2: every pending verdict points to a command that works', () => {
  it('walks each pending verdict’s hints until the partner is eligible', () => {
    const add = (...args: string[]) => expect(run('partners', 'add', ...args).code).toBe(0);
    // an extended member that joined after 2019-01-01 without an application: the old dead end
    add(
      '--code',
      'LATECOMER',
      '--name',
      'Laatkomer BV',
      '--sector',
      'OVERIG',
      '--kind',
      'company',
      '--municipality',
      'Leiden',
      '--membership',
      'uitgebreid',
      '--joined',
      '2019-09-01',
    );
    // a college of sector HO that the covenant does not list
    add(
      '--code',
      'HRO',
      '--name',
      'Hogeschool Rotterdam',
      '--sector',
      'HO',
      '--kind',
      'college',
      '--municipality',
      'Rotterdam',
      '--membership',
      'convenant',
    );
    const all = JSON.parse(run('eligibility', 'check', '--all', '--json').stdout) as Verdict[];
    const pending = all.filter((v) => v.eligible === 'pending');
    expect(pending.map((v) => v.partner).sort()).toEqual(['HRO', 'LATECOMER', 'MBORIJNLAND']);
    expect(verdict('LATECOMER').missing).toEqual([
      'a granted application (lato applications new --partner LATECOMER --membership uitgebreid)',
    ]);

    for (const start of pending) {
      const names = new Map(all.map((v) => [v.partner, v.partner]));
      let v = start;
      let voter = 0;
      for (let step = 0; v.eligible !== true; step++) {
        expect(step, `${v.partner} is still pending: ${v.missing.join('; ')}`).toBeLessThan(30);
        const hint = v.missing.map((m) => /\blato ([^)]*)\)/.exec(m)?.[1]).find((c) => c !== undefined);
        expect(hint, `${v.partner}: a missing item without a command: ${v.missing.join('; ')}`).toBeDefined();
        const line = hint!
          .replace('"NAME; ORGANISATION; CONTACT"', `"Referent ${step}; Organisatie"`)
          .replace('--member NAME', `--member "${members[voter++ % members.length]}"`)
          .replace('--party NAME', `--party "${names.get(v.partner)}"`)
          .replace('TEXT', 'Profiel')
          .replace('yes|no|abstain', 'yes')
          .replace('grant|refuse', 'grant');
        const r = run(...words(line));
        expect(r.code, `lato ${line}: ${r.stderr}`).toBe(0);
        v = verdict(v.partner);
      }
    }
    expect(verdict('LATECOMER')).toMatchObject({ rule: '2', eligible: true, membership: 'uitgebreid' });
    expect(verdict('HRO')).toMatchObject({ rule: 'party', eligible: true });
  });
});

interface Proposal {
  lines: { label: string; partner: string | null; amount_cents: number | null; pm: boolean; basis: string }[];
  total_cents: number;
  pm_lines: string[];
  plan: {
    year: string;
    differences: { label: string; difference_cents: number | null; why: string }[];
  } | null;
}

describe('point 5: the in-kind proposal reproduces the plan’s 2018-2019 table', () => {
  it('gives the plan’s ten lines, € 110.900, with the MBO seat PM', () => {
    const p = json<Proposal>('in-kind', 'propose', '--year', '2018-2019');
    expect(p.lines.map((l) => [l.label, l.amount_cents])).toEqual([
      ['Inzet contactpersoon partners', 4_000_000],
      ['Administratie SWV Passend Onderwijs VO', 500_000],
      ['Projectlid SPL', 380_000],
      ['Projectlid AED', 480_000],
      ['Projectlid PROOLEiden', 380_000],
      ['Projectleden SCOL', 760_000],
      ['Projectgroepleden Hogeschool', 1_620_000],
      ['Projectgroepleden Universiteit', 2_160_000],
      ['Projectgroeplid gemeente', 810_000],
      ['Projectgroeplid MBO', null],
    ]);
    expect(p.total_cents).toBe(11_090_000);
    expect(p.pm_lines).toEqual(['Projectgroeplid MBO']);
    expect(p.plan).toMatchObject({ year: '2018-2019', differences: [] });
    expect(run('in-kind', 'propose', '--year', '2018-2019').stdout).toContain(
      'The proposal reproduces the in-kind budget of 2018-2019 line by line.',
    );
  });

  it('explains each difference in a later year', () => {
    // a project-group member of the municipality leaves; the others stay
    const gone = json<{ name: string; partner: string | null }[]>('projectgroup', 'list').find(
      (m) => m.partner === 'GEMEENTE',
    )!;
    expect(run('projectgroup', 'remove', gone.name).code).toBe(0);
    // and a partner joins
    const joined = run(
      'partners',
      'add',
      '--code',
      'NIEUWKOMER',
      '--name',
      'Nieuwkomer BV',
      '--sector',
      'OVERIG',
      '--kind',
      'company',
      '--municipality',
      'Leiden',
      '--membership',
      'basis',
      '--joined',
      '2019-08-01',
    );
    expect(joined.code, joined.stderr).toBe(0);
    const p = json<Proposal>('in-kind', 'propose', '--year', '2019-2020');
    const why = p.plan!.differences.map((d) => `${d.label}: ${d.why}`);
    expect(why).toContain(
      "Projectgroeplid gemeente: in the plan's in-kind budget of 2018-2019 (€ 8.100,00), not proposed: no rule gives it this year (no project-group member of GEMEENTE paid in time, and no fixed line)",
    );
    expect(
      why.find((w) => w.startsWith('Inzet contactpersoon partners: 2018-2019 € 40.000,00, proposed')),
    ).toMatch(/partners × 10 hours \(contact person\)$/);
    expect(p.lines.find((l) => l.label === 'Projectgroeplid MBO')).toMatchObject({
      pm: true,
      amount_cents: null,
    });
    expect(run('projectgroup', 'add', gone.name, '--partner', 'GEMEENTE').code).toBe(0);
  });
});

/** The text of a PDF, as pdftotext reads it (one line per line of the page). */
function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('point 7: the report says only what is true for its year', () => {
  const COMMAND = /\blato (import|fees|init|budget|report|partners|in-kind|rates|invoices|figures)\b/;

  it('2017-2018 (no budget): no “De begroting sluit”, the missing budget said in words, no commands', () => {
    const out = join(dir, 'r17.pdf');
    const r = run('report', 'yearly', '--year', '2017-2018', '--format', 'pdf', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(out);
    expect(text).not.toContain('De begroting sluit');
    expect(text).toContain(
      'Voor 2017-2018 is geen begroting ingevoerd en nog geen realisatie: over het resultaat van dit schooljaar zegt dit verslag daarom niets.',
    );
    expect(text).toContain('Voor 2017-2018 is geen begroting ingevoerd.');
    expect(text).not.toMatch(COMMAND);
    // the commands stay on the terminal
    expect(r.stderr).toMatch(COMMAND);
  });

  it('2018-2019: key figures of its year or labelled with theirs, one scale for the money charts, no commands', () => {
    const out = join(dir, 'r18.pdf');
    const r = run('report', 'yearly', '--year', '2018-2019', '--format', 'pdf', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(out);
    expect(text).not.toMatch(COMMAND);
    // the participation figure is 2017-2018's: it says so
    expect(text).toContain('DEELNEMERS 2017-2018');
    expect(text).toContain('cijfer van 2017-2018: voor 2018-2019 zijn nog geen cijfers ingevoerd');
    expect(text).not.toContain('aan activiteiten in 2017-2018');
    const scale =
      'Schaal: de grafieken van lasten, baten en bijdrage in natura hebben één schaal; een volle balk is € 95.000.';
    expect(text.split(scale)).toHaveLength(4);
    const md = join(dir, 'r18.md');
    expect(run('report', 'yearly', '--year', '2018-2019', '--format', 'md', '--out', md).code).toBe(0);
    expect(readFileSync(md, 'utf8')).not.toMatch(COMMAND);
  });
});

describe('point 6: invented data is marked where it is used', () => {
  const fresh = join(dir, 'fresh.db');
  const ex = (...args: string[]) => lato(['--db', fresh, ...args]);

  beforeAll(() => {
    expect(lato(['init', '--example', '--db', fresh]).code).toBe(0);
  });

  it('marks the example’s invented batches, and budget show and fees compute say so', () => {
    const batches = JSON.parse(ex('import', 'list', '--json').stdout) as {
      file: string;
      illustrative: boolean;
    }[];
    expect(batches.filter((b) => b.illustrative).map((b) => b.file)).toEqual([
      'counts-2018-2019.csv',
      'realisatie-2018-2019.csv',
      'in-kind-realisatie-2018-2019.csv',
    ]);
    const show = ex('budget', 'show', '--year', '2018-2019');
    expect(show.stdout).toContain(
      'ILLUSTRATIVE: the realisation comes from realisatie-2018-2019.csv, a batch marked illustrative (invented data)',
    );
    const j = JSON.parse(ex('budget', 'show', '--year', '2018-2019', '--json').stdout) as {
      illustrative: { what: string; file: string }[];
    };
    expect(j.illustrative.map((x) => [x.what, x.file])).toEqual([
      ['realisation', 'realisatie-2018-2019.csv'],
      ['in_kind_realisation', 'in-kind-realisatie-2018-2019.csv'],
    ]);
    const fees = JSON.parse(ex('fees', 'compute', '--year', '2018-2019', '--json').stdout) as {
      warnings: string[];
    };
    expect(fees.warnings[0]).toMatch(
      /^illustrative: the counts of 2018-2019 come from counts-2018-2019.csv, a batch marked illustrative/,
    );
  });

  it('the 2018-2019 report shows the notice in the summary and in each section that uses invented data', () => {
    const out = join(dir, 'r18-fresh.pdf');
    expect(ex('report', 'yearly', '--year', '2018-2019', '--out', out).code).toBe(0);
    const text = pdfText(out).replace(/\u00ad/g, '');
    expect(text).toContain('Illustratieve gegevens: dit verslag rust deels op verzonnen voorbeelddata');
    const notices = [
      'Illustratief: de tellingen van 2018-2019 zijn verzonnen voorbeeldgegevens, geen werkelijke aantallen; de berekende abonnementsgelden dus ook (bestand counts-2018-2019.csv).',
      'Illustratief: de realisatie 2018-2019 is verzonnen voorbeelddata, geen werkelijke cijfers; het resultaat en de verschillen met de begroting dus ook (bestand realisatie-2018-2019.csv).',
      'Illustratief: de werkelijke bijdrage in natura 2018-2019 is verzonnen voorbeelddata, geen werkelijk gegeven uren (bestand in-kind-realisatie-2018-2019.csv).',
    ];
    // each once in the summary, once in its own section
    for (const n of notices) expect(text.split(n), n).toHaveLength(3);
  });

  it('marks an imported batch illustrative on request, and not otherwise', () => {
    const f = join(dir, 'real-2019-2020.csv');
    writeFileSync(f, 'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 100\nlasten;Communicatie;€ 100\n');
    expect(ex('import', 'budget', f, '--year', '2019-2020').code).toBe(0);
    expect(ex('budget', 'show', '--year', '2019-2020').stdout).not.toContain('ILLUSTRATIVE');
    writeFileSync(f, 'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 200\nlasten;Communicatie;€ 200\n');
    expect(
      ex('import', 'budget', f, '--year', '2019-2020', '--illustrative', 'een oefenbegroting').code,
    ).toBe(0);
    expect(ex('budget', 'show', '--year', '2019-2020').stdout).toContain(
      'ILLUSTRATIVE: the budget lines come from real-2019-2020.csv, a batch marked illustrative (invented data): een oefenbegroting',
    );
  });
});

describe('point 8: the promises as records, compared in the report', () => {
  const p8 = join(dir, 'p8.db');
  const ex = (...args: string[]) => lato(['--db', p8, ...args]);
  const file = join(dir, 'activiteiten.csv');

  beforeAll(() => {
    expect(lato(['init', '--example', '--db', p8]).code).toBe(0);
  });

  it('refuses a file with bad lines, naming each, and writes nothing', () => {
    writeFileSync(
      file,
      'soort;datum;orgaan;partner;wie;omschrijving\nvergadering;2018-10-01;regiegroep;;;\nborrel;2018-11-01;;;;\ngesprek;2018-12-01;;;;\ngesprek;2019-13-01;;NOPE;;\n',
    );
    const r = ex('import', 'activities', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3.*soort.*"borrel" is not a kind of activity/s);
    expect(r.stderr).toMatch(/line 4.*partner.*a talk needs the partner it was with/s);
    expect(r.stderr).toMatch(/line 5.*partner.*no partner NOPE/s);
    expect(r.stderr).toContain('nothing was imported');
  });

  it('says in the 2018-2019 report how each promise was kept, and flags a partner leaving early', () => {
    writeFileSync(
      file,
      [
        'soort;datum;orgaan;partner;wie;omschrijving',
        'vergadering;2018-10-01;regiegroep;;M. de Pinth, F. Hoekstra;',
        'vergadering;2019-02-01;regiegroep;;;',
        'vergadering;2019-06-01;regiegroep;;;',
        'vergadering;2018-09-15;projectgroep;;;',
        'vergadering;2019-01-15;projectgroep;;;',
        'vergadering;2018-11-20;netwerk;;;Bijeenkomst contactpersonen',
        'gesprek;2018-10-10;;SCOL;Projectleider;',
        'gesprek;2019-03-10;;NATURALIS;Projectleider;',
        'gesprek;2019-04-10;;AIOLOS;Projectleider;',
        'monitoring;2019-01-30;regiegroep;;;Halfjaarlijkse monitoring',
        'vergadering;2017-10-01;regiegroep;;;een ander schooljaar',
      ].join('\n') + '\n',
    );
    const r = ex('import', 'activities', file);
    expect(r.code, r.stderr).toBe(0);
    expect(ex('import', 'activities', file).stdout).toContain('Nothing changed');
    expect(ex('partners', 'leave', 'TECHNOLAB', '--date', '2019-05-01').code).toBe(0);

    const j = JSON.parse(ex('report', 'yearly', '--year', '2018-2019', '--format', 'json').stdout) as {
      promises: {
        results: { text: string; met: boolean }[];
        early_leavers: { partner: string; left_on: string }[];
      };
    };
    const texts = j.promises.results.map((x) => [x.text, x.met]);
    expect(texts.slice(0, 3)).toEqual([
      ['regiegroep: 3 van 3 vergaderingen', true],
      ['projectgroep: 2 van 5 vergaderingen', false],
      ['netwerk: 1 van 2 vergaderingen', false],
    ]);
    expect(texts[3]![0]).toMatch(/^gesprek met 3 van \d+ partners$/);
    expect(texts[4]).toEqual(['monitoring: 1 van 2 momenten', false]);
    expect(j.promises.early_leavers).toEqual([
      {
        partner: 'TECHNOLAB',
        name: 'Technolab Leiden',
        left_on: '2019-05-01',
        commitment_ends: '2022-12-31',
      },
    ]);

    const out = join(dir, 'p8.pdf');
    expect(ex('report', 'yearly', '--year', '2018-2019', '--out', out).code).toBe(0);
    const text = pdfText(out);
    expect(text).toContain('Afspraken en uitvoering');
    expect(text).toContain('regiegroep: 3 van 3 vergaderingen');
    expect(text).toContain('De projectgroep komt vijf keer per jaar bijeen');
    expect(text).toContain('Vertrokken vóór het einde van de vierjarige verbintenis');
    expect(text).toContain('de partners verbinden zich tot en met 31 december 2022');
    // the plan's projects 1a-3d, with status, lead and partners as the plan writes them
    expect(text).toContain('Projecten uit het projectplan: 15, waarvan 7 nog zonder trekker.');
    expect(text).toContain('Trekker: Judith Uiterwijk (SPL)');
    expect(text).toContain('3d. MBO-VSE');
  });

  it('refuses a projects file without codes or names, naming each line', () => {
    const f = join(dir, 'projecten.csv');
    writeFileSync(f, 'code;naam;status\n;Zonder code;nieuw\n4a;;nieuw\n1a;Dubbel;nieuw\n1a;Dubbel;nieuw\n');
    const r = ex('import', 'projects', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2.*code.*the project code is empty/s);
    expect(r.stderr).toMatch(/line 3.*naam.*the project name is empty/s);
    expect(r.stderr).toMatch(/line 5.*code/s);
  });
});
