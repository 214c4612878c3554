// Writing output files safely: atomically (a temporary file, then a rename, so that a crash never
// leaves half a PDF or XML behind) and into folders created on demand, with errors users can read.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { LatoError } from '../domain/errors.js';

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
