// What the fuzzer feeds the importers: per kind a header and valid-looking rows (so that one
// planted defect is the only thing wrong), the defects a cell can carry, and the ways a file is
// mangled (encodings, delimiters, huge fields, thousands of columns, quotes left open).

import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { Kind } from './harness.js';

export interface TableSpec {
  kind: Kind;
  /** the header as people write it */
  header: string[];
  /** a valid row; i makes keys unique within a file */
  row: (i: number) => fc.Arbitrary<string[]>;
  /** bad values per column (by header name): each must be rejected and named */
  defects: Record<string, string[]>;
  /** most rows a file may have (e.g. one rate per category) */
  maxRows: number;
  /** the column whose value must be unique in a file (a repeated row is named there) */
  key?: string;
}

const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-z0-9À-ÿ' ]{0,20}$/);
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const euroUpTo = (maxCents: number) =>
  fc.integer({ min: 0, max: maxCents }).map((c) => {
    const s = `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
    return s;
  });
const euro = euroUpTo(1_000_000_00);
/** an hourly rate up to € 10.000: 500 hours of it stay within the largest amount lato takes */
const hourlyRate = euroUpTo(10_000_00);
const code = (i: number, prefix: string) => `${prefix}${String(i).padStart(4, '0')}`;
const EXAMPLE_PARTNERS = ['SCOL', 'PROO', 'SGL', 'LDV', 'SPL', 'SMALLSTEPS', 'HSL', 'UL', 'MBORIJNLAND'];

const MEMBERS = [
  'Anna Verbeek (voorbeeld)',
  'Bram Kok (voorbeeld)',
  'Carla de Wit (voorbeeld)',
  'Daan Smit (voorbeeld)',
  'Eva Mulder (voorbeeld)',
  'Frank Bos (voorbeeld)',
  'Greet Peters (voorbeeld)',
  'Hans Vos (voorbeeld)',
  'Ingrid Dekker (voorbeeld)',
  'Jeroen Meijer (voorbeeld)',
  'Karin Jansen (voorbeeld)',
  'Lucas Visser (voorbeeld)',
  'Marieke Hendriks (voorbeeld)',
  'Nico de Graaf (voorbeeld)',
];

export const SPECS: Record<string, TableSpec> = {
  partners: {
    kind: 'partners',
    header: [
      'Code',
      'Naam',
      'Sector',
      'Lidmaatschap',
      'KvK',
      'E-mail',
      'Lid sinds',
      'Gemeente',
      'Bestuur',
      'Vestigingen',
    ],
    row: (i) =>
      fc.tuple(
        fc.constant(code(i, 'FZ')),
        word.map((w) => `Fuzz ${i} ${w}`),
        pick(['PO', 'VO', 'VSE', 'MBO', 'HO', 'WO', 'OVERIG']),
        pick(['convenant', 'basis', 'uitgebreid']),
        fc.constant(String(90_000_000 + i)),
        fc.constant(`info${i}@school.example`),
        fc
          .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        pick(['Leiden', 'Leiderdorp', 'Oegstgeest', '']),
        pick(['', 'SCOL', 'PROO']),
        fc.constant(`${String(10 + (i % 80))}YY${String(Math.floor(i / 80)).padStart(2, '0')}`),
      ),
    defects: {
      Sector: ['XYZ', 'Basisonderwijs?', '7'],
      Lidmaatschap: ['goud', 'lid!', '12'],
      KvK: ['12A4', '123', 'KVK-NUMMER'],
      'E-mail': ['info@', 'geen e-mail', '@school.example'],
      'Lid sinds': ['32-13-2019', 'gisteren', '2019-02-30'],
      Naam: [''],
      Gemeente: ['Atlantis'],
      Bestuur: ['XQZ-999'],
      Vestigingen: ['niet een code!'],
    },
    key: 'Code',
    maxRows: 40,
  },
  counts: {
    kind: 'counts',
    header: ['Schooljaar', 'Vestiging', 'Aantal', 'Eenheid', 'Teldatum'],
    row: (i) =>
      fc.tuple(
        fc.constant('2019-2020'),
        fc.constant(
          `ZQ${String(10 + (i % 80)).padStart(2, '0')}${String(Math.floor(i / 80)).padStart(2, '0')}`,
        ),
        fc.integer({ min: 0, max: 5000 }).map(String),
        fc.constant('leerlingen'),
        fc.constant('1-10-2019'),
      ),
    defects: {
      Aantal: ['-5', 'veel', '1,5', '1e9999', ''],
      Schooljaar: ['2019-2021', 'volgend jaar', '2019'],
      Teldatum: ['31-9-2019', 'morgen'],
      Eenheid: ['kilo', 'liters'],
      Vestiging: ['ZQ10?!'],
    },
    key: 'Vestiging',
    maxRows: 400,
  },
  'counts per partner': {
    kind: 'counts',
    header: ['Schooljaar', 'Partner', 'Aantal', 'Teldatum'],
    row: (i) =>
      fc.tuple(
        fc.constant('2019-2020'),
        fc.constant(EXAMPLE_PARTNERS[i]!),
        fc.integer({ min: 0, max: 5000 }).map(String),
        fc.constant('1-10-2019'),
      ),
    defects: {
      Partner: ['ONBEKEND-PARTNER', 'SCOL?'],
      Aantal: ['-5', 'veel'],
      Teldatum: ['31-9-2019'],
    },
    key: 'Partner',
    maxRows: EXAMPLE_PARTNERS.length,
  },
  duo: {
    kind: 'counts',
    header: [
      'BEVOEGD GEZAG NUMMER',
      'INSTELLINGSCODE',
      'VESTIGINGSCODE',
      'INSTELLINGSNAAM VESTIGING',
      'PLAATSNAAM',
      'GEMEENTENAAM',
      'AANTAL LEERLINGEN',
    ],
    row: (i) =>
      fc.tuple(
        fc.constant(String(10_000 + i)),
        fc.constant(`${String(10 + (i % 80))}ZZ`),
        fc.constant(`${String(10 + (i % 80))}ZZ${String(Math.floor(i / 80)).padStart(2, '0')}`),
        word.map((w) => `School ${w}`),
        pick(['LEIDEN', 'ASSEN', 'NES AMELAND']),
        pick(['Leiden', 'Assen', 'Ameland']),
        fc.integer({ min: 0, max: 3000 }).map(String),
      ),
    defects: { 'AANTAL LEERLINGEN': ['-1', 'x', '12.5.3', ''] },
    key: 'VESTIGINGSCODE',
    maxRows: 400,
  },
  rates: {
    kind: 'rates',
    header: ['schooljaar', 'categorie', 'grondslag', 'bedrag', 'toelichting'],
    row: (i) =>
      fc.tuple(
        fc.constant('2019-2020'),
        fc.constant(['VSE', 'PO', 'VO', 'MBO', 'HO', 'WO', 'BASIS', 'UITGEBREID'][i]!),
        fc.constant(
          ['per kindplaats', 'per leerling', 'per leerling', 'per leerling', 'vast', 'vast', 'vast', 'vast'][
            i
          ]!,
        ),
        euro,
        word,
      ),
    defects: {
      categorie: ['XX', 'Kinderopvang?'],
      grondslag: ['per kilo', 'soms'],
      bedrag: ['twaalf', '1,2,3', '€ -'],
      schooljaar: ['2019-2021', 'nu'],
    },
    key: 'categorie',
    maxRows: 8,
  },
  budget: {
    kind: 'budget',
    header: ['kant', 'categorie', 'omschrijving', 'bijdrage_sector', 'bedrag'],
    row: (i) =>
      fc.tuple(
        pick(['baten', 'lasten']),
        word,
        word.map((w) => `Post ${i} ${w}`),
        fc.constant(''),
        euro.map((e) => `€ ${e}`),
      ),
    defects: {
      kant: ['midden', 'onbekend'],
      bedrag: ['twaalf', '€ 1,2,3', ''],
      bijdrage_sector: ['XYZ'],
      omschrijving: [''],
    },
    maxRows: 60,
  },
  'in-kind': {
    kind: 'in-kind',
    header: ['omschrijving', 'partner', 'uren', 'uurtarief', 'bedrag'],
    row: (i) =>
      fc.tuple(
        word.map((w) => `Inzet ${i} ${w}`),
        pick(EXAMPLE_PARTNERS),
        fc.integer({ min: 1, max: 500 }).map(String),
        hourlyRate.map((e) => `€ ${e}`),
        fc.constant(''),
      ),
    defects: {
      uren: ['veel', '-3', '1,2,3'],
      uurtarief: ['duur', '€ x'],
      partner: ['ONBEKEND-PARTNER'],
      omschrijving: [''],
    },
    maxRows: 60,
  },
  figures: {
    kind: 'figures',
    header: ['metriek', 'periode', 'werkveld', 'waarde', 'toelichting'],
    row: (i) =>
      fc.tuple(
        fc.constant('deelname'),
        fc.constant(`${2000 + Math.floor(i / 6)}-${2001 + Math.floor(i / 6)}`),
        fc.constant(['VSE', 'PO', 'VO', 'MBO', 'HO', 'WO'][i % 6]!),
        fc.integer({ min: 0, max: 100_000 }).map(String),
        word,
      ),
    defects: {
      waarde: ['veel', '-1', '1,5'],
      periode: ['gisteren', '2019-2021'],
      werkveld: ['XYZ'],
      metriek: ['onbekende metriek'],
    },
    // metric, period and sector make the key; the second value is the one named
    key: 'waarde',
    maxRows: 120,
  },
  projectgroup: {
    kind: 'projectgroup',
    header: ['naam', 'rol', 'partner'],
    // the example's members (the group is full at 14): a valid file updates their roles
    row: (i) => fc.tuple(fc.constant(MEMBERS[i]!), word, pick(EXAMPLE_PARTNERS)),
    defects: { naam: [''] },
    key: 'naam',
    maxRows: 14,
  },
  payments: {
    kind: 'payments',
    header: [
      'Datum',
      'Naam / Omschrijving',
      'Rekening',
      'Tegenrekening',
      'Code',
      'Af Bij',
      'Bedrag (EUR)',
      'Mutatiesoort',
      'Mededelingen',
    ],
    row: () =>
      fc.tuple(
        fc
          .date({ min: new Date('2018-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10).replace(/-/g, '')),
        word,
        fc.constant('NL91ABNA0417164300'),
        fc.constant('NL44RABO0123456789'),
        fc.constant('OV'),
        pick(['Af', 'Bij']),
        euro,
        fc.constant('Overschrijving'),
        fc.oneof(
          word.map((w) => `Omschrijving: ${w}`),
          fc.integer({ min: 1, max: 50 }).map((n) => `Omschrijving: LATO-2018-${String(n).padStart(4, '0')}`),
        ),
      ),
    defects: { Datum: ['20181341', 'gisteren'], 'Bedrag (EUR)': ['veel', '1,2,3'] },
    maxRows: 50,
  },
};

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16le-bom' | 'utf-16be-bom';
export const ENCODINGS: readonly Encoding[] = [
  'utf-8',
  'utf-8-bom',
  'windows-1252',
  'utf-16le',
  'utf-16le-bom',
  'utf-16be-bom',
];

export function encode(text: string, enc: Encoding): Uint8Array {
  switch (enc) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'windows-1252':
      return iconv.encode(text, 'win1252');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf-16be-bom':
      return iconv.encode(text, 'utf16-be', { addBOM: true });
  }
}

export const DELIMITERS = [';', ',', '\t', '|'] as const;

/** A cell written for a delimiter: quoted when it holds the delimiter, a quote or a line break. */
export function cell(s: string, d: string): string {
  return s.includes(d) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function table(rows: string[][], d: string, eol = '\r\n'): string {
  return rows.map((r) => r.map((c) => cell(c, d)).join(d)).join(eol) + eol;
}

/** Any text a cell could hold, control characters, quotes and delimiters included. */
export const anyCell = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: pick([
      '"',
      '""',
      ';',
      ',',
      '\t',
      '\r',
      '\n',
      '\r\n',
      '€',
      'ÿ',
      '\u0000',
      '=1+1',
      '-0',
      '1e309',
    ]),
  },
);
