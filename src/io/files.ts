// Writing output files safely: atomically (a temporary file, then a rename, so that a crash never
// leaves half a PDF or XML behind) and into folders created on demand, with errors users can read.

import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LatoError } from '../domain/errors.js';

/** The path with symbolic links resolved as far as it exists (the rest appended as written). */
function realPath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : resolve(realPath(parent), abs.slice(parent.length + 1));
  }
}

/** The database file and its companions (WAL, shared memory, journal): never an output. */
function isDatabaseFile(file: string, db: string | undefined): boolean {
  if (!db || db === ':memory:') return false;
  const target = realPath(file);
  const base = realPath(db);
  return ['', '-wal', '-shm', '-journal'].some((suffix) => target === base + suffix);
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/**
 * Refuses, before any work is done, an output file that cannot be written: its folder missing or
 * not a folder or not writable, the path a folder, an existing file not writable, or the database
 * itself (`db`: the database path). An existing file is replaced.
 */
export function checkOutputFile(out: string, db?: string): void {
  const file = resolve(out);
  const dir = dirname(file);
  if (isDatabaseFile(file, db))
    throw new LatoError(`cannot write ${out}: it is the database`, { hint: 'pick another path with --out' });
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new LatoError(`cannot write ${out}: the folder ${dir} does not exist`, {
      hint: 'create the folder first, or pick another path with --out',
    });
  }
  if (!dirStat.isDirectory()) throw new LatoError(`cannot write ${out}: ${dir} is not a folder`);
  try {
    if (lstatSync(file).isDirectory())
      throw new LatoError(`cannot write ${out}: it is a folder`, { hint: 'give a file name with --out' });
    checkReplaceable(out);
    accessSync(file, constants.W_OK);
  } catch (e) {
    if (e instanceof LatoError) throw e;
    if (errCode(e) !== 'ENOENT') throw writeError(out, e);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new LatoError(`cannot write ${out}: the folder ${dir} is not writable`, {
      hint: 'pick another folder with --out',
    });
  }
}

/**
 * Refuses, before any work is done, an output folder that cannot take files: a file given as the
 * folder (the database above all), or a folder that is not writable. A folder that does not exist
 * yet is fine when it can be created (its nearest existing parent is a writable folder); the caller
 * creates it (ensureDir) when it writes.
 */
