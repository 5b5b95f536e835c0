import { describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  progressJsonRows,
  ProgressJsonRowSchema,
  projectJson,
  ProjectJsonSchema,
  SheetGrid,
  validate,
  validateProgressRows,
  validateProjects,
  type Finding,
} from '#shared';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressGoal1 } from '../../fixtures/progress-seed';
import { buildProjectWorkbook } from '../../fixtures/project-book';
import { seedProjects } from '../../fixtures/project-seed';
import { snapshotOf } from '../../fixtures/snapshot';

const kushiro2 = bundledStrategies.get('kushiro-2')!;
// Rules that read cells (general.*) or the sheet's layout (header years, section rows) have no JSON counterpart.
const judgedOnValues = (f: Finding) =>
  !f.rule.startsWith('general.') &&
  f.rule !== 'progress.year-mismatch' &&
  f.rule !== 'hierarchy.wrong-parent';

describe('the seed books as JSON (the task pane’s submission without the file) get the same findings', () => {
  it('progress report: the row findings of the sheet, at the JSON row indexes', async () => {
    const book = await snapshotOf(await buildProgressWorkbook([progressGoal1]));
    const [sheet] = validate(book, kushiro2).sheets;
    const progress = sheet!.progress!;
    const rows = progressJsonRows(progress, new SheetGrid(book.sheets[0]!));
    expect(rows).toHaveLength(progress.rows.length);
    for (const row of rows) expect(ProgressJsonRowSchema.safeParse(row).success).toBe(true);
    const json = validateProgressRows(rows, kushiro2, { fiscalYear: progress.detection.resultsYear! });
    // Department rows are judged alike; item-cell findings are per item cell in a sheet, per row in JSON.
    const rowRules = (f: Finding) => f.rule.startsWith('progress.') || f.rule.startsWith('ownership.');
    const fromSheet = sheet!.findings
      .filter((f) => judgedOnValues(f) && rowRules(f))
      .map((f) => `${f.rule}@${progress.rows.findIndex((r) => r.row === f.row) + 1}`);
    const fromJson = json.findings.filter(rowRules).map((f) => `${f.rule}@${f.row}`);
    expect(fromJson.sort()).toEqual(fromSheet.sort());
    expect(fromSheet.length).toBeGreaterThan(0);
  });

  it('project sheets: each sheet’s findings, at the project index', async () => {
    const book = await snapshotOf(await buildProjectWorkbook(seedProjects));
    const sheets = validate(book, kushiro2).sheets;
    const projects = sheets.map((s) => ProjectJsonSchema.parse(projectJson(s.project!)));
    const json = validateProjects(projects, kushiro2, { fiscalYear: sheets[0]!.project!.reportYear! });
    const fromSheets = sheets.flatMap((s, i) =>
      s.findings.filter(judgedOnValues).map((f) => `${f.rule}@${i + 1}`),
    );
    expect(json.findings.map((f) => `${f.rule}@${f.row}`).sort()).toEqual(fromSheets.sort());
    expect(fromSheets.length).toBeGreaterThan(0);
  });
});
