// `lato import partners FILE`: upsert partners from a CSV list (natural key: partner code, else
// KvK number, else name). All rows are validated first; any problem rejects the whole file.

import type { Db } from '../db/connection.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import { samePartnerFields, type Partner, type PartnerFields } from '../domain/partner.js';
import { readPartner, type PartnerField } from '../domain/partner-input.js';
import { knownValues } from '../db/reference.js';
import { LatoError } from '../domain/errors.js';
import { normaliseText } from '../domain/text.js';
import {
  findPartner,
  insertPartner,
  locationHolders,
  parentChain,
  partnerFieldsOf,
  updatePartner,
} from '../db/partners.js';
import { pupilsText } from './partners.js';
import { runImport, type ImportRun } from './import-run.js';
import type { ImportOptions, ImportSummary } from './import-types.js';

type Field = PartnerField;

export const PARTNER_FIELDS: FieldSpec<Field>[] = [
  { key: 'code', aliases: ['partnercode', 'partner code', 'afkorting', 'ref'] },
  {
    key: 'name',
    aliases: ['naam', 'organisatie', 'organisation', 'organization', 'partnernaam'],
    required: true,
  },
  { key: 'sector', aliases: ['werkveld', 'sector code'], required: true },
  { key: 'kind', aliases: ['soort', 'type', 'soort organisatie'] },
  { key: 'municipality', aliases: ['gemeente', 'gemeentenaam'] },
  { key: 'kvk', aliases: ['kvk-nummer', 'kvk nummer', 'kvknummer', 'kvk number', 'chamber of commerce'] },
  { key: 'oin', aliases: ['oin-nummer'] },
  { key: 'street', aliases: ['adres', 'address', 'straat', 'bezoekadres'] },
  { key: 'postalCode', aliases: ['postcode', 'postal code', 'zip'] },
  { key: 'city', aliases: ['plaats', 'woonplaats', 'vestigingsplaats', 'plaatsnaam'] },
  { key: 'contactName', aliases: ['contactpersoon', 'contact', 'contact person', 'ambassadeur'] },
  { key: 'contactEmail', aliases: ['email', 'e-mail', 'e-mailadres', 'emailadres', 'contact email'] },
  { key: 'invoiceEmail', aliases: ['factuur e-mail', 'factuur email', 'invoice email', 'e-mail factuur'] },
  { key: 'invoiceStreet', aliases: ['factuuradres', 'invoice address', 'factuur adres'] },
  { key: 'invoicePostalCode', aliases: ['factuur postcode', 'invoice postal code'] },
  { key: 'invoiceCity', aliases: ['factuur plaats', 'invoice city'] },
  { key: 'buyerReference', aliases: ['inkoopnummer', 'ordernummer', 'buyer reference', 'referentie koper'] },
  { key: 'membership', aliases: ['lidmaatschap', 'membership type', 'soort lidmaatschap'], required: true },
  { key: 'parent', aliases: ['bestuur', 'schoolbestuur', 'parent board', 'board', 'moederorganisatie'] },
  { key: 'joinedOn', aliases: ['lid sinds', 'joined', 'joined on', 'ingangsdatum', 'start'] },
  { key: 'leftOn', aliases: ['lid tot', 'left', 'left on', 'einddatum', 'opgezegd per'] },
  { key: 'notes', aliases: ['opmerking', 'opmerkingen', 'note', 'toelichting'] },
  { key: 'locations', aliases: ['vestigingen', 'vestigingscodes', 'duo vestigingen', 'brin vestigingen'] },
];

interface Row {
  line: number;
  fields: Omit<PartnerFields, 'parentCode'>;
  parentRef: string | null;
}

export async function importPartners(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'partners', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, PARTNER_FIELDS);
    problems.forEach((p) => run.problems.add(p));
    if (problems.length) return;
    const known = knownValues(db);
    const rows: Row[] = [];
    const seen = new Map<string, number>();
    for await (const rec of src.records()) {
      if (rec.cells.every((c) => c.trim() === '')) continue;
      run.rows.total++;
      const { input, problems: found } = readPartner((f) => map.get(rec, f), known);
      for (const p of found) {
        run.problems.add({
          file: run.name,
          line: rec.line,
          column: map.headerOf(p.field),
          message: p.message,
          ...(p.hint ? { hint: p.hint } : {}),
        });
      }
      // the natural key as written, so that a duplicate is found even on a row with other problems
      const keyField: Field = map.get(rec, 'code') ? 'code' : map.get(rec, 'kvk') ? 'kvk' : 'name';
      const keyValue = normaliseText(map.get(rec, keyField))
        .toUpperCase()
        .replace(/[\s.]+/g, keyField === 'kvk' ? '' : ' ');
      const first = keyValue ? seen.get(`${keyField}:${keyValue}`) : undefined;
      if (first !== undefined) {
        run.problems.add({
          file: run.name,
          line: rec.line,
          column: map.headerOf(keyField),
          message: `duplicate partner (${keyField} ${map.get(rec, keyField)}, also on line ${first})`,
          hint: 'each partner once per file',
        });
        continue;
      }
      if (keyValue) seen.set(`${keyField}:${keyValue}`, rec.line);
      if (!input) continue;
      const f = input.fields;
      rows.push({
        line: rec.line,
        parentRef: input.parentRef,
        fields: { ...f, locations: map.has('locations') ? f.locations : null },
      });
    }
    if (run.rows.total === 0) {
      run.problems.add({ file: run.name, line: 2, message: 'the file has a header but no partners' });
    }
    if (map.has('locations')) checkLocationOwners(run, rows, map.headerOf('locations'));
    if (run.problems.length) return;
    writePartners(run, rows, (k) => map.has(k), map.headerOf('parent'));
  });
}

