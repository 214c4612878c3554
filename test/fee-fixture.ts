// A database like the example of the plan, built directly (partners, locations, counts) plus the
// example rates, budget and in-kind files through the real importers: the fixture of the fee and
// budget tests. The counts reproduce the plan's partner contributions where whole numbers allow:
// VSE 1.302 places (€ 1.953), PO 11.200 pupils (€ 28.000), VO 12.961 pupils (€ 38.883).

import { join } from 'node:path';
import { openDb, type Db } from '../src/db/connection.js';
import { loadReference } from '../src/app/init.js';
import { IMPORTERS } from '../src/app/importers.js';
import { ROOT } from './helpers.js';

export const EXAMPLE = join(ROOT, 'data', 'example');

export interface PartnerSpec {
  code: string;
  name?: string;
  sector: string;
  membership: 'covenant' | 'basis' | 'extended' | 'funder' | 'none';
  parent?: string;
  joined?: string;
  left?: string;
}

export function addPartner(db: Db, p: PartnerSpec): number {
  const parentId = p.parent
    ? (db.prepare('SELECT id FROM partners WHERE code = ?').get(p.parent) as { id: number }).id
    : null;
  const now = '2018-09-01T00:00:00Z';
  return Number(
    db
      .prepare(
        `INSERT INTO partners (code, name, sector, membership, parent_id, joined_on, left_on, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.code,
        p.name ?? `${p.code} naam`,
        p.sector,
        p.membership,
        parentId,
        p.joined ?? null,
        p.left ?? null,
        now,
        now,
      ).lastInsertRowid,
  );
}

let batch = 0;
function importRow(db: Db, file: string): number {
  batch++;
  return Number(
    db
      .prepare(
        `INSERT INTO imports (batch, kind, file_name, sha256, school_year, imported_at) VALUES (?, 'counts', ?, 'x', '2018-2019', '2018-11-01T00:00:00Z')`,
      )
      .run(`counts-fixture-${batch}-${Math.random().toString(36).slice(2, 8)}`, file).lastInsertRowid,
  );
}

/** A count of a location (created, linked to the partner) or of the partner itself. */
export function addCount(
  db: Db,
  partner: string,
  quantity: number | null,
  opts: {
    location?: string;
    year?: string;
    unit?: 'pupils' | 'places';
    masked?: string;
    importId?: number;
  } = {},
): void {
  const pid = (db.prepare('SELECT id FROM partners WHERE code = ?').get(partner) as { id: number }).id;
  let locationId: number | null = null;
  if (opts.location) {
    const existing = db.prepare('SELECT id FROM locations WHERE vestigingscode = ?').get(opts.location) as
      { id: number } | undefined;
    locationId =
      existing?.id ??
      Number(
        db
          .prepare(
            'INSERT INTO locations (instellingscode, vestigingscode, name, partner_id) VALUES (?, ?, ?, ?)',
          )
          .run(opts.location.slice(0, 4), opts.location, `School ${opts.location}`, pid).lastInsertRowid,
      );
  }
  const year = opts.year ?? '2018-2019';
  db.prepare(
    `INSERT INTO counts (school_year, location_id, partner_id, quantity, masked, unit, count_date, import_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    year,
    locationId,
    locationId === null ? pid : null,
    quantity,
    quantity === null ? (opts.masked ?? '<5') : null,
    opts.unit ?? 'pupils',
    `${year.slice(0, 4)}-10-01`,
    opts.importId ?? null,
  );
}

/** Partners and counts like the lead's example (codes as in data/example). */
export function seedPartners(db: Db): void {
  db.transaction(() => {
    for (const p of [
      { code: 'GEMEENTE', name: 'Gemeente Leiden', sector: 'OVERIG', membership: 'funder' },
      {
        code: 'SWV-VO',
        name: 'Samenwerkingsverband Passend Onderwijs VO 2801',
        sector: 'VO',
        membership: 'funder',
      },
      { code: 'PPO', name: 'Passend Primair Onderwijs Leiden', sector: 'PO', membership: 'funder' },
      { code: 'SPL', name: 'Stichting Peuterspeelzalen Leiden', sector: 'VSE', membership: 'covenant' },
      {
        code: 'SCOL',
        name: 'Stichting Confessioneel Onderwijs Leiden',
        sector: 'PO',
        membership: 'covenant',
      },
      { code: 'PROO', name: 'PROOLeiden', sector: 'PO', membership: 'covenant' },
      { code: 'PCSL', name: 'PCSL', sector: 'PO', membership: 'covenant' },
      { code: 'LKO', name: 'Prof. Dr. Leo Kanner Onderwijsgroep', sector: 'VO', membership: 'covenant' },
      { code: 'STEDGYM', name: 'Stedelijk Gymnasium Leiden', sector: 'VO', membership: 'covenant' },
      { code: 'MBO-R', name: 'MBO Rijnland', sector: 'MBO', membership: 'covenant' },
      { code: 'HSL', name: 'Hogeschool Leiden', sector: 'HO', membership: 'covenant' },
      { code: 'UL', name: 'Universiteit Leiden', sector: 'WO', membership: 'covenant' },
      { code: 'AED', name: 'AED', sector: 'OVERIG', membership: 'extended' },
      { code: 'NATURALIS', name: 'Naturalis Biodiversity Center', sector: 'OVERIG', membership: 'basis' },
      { code: 'BOERHAAVE', name: 'Rijksmuseum Boerhaave', sector: 'OVERIG', membership: 'basis' },
    ] as PartnerSpec[]) {
      addPartner(db, p);
    }
    addPartner(db, { code: 'SCOL-ELS', name: 'ELS', sector: 'PO', membership: 'none', parent: 'SCOL' });
    const imp = importRow(db, 'tellingen-2018.csv');
    addCount(db, 'SPL', 1302, { unit: 'places', importId: imp });
    addCount(db, 'SCOL', 4600, { importId: imp });
    addCount(db, 'SCOL-ELS', 400, { location: '12AB00', importId: imp });
    addCount(db, 'PROO', 4000, { importId: imp });
    addCount(db, 'PCSL', 2200, { importId: imp });
    addCount(db, 'LKO', 6000, { location: '20AA00', importId: imp });
    addCount(db, 'LKO', 5000, { location: '20AA01', importId: imp });
    addCount(db, 'STEDGYM', 1961, { location: '21BB00', importId: imp });
    addCount(db, 'MBO-R', 3000, { importId: imp });
  }).immediate();
}

/** Creates a database file with reference data, partners and counts, and the example files. */
export async function buildFeeFixture(
  path: string,
  opts: { budget?: boolean; inKind?: boolean } = {},
): Promise<void> {
  const db = openDb(path, { create: true });
  try {
    loadReference(db);
    seedPartners(db);
    await (
      await IMPORTERS.rates!()
    )(db, join(EXAMPLE, 'rates-2018-2019.csv'), {});
    if (opts.budget !== false) {
      await (
        await IMPORTERS.budget!()
      )(db, join(EXAMPLE, 'budget-2018-2019.csv'), { year: '2018-2019' });
    }
    if (opts.inKind !== false) {
      await (
        await IMPORTERS['in-kind']!()
      )(db, join(EXAMPLE, 'in-kind-2018-2019.csv'), { year: '2018-2019' });
    }
  } finally {
    db.close();
  }
}
