import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleCatalogRows } from '#shared';

const DOC = 'docs/rules.md';
const HEADER = '| id | severity | checks | failing example | passing example |';

/** The Rules table's rows as docs/rules.md has them, and where they are. */
function tableOf(text: string) {
  const lines = text.split('\n');
  const start = lines.indexOf(HEADER) + 2;
  let end = start;
  while (lines[end]?.startsWith('|')) end++;
  return { lines, start, end, rows: lines.slice(start, end) };
}

describe('docs/rules.md is the catalog the rule families declare', () => {
  it('its Rules table is generated from the declarations in shared/rules/ (UPDATE_RULES_DOC=1 rewrites it)', () => {
    const doc = tableOf(fs.readFileSync(DOC, 'utf8'));
    expect(doc.start, `${DOC} has no Rules table`).toBeGreaterThan(1);
    if (process.env.UPDATE_RULES_DOC === '1') {
      doc.lines.splice(doc.start, doc.end - doc.start, ...ruleCatalogRows());
      fs.writeFileSync(DOC, doc.lines.join('\n'));
    }
    expect(tableOf(fs.readFileSync(DOC, 'utf8')).rows).toEqual(ruleCatalogRows());
  });
});
