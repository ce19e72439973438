// Real Mermaid in Chromium for the report tests: parse diagram text, and render it to read back
// the text Mermaid draws (so escaping is checked by what a reader sees, not by string shape).
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, mermaidPage } from '../support/browser.ts';

export interface MermaidHarness {
  readonly browser: Browser;
  readonly page: Page;
  /** `true`, or Mermaid's parse error. */
  parse(text: string): Promise<string | true>;
  /** The text of every `<text>` element of the rendered SVG, in document order. */
  renderedTexts(text: string): Promise<string[]>;
}

export async function openMermaid(): Promise<MermaidHarness> {
  const browser = await launchBrowser();
  const { page, parse } = await mermaidPage(browser);
  let n = 0;
  const renderedTexts = (text: string) =>
    page.evaluate(
      async ({ t, id }) => {
        const mermaid = (globalThis as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
        const { svg } = await mermaid.render(id, t);
        const doc = (globalThis as unknown as { document: { createElement(n: string): { innerHTML: string; querySelectorAll(s: string): Iterable<{ textContent: string | null }> } } }).document;
        const div = doc.createElement('div');
        div.innerHTML = svg;
        return [...div.querySelectorAll('text')].map((e) => e.textContent ?? '');
      },
      { t: text, id: `diagram${++n}` },
    );
  return { browser, page, parse, renderedTexts };
}

/** The contents of every ```mermaid fenced block, found line by line (fences of 3 or more backticks). */
export function mermaidBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let fence: string | undefined;
  let body: string[] = [];
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const open = /^(`{3,})mermaid\s*$/.exec(line);
      if (open) {
        fence = open[1]!;
        body = [];
      }
    } else if (/^`+\s*$/.test(line) && line.trim().length >= fence.length) {
      blocks.push(body.join('\n'));
      fence = undefined;
    } else body.push(line);
  }
  if (fence !== undefined) throw new Error('unclosed ```mermaid block');
  return blocks;
}
