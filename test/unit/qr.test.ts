// The EPC payment code: encoded by the uqr package at level M within version 13 (the EPC069-12
// limits), read back by a real scanner (zbarimg), and drawn as rectangles that cover exactly the
// dark modules.

import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { darkRects, encodeQr, type QrCode } from '../../src/domain/qr.js';
import { EPC_MAX_BYTES, epcPayload, epcQr } from '../../src/domain/epc-qr.js';

/** What zbarimg reads from the symbol, drawn at 4 pixels a module with a quiet zone. */
function scan(qr: QrCode): string {
  const scale = 4;
  const side = (qr.size + 8) * scale;
  const px = Buffer.alloc(side * side, 255);
  for (const [x, y, w, h] of darkRects(qr))
    for (let a = 0; a < h * scale; a++)
      px.fill(
        0,
        ((y + 4) * scale + a) * side + (x + 4) * scale,
        ((y + 4) * scale + a) * side + (x + 4 + w) * scale,
      );
  const dir = mkdtempSync(join(tmpdir(), 'lato-qr-'));
  try {
    const file = join(dir, 'qr.pgm');
    writeFileSync(file, Buffer.concat([Buffer.from(`P5 ${side} ${side} 255\n`), px]));
    return execFileSync('zbarimg', ['-q', '--raw', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const payment = {
  name: 'Samenwerkingsverband Passend Onderwijs VO 2801',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  amountCents: 308_500,
  text: 'LATO-2019-0001',
};

describe('EPC payment code (QR)', () => {
  it('is level M, never boosted, in the smallest version that holds it, at most 13', () => {
    const qr = epcQr(payment);
    expect(qr.ecc).toBe('M');
    expect(qr.size).toBe(qr.version * 4 + 17);
    expect(qr.modules).toHaveLength(qr.size);
    expect(qr.version).toBeLessThanOrEqual(13);
    const longest = encodeQr(new Uint8Array(EPC_MAX_BYTES), { ecc: 'M', maxVersion: 13 });
    expect(longest.version).toBe(13);
    expect(encodeQr(new Uint8Array(10), { ecc: 'M' }).version).toBe(1);
  });

  it('refuses data that does not fit the allowed versions, saying so', () => {
    expect(() => encodeQr(new Uint8Array(EPC_MAX_BYTES + 1), { ecc: 'M', maxVersion: 13 })).toThrow(
      /332 bytes do not fit a QR code of version 13 or lower at level M/,
    );
  });

  it('draws the dark modules as rectangles, covering exactly them', () => {
    const qr = epcQr(payment);
    const grid = qr.modules.map((r) => r.map(() => false));
    for (const [x, y, w, h] of darkRects(qr))
      for (let dy = 0; dy < h; dy++)
        for (let dx = 0; dx < w; dx++) {
          expect(grid[y + dy]![x + dx]).toBe(false);
          grid[y + dy]![x + dx] = true;
        }
    expect(grid).toEqual(qr.modules);
  });

  const zbar = spawnSync('zbarimg', ['--version']).status === 0;
  it.skipIf(!zbar)('is read by a real scanner (zbarimg) as the EPC payload, short and long', () => {
    const cases = [
      payment,
      { ...payment, bic: '', amountCents: 1, text: 'LATO-2018-0046' },
      { ...payment, name: 'Stichting '.repeat(7), amountCents: 99_999_999_999, text: 'x'.repeat(140) },
    ];
    for (const p of cases) {
      const read = scan(epcQr(p)).replace(/\n$/, '');
      expect(read).toBe(epcPayload(p));
    }
    expect(scan(epcQr(payment)).split('\n').slice(0, 8)).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'ABNANL2A',
      payment.name,
      payment.iban,
      'EUR3085.00',
    ]);
  });
});
