// Shared fixtures of the invoice tests: an in-memory store with reference data, the (illustrative)
// example issuer, a few partners, and fee lines built by hand (the shape src/app/fees.ts returns).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../src/db/connection.js';
import { loadReference } from '../src/app/init.js';
import { setSetting } from '../src/db/settings.js';
import type { FeeLineInput } from '../src/domain/invoice.js';
import { ROOT } from './helpers.js';

export const EXAMPLE_ISSUER = JSON.parse(readFileSync(join(ROOT, 'data', 'example', 'settings.json'), 'utf8'))
  .issuer as Record<string, string>;

export interface TestPartner {
  code: string;
  name?: string;
  sector?: string;
  membership?: string;
  kvk?: string | null;
  oin?: string | null;
  street?: string | null;
  buyer_reference?: string | null;
}

export function addPartner(db: Db, p: TestPartner): number {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO partners (code, name, sector, membership, kvk, oin, street, postal_code, city, contact_name,
         contact_email, buyer_reference, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, '2312 AB', 'Leiden', 'J. de Vries', ?, ?, ?, ?)`,
    )
    .run(
      p.code,
      p.name ?? `Stichting ${p.code}`,
      p.sector ?? 'PO',
      p.membership ?? 'covenant',
      p.kvk === undefined ? '41166208' : p.kvk,
      p.oin ?? null,
      p.street === undefined ? 'Breestraat 1' : p.street,
      `${p.code.toLowerCase()}@example.org`,
      p.buyer_reference ?? null,
      now,
      now,
    );
  return Number(info.lastInsertRowid);
}

/** A store with reference data, the example issuer, and partners A (PO), B (VO), C (basis). */
export function invoiceDb(opts: { issuer?: boolean } = {}): { db: Db; ids: Record<string, number> } {
  const db = openDb(':memory:', { create: true });
  loadReference(db);
  if (opts.issuer !== false) setSetting(db, 'issuer', EXAMPLE_ISSUER);
  const ids = {
    A: addPartner(db, { code: 'A', name: 'Stichting # Onderwijs ] *Leiden*', sector: 'PO' }),
    B: addPartner(db, { code: 'B', sector: 'VO', oin: '00000001234567890000', kvk: null }),
    C: addPartner(db, { code: 'C', sector: 'OVERIG', membership: 'basis', kvk: '27312152' }),
  };
  return { db, ids };
}

export function feeLine(partnerId: number, code: string, more: Partial<FeeLineInput> = {}): FeeLineInput {
  return {
    partnerId,
    partner: code,
    name: `Stichting ${code}`,
    sector: 'PO',
    membership: 'covenant',
    category: 'PO',
    basis: 'pupil',
    quantity: 1234,
    rateCents: 250,
    amountCents: 308_500,
    pm: false,
    status: 'ok',
    countDate: '2019-10-01',
    sources: [],
    ...more,
  };
}

/** Fee lines for A (1.234 pupils PO), B (400 pupils VO), C (basis membership). */
export function standardFees(ids: Record<string, number>): FeeLineInput[] {
  return [
    feeLine(ids.A!, 'A'),
    feeLine(ids.B!, 'B', {
      sector: 'VO',
      category: 'VO',
      quantity: 400,
      rateCents: 300,
      amountCents: 120_000,
    }),
    feeLine(ids.C!, 'C', {
      sector: 'OVERIG',
      membership: 'basis',
      category: 'BASIS',
      basis: 'fixed',
      quantity: null,
      rateCents: 15_000,
      amountCents: 15_000,
      countDate: null,
    }),
  ];
}
