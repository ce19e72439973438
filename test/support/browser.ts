// Debian's chromium driven by playwright-core, for the tests that look at pages, SVG and Mermaid
// in a real browser. `npm test` installs chromium first (scripts/ensureChromium.sh).
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** Where tests keep screenshots and other artifacts (ignored by git). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** A new page that records console errors and uncaught page errors into `errors`. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

/** Mermaid (from node_modules, never a CDN) loaded into a blank page, to parse diagram text. */
export async function mermaidPage(browser: Browser): Promise<{ page: Page; errors: string[]; parse: (text: string) => Promise<string | true> }> {
  const { page, errors } = await openPage(browser);
  await page.setContent('<!doctype html><html><body></body></html>');
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
  await page.addScriptTag({ path });
  await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false }));
  const parse = (text: string) =>
    page.evaluate(async (t) => {
      try {
        await (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid.parse(t);
        return true as const;
      } catch (e) {
        return String((e as Error)?.message ?? e);
      }
    }, text);
  return { page, errors, parse };
}
