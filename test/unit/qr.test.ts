import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  alignmentPositions,
  blockLayout,
  byteCapacity,
  darkRects,
  encodeQr,
  rawDataModules,
  type EccLevel,
  type QrCode,
} from '../../src/domain/qr.js';
import { epcQr } from '../../src/domain/epc-qr.js';

// An independent reader for the symbols the encoder makes: format bits (with their BCH check),
// unmasking, the zigzag read-out, de-interleaving, Reed–Solomon syndromes, and byte mode.

const GF_EXP: number[] = [];
const GF_LOG: number[] = new Array(256).fill(0);
for (let i = 0, x = 1; i < 255; i++) {
  GF_EXP[i] = x;
  GF_LOG[x] = i;
  x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1;
}
const gfMul = (a: number, b: number) => (a && b ? GF_EXP[(GF_LOG[a]! + GF_LOG[b]!) % 255]! : 0);

function isFunctionModule(version: number, x: number, y: number): boolean {
  const n = version * 4 + 17;
  if ((x <= 8 && y <= 8) || (x >= n - 8 && y <= 8) || (x <= 8 && y >= n - 8)) return true;
  if (x === 6 || y === 6) return true;
  const pos = alignmentPositions(version);
  const last = pos.length - 1;
  for (let i = 0; i <= last; i++)
    for (let j = 0; j <= last; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      if (Math.abs(x - pos[i]!) <= 2 && Math.abs(y - pos[j]!) <= 2) return true;
    }
  if (version >= 7 && ((x >= n - 11 && x <= n - 9 && y <= 5) || (y >= n - 11 && y <= n - 9 && x <= 5)))
    return true;
  return false;
}

const MASK = [
  (x: number, y: number) => (x + y) % 2 === 0,
  (_x: number, y: number) => y % 2 === 0,
  (x: number) => x % 3 === 0,
  (x: number, y: number) => (x + y) % 3 === 0,
  (x: number, y: number) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (x: number, y: number) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x: number, y: number) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x: number, y: number) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

function readQr(qr: QrCode): { ecc: EccLevel; mask: number; bytes: Uint8Array } {
  const m = qr.modules;
  const n = qr.size;
  const version = (n - 17) / 4;
  // format information, first copy (around the top-left finder)
  const bits: boolean[] = [];
  for (let i = 0; i <= 5; i++) bits.push(m[i]![8]!);
  bits.push(m[7]![8]!, m[8]![8]!, m[8]![7]!);
  for (let i = 9; i < 15; i++) bits.push(m[8]![14 - i]!);
  const raw = bits.reduce((acc, b, i) => acc | ((b ? 1 : 0) << i), 0) ^ 0x5412;
  let rem = raw;
  for (let i = 14; i >= 10; i--) if ((rem >> i) & 1) rem ^= 0x537 << (i - 10);
  expect(rem, 'format information BCH remainder').toBe(0);
  const data5 = raw >> 10;
  const ecc = (['M', 'L', 'H', 'Q'] as const)[data5 >> 3]!;
  const mask = data5 & 7;
  expect(m[n - 8]![8], 'the dark module').toBe(true);
  // zigzag read-out of the data modules, unmasked
  const stream: number[] = [];
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < n; v++) {
      const y = upward ? n - 1 - v : v;
      for (const x of [right, right - 1]) {
        if (isFunctionModule(version, x, y)) continue;
        stream.push(m[y]![x]! !== MASK[mask]!(x, y) ? 1 : 0);
      }
    }
  }
  const total = Math.floor(rawDataModules(version) / 8);
  expect(stream.length).toBe(rawDataModules(version));
  const codewords = Array.from({ length: total }, (_, i) =>
    stream.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0),
  );
  // de-interleave and check every block's Reed–Solomon syndromes
  const { dataPerBlock, eccPerBlock } = blockLayout(version, ecc);
  const blocks = dataPerBlock.map(() => [] as number[]);
  let k = 0;
  for (let i = 0; i < Math.max(...dataPerBlock); i++)
    blocks.forEach((b, j) => {
      if (i < dataPerBlock[j]!) b.push(codewords[k++]!);
    });
  for (let i = 0; i < eccPerBlock; i++) blocks.forEach((b) => b.push(codewords[k++]!));
  const data: number[] = [];
  blocks.forEach((b, j) => {
    for (let s = 0; s < eccPerBlock; s++) {
      let acc = 0;
      for (const c of b) acc = gfMul(acc, GF_EXP[s]!) ^ c;
      expect(acc, `block ${j} syndrome ${s}`).toBe(0);
    }
    data.push(...b.slice(0, dataPerBlock[j]));
  });
  // byte mode
  const bitAt = (i: number) => (data[i >> 3]! >> (7 - (i & 7))) & 1;
  const read = (from: number, len: number) => {
    let v = 0;
    for (let i = 0; i < len; i++) v = (v << 1) | bitAt(from + i);
    return v;
  };
  expect(read(0, 4), 'byte mode indicator').toBe(0b0100);
  const countBits = version <= 9 ? 8 : 16;
  const count = read(4, countBits);
  const bytes = new Uint8Array(count);
  for (let i = 0; i < count; i++) bytes[i] = read(4 + countBits + i * 8, 8);
  return { ecc, mask, bytes };
}

