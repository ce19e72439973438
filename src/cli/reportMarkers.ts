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
    // the HTML report's page and pictures (`--reporter html:DIR`)
    /^(?:<\?xml[^>]*\?>\s*|<!doctype html>\s*)?<!-- lucheck report: /i.test(text) ||
    /^::(error|warning|notice) [^\n]*title=lucheck/.test(text) ||
    isLucheckSarif(text)
  );
}

function isLucheckSarif(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    return (JSON.parse(text) as { runs?: { tool?: { driver?: { name?: unknown } } }[] }).runs?.[0]?.tool?.driver?.name === 'lucheck';
  } catch {
    return false;
  }
}
