//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`: what printing the
//! booklet needs, without loading playwright-core (about 0.6 s of start-up on its own).
//! In: a browser executable and its flags. Out: a running browser with `send(method, params)`
//! to its one page, and `close()`, which ends the browser and removes its temporary profile.
//! Messages are JSON, each ended by a NUL byte; the browser reads fd 3 and writes fd 4.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Reply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

/** A browser started with a fresh profile, and a session attached to its page. */
export interface CdpBrowser {
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
export async function launchPipeBrowser(executable: string, args: readonly string[]): Promise<CdpBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'handbook-chromium-'));
  let proc: ChildProcess;
  try {
    proc = spawn(executable, ['--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, ...args, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const toBrowser = proc.stdio[3] as Writable;
  const fromBrowser = proc.stdio[4] as Readable;
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => {
    proc.once('close', () => resolve());
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
  proc.once('error', (e) => fail(e));
  proc.once('exit', (code, signal) => {
    const said = stderr.split('\n').find((l) => l.trim() !== '' && !/^\[\d+:\d+:/.test(l)) ?? stderr.split('\n').find((l) => l.trim() !== '');
    fail(new Error(said?.trim() || `浏览器已退出（${signal ?? `退出码 ${code}`}）`));
  });
  toBrowser.on('error', () => {});
  fromBrowser.on('error', () => {});

  let partial: Buffer[] = [];
  fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      partial.push(chunk.subarray(start, end));
      const message = JSON.parse(Buffer.concat(partial).toString('utf8')) as Reply;
      partial = [];
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
    if (start < chunk.length) partial.push(chunk.subarray(start));
  });

  const raw = <T>(method: string, params: Record<string, unknown>, session?: string): Promise<T> => {
    if (gone) return Promise.reject(gone);
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      toBrowser.write(JSON.stringify({ id, method, params, ...(session ? { sessionId: session } : {}) }) + '\0');
    });
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      if (!gone) await Promise.race([raw('Browser.close', {}).catch(() => {}), exited]);
      // A browser that does not go within a few seconds is ended.
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
    })());

  try {
    const { targetInfos } = await raw<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets', {});
    const page = targetInfos.find((t) => t.type === 'page');
    const targetId = page ? page.targetId : (await raw<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })).targetId;
    sessionId = (await raw<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  } catch (e) {
    if (!gone) proc.kill('SIGKILL');
    await close();
    throw e;
  }
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}, browser = false) => raw<T>(method, params, browser ? undefined : sessionId),
    on: (listener) => void listeners.push(listener),
    close,
  };
}
