// Reading delimited text as people really send it: Dutch Excel CSV (semicolon, UTF-8 with or
// without BOM, or Windows-1252, CRLF), comma CSV, tab-separated. Streams the file in chunks so
// memory stays flat however large it is; reports the physical line of every record.

import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { LatoError } from '../domain/errors.js';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t' | '|';

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
}

export interface CsvRecord {
  /** physical line (1-based) on which the record starts */
  line: number;
  cells: string[];
}

export interface CsvSource {
  file: string;
  encoding: Encoding;
  delimiter: Delimiter;
  /** the header row */
  header: string[];
  /** the records after the header, in batches (one per chunk read: cheap for large files) */
  batches(): AsyncGenerator<CsvRecord[]>;
  /** the records after the header, one by one */
  records(): AsyncGenerator<CsvRecord>;
}

const SAMPLE_BYTES = 1 << 20;

/** The longest field lato reads: what one Excel cell can hold. */
export const MAX_FIELD_CHARS = 32_767;
/** The longest record (all its fields together): keeps memory bounded whatever a file holds. */
export const MAX_RECORD_CHARS = 1_048_576;

export function normaliseEncoding(raw: string): Encoding {
  const s = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (s === 'utf8') return 'utf-8';
  if (['windows1252', 'cp1252', 'latin1', 'iso88591', 'ansi', 'win1252'].includes(s)) return 'windows-1252';
  throw new LatoError(`unknown encoding "${raw}"`, { exitCode: 2, hint: 'use utf-8 or windows-1252' });
}

export function normaliseDelimiter(raw: string): Delimiter {
  const map: Record<string, Delimiter> = {
    ';': ';',
    semicolon: ';',
    ',': ',',
    comma: ',',
    '\t': '\t',
    '\\t': '\t',
    tab: '\t',
    '|': '|',
    pipe: '|',
  };
  const d = map[raw.toLowerCase()];
  if (!d) throw new LatoError(`unknown delimiter "${raw}"`, { exitCode: 2, hint: 'use ; , tab or |' });
  return d;
}

