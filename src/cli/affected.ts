// After a change to what fees are computed from (a rate, counts): the warnings that name the
// issued invoices and drafts of the year that no longer match the data. The change stands; an
// issued invoice stays as it was sent (a credit note corrects it), a draft is made again.

import type { Affected } from '../app/invoices.js';
import type { Ctx } from './run.js';

export async function warnAffected(ctx: Ctx, a: Affected): Promise<void> {
  if (a.error) {
    ctx.out.warn(`the invoices of ${a.year} could not be compared with the fees: ${a.error}`);
    return;
  }
  if (a.issued.length === 0 && a.drafts.length === 0) return;
  const { formatEuro } = await import('../domain/money.js');
  const now = (c: number | null) => (c === null ? 'no invoice' : formatEuro(c));
  if (a.issued.length > 0) {
    ctx.out.warn(
      `${a.issued.length} issued invoice(s) of ${a.year} no longer match the fees (they stay as they were sent):`,
    );
    for (const i of a.issued)
      ctx.out.info(
        `  ${i.number} ${i.partner}: issued ${formatEuro(i.amount_cents)}, now ${now(i.current_cents)}: ${i.why}`,
      );
    ctx.out.info(
      '  to correct one: lato invoices credit NUMBER --reason "..." and then lato invoices run and issue again',
    );
  }
  if (a.drafts.length > 0) {
    ctx.out.warn(`${a.drafts.length} draft(s) of ${a.year} no longer match the fees:`);
    for (const d of a.drafts)
      ctx.out.info(
        `  ${d.partner}: draft ${formatEuro(d.amount_cents)}, now ${now(d.current_cents)}: ${d.why}`,
      );
    ctx.out.info(`  make them again: lato invoices run --year ${a.year}`);
  }
}
