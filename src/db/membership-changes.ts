// Changes of membership from a date (basis -> uitgebreid through an application). Audited.

import type { MembershipChange } from '../domain/partner.js';
import type { Membership } from '../domain/partner.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';

export interface NewMembershipChange {
  partnerId: number;
  partner: string;
  from: Membership;
  to: Membership;
  effectiveFrom: string;
  applicationId: number | null;
  note: string | null;
}

export function insertMembershipChange(db: Db, c: NewMembershipChange): void {
  const info = db
    .prepare(
      `INSERT INTO membership_changes (partner_id, from_membership, to_membership, effective_from,
         application_id, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(c.partnerId, c.from, c.to, c.effectiveFrom, c.applicationId, c.note, new Date().toISOString());
  audit(db, {
    entity: 'membership_change',
    entityId: Number(info.lastInsertRowid),
    action: 'create',
    after: {
      partner: c.partner,
      from: c.from,
      to: c.to,
      effective_from: c.effectiveFrom,
      application: c.applicationId,
    },
  });
}

/** Every partner's changes, oldest first, by partner id. */
export function membershipChanges(db: Db, partnerId?: number): Map<number, MembershipChange[]> {
  const rows = (
    partnerId === undefined
      ? db.prepare('SELECT * FROM membership_changes ORDER BY partner_id, effective_from, id').all()
      : db
          .prepare('SELECT * FROM membership_changes WHERE partner_id = ? ORDER BY effective_from, id')
          .all(partnerId)
  ) as {
    partner_id: number;
    from_membership: Membership;
    to_membership: Membership;
    effective_from: string;
    application_id: number | null;
  }[];
  const out = new Map<number, MembershipChange[]>();
  for (const r of rows) {
    const list = out.get(r.partner_id) ?? [];
    list.push({
      from: r.from_membership,
      to: r.to_membership,
      effectiveFrom: r.effective_from,
      applicationId: r.application_id,
    });
    out.set(r.partner_id, list);
  }
  return out;
}
