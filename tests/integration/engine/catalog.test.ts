import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleTexts } from '#shared';

const catalog = fs.readFileSync('docs/rules.md', 'utf8');

describe('docs/rules.md lists every rule with its severity', () => {
  it.each(Object.entries(ruleTexts))('%s', (id, text) => {
    const line = catalog.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
    expect(line, `${id} is missing from docs/rules.md`).toBeDefined();
    expect(line!.split('|')[2]!.trim()).toBe(text.severity);
  });
});
