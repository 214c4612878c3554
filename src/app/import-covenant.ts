// `lato import covenant FILE`: the covenant's list of parties ("Onderstaande Partijen"). Columns:
// partij (the party as the covenant writes it), partner (the partner code it stands for; a party
// that signs for more than one partner, such as SCOL for its PO and VO boards, takes a line each),
// kvk (optional: checked against the partner's KvK number), getekend (date, optional), opmerking.
// The file is the whole list: parties not in it are removed.

import type { Db } from '../db/connection.js';
import { removeCovenantPartiesExcept, upsertCovenantParty } from '../db/covenant.js';
import { findPartner } from '../db/partners.js';
import { parseDate } from '../domain/dates.js';
import { kvkNumber } from '../domain/fields.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport } from './import-run.js';
import { cellProblem, isBlank, isDuplicate, recordTally, textCell } from './import-cells.js';

type Field = 'party' | 'partner' | 'kvk' | 'signed' | 'note';

const FIELDS: FieldSpec<Field>[] = [
  { key: 'party', aliases: ['partij', 'convenantpartij', 'naam in convenant'], required: true },
  { key: 'partner', aliases: ['code', 'partnercode', 'partner code'], required: true },
  { key: 'kvk', aliases: ['kvk-nummer', 'kvk nummer'] },
  { key: 'signed', aliases: ['getekend', 'ondertekend', 'signed on', 'datum'] },
  { key: 'note', aliases: ['opmerking', 'toelichting', 'notes', 'bron', 'source'] },
];

export async function importCovenant(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'covenant', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (problems.length > 0) return;
    const seen = new Map<string, number>();
    const rows: { party: string; partnerId: number; signedOn: string | null; note: string | null }[] = [];
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const party = textCell(run, rec, map, 'party');
      if (!party) cellProblem(run, rec, map, 'party', 'the party is empty', 'write it as the covenant does');
      const code = map.get(rec, 'partner').trim();
      const partner = code ? findPartner(db, { code: code.toUpperCase() }) : undefined;
      if (!code) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          'the partner code is empty',
          'lato partners list shows the codes',
        );
      } else if (!partner) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          `no partner ${code}`,
          'import the partners first, or lato partners list shows the codes',
        );
      }
      const rawKvk = map.get(rec, 'kvk').trim();
      if (rawKvk) {
        const checked = kvkNumber(rawKvk);
        const kvk = checked.ok ? checked.value : undefined;
        if (!checked.ok) cellProblem(run, rec, map, 'kvk', checked.error, 'like 12345678');
        else if (partner && partner.kvk !== kvk) {
          cellProblem(
            run,
            rec,
            map,
            'kvk',
            `KvK ${kvk} is not that of partner ${partner.code} (${partner.kvk ?? 'none recorded'})`,
            'check the partner code and the KvK number',
          );
        }
      }
      const rawDate = map.get(rec, 'signed').trim();
      let signedOn: string | null = null;
      if (rawDate) {
        const d = parseDate(rawDate);
        if (d.ok) signedOn = d.date;
        else cellProblem(run, rec, map, 'signed', d.error);
      }
      if (partner && isDuplicate(run, rec, map, 'partner', seen, partner.code, `partner ${partner.code}`))
        continue;
      if (!party || !partner) continue;
      rows.push({
        party,
        partnerId: partner.id,
        signedOn,
        note: textCell(run, rec, map, 'note', 'long') || null,
      });
    }
    if (run.problems.length > 0) return;
    const t = { new: 0, changed: 0, unchanged: 0, removed: 0 };
    for (const r of rows) t[upsertCovenantParty(db, r, run.importId)]++;
    t.removed = removeCovenantPartiesExcept(
      db,
      rows.map((r) => r.partnerId),
    );
    recordTally(run, t, 'party');
    const names = new Set(rows.map((r) => r.party));
    run.notes.push(`${names.size} parties of the covenant, standing for ${rows.length} partners`);
  });
}
