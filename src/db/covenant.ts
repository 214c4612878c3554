// The covenant's list of parties (covenant_parties): which partners of the registry the covenant
// names as its parties, as the covenant writes them.

import type { Db } from './connection.js';
import { audit } from './audit.js';

export interface CovenantParty {
  id: number;
  /** the party as the covenant writes it */
  party: string;
  partnerId: number;
  /** the partner code */
  partner: string;
  partnerName: string;
  signedOn: string | null;
  note: string | null;
}

interface Row {
  id: number;
  party: string;
  partner_id: number;
  code: string;
  name: string;
  signed_on: string | null;
  note: string | null;
}

const SELECT = `SELECT c.id, c.party, c.partner_id, p.code, p.name, c.signed_on, c.note
  FROM covenant_parties c JOIN partners p ON p.id = c.partner_id`;

function toParty(r: Row): CovenantParty {
  return {
    id: r.id,
    party: r.party,
    partnerId: r.partner_id,
    partner: r.code,
    partnerName: r.name,
    signedOn: r.signed_on,
    note: r.note,
  };
}

export function listCovenantParties(db: Db): CovenantParty[] {
  return (db.prepare(`${SELECT} ORDER BY c.id`).all() as Row[]).map(toParty);
}

/** The party a partner is (by partner id), or undefined. */
export function covenantPartyOf(db: Db, partnerId: number): CovenantParty | undefined {
  const row = db.prepare(`${SELECT} WHERE c.partner_id = ?`).get(partnerId) as Row | undefined;
  return row ? toParty(row) : undefined;
}

export interface CovenantPartyFields {
  party: string;
  partnerId: number;
  signedOn: string | null;
  note: string | null;
}

/** Inserts or updates the party of a partner; 'new', 'changed' or 'unchanged'. */
export function upsertCovenantParty(
  db: Db,
  f: CovenantPartyFields,
  importId: number | null,
): 'new' | 'changed' | 'unchanged' {
  const before = db
    .prepare('SELECT party, signed_on, note FROM covenant_parties WHERE partner_id = ?')
    .get(f.partnerId) as { party: string; signed_on: string | null; note: string | null } | undefined;
  if (!before) {
    db.prepare(
      'INSERT INTO covenant_parties (party, partner_id, signed_on, note, import_id) VALUES (?, ?, ?, ?, ?)',
    ).run(f.party, f.partnerId, f.signedOn, f.note, importId);
    return 'new';
  }
  if (before.party === f.party && before.signed_on === f.signedOn && before.note === f.note)
    return 'unchanged';
  db.prepare(
    'UPDATE covenant_parties SET party = ?, signed_on = ?, note = ?, import_id = ? WHERE partner_id = ?',
  ).run(f.party, f.signedOn, f.note, importId, f.partnerId);
  return 'changed';
}

/** Removes the parties whose partner is not in `keep`; returns how many. */
export function removeCovenantPartiesExcept(db: Db, keep: readonly number[]): number {
  const all = db.prepare('SELECT partner_id FROM covenant_parties').pluck().all() as number[];
  const gone = all.filter((id) => !keep.includes(id));
  const del = db.prepare('DELETE FROM covenant_parties WHERE partner_id = ?');
  for (const id of gone) del.run(id);
  return gone.length;
}

/** One party added by hand (a regiegroep decision), with an audit entry. */
export function addCovenantParty(db: Db, f: CovenantPartyFields): CovenantParty {
  const before = covenantPartyOf(db, f.partnerId);
  upsertCovenantParty(db, f, null);
  const after = covenantPartyOf(db, f.partnerId)!;
  audit(db, {
    entity: 'covenant_party',
    entityId: after.partner,
    action: before ? 'update' : 'create',
    before: before ?? null,
    after,
  });
  return after;
}

export function removeCovenantParty(db: Db, party: CovenantParty): void {
  db.prepare('DELETE FROM covenant_parties WHERE id = ?').run(party.id);
  audit(db, { entity: 'covenant_party', entityId: party.partner, action: 'delete', before: party });
}
