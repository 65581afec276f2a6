/**
 * The JUnit report, as a CI server reads it: which cases pass, fail or error, and what a
 * failure says. (That it validates against the shipped schema is junit-schema.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.ts';
import { crashedCase, driftedCase, failedCase, inconclusiveCase, invalidCase, ODD, oddCase, okCase, reportOf } from './testing/cases.ts';

/** The element named `tag` whose attributes include `has`, with its content. */
function element(xml: string, tag: string, has: string): string {
  const at = xml.indexOf(has);
  expect(at, `${has} in the report`).toBeGreaterThanOrEqual(0);
  const open = xml.lastIndexOf(`<${tag} `, at);
  return xml.slice(open, xml.indexOf(`</${tag}>`, open) + tag.length + 3);
}

const withoutTimes = (xml: string) => xml.replace(/ time="[0-9.]+"/g, '');

describe('junit report: one test case per scenario and seed', () => {
  const xml = junitXml(reportOf('check', [okCase, failedCase, inconclusiveCase, crashedCase, driftedCase, invalidCase]));

  it('starts with the XML declaration and counts tests, failures and errors at the root', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aurora-sim check" tests="6" failures="3" errors="2" time="2.500">')).toBe(true);
  });

  it('groups cases into one test suite per scenario file, in the order the files first appear', () => {
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="0"/g)].map((m) => m.slice(1).join(' '));
    expect(suites).toEqual([
      'scenarios/az-outage.yaml 2 1 0',
      'scenarios/writer-crash.yaml 1 1 0',
      'scenarios/chaos.yaml 1 0 1',
      'scenarios/steady-state.yaml 1 1 0',
      'scenarios/broken.yaml 1 0 1',
    ]);
  });

  it('names each case by scenario and seed, with the file as classname and the wall seconds as time', () => {
    expect(xml).toContain('<testcase classname="scenarios/az-outage.yaml" name="az-outage seed 42" time="0.813">');
    expect(xml).toContain('<testcase classname="scenarios/chaos.yaml" name="chaos seed 13 (--set duration=2s)" time="0.030">');
  });

  it('gives a passing case no failure, only the run\'s facts on system-out', () => {
    const passing = element(xml, 'testcase', 'name="az-outage seed 42"');
    expect(passing).not.toMatch(/<failure|<error/);
    expect(passing).toContain(`traceHash ${okCase.traceHash}`);
    expect(passing).toContain('commits acknowledged 10,004, acknowledged commits lost 0');
  });

  it('makes a violated invariant a failure typed by the checker, with its first violation and the reproduce command', () => {
    const failure = element(xml, 'failure', 'type="acked-commit-durable"');
    expect(failure).toContain('message="acked-commit-durable: commit 40012 is missing (first at 1.0255 s, 3 violations)"');
    expect(failure).toContain('ackedCommitsLost: 3 lost (at most 0)  (scenarios/writer-crash.yaml:14:3)');
    expect(failure).toContain('reproduce:\n  aurora-sim run scenarios/writer-crash.yaml --seed 8812</failure>');
  });

  it('makes an inconclusive run a failure too: it did not pass', () => {
    expect(element(xml, 'testcase', 'name="az-outage seed 7"')).toContain('<failure type="inconclusive" message="inconclusive: segments still behind');
  });

  it('makes a crash an error carrying the stack, the reproduce command and the capsule', () => {
    const error = element(xml, 'error', 'type="SimulatorBug"');
    expect(error).toContain('message="segment 4 applied LSN 90 twice"');
    expect(error).toContain('at apply (sim/storage/segment.ts:10:5)');
    expect(error).toContain('aurora-sim run scenarios/chaos.yaml --seed 13 --set duration=2s');
    expect(error).toContain('aurora-sim run out/fuzz/chaos-seed-13.yaml');
  });

  it('makes a golden drift a failure naming each field, expected and got, and the update command', () => {
    const failure = element(xml, 'failure', 'type="golden-drift"');
    expect(failure).toContain('message="traceHash: expected 3f2a, got 91c0"');
    expect(failure).toContain('commitsAcknowledged: expected 1000, got 999');
    expect(failure).toContain('if the change is deliberate, accept it with:\n  aurora-sim check scenarios/golden.json --update');
  });

  it('makes a scenario that no longer parses an error listing its issues', () => {
    expect(element(xml, 'error', 'type="invalid-scenario"')).toContain('scenarios/broken.yaml:4:3  cluster.quorom: unknown key');
  });
});

describe('junit report: text from users and runs is escaped', () => {
  const xml = junitXml(reportOf('run', [oddCase]));

  it('escapes markup and quotes in attributes, and keeps line breaks as references', () => {
    expect(xml).toContain('name="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; | e * _f_ [g] `h` %i, j: k&#10;line two&#9;\uFFFD seed 8812"');
  });

  it('escapes markup in text and replaces characters XML cannot carry', () => {
    const body = element(xml, 'failure', 'type="acked-commit-durable"');
    expect(body).toContain('a &lt;b&gt; &amp; "c" \'d\'');
    expect(body).not.toContain('\u0001');
    expect(ODD).toContain('\u0001');
  });
});

describe('junit report: determinism', () => {
  it('differs between two runs of the same command only in time attributes', () => {
    const first = junitXml(reportOf('fuzz', [okCase, failedCase, crashedCase]));
    const second = junitXml({ ...reportOf('fuzz', [{ ...okCase, wallMs: 5 }, { ...failedCase, wallMs: 9_999 }, crashedCase]), wallMs: 1 });
    expect(first).not.toBe(second);
    expect(withoutTimes(first)).toBe(withoutTimes(second));
  });

  it('writes no timestamp and no host name', () => {
    expect(junitXml(reportOf('run', [okCase]))).not.toMatch(/timestamp=|hostname=/);
  });

  it('leaves time out where it was not measured', () => {
    const { wallMs: _left, ...untimed } = invalidCase;
    expect(junitXml({ command: 'check', cases: [untimed] })).not.toContain('time=');
  });
});
