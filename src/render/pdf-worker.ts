// A worker thread of renderPdfs (pdf-batch.ts): its own Typst compiler, rendering the batches of
// jobs it is sent and writing their files (or sending their bytes back); replies `{ done }` or `{ error }`.

import { parentPort, workerData } from 'node:worker_threads';
import { EVICT_EVERY, renderJob, serialiseError, type PdfJob } from './pdf-batch.js';
import { TypstRenderer } from './typst.js';
import { BackgroundWriter } from '../io/files.js';

const renderer = await TypstRenderer.create({
  templatesDir: (workerData as { templatesDir?: string }).templatesDir,
});
let rendered = 0;

const writer = new BackgroundWriter();

parentPort!.on('message', async (jobs: PdfJob[]) => {
  try {
    // a job without a file has its bytes sent back
    const results: (Uint8Array | null)[] = [];
    for (const job of jobs) {
      const pdf = renderJob(renderer, job);
      if (job.file) await writer.write(job.file, pdf);
      results.push(job.file ? null : pdf);
      if (++rendered % EVICT_EVERY === 0) renderer.evict();
    }
    // a batch is done when its files are written
    await writer.flush();
    parentPort!.postMessage({ done: jobs.length, results });
  } catch (e) {
    parentPort!.postMessage({ error: serialiseError(e) });
  }
});
