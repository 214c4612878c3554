// The QR code of the EPC payment on an invoice (ISO/IEC 18004, byte mode), encoded by uqr (MIT,
// unjs; pure JavaScript, no dependencies, about 30 kB): computed here and only drawn by the Typst
// template. This module keeps lato's shape of a symbol and the drawing helper.

import { encode } from 'uqr';

export type EccLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrCode {
  version: number;
  ecc: EccLevel;
  mask: number;
  /** modules per side */
  size: number;
  /** modules[y][x], true = dark */
  modules: boolean[][];
}

/**
 * Encodes bytes in byte mode at exactly the error-correction level asked (never boosted), in the
 * smallest version up to maxVersion; throws a RangeError when the data does not fit.
 */
export function encodeQr(data: Uint8Array, opts: { ecc?: EccLevel; maxVersion?: number } = {}): QrCode {
  const ecc = opts.ecc ?? 'M';
  const maxVersion = opts.maxVersion ?? 40;
  let r;
  try {
    r = encode(Array.from(data), { ecc, maxVersion, border: 0, boostEcc: false });
  } catch (e) {
    throw new RangeError(
      `${data.length} bytes do not fit a QR code of version ${maxVersion} or lower at level ${ecc} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return { version: r.version, ecc, mask: r.maskPattern, size: r.size, modules: r.data };
}

/**
 * The dark modules as rectangles [x, y, width, height]: horizontal runs, merged with the same run
 * in the rows below. Far fewer shapes to draw than single modules.
 */
export function darkRects(qr: Pick<QrCode, 'modules'>): [number, number, number, number][] {
  const done: [number, number, number, number][] = [];
  /** rectangles still growing downwards, by "x,width" */
  let open = new Map<string, [number, number, number, number]>();
  qr.modules.forEach((row, y) => {
    const next = new Map<string, [number, number, number, number]>();
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      const key = `${start},${x - start}`;
      const above = open.get(key);
      if (above) {
        above[3]++;
        open.delete(key);
        next.set(key, above);
      } else next.set(key, [start, y, x - start, 1]);
    }
    for (const r of open.values()) done.push(r);
    open = next;
  });
  for (const r of open.values()) done.push(r);
  return done.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}
