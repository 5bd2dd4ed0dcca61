// The in-browser tests' launcher (launchChromium, also exported from policy-handbook/render)
// writes nothing into the user's HOME: the browser's HOME, XDG folders and crash reports live in
// one temp folder removed when it disconnects.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { launchChromium } from '../../src/render/chromium.js';
import { tempDir } from '../helpers/temp.js';

describe('launchChromium', () => {
  // Ensure a launch, a page and a close leave HOME and the temp folder as they were.
  it('leaves HOME empty and removes its own folder on close', async () => {
    const home = tempDir('hb-launch-home-');
    const tmp = tempDir('hb-launch-tmp-');
    const saved = { HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
    process.env.HOME = home;
    process.env.TMPDIR = tmp;
    try {
      const browser = await launchChromium({});
      const page = await browser.newPage();
      await page.setContent('<p>浙商</p>');
      expect(await page.textContent('p')).toBe('浙商');
      await browser.close();
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.TMPDIR === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved.TMPDIR;
    }
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});