/**
 * A location listed for a partner that another partner holds would silently change hands: refused
 * (naming who loses it and the pupils of its latest count), unless the file itself lists that other
 * partner's locations without it (a move on purpose). A location on two rows is refused too.
 */
function checkLocationOwners(run: ImportRun, rows: Row[], column: string): void {
  const listed = new Map<string, Row>();
  const inFile = new Map(rows.filter((r) => r.fields.locations).map((r) => [r.fields.code, r]));
  for (const row of rows) {
    const locations = row.fields.locations ?? [];
    for (const loc of locations) {
      const other = listed.get(loc);
      if (other && other !== row)
        run.problems.add({
          file: run.name,
          line: row.line,
          column,
          message: `location ${loc} is also listed for ${other.fields.code} on line ${other.line}`,
          hint: 'a location belongs to one partner',
        });
      listed.set(loc, row);
    }
    for (const h of locationHolders(run.db, locations)) {
      if (h.partner === row.fields.code) continue;
      const holderRow = inFile.get(h.partner);
      if (holderRow && !(holderRow.fields.locations ?? []).includes(h.location)) continue;
      run.problems.add({
        file: run.name,
        line: row.line,
        column,
        message: `${h.location} belongs to ${h.partner} (${h.name}), with ${pupilsText(h)}: this row would take it away from ${h.partner}`,
        hint: `remove it here; or, to move it on purpose, list ${h.partner}'s locations in this file without it, or use lato partners edit ${row.fields.code} --add-location ${h.location} --move`,
      });
    }
  }
}

/** Parents first, so that a school can name a board from the same file. `parentColumn`: its header. */
function writePartners(run: ImportRun, rows: Row[], has: (k: Field) => boolean, parentColumn: string): void {
  const { db } = run;
  const fileCodes = new Map(rows.map((r) => [r.fields.code, r]));
  let pending = [...rows];
  const done = new Set<string>();
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    // a row whose parent (from this file) is not written yet waits for the next pass, in order
    const waiting: Row[] = [];
    for (const row of pending) {
      const parentCode = row.parentRef ? resolveParentCode(db, row.parentRef, fileCodes) : null;
      if (row.parentRef && parentCode === undefined) {
        run.problems.add({
          file: run.name,
          line: row.line,
          column: parentColumn,
          message: `unknown parent board "${row.parentRef}"`,
          hint: 'name a partner code from this file or the registry',
        });
        progress = true;
        continue;
      }
      if (parentCode && fileCodes.has(parentCode) && !done.has(parentCode)) {
        waiting.push(row);
        continue;
      }
      upsertOne(run, row, parentCode ?? null, has, parentColumn);
      done.add(row.fields.code);
      progress = true;
    }
    pending = waiting;
  }
  for (const row of pending) {
    run.problems.add({
      file: run.name,
      line: row.line,
      column: parentColumn,
      message: `parent board "${row.parentRef}" forms a cycle`,
    });
  }
}

function resolveParentCode(db: Db, ref: string, fileCodes: Map<string, Row>): string | undefined {
  const upper = ref.toUpperCase();
  if (fileCodes.has(upper)) return upper;
  return (findPartner(db, { code: ref }) ?? findPartner(db, { name: ref }))?.code;
}

function upsertOne(
  run: ImportRun,
  row: Row,
  parentCode: string | null,
  has: (k: Field) => boolean,
  parentColumn: string,
): void {
  const { db } = run;
  const f = row.fields;
  const existing =
    findPartner(db, { code: f.code }) ??
    (f.kvk ? findPartner(db, { kvk: f.kvk }) : undefined) ??
    findPartner(db, { name: f.name });
  const parentId = parentCode ? (findPartner(db, { code: parentCode })?.id ?? null) : null;
  if (parentCode && parentId === null) throw new LatoError(`internal: parent ${parentCode} not written yet`);
  if (existing && parentId !== null && has('parent')) {
    // the registry may already hold the parent under this partner: that would close a loop
    const chain = parentChain(db, parentId);
    const at = parentId === existing.id ? -1 : chain.findIndex((c) => c.id === existing.id);
    if (parentId === existing.id || at >= 0) {
      const path = [parentCode!, ...chain.slice(0, at + 1).map((c) => c.code)].join(' → ');
      run.problems.add({
        file: run.name,
        line: row.line,
        column: parentColumn,
        message:
          parentId === existing.id
            ? `${existing.code} cannot be its own parent`
            : `parent board "${row.parentRef}" belongs to ${existing.code} (${path}): the boards would form a loop`,
        hint: `give ${parentCode} another parent first, or leave this cell empty`,
      });
      return;
    }
  }
  if (!existing) {
    insertPartner(db, { ...f, parentCode }, parentId, run.importId);
    run.rows.new++;
    return;
  }
  const before = partnerFieldsOf(existing);
  // a column the file does not have keeps what the registry holds
  const merged: PartnerFields = { ...before };
  for (const [k, v] of Object.entries(f) as [keyof typeof f, unknown][]) {
    const col = (k === 'code' ? 'code' : k) as Field;
    if (k === 'code' || has(col) || ['name', 'sector', 'membership'].includes(k))
      (merged as Record<string, unknown>)[k] = v;
  }
  if (!has('kind')) merged.kind = before.kind;
  if (!has('code')) merged.code = before.code;
  merged.parentCode = has('parent') ? parentCode : before.parentCode;
  if (merged.locations) merged.locations = [...merged.locations].sort();
  if (samePartnerFields(before, merged)) {
    run.rows.unchanged++;
    return;
  }
  updatePartner(db, existing, merged, has('parent') ? parentId : existing.parentId);
  run.rows.changed++;
}

export type { Partner };
