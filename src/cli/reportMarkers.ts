/**
 * How `writeOutputFile` recognises the CI reports lucheck writes (so a rerun may replace them,
 * while any other file is never overwritten): JUnit XML whose root is
 * `<testsuites name="lucheck"`, the Markdown summary's first-line comment, the HTML report's
 * `<!-- lucheck report: ... -->` comment, GitHub annotations
 * titled `lucheck…`, and SARIF logs whose tool is lucheck.
 */
export function isLucheckReport(text: string): boolean {
  return (
    /^<\?xml[^>]*\?>\s*<testsuites name="lucheck"/.test(text) ||
    text.startsWith('<!-- lucheck summary -->') ||
    isHtmlReportFile(text) ||
    /^::(error|warning|notice) [^\n]*title=lucheck/.test(text) ||
    isLucheckSarif(text)
  );
}

/** The HTML report's page and pictures (`--reporter html:DIR`), by the comment that opens each. */
export function isHtmlReportFile(text: string): boolean {
  return /^(?:<\?xml[^>]*\?>\s*|<!doctype html>\s*)?<!-- lucheck report: /i.test(text);
}

/** A SARIF log whose first run's tool is lucheck, read from its opening (formatSarif's layout, any spacing). */
function isLucheckSarif(text: string): boolean {
  return /^\{\s*"\$schema":\s*"[^"]*sarif[^"]*",\s*"version":\s*"2\.1\.0",\s*"runs":\s*\[\s*\{\s*"tool":\s*\{\s*"driver":\s*\{\s*"name":\s*"lucheck"/.test(text);
}
