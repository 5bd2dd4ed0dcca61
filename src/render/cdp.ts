//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`: what printing the
//! booklet needs, without loading playwright-core (about 0.6 s of start-up on its own).
//! In: a browser executable and its flags. Out: a running browser with `send(method, params)`
//! to its one page, and `close()`, which ends the browser and removes its temporary profile.
//! Messages are JSON, each ended by a NUL byte; the browser reads fd 3 and writes fd 4.
//!
//! Every wait is bounded: the start (until the page is attached) and each command have a
//! timeout (CdpTimeouts), and a browser that closes the pipe or writes anything but JSON fails
//! at once; each failure names the executable and what it did not answer, and kills it.
//! Everything the browser writes goes into one folder, `handbook-chromium-PID-XXXXXX` in the temp
//! folder: its profile (--user-data-dir), crash reports (--crash-dumps-dir), disk cache
//! (--disk-cache-dir), the HOME, XDG and (when short enough) TMPDIR folders it is started with
//! (so nothing lands in ~/.config/chromium, ~/.cache or ~/.pki), and the blank page it prints from. The folder is
//! removed by close(); closeOpenBrowsers() closes every browser still open (the CLI calls it on
//! SIGINT/SIGTERM); a run killed before it could close (kill -9) leaves it to the next launch,
//! which removes every such folder whose PID is no longer running.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { alive } from '../io/write.js';

/** How long to wait, in milliseconds. */
export interface CdpTimeouts {
  /** From spawning to the page attached. */
  start: number;
  /** Each command but the print. */
  call: number;
  /** Page.printToPDF (a long booklet takes a while). */
  print: number;
}

export const DEFAULT_TIMEOUTS: CdpTimeouts = { start: 30_000, call: 60_000, print: 300_000 };

/** The browser did not answer in time; its message names the executable and the method. */
export class CdpTimeoutError extends Error {
  override name = 'CdpTimeoutError';
}

const PROFILE_PREFIX = 'handbook-chromium-';

/** What Chromium appends to TMPDIR for its singleton socket: /org.chromium.Chromium.XXXXXX/SingletonSocket. */
const SOCKET_TAIL = '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length;

