// DUO open data (Dienst Uitvoering Onderwijs): recognising the file "leerlingen VO per vestiging"
// by its header, in its current form (INSTELLINGSCODE, VESTIGINGSCODE) and older ones (BRIN NUMMER,
// VESTIGINGSNUMMER), and normalising its location codes.

import { normaliseHeader, type FieldSpec } from './table.js';

export type DuoField =
  | 'instellingscode'
  | 'vestigingscode'
  | 'name'
  | 'city'
  | 'municipality'
  | 'quantity'
  | 'board'
  | 'countDate';

export const DUO_FIELDS: FieldSpec<DuoField>[] = [
  {
    key: 'instellingscode',
    aliases: ['INSTELLINGSCODE', 'BRIN NUMMER', 'BRINNUMMER', 'BRIN'],
    required: true,
  },
  { key: 'vestigingscode', aliases: ['VESTIGINGSCODE', 'VESTIGINGSNUMMER'], required: true },
  { key: 'name', aliases: ['INSTELLINGSNAAM VESTIGING', 'VESTIGINGSNAAM', 'INSTELLINGSNAAM'] },
  { key: 'city', aliases: ['PLAATSNAAM', 'PLAATSNAAM VESTIGING'] },
  { key: 'municipality', aliases: ['GEMEENTENAAM', 'GEMEENTENAAM VESTIGING'] },
  {
    key: 'quantity',
    aliases: ['AANTAL LEERLINGEN', 'TOTAAL AANTAL LEERLINGEN', 'LEERLINGEN'],
    required: true,
  },
  { key: 'board', aliases: ['BEVOEGD GEZAG NUMMER', 'BEVOEGD GEZAG'] },
  // some DUO files carry their count date (peildatum)
  { key: 'countDate', aliases: ['PEILDATUM', 'TELDATUM'] },
];

/** A DUO pupil file has a BRIN/instellingscode column, a vestiging column and a pupil count. */
export function isDuoHeader(header: string[]): boolean {
  const h = new Set(header.map(normaliseHeader));
  const has = (...names: string[]) => names.some((n) => h.has(normaliseHeader(n)));
  return (
    has('INSTELLINGSCODE', 'BRIN NUMMER', 'BRINNUMMER') &&
    has('VESTIGINGSCODE', 'VESTIGINGSNUMMER') &&
    has('AANTAL LEERLINGEN', 'TOTAAL AANTAL LEERLINGEN')
  );
}

/**
 * The full vestigingscode: current files write `20DP00`; older ones write the vestigingsnummer
 * alone (`0`, `00`, `1`) beside the BRIN number.
 */
export function fullLocationCode(instellingscode: string, vestiging: string): string | undefined {
  const brin = instellingscode.trim().toUpperCase();
  const v = vestiging.trim().toUpperCase();
  if (!/^[0-9A-Z]{4}$/.test(brin)) return undefined;
  if (/^\d{1,2}$/.test(v)) return brin + v.padStart(2, '0');
  if (/^[0-9A-Z]{4}\d{2}$/.test(v) && v.startsWith(brin)) return v;
  return undefined;
}
