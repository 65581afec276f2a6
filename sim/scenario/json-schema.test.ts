/**
 * The JSON Schema for editors: generated from the zod schema, draft-07, documented, and the
 * committed `scenarios/scenario.schema.json` is exactly what the code generates (so CI catches
 * a schema change without a regenerated file: `aurora-sim schema > scenarios/scenario.schema.json`).
 */
import { describe, expect, it } from 'vitest';
import committed from '../../scenarios/scenario.schema.json' with { type: 'json' };
import { renderScenarioJsonSchema, scenarioJsonSchema } from './json-schema.ts';

type Json = { [key: string]: Json | undefined } & { properties?: Record<string, Json>; description?: string; default?: unknown };

const schema = scenarioJsonSchema() as Json;
const section = (name: string): Json => schema.properties?.[name] ?? {};

describe('scenario JSON Schema', () => {
  it('is the committed scenarios/scenario.schema.json', () => {
    expect(committed).toStrictEqual(JSON.parse(renderScenarioJsonSchema()));
  });

  it('is pretty-printed with a trailing newline', () => {
    expect(renderScenarioJsonSchema()).toMatch(/^\{\n {2}"\$schema": "http:\/\/json-schema\.org\/draft-07\/schema#",\n[\s\S]*\}\n$/);
  });

  it('requires only version, name and duration, and refuses unknown keys', () => {
    expect(schema['required']).toEqual(['version', 'name', 'duration']);
    expect(schema['additionalProperties']).toBe(false);
  });

  it('documents every field and shows the defaults', () => {
    const cluster = section('cluster').properties ?? {};
    expect(Object.keys(cluster)).toContain('quorum');
    for (const [name, field] of Object.entries(cluster)) expect(field.description, name).toBeTruthy();
    expect(cluster['storageNodes']?.default).toBe(6);
    expect(section('network').properties?.['bandwidth']?.default).toBe('10Gbps');
  });

  it('tells editors how a duration is spelt, and that only zero goes without a unit', () => {
    const pattern = new RegExp(String(section('duration')['pattern']));
    expect(pattern.test('1.5s')).toBe(true);
    expect(pattern.test('fast')).toBe(false);
    expect(pattern.test('10')).toBe(false);
    const warmup = JSON.stringify(section('measure').properties?.['warmup']);
    expect(JSON.parse(warmup).anyOf[0]).toEqual({ type: 'number', const: 0 });
  });

  it('shows the limits on sizes', () => {
    expect(section('cluster').properties?.['protectionGroups']?.['maximum']).toBe(10_000);
    expect(section('workload').properties?.['recordsPerTxn']?.['maximum']).toBe(10_000);
  });
});