/** Opens a delimited text file: detects encoding and delimiter, reads the header. */
export async function openCsv(file: string, opts: CsvOptions = {}): Promise<CsvSource> {
  const name = basename(file);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new LatoError(`${file} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof LatoError) throw e;
    throw new LatoError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  if (size === 0)
    throw new LatoError(`${name} is empty`, { hint: 'export the sheet again, with its header row' });
  const sample = readSample(file, Math.min(size, SAMPLE_BYTES));
  sniffBinary(sample, name);
  const hasBom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const encoding: Encoding = opts.encoding
    ? normaliseEncoding(opts.encoding)
    : hasBom || isUtf8(trimPartialUtf8(sample, size > sample.length))
      ? 'utf-8'
      : 'windows-1252';
  const skip = hasBom && encoding === 'utf-8' ? 3 : 0;

  const firstText = decodeSample(sample.subarray(skip), encoding);
  const firstLine = firstText.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') {
    throw new LatoError(`${name}, line 1: the header row is empty`, {
      hint: 'the first line must name the columns',
    });
  }
  const delimiter = opts.delimiter ? normaliseDelimiter(opts.delimiter) : detectDelimiter(firstLine);

  const parser = new CsvParser(delimiter, name);
  const all = parseStream(file, name, skip, encoding, parser);
  let pending: CsvRecord[] = [];
  while (pending.length === 0) {
    const next = await all.next();
    if (next.done) throw new LatoError(`${name} is empty`);
    pending = next.value;
  }
  const header = pending[0]!.cells.map((h) => h.trim());
  const rest = pending.slice(1);
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    if (rest.length) yield rest;
    yield* all;
  }
  async function* records(): AsyncGenerator<CsvRecord> {
    for await (const batch of batches()) yield* batch;
  }
  return { file: name, encoding, delimiter, header, batches, records };
}

function readSample(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function sniffBinary(sample: Buffer, name: string): void {
  if (sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04) {
    throw new LatoError(`${name} is an Excel workbook (.xlsx), not a CSV file`, {
      hint: 'in Excel choose "Opslaan als" > "CSV (gescheiden door lijstscheidingsteken)" and import that file',
    });
  }
  if (sample[0] === 0xd0 && sample[1] === 0xcf && sample[2] === 0x11 && sample[3] === 0xe0) {
    throw new LatoError(`${name} is an old Excel workbook (.xls), not a CSV file`, {
      hint: 'in Excel choose "Opslaan als" > "CSV (gescheiden door lijstscheidingsteken)" and import that file',
    });
  }
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new LatoError(`${name} is UTF-16 text, which lato does not read`, {
      hint: 'save it as "CSV UTF-8" in Excel, or convert it to UTF-8',
    });
  }
  if (sample.includes(0)) {
    throw new LatoError(`${name} is not a text file (it contains binary data)`, {
      hint: 'import a CSV or tab-separated text file',
    });
  }
}

/** A sample cut off in the middle of a UTF-8 sequence must not count as invalid. */
function trimPartialUtf8(buf: Buffer, truncated: boolean): Buffer {
  if (!truncated) return buf;
  const end = buf.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = buf[end - i]!;
    if ((b & 0xc0) === 0xc0) return buf.subarray(0, end - i);
    if ((b & 0x80) === 0) break;
  }
  return buf;
}

function decodeSample(buf: Buffer, encoding: Encoding): string {
  return encoding === 'utf-8' ? buf.toString('utf8') : new TextDecoder('windows-1252').decode(buf);
}

export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch as Delimiter]++;
  }
  const order: Delimiter[] = [';', '\t', ',', '|'];
  let best: Delimiter = ';';
  for (const d of order) if (counts[d] > counts[best]) best = d;
  return best;
}

/** Streams records. Throws LatoError (with the line) on undecodable bytes or an unclosed quote. */
async function* parseStream(
  file: string,
  name: string,
  skipBytes: number,
  encoding: Encoding,
  parser: CsvParser,
): AsyncGenerator<CsvRecord[]> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  const stream = createReadStream(file, { start: skipBytes, highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw undecodable(name, parser.line);
      }
      const batch = parser.push(text);
      if (batch.length) yield batch;
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw undecodable(name, parser.line);
    }
    const last = [...parser.push(rest), ...parser.end(name)];
    if (last.length) yield last;
  } finally {
    stream.destroy();
  }
}

function undecodable(name: string, line: number): LatoError {
  return new LatoError(`${name}, near line ${line}: bytes that are not valid UTF-8`, {
    hint: 'if the file was saved by Excel as plain CSV, try --encoding windows-1252',
  });
}

/**
 * An RFC 4180 parser fed with text chunks: fields may be quoted (`"a;b"`, `""` for a quote) and
 * span lines; CRLF and LF both end a record; blank lines are skipped. Lines without a quote take a
 * fast path (split), which keeps large imports quick.
 *
 * Only the unfinished record is kept between chunks, and it is never longer than
 * MAX_RECORD_CHARS, with no field over MAX_FIELD_CHARS: reading stays linear in the length of a
 * line and memory stays bounded; a longer field or line is refused with its line and column.
 */
export class CsvParser {
  private buf = '';
  /** the physical line the next record starts on */
  line = 1;
  /** the header (the first record), once read: names the column of a field that is too long */
  private columnNames: string[] | undefined;
  constructor(
    private readonly delimiter: string,
    private readonly name = 'the file',
  ) {}

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    this.buf = this.buf.length ? this.buf + text : text;
    let pos = 0;
    const buf = this.buf;
    const n = buf.length;
    // the next quote at or after pos (-1: none in the rest of the buffer); found once, not per line
    let q = buf.indexOf('"');
    while (pos < n) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      if (q >= 0 && q < pos) q = buf.indexOf('"', pos);
      if (q < 0 || q > nl) {
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === 13) end--;
        const startLine = this.line;
        this.line++;
        if (end > pos)
          out.push(this.checked(startLine, buf.slice(pos, end).split(this.delimiter), end - pos));
        pos = nl + 1;
        continue;
      }
      const r = this.parseQuoted(buf, pos, false);
      if (!r) break;
      const startLine = this.line;
      this.line += r.lines;
      out.push(this.checked(startLine, r.cells, r.next - pos));
      pos = r.next;
    }
    this.buf = pos === 0 ? buf : buf.slice(pos);
    // the unfinished record: refused as soon as a field in it is too long (an unclosed quote
    // included), so that a huge line is neither kept whole nor scanned again and again
    if (this.buf.length > MAX_FIELD_CHARS) this.checkPending(this.buf);
    return out;
  }

  /** The record, when no field of it (nor the whole) is too long; else a LatoError naming where. */
  private checked(line: number, cells: string[], length: number): CsvRecord {
    for (let i = 0; i < cells.length; i++) {
      if (cells[i]!.length > MAX_FIELD_CHARS) throw this.fieldTooLong(line, i);
    }
    if (length > MAX_RECORD_CHARS) throw this.recordTooLong(line);
    this.columnNames ??= cells.map((c) => c.trim());
    return { line, cells };
  }

  /** Scans the unfinished record at the start of `buf` for a field, or a whole, over the maximum. */
  private checkPending(buf: string): void {
    const d = this.delimiter.charCodeAt(0);
    let column = 0;
    let start = 0;
    let line = this.line;
    let fieldLine = line;
    let inQuotes = false;
    for (let i = 0; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === 34) inQuotes = !inQuotes;
      else if (ch === 10) line++;
      else if (ch === d && !inQuotes) {
        if (i - start > MAX_FIELD_CHARS) throw this.fieldTooLong(fieldLine, column);
        column++;
        start = i + 1;
        fieldLine = line;
      }
    }
    if (buf.length - start > MAX_FIELD_CHARS) throw this.fieldTooLong(fieldLine, column);
    if (buf.length > MAX_RECORD_CHARS) throw this.recordTooLong(this.line);
  }

  private fieldTooLong(line: number, index: number): LatoError {
    const header = this.columnNames?.[index];
    return new LatoError(
      `${this.name}, line ${line}, column ${index + 1}${header ? ` ("${header}")` : ''}: the field is longer than ${MAX_FIELD_CHARS.toLocaleString('en')} characters, the most lato reads`,
      {
        hint: 'a cell holds at most that much text (as in Excel); check that this is the right file, and that no quote (") is left open',
      },
    );
  }

  private recordTooLong(line: number): LatoError {
    return new LatoError(
      `${this.name}, line ${line}: the line is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, the most lato reads`,
      { hint: 'check that this is the right file, and that no quote (") is left open' },
    );
  }

  end(name: string): CsvRecord[] {
    const buf = this.buf;
    this.buf = '';
    if (buf.length === 0 || /^[\r\n]*$/.test(buf)) return [];
    if (!buf.includes('"'))
      return [this.checked(this.line, buf.replace(/\r$/, '').split(this.delimiter), buf.length)];
    const r = this.parseQuoted(buf, 0, true);
    if (!r) {
      throw new LatoError(`${name}, line ${this.line}: a quote (") opened here is never closed`, {
        hint: 'close the quoted field, or remove the stray quote',
      });
    }
    return [this.checked(this.line, r.cells, buf.length)];
  }

  /** Parses one record from `start`; null when the buffer ends inside it (and more may come). */
  private parseQuoted(
    buf: string,
    start: number,
    atEof: boolean,
  ): { cells: string[]; next: number; lines: number } | null {
    const d = this.delimiter;
    const cells: string[] = [];
    let field = '';
    let i = start;
    let lines = 0;
    const n = buf.length;
    for (;;) {
      if (i < n && buf[i] === '"') {
        i++;
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0) return null;
          field += buf.slice(i, q);
          for (let k = i; k < q; k++) if (buf.charCodeAt(k) === 10) lines++;
          if (buf[q + 1] === '"') {
            field += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n && !atEof) return null;
          i = q + 1;
          break;
        }
        // text after a closing quote up to the delimiter is kept as written (lenient, like Excel)
        while (i < n && buf[i] !== d && buf[i] !== '\n' && buf[i] !== '\r') field += buf[i++];
      } else {
        while (i < n && buf[i] !== d && buf[i] !== '\n' && buf[i] !== '"') field += buf[i++];
        if (i < n && buf[i] === '"') {
          // a quote inside an unquoted field is taken literally
          field += '"';
          i++;
          continue;
        }
        if (field.endsWith('\r') && (i >= n || buf[i] === '\n')) field = field.slice(0, -1);
      }
      if (i >= n) {
        if (!atEof) return null;
        cells.push(field);
        return { cells, next: n, lines };
      }
      const ch = buf[i];
      if (ch === d) {
        cells.push(field);
        field = '';
        i++;
        continue;
      }
      if (ch === '\r') {
        i++;
        if (i >= n && !atEof) return null;
        continue;
      }
      // newline: end of record
      cells.push(field);
      return { cells, next: i + 1, lines: lines + 1 };
    }
  }
}
