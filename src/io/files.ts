// Writing output files safely: atomically (a temporary file, then a rename, so that a crash never
// leaves half a PDF or XML behind) and into folders created on demand, with errors users can read.

import {
  accessSync,
  constants,
  mkdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
    if (statSync(file).isDirectory())
      throw new LatoError(`cannot write ${out}: it is a folder`, { hint: 'give a file name with --out' });
    accessSync(file, constants.W_OK);
  } catch (e) {
    if (e instanceof LatoError) throw e;
    if (errCode(e) !== 'ENOENT')
      throw new LatoError(
        `cannot write ${out}: ${errCode(e) === 'EACCES' ? 'permission denied' : (e as Error).message}`,
      );
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

export function writeAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LatoError(`cannot write ${file}: ${(e as Error).message}`);
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
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
    this.pending.push(
      writeFile(tmp, data)
        .then(() => rename(tmp, file))
        .catch(async (e: Error) => {
          await rm(tmp, { force: true });
          throw new LatoError(`cannot write ${file}: ${e.message}`);
        }),
    );
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
