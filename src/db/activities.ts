// Activities as records of the promises (issue 16, point 8): meetings held, talks with partners,
// monitoring moments. Audited.

import type { ActivityRecord } from '../domain/promises.js';
import type { Db } from './connection.js';
import { audit } from './audit.js';

export interface NewActivity {
  kind: ActivityRecord['kind'];
  heldOn: string;
  body: string | null;
  partnerId: number | null;
  partner: string | null;
  who: string | null;
  note: string | null;
}

/** Records an activity unless the same one (kind, date, body, partner) is there: new or unchanged. */
export function upsertActivity(db: Db, a: NewActivity, importId: number | null): 'new' | 'unchanged' {
  const same = db
    .prepare(
      `SELECT id FROM activities WHERE kind = ? AND held_on = ? AND coalesce(body, '') = coalesce(?, '')
         AND coalesce(partner_id, 0) = coalesce(?, 0)`,
    )
    .get(a.kind, a.heldOn, a.body, a.partnerId);
  if (same) return 'unchanged';
  const info = db
    .prepare(
      `INSERT INTO activities (kind, held_on, body, partner_id, who, note, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.kind, a.heldOn, a.body, a.partnerId, a.who, a.note, importId);
  audit(db, {
    entity: 'activity',
    entityId: Number(info.lastInsertRowid),
    action: 'create',
    after: { kind: a.kind, held_on: a.heldOn, body: a.body, partner: a.partner, who: a.who },
  });
  return 'new';
}

export function listActivities(db: Db): ActivityRecord[] {
  return (
    db
      .prepare(
        `SELECT a.kind, a.held_on, a.body, p.code FROM activities a
           LEFT JOIN partners p ON p.id = a.partner_id ORDER BY a.held_on, a.id`,
      )
      .all() as { kind: ActivityRecord['kind']; held_on: string; body: string | null; code: string | null }[]
  ).map((r) => ({ kind: r.kind, heldOn: r.held_on, body: r.body, partner: r.code }));
}
