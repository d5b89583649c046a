import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SAPIEN_CHROMIUM ?? '/usr/bin/chromium';

/** `before(requireChromium)` in a browser suite: fails under CI=true, skips with a reason elsewhere. */
export async function requireChromium(this: Mocha.Context): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  const message = `Chromium is not installed at ${CHROMIUM}: bash scripts/ensure-browser.sh installs it`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`  skipped: ${message}`);
  this.skip();
}

/**
 * Debian's Chromium, headless, as the machine allows it: no sandbox (root), no GPU, and no
 * background networking (this machine has no network; Chromium would keep trying).
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
