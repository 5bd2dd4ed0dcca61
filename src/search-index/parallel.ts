//! The lexicon's second thread (Node only; the booklet's page never imports this module).
//! In: a LexiconJob (lexicon.ts) — the corpus's distinct Han runs, some of them to segment,
//! and its characters. Out: the same SegmentedRuns and traditional forms as segmentRuns and
//! learnTraditional give on the calling thread, computed by a worker_threads worker
//! (lexicon-worker.ts) while the caller segments the other runs.
//!
//! buildSearchIndex stays synchronous: the caller blocks on Atomics.wait until the worker
//! signals a result, then takes it with receiveMessageOnPort. If the worker cannot be started
//! or does not answer, the caller does the work itself (same result, only slower).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import { learnTraditional, segmentRuns, type LexiconHelper, type LexiconJob, type SegmentedRuns } from './lexicon.js';

type Convert = (s: string) => string;

/** opencc-js's simplified → traditional converters (Taiwan and Hong Kong forms), or none without opencc-js. */
export function traditionalConverters(): Convert[] {
  try {
    const require = createRequire(import.meta.url);
    const OpenCC = require('opencc-js') as { Converter: (o: { from: string; to: string }) => Convert };
    return [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'hk' })];
  } catch {
    // Without opencc the index still works; traditional queries then rely on the CLI's fallback.
    return [];
  }
}

/** What the worker posts: each result in turn, or why it failed. */
export type WorkerMessage =
  | { kind: 'segmented'; segmented: SegmentedRuns }
  | { kind: 'traditional'; t2s: string }
  | { kind: 'error'; message: string };

/** What the worker is started with: the port it answers on and the counter it bumps after each answer. */
export interface WorkerData {
  port: MessagePort;
  signal: Int32Array;
}

/**
 * Share of the runs the worker segments. It then learns the traditional forms (≈3.5 s at
 * 10,000 policies) while the caller segments the other runs and cuts the index: with a
 * quarter, both finish within ~0.1 s of each other on the 2-core machine of docs/DESIGN.md
 * (with 0.45 the caller waited 1.1 s for the worker).
 */
const WORKER_SHARE = 0.25;

/** Longest wait for one answer before the caller does the work itself. */
const PATIENCE_MS = 120_000;

/**
 * The worker's module: dist/search-index/lexicon-worker.js, found from this module in
 * dist/search-index/ and from the CLI bundle in dist/bundle/ (same depth), and from the
 * TypeScript sources (tests) in the compiled dist/.
 */
function workerFile(): string | undefined {
  for (const relative of ['../search-index/lexicon-worker.js', '../../dist/search-index/lexicon-worker.js']) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** A LexiconHelper backed by a worker; `answers` counts the results that came from the worker. */
export interface LexiconWorker extends LexiconHelper {
  start(job: LexiconJob): { segmented(): SegmentedRuns; traditional(): string; readonly answers: number };
}

/** Says, once per build, that the lexicon is being built on one thread only (slower, same result). */
function warnAlone(why: string): void {
  process.emitWarning(`构建检索词典的工作线程不可用（${why}），改为单线程构建，结果相同但较慢`, { code: 'HANDBOOK_LEXICON_WORKER' });
}

/**
 * A helper backed by a worker thread, started now (it loads opencc-js while the caller reads
 * the corpus), or undefined when the worker's module is missing.
 */
export function lexiconWorker(): LexiconWorker | undefined {
  const file = workerFile();
  if (!file) {
    warnAlone('找不到 dist/search-index/lexicon-worker.js，请运行 npm run build:ts');
    return undefined;
  }
  const { Worker, MessageChannel, receiveMessageOnPort } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const data: WorkerData = { port: port2, signal };
  let worker: import('node:worker_threads').Worker | undefined = new Worker(file, { workerData: data, transferList: [port2] });
  // Never keeps the process alive (an error in the caller leaves it behind).
  worker.unref();
  let failed = false;
  let answers = 0;
  const stop = () => {
    void worker?.terminate();
    worker = undefined;
    port1.close();
  };
  /** The worker's next message, or undefined (and the worker stopped) if it failed or took too long. */
  const next = (): WorkerMessage | undefined => {
    if (failed) return undefined;
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const seen = Atomics.load(signal, 0);
      const received = receiveMessageOnPort(port1);
      if (received) {
        const message = received.message as WorkerMessage;
        if (message.kind !== 'error') {
          answers++;
          return message;
        }
        warnAlone(message.message);
        break;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        warnAlone(`${PATIENCE_MS / 1000} 秒内没有回应`);
        break;
      }
      Atomics.wait(signal, 0, seen, left);
    }
    failed = true;
    stop();
    return undefined;
  };
  return {
    share: WORKER_SHARE,
    start(job: LexiconJob) {
      port1.postMessage(job);
      return {
        segmented() {
          const m = next();
          return m?.kind === 'segmented' ? m.segmented : segmentRuns(job.runs, job.times, job.from, job.to);
        },
        traditional() {
          const m = next();
          stop();
          return m?.kind === 'traditional' ? m.t2s : learnTraditional(job.chars, job.runs, traditionalConverters());
        },
        get answers() {
          return answers;
        },
      };
    },
  };
}
