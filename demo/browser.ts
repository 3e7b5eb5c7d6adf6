import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's headless Chromium driven by playwright-core (no downloaded browser), for the
 * screenshots and the dashboard test. A fresh profile each time; every request that is not for
 * 127.0.0.1 is refused, so nothing leaves the machine whatever a page asks for.
 */
export const CHROMIUM_PATH = process.env.LEKTRICO_EM_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** locale: the browser's language (navigator.language and Accept-Language), e.g. 'ro'. */
export async function withChromium<T>(use: (context: BrowserContext) => Promise<T>, viewport = { width: 1600, height: 1000 }, options: { locale?: string } = {}): Promise<T> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (bash scripts/install-test-deps.sh) or set LEKTRICO_EM_CHROMIUM`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-chromium-'));
  const args = options.locale ? [...ARGS, `--lang=${options.locale}`] : ARGS;
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args, viewport, locale: options.locale });
  try {
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1') return route.continue();
      return route.abort('blockedbyclient');
    });
    return await use(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
