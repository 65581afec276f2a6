/**
 * Every JUnit report validates against the schema the repository ships (bin/ci/junit.xsd, the
 * shape Jenkins and GitLab read), whatever its cases and whatever characters their text holds;
 * and the validation is real: a report that breaks the schema is refused.
 */
import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.ts';
import { crashedCase, driftedCase, failedCase, inconclusiveCase, invalidCase, oddCase, okCase, reportOf } from './testing/cases.ts';
import { skipWithoutXmllint, validateXml } from './testing/xmllint.ts';

describe('junit report against bin/ci/junit.xsd (xmllint --noout --schema)', () => {
  it('validates with a case of every verdict', (ctx) => {
    skipWithoutXmllint(ctx);
    const check = validateXml(junitXml(reportOf('check', [okCase, failedCase, inconclusiveCase, crashedCase, driftedCase, invalidCase])));
    expect(check.output).toMatch(/validates$/);
    expect(check.ok).toBe(true);
  });

  it('validates with markup, quotes and control characters in names and messages', (ctx) => {
    skipWithoutXmllint(ctx);
    const check = validateXml(junitXml(reportOf('run', [oddCase])));
    expect(check.output).toMatch(/validates$/);
  });

  it('validates with no case at all', (ctx) => {
    skipWithoutXmllint(ctx);
    expect(validateXml(junitXml(reportOf('fuzz', []))).ok).toBe(true);
  });

  it('refuses a report that breaks the schema: a test case without a name, a count that is not a number', (ctx) => {
    skipWithoutXmllint(ctx);
    const good = junitXml(reportOf('run', [okCase]));
    const nameless = validateXml(good.replace(' name="az-outage seed 42"', ''));
    expect(nameless.ok).toBe(false);
    expect(nameless.output).toContain("The attribute 'name' is required but missing");
    expect(validateXml(good.replace('tests="1"', 'tests="one"')).ok).toBe(false);
  });
});
