// SEPA direct debit, the pure parts: the creditor identifier's check digits, the sequence type of a
// mandate's next collection and the state a returned collection leaves it in, and what a CAMT.053
// statement says about collections (batch, end-to-end id, return reason).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  creditorIdProblem,
  nextSequenceType,
  sequenceAfterReturn,
  type SequenceState,
  type SequenceType,
} from '../../src/domain/direct-debit.js';
import { readStatement } from '../../src/io/bank-statement.js';
import { FIXTURES, tempDir } from '../helpers.js';

describe('creditor identifier', () => {
  it('accepts good check digits and names wrong ones', () => {
    expect(creditorIdProblem('NL69ZZZ123456780000')).toBeNull();
    expect(creditorIdProblem('nl69 zzz 1234 5678 0000')).toBeNull();
    expect(creditorIdProblem('NL68ZZZ123456780000')).toContain(
      'wrong check digits (68; the rest of it gives 69)',
    );
    expect(creditorIdProblem('NL69ZZZ12345678')).toContain('is not a Dutch creditor identifier');
  });
});

describe('the mandate sequence after a return', () => {
  const cases: [SequenceType, SequenceState, string, SequenceState][] = [
    ['FRST', 'following', 'AM04', 'first'], // insufficient funds: did not go through
    ['FRST', 'following', 'MS02', 'first'], // refused by the debtor
    ['FRST', 'following', 'AC04', 'first'], // account closed
    ['FRST', 'following', 'MD06', 'following'], // refund after settlement: the mandate was used
    ['OOFF', 'following', 'AM04', 'first'],
    ['OOFF', 'following', 'MD06', 'following'],
    ['RCUR', 'following', 'AM04', 'following'],
    ['RCUR', 'following', 'MD06', 'following'],
  ];
  it.each(cases)('%s returned from %s with %s → %s', (type, current, reason, after) => {
    expect(sequenceAfterReturn(type, current, reason)).toBe(after);
  });

  it('gives the next sequence type: FRST, RCUR, OOFF once, nothing when revoked', () => {
    const m = { kind: 'recurring', sequence: 'first', status: 'active', reference: 'M1' } as const;
    expect(nextSequenceType(m)).toEqual({ ok: true, type: 'FRST' });
    expect(nextSequenceType({ ...m, sequence: 'following' })).toEqual({ ok: true, type: 'RCUR' });
    expect(nextSequenceType({ ...m, kind: 'one_off' })).toEqual({ ok: true, type: 'OOFF' });
    expect(nextSequenceType({ ...m, kind: 'one_off', sequence: 'following' }).ok).toBe(false);
    expect(nextSequenceType({ ...m, status: 'revoked' }).ok).toBe(false);
  });
});

describe('a CAMT.053 statement with collections', () => {
  it('reads the batch, the end-to-end id, the return reason', () => {
    const file = join(tempDir(), 'dd.xml');
    writeFileSync(
      file,
      readFileSync(join(FIXTURES, 'bank', 'camt053-direct-debit.xml'), 'utf8')
        .replaceAll('{{MSG_ID}}', 'LATO-DD-20261215-1')
        .replaceAll('{{COLLECT_ON}}', '2026-12-15')
        .replaceAll('{{RETURN_ON}}', '2026-12-18'),
    );
    const s = readStatement(file);
    expect(
      s.lines.map((l) => [l.amountCents, l.endToEndId, l.batchRefs, l.returnReason, l.reversal]),
    ).toEqual([
      [100_000, null, ['LATO-DD-20261215-1-FRST', 'LATO-DD-20261215-1'], null, false],
      [15_000, 'LATO-2026-0002', ['LATO-DD-20261215-1-OOFF', 'LATO-DD-20261215-1'], null, false],
      [-50_000, 'LATO-2026-0001', [], 'AM04', false],
      [-50_000, 'LATO-2026-0004', [], 'MD06', false],
      [-450, null, [], null, false],
    ]);
    expect(s.lines[0]!.description).toBe('SEPA Incasso batch LATO-DD-20261215-1-FRST 2 posten');
  });
});
