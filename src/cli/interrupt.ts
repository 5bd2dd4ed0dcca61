//! Ctrl-C or a kill while a browser prints (render, brief, ask --brief): every browser this
//! process started is closed and its temporary folder removed (src/render/cdp.ts), then the
//! process exits as a shell expects of a signal: 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP).

const EXIT_ON: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

let installed = false;

/** Installs the handlers once; the cleanup module is the light one (no playwright, no unified). */
export function closeBrowsersOnSignal(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(EXIT_ON)) {
    process.once(signal, () => {
      process.exitCode = code;
      void import('../render/cdp.js')
        .then((cdp) => cdp.closeOpenBrowsers())
        .catch(() => {})
        .finally(() => process.exit(code));
    });
  }
}