/** Profiles left by runs that were killed before they could close their browser. */
function removeStaleProfiles(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^handbook-chromium-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} 秒`;

/** The longest single message accepted from the browser (a booklet's PDF, in base64, is far below). */
const MAX_MESSAGE = 512 * 1024 * 1024;

interface Reply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

/** The browsers started and not yet closed: what closeOpenBrowsers ends. */
const open = new Set<() => Promise<void>>();

/** Closes every browser this process started and has not closed, removing their folders; never throws. */
export async function closeOpenBrowsers(): Promise<void> {
  await Promise.all([...open].map((close) => close()));
}

/** A browser started with a fresh profile, and a session attached to its page. */
export interface CdpBrowser {
  /** The browser's own temporary folder (removed by close()): a place for the page it prints from. */
  folder: string;
  /** Sends a command to the page's session (or to the browser when `browser` is true). */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, browser?: boolean): Promise<T>;
  /** Listens to the page's events. */
  on(listener: (method: string, params: Record<string, unknown>) => void): void;
  /** Closes the browser and removes its temporary profile; never throws. */
  close(): Promise<void>;
}

/**
 * Starts `executable` headless with a fresh temporary profile and attaches to its first page.
 * Rejects with the browser's own first line of complaint when it does not start.
 */
export async function launchPipeBrowser(executable: string, args: readonly string[], timeouts: CdpTimeouts = DEFAULT_TIMEOUTS): Promise<CdpBrowser> {
  removeStaleProfiles(tmpdir());
  const folder = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const sub = (name: string) => {
    const dir = join(folder, name);
    mkdirSync(dir);
    return dir;
  };
  let proc: ChildProcess;
  try {
    const home = sub('home');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share') };
    // Its own temp folder too, for its org.chromium.Chromium.XXXXXX scratch folder, unless the
    // path would be too long for the SingletonSocket it puts there (a Unix socket path has at most
    // 107 bytes; past that Chromium does not start). Chromium removes that folder when it closes.
    const scratch = join(folder, 't');
    if (Buffer.byteLength(scratch) + SOCKET_TAIL < 107) env['TMPDIR'] = sub('t');
    const flags = [`--user-data-dir=${sub('profile')}`, `--crash-dumps-dir=${sub('crash')}`, `--disk-cache-dir=${sub('cache')}`];
    proc = spawn(executable, ['--headless', '--remote-debugging-pipe', ...flags, ...args, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env,
    });
  } catch (e) {
    rmSync(folder, { recursive: true, force: true });
    throw e;
  }
  const toBrowser = proc.stdio[3] as Writable;
  const fromBrowser = proc.stdio[4] as Readable;
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  // 'exit', not 'close': a child of the browser may hold its pipes open after it has gone.
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.once('error', () => resolve());
  });

  let nextId = 0;
  let gone: Error | undefined;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];
  let sessionId: string | undefined;
  const fail = (e: Error) => {
    gone ??= e;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  /** A browser that broke the protocol: failed, and ended. */
  const broken = (e: Error) => {
    fail(e);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  proc.once('error', (e) => fail(e));
  proc.once('exit', (code, signal) => {
    const said = stderr.split('\n').find((l) => l.trim() !== '' && !/^\[\d+:\d+:/.test(l)) ?? stderr.split('\n').find((l) => l.trim() !== '');
    fail(new Error(said?.trim() || `浏览器已退出（${signal ?? `退出码 ${code}`}）`));
  });
  toBrowser.on('error', () => {});
  fromBrowser.on('error', () => {});
  fromBrowser.once('close', () => {
    // Closing the pipe while the process lives on: nothing will ever be answered.
    if (proc.exitCode === null && proc.signalCode === null) setTimeout(() => broken(new Error(`浏览器 ${executable} 关闭了 DevTools 管道`)), 200).unref();
  });

  let partial: Buffer[] = [];
  let partialBytes = 0;
  fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      partial.push(chunk.subarray(start, end));
      partialBytes = 0;
      let message: Reply;
      try {
        message = JSON.parse(Buffer.concat(partial).toString('utf8')) as Reply;
      } catch {
        partial = [];
        broken(new Error(`浏览器 ${executable} 在 DevTools 管道上写出了无法解析的内容（不是 JSON）`));
        return;
      }
      partial = [];
      if (message === null || typeof message !== 'object') {
        broken(new Error(`浏览器 ${executable} 在 DevTools 管道上写出了无法解析的内容（不是 JSON 对象）`));
        return;
      }
      start = end + 1;
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result);
      } else if (message.method && message.sessionId === sessionId) {
        for (const l of listeners) l(message.method, (message as { params?: Record<string, unknown> }).params ?? {});
      }
    }
    if (start < chunk.length) {
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
    }
    // A message never ended (no NUL) grows without bound: a broken browser.
    if (partialBytes > MAX_MESSAGE) {
      partial = [];
      partialBytes = 0;
      broken(new Error(`浏览器 ${executable} 在 DevTools 管道上写出了超过 ${MAX_MESSAGE / 1024 / 1024} MB 的单条消息`));
    }
  });

  const raw = <T>(method: string, params: Record<string, unknown>, session?: string, timeout?: { ms: number; what: string }): Promise<T> => {
    if (gone) return Promise.reject(gone);
    const id = ++nextId;
    const limit = timeout ?? (method === 'Page.printToPDF' ? { ms: timeouts.print, what: `没有完成打印（Page.printToPDF）` } : { ms: timeouts.call, what: `没有应答 DevTools 命令 ${method}` });
    return new Promise<T>((resolve, reject) => {
      // setImmediate: an answer that arrived while this process was busy (the event loop runs
      // timers before reading pipes) is read before the wait counts as missed.
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            if (!pending.has(id)) return;
            pending.delete(id);
            const e = fromBrowser.readableEnded
              ? new Error(`浏览器 ${executable} 关闭了 DevTools 管道`)
              : new CdpTimeoutError(`浏览器 ${executable} 在 ${seconds(limit.ms)}内${limit.what}`);
            reject(e);
            broken(e);
          }),
        limit.ms,
      );
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      toBrowser.write(JSON.stringify({ id, method, params, ...(session ? { sessionId: session } : {}) }) + '\0');
    });
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      if (!gone) await Promise.race([raw('Browser.close', {}, undefined, { ms: 5000, what: '没有应答 Browser.close' }).catch(() => {}), exited]);
      // A browser that does not go within a few seconds is ended.
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      for (const stream of [toBrowser, fromBrowser, proc.stderr]) stream?.destroy();
      rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
      open.delete(close);
    })());
  open.add(close);

  try {
    // The start as a whole has one deadline; each step says which answer was missing.
    const deadline = Date.now() + timeouts.start;
    const step = (method: string) => ({ ms: Math.max(1, deadline - Date.now()), what: `没有启动（未应答 DevTools 的 ${method}）` });
    const { targetInfos } = await raw<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets', {}, undefined, step('Target.getTargets'));
    if (!Array.isArray(targetInfos)) throw new Error(`浏览器 ${executable} 对 Target.getTargets 的应答不合 DevTools 协议`);
    const page = targetInfos.find((t) => t.type === 'page');
    const targetId = page ? page.targetId : (await raw<{ targetId: string }>('Target.createTarget', { url: 'about:blank' }, undefined, step('Target.createTarget'))).targetId;
    sessionId = (await raw<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true }, undefined, step('Target.attachToTarget'))).sessionId;
  } catch (e) {
    if (!gone) proc.kill('SIGKILL');
    await close();
    throw e;
  }
  return {
    folder,
    send: <T>(method: string, params: Record<string, unknown> = {}, browser = false) => raw<T>(method, params, browser ? undefined : sessionId),
    on: (listener) => void listeners.push(listener),
    close,
  };
}
