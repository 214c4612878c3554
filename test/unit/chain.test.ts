// The hash chain's pure parts (issue 13): canonical JSON gives the same bytes for the same value,
// whatever the key order, and the differences name the fields that changed.
import { describe, expect, it } from 'vitest';
import { canonicalJson, differences, GENESIS } from '../../src/domain/chain.js';
import { chainHash, sha256 } from '../../src/app/hash.js';

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, leaves out undefined, no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'é' }, u: undefined })).toBe(
      '{"a":{"c":"é","d":[3,1]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson(null)).toBe('null');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/finite/);
  });

  it('names the fields that differ, by path', () => {
    const was = { number: 'F-1', buyer: { name: 'A', city: 'Leiden' }, lines: [{ amount_cents: 100 }] };
    expect(differences(was, structuredClone(was))).toEqual([]);
    expect(differences(was, { ...was, buyer: { name: 'B', city: 'Leiden' } })).toEqual(['buyer.name']);
    expect(differences(was, { ...was, lines: [{ amount_cents: 101 }] })).toEqual(['lines']);
  });
});

describe('chain hashes', () => {
  it('hash = sha256(prev_hash + content_hash) as hex text, as `printf %s%s | sha256sum` gives', () => {
    const content = sha256('{"number":"F-1"}');
    expect(GENESIS).toBe('0'.repeat(64));
    expect(chainHash(GENESIS, content)).toBe(sha256(`${GENESIS}${content}`));
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
