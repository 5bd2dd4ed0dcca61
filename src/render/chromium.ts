//! Finding and starting the browser that prints the PDF. No browser is ever downloaded.
//! In: an explicit path (--chromium), the HANDBOOK_CHROMIUM variable, the platform. Out: the
//! candidates to try in order (Debian's /usr/bin/chromium and friends; an installed Chrome or
//! Edge through playwright-core's `channel` on Windows and macOS), and a launched browser:
//! for printing, one driven over a pipe (cdp.ts, no playwright-core to load) and recent enough to
//! print the page numbers (CSS margin boxes, Chromium 131); for tests and library users who want
//! a playwright Browser, launchChromium.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CdpTimeoutError, DEFAULT_TIMEOUTS, launchPipeBrowser, type CdpBrowser, type CdpTimeouts } from './cdp.js';

export type ChromiumTarget = { executablePath: string } | { channel: 'chrome' | 'msedge' };

export interface ChromiumLookup {
  /** From --chromium: used alone, never replaced by another browser. */
  explicit?: string;
  /** From HANDBOOK_CHROMIUM: likewise. */
  env?: string;
  platform?: NodeJS.Platform;
  /** How long to wait for the browser's start, each DevTools command and the print (cdp.ts). */
  timeouts?: Partial<CdpTimeouts>;
}

/** The Debian packages the PDF needs: the browser alone (its faces come with the tool: fonts.ts). */
export const PDF_PACKAGES = ['chromium'] as const;
export const INSTALL_HINT = `sudo apt-get install ${PDF_PACKAGES.join(' ')}`;

const LINUX_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'];

export class ChromiumNotFoundError extends Error {}

/** The first Chromium that prints CSS @page margin boxes, which carry the booklet's page numbers. */
export const MIN_PRINT_CHROMIUM = 131;

/**
 * Why a browser cannot print the booklet, from its DevTools `Browser.getVersion` product, or
 * undefined when it can (or its version cannot be read: it is then tried). Older ones ignore the
 * margin boxes and would print no page numbers, silently.
 * @example printVersionProblem('HeadlessChrome/120.0.6099.224') // '版本 120 过旧，…'
 */
export function printVersionProblem(product: string): string | undefined {
  const m = /\/(\d+)\.\d+/.exec(product);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major < MIN_PRINT_CHROMIUM ? `版本 ${major} 过旧，PDF 的页码需要 Chromium ${MIN_PRINT_CHROMIUM} 或更新版本` : undefined;
}

/** Where to look, in order. An explicit path (flag or variable) is the only candidate. */
export function chromiumCandidates(lookup: ChromiumLookup): ChromiumTarget[] {
  const chosen = lookup.explicit ?? (lookup.env ? lookup.env : undefined);
  if (chosen !== undefined) return [{ executablePath: chosen }];
  const platform = lookup.platform ?? process.platform;
  if (platform === 'win32' || platform === 'darwin') return [{ channel: 'chrome' }, { channel: 'msedge' }];
  return LINUX_PATHS.filter((p) => existsSync(p)).map((executablePath) => ({ executablePath }));
}

/** Flags for a headless print on a closed machine: no background traffic, no first-run UI. */
export function launchArgs(): string[] {
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps', '--disable-extensions'];
  // Chromium refuses its sandbox as root (containers, CI); a normal user keeps it.
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.unshift('--no-sandbox');
  return args;
}

/** Where Chrome and Edge install themselves (the places playwright-core's channels look). */
export function channelExecutables(channel: 'chrome' | 'msedge', platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    return [channel === 'chrome' ? '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome' : '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
  }
  if (platform === 'win32') {
    const roots = [env['LOCALAPPDATA'], env['PROGRAMFILES'], env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    const tail = channel === 'chrome' ? ['Google', 'Chrome', 'Application', 'chrome.exe'] : ['Microsoft', 'Edge', 'Application', 'msedge.exe'];
    return roots.map((r) => join(r, ...tail));
  }
  return [channel === 'chrome' ? '/opt/google/chrome/chrome' : '/opt/microsoft/msedge/msedge'];
}

function failureMessage(explicit: string | undefined, failures: string[]): string {
  const where = explicit ? `指定的浏览器无法启动（${failures.join('；')}）` : `未找到 Chromium${failures.length ? `（${failures.join('；')}）` : ''}`;
  return (
    `${where}。生成 PDF 需要 Chromium，请安装：${INSTALL_HINT}；` +
    '或用 --chromium PATH（或环境变量 HANDBOOK_CHROMIUM）指定 Chromium、Chrome 或 Edge 的可执行文件。'
  );
}

/**
 * Starts the first candidate that runs and is recent enough (printVersionProblem), driven over a
 * pipe (no playwright-core to load, which matters: loading it takes longer than starting the
 * browser). Throws ChromiumNotFoundError with the install command.
 */
export async function launchPrintBrowser(lookup: ChromiumLookup): Promise<CdpBrowser> {
  const explicit = lookup.explicit ?? lookup.env;
  const failures: string[] = [];
  for (const target of chromiumCandidates(lookup)) {
    const paths = 'executablePath' in target ? [target.executablePath] : channelExecutables(target.channel, lookup.platform);
    for (const path of paths) {
      if (!existsSync(path)) {
        if ('executablePath' in target) failures.push(`${path}：文件不存在`);
        continue;
      }
      try {
        const browser = await launchPipeBrowser(path, launchArgs(), { ...DEFAULT_TIMEOUTS, ...lookup.timeouts });
        const { product } = await browser.send<{ product: string }>('Browser.getVersion', {}, true).catch(async (e: unknown) => {
          // A version that cannot be read is tried; a browser that does not answer is not.
          if (!(e instanceof CdpTimeoutError)) return { product: '' };
          await browser.close();
          throw e;
        });
        const problem = printVersionProblem(product);
        if (!problem) return browser;
        await browser.close();
        failures.push(`${path}：${problem}`);
      } catch (e) {
        const said = String((e as Error).message).split('\n')[0]!;
        failures.push(said.includes(path) ? said : `${path}：${said}`);
      }
    }
  }
  throw new ChromiumNotFoundError(failureMessage(explicit, failures));
}

/** Starts the first candidate that runs as a playwright-core Browser; throws ChromiumNotFoundError with the install command. */
export async function launchChromium(lookup: ChromiumLookup): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const candidates = chromiumCandidates(lookup);
  const explicit = lookup.explicit ?? lookup.env;
  const failures: string[] = [];
  for (const target of candidates) {
    if ('executablePath' in target && !existsSync(target.executablePath)) {
      failures.push(`${target.executablePath}：文件不存在`);
      continue;
    }
    // As for the PDF (cdp.ts): the browser's HOME, XDG folders and crash reports in one temp
    // folder, removed when it disconnects, so nothing is written into the user's HOME.
    const home = mkdtempSync(join(tmpdir(), 'hb-browser-home-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share') };
    try {
      const browser = await chromium.launch({ ...target, headless: true, args: [...launchArgs(), `--crash-dumps-dir=${join(home, 'crash')}`], env });
      browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
      return browser;
    } catch (e) {
      rmSync(home, { recursive: true, force: true });
      const name = 'executablePath' in target ? target.executablePath : `已安装的 ${target.channel === 'chrome' ? 'Chrome' : 'Edge'}`;
      failures.push(`${name}：${String((e as Error).message).split('\n')[0]}`);
    }
  }
  throw new ChromiumNotFoundError(failureMessage(explicit, failures));
}
