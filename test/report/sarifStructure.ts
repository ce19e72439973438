// The parts of SARIF 2.1.0 that consumers rely on, checked on a parsed log.
import { SARIF_SCHEMA } from '../../src/report/formatSarif.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Sarif = any;

/**
 * The parts of SARIF 2.1.0 a consumer relies on: schema and version, one run whose driver is
 * lucheck with rules (id, name, short and full description, help), results whose ruleId and
 * ruleIndex name a rule, with level, message and physical locations (uri, startLine ≥ 1).
 * Throws saying what is missing.
 */
export function checkSarifStructure(log: Sarif): void {
  const need = (ok: unknown, what: string) => {
    if (!ok) throw new Error(`SARIF: ${what}`);
  };
  need(log.$schema === SARIF_SCHEMA, '$schema');
  need(log.version === '2.1.0', 'version 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length === 1, 'one run');
  const run = log.runs[0];
  need(run.tool?.driver?.name === 'lucheck', 'tool.driver.name lucheck');
  const rules = run.tool.driver.rules;
  need(Array.isArray(rules) && rules.length > 0, 'rules');
  for (const r of rules) {
    need(typeof r.id === 'string' && typeof r.name === 'string' && /^[A-Za-z0-9]+$/.test(r.name), `rule id and identifier-like name (${r.id})`);
    for (const k of ['shortDescription', 'fullDescription', 'help']) need(typeof r[k]?.text === 'string' && r[k].text !== '', `rule ${r.id} ${k}.text`);
  }
  need(new Set(rules.map((r: Sarif) => r.id)).size === rules.length, 'rule ids unique');
  need(Array.isArray(run.results), 'results');
  for (const res of run.results) {
    need(rules[res.ruleIndex]?.id === res.ruleId, `ruleIndex ${res.ruleIndex} names rule ${res.ruleId}`);
    need(['error', 'warning', 'note', 'none'].includes(res.level), 'level');
    need(typeof res.message?.text === 'string' && res.message.text !== '', 'message.text');
    for (const loc of res.locations ?? []) {
      const p = loc.physicalLocation;
      need(typeof p?.artifactLocation?.uri === 'string', 'artifactLocation.uri');
      need(Number.isInteger(p.region?.startLine) && p.region.startLine >= 1, 'region.startLine');
    }
  }
}
