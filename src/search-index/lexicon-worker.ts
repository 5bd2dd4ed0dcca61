//! The worker thread of parallel.ts (Node only). Loads opencc-js as soon as it starts, then
//! for the one LexiconJob it is sent: segments its share of the runs and answers, learns the
//! traditional forms and answers. Each answer is a message on the port, then a bump of the
//! shared counter so the caller, blocked in Atomics.wait, wakes up.

import { workerData } from 'node:worker_threads';
import { learnTraditional, segmentRuns, type LexiconJob } from './lexicon.js';
import { traditionalConverters, type WorkerData, type WorkerMessage } from './parallel.js';

const { port, signal } = workerData as WorkerData;

function answer(message: WorkerMessage): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const converters = traditionalConverters();

port.once('message', (job: LexiconJob) => {
  try {
    answer({ kind: 'segmented', segmented: segmentRuns(job.runs, job.times, job.from, job.to) });
    answer({ kind: 'traditional', t2s: learnTraditional(job.chars, job.runs, converters) });
  } catch (e) {
    answer({ kind: 'error', message: String((e as Error)?.message ?? e) });
  }
  port.close();
});
