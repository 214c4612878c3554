// A worker thread of renderPdfs (pdf-batch.ts): its own Typst compiler, rendering the batches of
// jobs it is sent and writing their files; replies `{ done }` or `{ error }`.

import { parentPort, workerData } from 'node:worker_threads';
import { EVICT_EVERY, renderJob, serialiseError, type PdfJob } from './pdf-batch.js';
import { TypstRenderer } from './typst.js';
import { writeAtomic } from '../io/files.js';

const renderer = await TypstRenderer.create({
  templatesDir: (workerData as { templatesDir?: string }).templatesDir,
});
let rendered = 0;

parentPort!.on('message', (jobs: PdfJob[]) => {
  try {
    for (const job of jobs) {
      writeAtomic(job.file, renderJob(renderer, job));
      if (++rendered % EVICT_EVERY === 0) renderer.evict();
    }
    parentPort!.postMessage({ done: jobs.length });
  } catch (e) {
    parentPort!.postMessage({ error: serialiseError(e) });
  }
});