describe('QR encoder', () => {
  it('has the standard byte capacities (EPC: version 13-M holds 331 bytes)', () => {
    const table: [number, EccLevel, number][] = [
      [1, 'L', 17],
      [1, 'M', 14],
      [1, 'Q', 11],
      [1, 'H', 7],
      [2, 'M', 26],
      [5, 'Q', 60],
      [10, 'H', 119],
      [13, 'M', 331],
      [20, 'L', 858],
      [30, 'M', 1370],
      [40, 'L', 2953],
      [40, 'H', 1273],
    ];
    for (const [v, e, cap] of table) expect(byteCapacity(v, e), `${v}-${e}`).toBe(cap);
  });

  it('places alignment patterns where the standard does', () => {
    expect(alignmentPositions(1)).toEqual([]);
    expect(alignmentPositions(2)).toEqual([6, 18]);
    expect(alignmentPositions(7)).toEqual([6, 22, 38]);
    expect(alignmentPositions(13)).toEqual([6, 34, 62]);
    expect(alignmentPositions(14)).toEqual([6, 26, 46, 66]);
    expect(alignmentPositions(32)).toEqual([6, 34, 60, 86, 112, 138]);
    expect(alignmentPositions(40)).toEqual([6, 30, 58, 86, 114, 142, 170]);
  });

  it('reads back what it encodes, at every level, small and large', () => {
    for (const ecc of ['L', 'M', 'Q', 'H'] as const) {
      for (const text of ['HELLO WORLD', 'é'.repeat(40), 'x'.repeat(300)]) {
        const data = new TextEncoder().encode(text);
        const qr = encodeQr(data, { ecc });
        const r = readQr(qr);
        expect(r.ecc).toBe(ecc);
        expect(r.mask).toBe(qr.mask);
        expect(new TextDecoder().decode(r.bytes)).toBe(text);
      }
    }
  });

  it('reads back any bytes up to the EPC limit (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 331 }), (data) => {
        const qr = encodeQr(data, { ecc: 'M', maxVersion: 13 });
        expect(Array.from(readQr(qr).bytes)).toEqual(Array.from(data));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses data that does not fit the allowed versions', () => {
    expect(() => encodeQr(new Uint8Array(332), { ecc: 'M', maxVersion: 13 })).toThrow(/do not fit/);
  });

  it('draws the same dark modules as rectangles', () => {
    const qr = encodeQr(new TextEncoder().encode('LATO-2019-0001'));
    const grid = qr.modules.map((r) => r.map(() => false));
    for (const [x, y, w, h] of darkRects(qr))
      for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) grid[y + dy]![x + dx] = true;
    expect(grid).toEqual(qr.modules);
  });

  const zbar = spawnSync('zbarimg', ['--version']).status === 0;
  it.skipIf(!zbar)('is read by a real scanner (zbarimg), as an EPC payment code', () => {
    const payload = {
      name: 'Samenwerkingsverband Passend Onderwijs VO 2801',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      amountCents: 308_500,
      text: 'LATO-2019-0001',
    };
    const qr = epcQr(payload);
    const scale = 4;
    const side = (qr.size + 8) * scale;
    const px = Buffer.alloc(side * side, 255);
    qr.modules.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (!dark) return;
        for (let a = 0; a < scale; a++)
          for (let b = 0; b < scale; b++) px[((y + 4) * scale + a) * side + (x + 4) * scale + b] = 0;
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'lato-qr-'));
    try {
      const file = join(dir, 'qr.pgm');
      writeFileSync(file, Buffer.concat([Buffer.from(`P5 ${side} ${side} 255\n`), px]));
      const out = execFileSync('zbarimg', ['-q', '--raw', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(out.trimEnd().split('\n')).toEqual([
        'BCD',
        '002',
        '1',
        'SCT',
        'ABNANL2A',
        payload.name,
        payload.iban,
        'EUR3085.00',
        '',
        '',
        'LATO-2019-0001',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
