// A QR code encoder (ISO/IEC 18004, byte mode), so that the EPC payment code on an invoice is
// computed here and only drawn by the Typst template: no network, no extra package.
// Returns the module matrix; choosing the version, Reed–Solomon error correction, the mask with
// the lowest penalty, and the format/version bits follow the standard.

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

// Per version (index 1..40): error-correction codewords per block, and the number of blocks.
const ECC_PER_BLOCK: Record<EccLevel, readonly number[]> = {
  L: [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  M: [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  Q: [
    0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  H: [
    0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
};
const BLOCKS: Record<EccLevel, readonly number[]> = {
  L: [
    0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16,
    17, 18, 19, 19, 20, 21, 22, 24, 25,
  ],
  M: [
    0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
    29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  Q: [
    0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35,
    38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  H: [
    0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42,
    45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
};
/** the two format-information bits of each level */
const ECC_FORMAT_BITS: Record<EccLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };

/** Modules available for data and error correction in a symbol of this version. */
export function rawDataModules(version: number): number {
  let n = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    n -= (25 * align - 10) * align - 55;
    if (version >= 7) n -= 36;
  }
  return n;
}

/** Data codewords (bytes) a symbol of this version and level holds. */
export function dataCodewords(version: number, ecc: EccLevel): number {
  return Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[ecc][version]! * BLOCKS[ecc][version]!;
}

/** How the codewords of a symbol are split: data bytes per block (short blocks first), ECC bytes per block. */
export function blockLayout(version: number, ecc: EccLevel): { dataPerBlock: number[]; eccPerBlock: number } {
  const numBlocks = BLOCKS[ecc][version]!;
  const eccLen = ECC_PER_BLOCK[ecc][version]!;
  const raw = Math.floor(rawDataModules(version) / 8);
  const numShort = numBlocks - (raw % numBlocks);
  const shortLen = Math.floor(raw / numBlocks);
  return {
    dataPerBlock: Array.from({ length: numBlocks }, (_, i) => shortLen - eccLen + (i < numShort ? 0 : 1)),
    eccPerBlock: eccLen,
  };
}

/** How many bytes byte mode fits in this version and level. */
export function byteCapacity(version: number, ecc: EccLevel): number {
  const headerBits = 4 + (version <= 9 ? 8 : 16);
  return Math.floor((dataCodewords(version, ecc) * 8 - headerBits) / 8);
}

/** Encodes bytes in byte mode at the smallest version (up to maxVersion) that holds them. */
export function encodeQr(
  data: Uint8Array,
  opts: { ecc?: EccLevel; maxVersion?: number; mask?: number } = {},
): QrCode {
  const ecc = opts.ecc ?? 'M';
  const maxVersion = opts.maxVersion ?? 40;
  let version = 1;
  while (byteCapacity(version, ecc) < data.length) {
    version++;
    if (version > maxVersion) {
      throw new RangeError(
        `${data.length} bytes do not fit in a QR code of version ${maxVersion} at level ${ecc} (at most ${byteCapacity(maxVersion, ecc)})`,
      );
    }
  }
  const codewords = addErrorCorrection(dataBytes(data, version, ecc), version, ecc);
  const m = new Matrix(version);
  m.drawFunctionPatterns();
  m.drawFormatBits(ecc, 0); // reserves the format area before the data goes in
  m.placeData(codewords);
  let mask = opts.mask ?? -1;
  if (mask < 0) {
    let best = Infinity;
    for (let k = 0; k < 8; k++) {
      m.applyMask(k);
      m.drawFormatBits(ecc, k);
      const p = m.penalty();
      if (p < best) {
        best = p;
        mask = k;
      }
      m.applyMask(k); // XOR again undoes it
    }
  }
  m.applyMask(mask);
  m.drawFormatBits(ecc, mask);
  return { version, ecc, mask, size: m.size, modules: m.modules };
}

/** Mode indicator, count, the bytes, terminator and pad codewords: exactly the data capacity. */
function dataBytes(data: Uint8Array, version: number, ecc: EccLevel): number[] {
  const bits: number[] = [];
  const put = (value: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(data.length, version <= 9 ? 8 : 16);
  for (const b of data) put(b, 8);
  const capacityBits = dataCodewords(version, ecc) * 8;
  put(0, Math.min(4, capacityBits - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacityBits; pad ^= 0xec ^ 0x11) put(pad, 8);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    let b = 0;
    for (let j = 0; j < 8; j++) b = (b << 1) | bits[i + j]!;
    out.push(b);
  }
  return out;
}

/** Splits the data into blocks, adds Reed–Solomon codewords to each, and interleaves them. */
function addErrorCorrection(data: number[], version: number, ecc: EccLevel): number[] {
  const { dataPerBlock, eccPerBlock: eccLen } = blockLayout(version, ecc);
  const divisor = rsGenerator(eccLen);
  const blocks: { data: number[]; ecc: number[] }[] = [];
  let k = 0;
  for (const len of dataPerBlock) {
    const d = data.slice(k, k + len);
    k += len;
    blocks.push({ data: d, ecc: rsRemainder(d, divisor) });
  }
  const out: number[] = [];
  const maxData = Math.max(...dataPerBlock);
  for (let i = 0; i < maxData; i++) for (const b of blocks) if (i < b.data.length) out.push(b.data[i]!);
  for (let i = 0; i < eccLen; i++) for (const b of blocks) out.push(b.ecc[i]!);
  return out;
}

// GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** Coefficients (highest degree first, leading 1 dropped) of prod (x - a^i), i < degree. */
function rsGenerator(degree: number): number[] {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ gfMul(poly[j]!, EXP[i]!);
    }
    poly = next;
  }
  return poly.slice(1);
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const rem = new Array<number>(divisor.length).fill(0);
  for (const b of data) {
    const factor = b ^ rem.shift()!;
    rem.push(0);
    for (let i = 0; i < divisor.length; i++) rem[i] = rem[i]! ^ gfMul(divisor[i]!, factor);
  }
  return rem;
}

const MASKS: readonly ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

class Matrix {
  readonly size: number;
  /** flat, row by row: 1 = dark */
  private readonly cells: Uint8Array;
  private readonly isFunction: Uint8Array;

  constructor(readonly version: number) {
    this.size = version * 4 + 17;
    this.cells = new Uint8Array(this.size * this.size);
    this.isFunction = new Uint8Array(this.size * this.size);
  }

  get modules(): boolean[][] {
    const n = this.size;
    return Array.from({ length: n }, (_, y) =>
      Array.from(this.cells.subarray(y * n, y * n + n), (c) => c === 1),
    );
  }

  private set(x: number, y: number, dark: boolean): void {
    const i = y * this.size + x;
    this.cells[i] = dark ? 1 : 0;
    this.isFunction[i] = 1;
  }

  drawFunctionPatterns(): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    this.finder(3, 3);
    this.finder(n - 4, 3);
    this.finder(3, n - 4);
    const pos = alignmentPositions(this.version);
    const last = pos.length - 1;
    for (let i = 0; i <= last; i++) {
      for (let j = 0; j <= last; j++) {
        const corner = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0);
        if (!corner) this.alignment(pos[i]!, pos[j]!);
      }
    }
    this.drawVersionBits();
  }

  private finder(cx: number, cy: number): void {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= this.size || y >= this.size) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        this.set(x, y, d !== 2 && d !== 4);
      }
    }
  }

  private alignment(cx: number, cy: number): void {
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) this.set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }

  drawFormatBits(ecc: EccLevel, mask: number): void {
    const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    const n = this.size;
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) this.set(n - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, n - 15 + i, bit(i));
    this.set(8, n - 8, true); // the dark module
  }

  private drawVersionBits(): void {
    if (this.version < 7) return;
    let rem = this.version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (this.version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = this.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      this.set(a, b, dark);
      this.set(b, a, dark);
    }
  }

  /** Zigzag from the bottom-right corner, two columns at a time, skipping the timing column. */
  placeData(codewords: number[]): void {
    const n = this.size;
    let i = 0;
    const total = codewords.length * 8;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      const upward = ((right + 1) & 2) === 0;
      for (let v = 0; v < n; v++) {
        const y = upward ? n - 1 - v : v;
        for (let j = 0; j < 2; j++) {
          const k = y * n + right - j;
          if (this.isFunction[k] || i >= total) continue;
          this.cells[k] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
          i++;
        }
      }
    }
  }

  applyMask(mask: number): void {
    const f = MASKS[mask]!;
    const n = this.size;
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const k = y * n + x;
        if (!this.isFunction[k] && f(x, y)) this.cells[k] = this.cells[k]! ^ 1;
      }
  }

  /** The standard's penalty score: long runs, 2×2 blocks, finder look-alikes, dark balance. */
  penalty(): number {
    const n = this.size;
    const g = this.cells;
    let score = 0;
    const line = new Uint8Array(n + 8); // four light modules either side: outside counts as light
    for (let dir = 0; dir < 2; dir++) {
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) line[b + 4] = dir === 0 ? g[a * n + b]! : g[b * n + a]!;
        score += linePenalty(line, n);
      }
    }
    let dark = 0;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const k = y * n + x;
        const c = g[k]!;
        dark += c;
        if (y < n - 1 && x < n - 1 && c === g[k + 1] && c === g[k + n] && c === g[k + n + 1]) score += 3;
      }
    }
    const total = n * n;
    const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
    return score + Math.max(0, k) * 10;
  }
}

/**
 * One row or column, padded with four light modules each side: runs of five or more (3 + extra),
 * and 1:1:3:1:1 finder look-alikes with four light modules before or after them.
 */
function linePenalty(l: Uint8Array, n: number): number {
  let s = 0;
  let run = 1;
  for (let i = 5; i <= n + 4; i++) {
    if (i < n + 4 && l[i] === l[i - 1]) run++;
    else {
      if (run >= 5) s += run - 2;
      run = 1;
    }
  }
  for (let i = 0; i + 6 < n + 8; i++) {
    if (l[i] && !l[i + 1] && l[i + 2] && l[i + 3] && l[i + 4] && !l[i + 5] && l[i + 6]) {
      const before = i >= 4 && !l[i - 1] && !l[i - 2] && !l[i - 3] && !l[i - 4];
      const after = i + 10 < n + 8 ? !l[i + 7] && !l[i + 8] && !l[i + 9] && !l[i + 10] : i + 7 >= n + 4;
      if (before || after) s += 40;
    }
  }
  return s;
}

export function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const out: number[] = [];
  for (let i = 0, pos = size - 7; i < count - 1; i++, pos -= step) out.unshift(pos);
  out.unshift(6);
  return out;
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