export function checkOutputDir(out: string, db?: string): void {
  if (isDatabaseFile(out, db))
    throw new LatoError(`cannot write into ${out}: it is the database, not a folder`, {
      hint: 'give a folder with --out',
    });
  let dir = resolve(out);
  for (;;) {
    try {
      if (!statSync(dir).isDirectory())
        throw new LatoError(
          dir === resolve(out)
            ? `cannot write into ${out}: it is a file, not a folder`
            : `cannot create the folder ${out}: ${dir} is a file`,
          { hint: 'give a folder with --out' },
        );
      break;
    } catch (e) {
      if (e instanceof LatoError) throw e;
      // ENOTDIR: a file on the way, found when the loop reaches it
      if (errCode(e) !== 'ENOENT' && errCode(e) !== 'ENOTDIR')
        throw new LatoError(`cannot write into ${out}: ${(e as Error).message}`);
      dir = dirname(dir);
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new LatoError(
      dir === resolve(out)
        ? `cannot write into ${out}: the folder is not writable`
        : `cannot create the folder ${out}: ${dir} is not writable`,
      { hint: 'pick another folder with --out' },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// the one atomic writer

/** What an operating-system error means for a user, in a few words (disk full, permission...). */
export function describeFsError(e: unknown): string {
  switch (errCode(e)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/** The hint that goes with describeFsError, when there is one. */
export function fsErrorHint(e: unknown): string | undefined {
  switch (errCode(e)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space on that disk (or pick another place) and run the command again';
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return 'pick a place you may write to, or ask who manages the computer for write access';
    default:
      return undefined;
  }
}

/** A LatoError for a file that could not be written, with a plain reason and what to do. */
export function writeError(file: string, e: unknown): LatoError {
  if (e instanceof LatoError) return e;
  const hint = fsErrorHint(e);
  return new LatoError(`cannot write ${file}: ${describeFsError(e)}`, hint ? { hint } : {});
}

/** What kind of thing stands at a path that lato will not replace; undefined for a regular file. */
function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuses an output path that is not a regular file or a missing path: a symbolic link (also
 * /proc/self/fd/1 and the like), a device node, a named pipe, a socket, a folder. An output is
 * only ever a new file or replaces a regular file, so that it never lands anywhere else.
 */
export function checkReplaceable(file: string): void {
  let st;
  try {
    st = lstatSync(file);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return;
    throw writeError(file, e);
  }
  const kind = notRegular(st);
  if (kind)
    throw new LatoError(
      `cannot write ${file}: it is ${kind}; lato writes only regular files (or a new path)`,
      { hint: 'give the path of a new or regular file' },
    );
}

// `.<name>.<pid>-<12 hex>.lato.tmp`, created exclusively next to the target; killed runs leave it
// (and SQLite's `-journal` of it): those of processes no longer running are removed at the next run.
const TMP_RE = /^\..*\.(\d+)-[0-9a-f]{12}\.lato\.tmp(-journal|-wal|-shm)?$/;

/** A new temporary name next to `file` (not yet created). */
export function tempPathFor(file: string): string {
  const name = basename(file).slice(0, 120);
  return join(dirname(resolve(file)), `.${name}.${process.pid}-${randomBytes(6).toString('hex')}.lato.tmp`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

const cleaned = new Set<string>();

/**
 * Removes the temporary files lato's killed runs left in `dir` (named by tempPathFor, of a process
 * that no longer runs, or older than a day); anything else is left alone. Once per folder and run.
 */
export function cleanLeftovers(dir: string): string[] {
  const abs = resolve(dir);
  if (cleaned.has(abs)) return [];
  cleaned.add(abs);
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TMP_RE.exec(n);
    if (!m) continue;
    const file = join(abs, n);
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (alive(Number(m[1])) && Date.now() - st.mtimeMs < 86_400_000) continue;
    try {
      rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // not ours to fight over: left for the next run
    }
  }
  return removed;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not every file system syncs folders; the rename itself is atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The one way lato writes an output file: a new temporary file created exclusively (random name,
 * O_EXCL, in the target's folder), written, synced, and renamed over the target, which must be a
 * regular file or a missing path. A crash leaves the old file or the new one, never half of one.
 */
export function writeAtomic(file: string, data: Buffer | string, opts: { mode?: number } = {}): void {
  checkReplaceable(file);
  cleanLeftovers(dirname(resolve(file)));
  const tmp = tempPathFor(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', opts.mode ?? 0o666);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    checkReplaceable(file);
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw writeError(file, e);
  }
  fsyncDir(dirname(resolve(file)));
}

/** The same, asynchronously (the background writer of PDFs). */
export async function writeAtomicAsync(
  file: string,
  data: Buffer | string,
  opts: { mode?: number } = {},
): Promise<void> {
  checkReplaceable(file);
  cleanLeftovers(dirname(resolve(file)));
  const tmp = tempPathFor(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', opts.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    checkReplaceable(file);
    await rename(tmp, file);
  } catch (e) {
    await handle?.close();
    await rm(tmp, { force: true });
    throw writeError(file, e);
  }
}

/**
 * The same, in the background: returns at once, so that writing one file overlaps producing the
 * next. Await `flush()` before relying on the files; it throws the first write error.
 */
export class BackgroundWriter {
  private pending: Promise<void>[] = [];

  constructor(private readonly maxPending = 16) {}

  async write(file: string, data: Buffer): Promise<void> {
    this.pending.push(writeAtomicAsync(file, data));
    if (this.pending.length >= this.maxPending) await this.flush();
  }

  async flush(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    const results = await Promise.allSettled(all);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new LatoError(`cannot create the folder ${dir}: ${(e as Error).message}`);
  }
}

/** The file name of a document: its number, made safe for any file system. */
export function fileNameOf(number: string, ext: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}
