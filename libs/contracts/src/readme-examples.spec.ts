// Keeps proto/README.md honest: every subject in the catalogue has a section, and every JSON
// example under a subject heading decodes and validates as that subject's message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { assertTenantMatches, decodeMessage, eventForSubject, Events, Queries } from './index.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'proto', 'README.md'), 'utf8');

function examplesBySubject(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let subject: string | undefined;
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{2,6} (.*)$/.exec(lines[i]!);
    if (heading) {
      const name = heading[1]!.replace(/\\/g, '').trim();
      subject = /^(shop|ai|q)\.<tenant>\.[a-z_]+\.[a-z_]+$/.test(name)
        ? name.replace('<tenant>', 'acme')
        : undefined;
      if (subject) sections.set(subject, []);
      continue;
    }
    if (subject && lines[i] === '```json') {
      const end = lines.indexOf('```', i + 1);
      sections.get(subject)!.push(lines.slice(i + 1, end).join('\n'));
      i = end;
    }
  }
  return sections;
}

const sections = examplesBySubject();
const querySchemas = new Map(Object.values(Queries).map((q) => [q.subject('acme'), q.request]));

describe('proto/README.md', () => {
  it('documents every event and query subject with at least one JSON example', () => {
    const expected = [...Object.values(Events), ...Object.values(Queries)]
      .map((d) => d.subject('acme'))
      .sort();
    expect([...sections.keys()].sort()).toEqual(expected);
    for (const [subject, examples] of sections)
      expect({ subject, n: examples.length > 0 }).toEqual({ subject, n: true });
  });

  it.each(
    [...sections].flatMap(([subject, examples]) => examples.map((json, i) => [subject, i, json] as const)),
  )('example for %s #%i is a valid message of that subject', (subject, _i, json) => {
    const schema = eventForSubject(subject)?.schema ?? querySchemas.get(subject);
    expect(schema).toBeDefined();
    const msg = decodeMessage(schema!, new TextEncoder().encode(json), 'application/json');
    assertTenantMatches(msg, subject);
  });
});
