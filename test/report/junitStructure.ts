// The structure the JUnit XML schema requires of a report, checked on a parsed document.
import type { XmlElement } from './parseXml.ts';

function count(el: XmlElement, attr: string): number {
  const v = el.attrs[attr];
  if (v === undefined || !/^\d+$/.test(v)) throw new Error(`<${el.name} name="${el.attrs.name}"> needs a non-negative integer ${attr}, has ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * The structure the JUnit XML schema requires, and the counts consistent with the testcases:
 * root <testsuites>; each <testsuite> with name, tests, failures, errors (and skipped); each
 * <testcase> with name and classname; <failure>/<error> with a message. Throws saying what is wrong.
 */
export function checkJunitStructure(root: XmlElement): void {
  if (root.name !== 'testsuites') throw new Error(`root is <${root.name}>, not <testsuites>`);
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') throw new Error(`<testsuites> holds <${suite.name}>`);
    if (!suite.attrs.name) throw new Error('a <testsuite> has no name');
    const cases = suite.children.filter((c) => c.name === 'testcase');
    if (suite.children.some((c) => !['testcase', 'properties', 'system-out', 'system-err'].includes(c.name))) throw new Error('unexpected child of <testsuite>');
    const kinds = { failures: 0, errors: 0, skipped: 0 };
    for (const c of cases) {
      if (!c.attrs.name || !c.attrs.classname) throw new Error(`a <testcase> lacks name or classname: ${JSON.stringify(c.attrs)}`);
      for (const o of c.children) {
        if ((o.name === 'failure' || o.name === 'error') && o.attrs.message === undefined) throw new Error(`<${o.name}> without a message in ${c.attrs.name}`);
        if (o.name === 'failure') kinds.failures++;
        else if (o.name === 'error') kinds.errors++;
        else if (o.name === 'skipped') kinds.skipped++;
        else throw new Error(`unexpected <${o.name}> in <testcase>`);
      }
      if (c.children.length > 1) throw new Error(`${c.attrs.name} has more than one outcome`);
    }
    const declared = { tests: count(suite, 'tests'), failures: count(suite, 'failures'), errors: count(suite, 'errors'), skipped: count(suite, 'skipped') };
    const actual = { tests: cases.length, ...kinds };
    if (JSON.stringify(declared) !== JSON.stringify(actual)) throw new Error(`${suite.attrs.name} declares ${JSON.stringify(declared)} but holds ${JSON.stringify(actual)}`);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += actual[k];
  }
  // junit-10.xsd (Jenkins xunit) allows only these on <testsuites>: no `skipped` there
  const extra = Object.keys(root.attrs).filter((a) => !['name', 'time', 'tests', 'failures', 'errors'].includes(a));
  if (extra.length > 0) throw new Error(`<testsuites> has attributes the schema does not allow: ${extra.join(', ')}`);
  for (const k of ['tests', 'failures', 'errors'] as const) {
    if (count(root, k) !== total[k]) throw new Error(`<testsuites ${k}="${root.attrs[k]}"> but the suites add up to ${total[k]}`);
  }
}
