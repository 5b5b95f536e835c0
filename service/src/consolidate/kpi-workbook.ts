import ExcelJS from 'exceljs';
import {
  DEFAULT_GRADE_SCALE,
  kpiKindLabel,
  numberingFormat,
  StrategyIndex,
  type Direction,
  type Strategy,
  type StrategyNode,
} from '#shared';
import type { Cycle, StoredKpiRow } from '../store/store';
import type { MergedRow } from './merge';
import { MergedAreas, writeWithMergedAreas } from './merged-areas';
import { kpiAchievement, type KpiAchievement } from './achievement';
import { consolidationTexts } from '../messages';
import { addPrintSheet } from './print-sheet';

/**
 * A section row's text, numbered in its level's style as the town prints it: `【基本目標1】地域経済…`,
 * `① 釧路らしさ…`, `第一章 しごとをつくる`, `(1) 農業の担い手`.
 */
export function sectionLabel(strategy: Strategy, depth: number, node: StrategyNode): string {
  const level = strategy.levels[depth];
  const f = level ? numberingFormat(level.numbering) : { prefix: '', suffix: '' };
  const printed = `${f.prefix}${node.number}${f.suffix}`;
  return /[】」』]$/.test(printed) ? `${printed}${node.title}` : `${printed} ${node.title}`;
}

/**
 * The consolidated KPI table in the layout the council reads (the KPI表 template): section rows for
 * 基本目標 and 施策, the item cell merged over its KPI rows, the KPI merged over its 現状値/実績値/指標値.
 */

const HEADER = [
  '施策体系',
  '重要業績評価指標(KPI)',
  '年・年度',
  '',
  '数値',
  '単位',
  '所管部署',
  '達成率',
  '評価',
  consolidationTexts.basisHeader,
];
const COLUMNS = HEADER.length;
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const KIND_ORDER = { baseline: 0, actual: 1, target: 2 } as const;

/**
 * Shared, never mutated style objects: exceljs recognises a style object it has seen (WeakMap) instead
 * of serializing each cell's style, which made styling most of the writing time.
 */
const TOP = { vertical: 'top', wrapText: true } as const;
const STYLES = {
  body: { border: BORDER, alignment: TOP },
  number: { border: BORDER, alignment: { ...TOP, horizontal: 'right' } },
  conflict: {
    border: BORDER,
    alignment: { ...TOP, horizontal: 'right' },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  },
  section: { border: BORDER, alignment: TOP, font: { bold: true } },
  rate: { border: BORDER, alignment: { ...TOP, horizontal: 'right' }, numFmt: '0.0%' },
  grade: { border: BORDER, alignment: { ...TOP, horizontal: 'center' } },
} satisfies Record<string, Partial<ExcelJS.Style>>;

function styleRow(ws: ExcelJS.Worksheet, r: number, style: (column: number) => Partial<ExcelJS.Style>) {
  const row = ws.getRow(r);
  for (let c = 1; c <= COLUMNS; c++) row.getCell(c).style = style(c);
}

interface Placed {
  /** Set on a KPI's first row once computed. */
  result?: KpiAchievement;
  row: StoredKpiRow;
  merged: MergedRow;
  order: number;
  path: StrategyNode[];
  sequence: number;
}

export async function writeKpiWorkbook(
  strategy: Strategy,
  cycle: Cycle,
  mergedRows: MergedRow[],
): Promise<Buffer> {
  const index = new StrategyIndex(strategy);
  const placed: Placed[] = mergedRows.map((merged, sequence) => {
    const row = merged.row;
    const match = index.resolve(index.label(row.policy));
    return {
      row,
      merged,
      sequence,
      order: match ? index.order(match.node.code) : Number.MAX_SAFE_INTEGER,
      path: match ? [...match.ancestors, match.node] : [],
    };
  });
  // Within an item: by department, each KPI where it first appeared, then 現状値 → 実績値 → 指標値.
  const firstSeen = new Map<string, number>();
  const kpiOf = (p: Placed) =>
    `${p.merged.identity.node}|${p.merged.identity.kpi}|${p.merged.identity.department}`;
  for (const p of placed) if (!firstSeen.has(kpiOf(p))) firstSeen.set(kpiOf(p), p.sequence);
  placed.sort(
    (a, b) =>
      a.order - b.order ||
      a.row.department.localeCompare(b.row.department, 'ja') ||
      firstSeen.get(kpiOf(a))! - firstSeen.get(kpiOf(b))! ||
      KIND_ORDER[a.row.kind] - KIND_ORDER[b.row.kind] ||
      a.sequence - b.sequence,
  );

  const wb = new ExcelJS.Workbook();
  wb.creator = 'sousei-sync';
  const ws = addPrintSheet(wb, 'KPI', { first: 3, last: 4 });
  ws.columns = [
    { width: 36 },
    { width: 44 },
    { width: 8 },
    { width: 18 },
    { width: 14 },
    { width: 8 },
    { width: 16 },
    { width: 10 },
    { width: 8 },
    { width: 48 },
  ];

  ws.getCell('A1').value = `${strategy.title} 重要業績評価指標(KPI)一覧`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = `報告サイクル: ${cycle.id}(${cycle.fiscalYear}年度)`;
  ws.getRow(3).values = HEADER;
  ws.getRow(4).values = ['', '', '区分', '年・年度', '', '', '', '', '', ''];
  const merges = new MergedAreas();
  merges.add(3, 3, 3, 4);
  for (const col of [1, 2, 5, 6, 7, 8, 9, 10]) merges.add(3, col, 4, col);
  for (const r of [3, 4]) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
      cell.border = BORDER;
    });
  }
  ws.getCell('H3').note = consolidationTexts.achievementNote;
  ws.getCell('I3').note = consolidationTexts.gradeNote(DEFAULT_GRADE_SCALE);

  let r = 5;
  const printedSections = new Set<string>();
  let i = 0;
  while (i < placed.length) {
    const item = placed[i]!;
    // Section rows for each ancestor (基本目標, 施策) the first time they appear.
    for (const [depth, node] of item.path.slice(0, -1).entries()) {
      if (printedSections.has(node.code)) continue;
      printedSections.add(node.code);
      ws.getCell(r, 1).value = sectionLabel(strategy, depth, node);
      styleRow(ws, r, () => STYLES.section);
      merges.add(r, 1, r, COLUMNS);
      r++;
    }
    // All rows of this item (same policy text).
    let end = i;
    while (end + 1 < placed.length && placed[end + 1]!.row.policy === item.row.policy) end++;
    const itemStart = r;
    let k = i;
    while (k <= end) {
      let kEnd = k;
      const first = placed[k]!.row;
      while (
        kEnd + 1 <= end &&
        placed[kEnd + 1]!.row.kpi === first.kpi &&
        placed[kEnd + 1]!.row.department === first.department &&
        placed[kEnd + 1]!.row.kind !== 'baseline'
      )
        kEnd++;
      const kpiStart = r;
      for (let j = k; j <= kEnd; j++) {
        const { row, merged } = placed[j]!;
        // Clerks' text goes in as plain strings: exceljs writes a formula only for { formula } values.
        ws.getRow(r).values = [
          '',
          j === k ? row.kpi : '',
          kpiKindLabel(row.kind),
          row.period,
          merged.conflict ? consolidationTexts.conflictCell(merged.conflict) : row.value,
          j === k ? row.unit : '',
          j === k ? row.department : '',
        ];
        const value = merged.conflict ? STYLES.conflict : STYLES.number;
        styleRow(ws, r, (c) =>
          c === 5 ? value : c === 8 ? STYLES.rate : c === 9 ? STYLES.grade : STYLES.body,
        );
        if (merged.conflict) ws.getCell(r, 5).note = consolidationTexts.conflictNote;
        r++;
      }
      const result = kpiAchievement(
        placed.slice(k, kEnd + 1).map((p) => p.merged),
        { direction: directionOf(index, placed[k]!), planPeriod: strategy.period },
      );
      writeAchievement(ws, kpiStart, result);
      placed[k]!.result = result;
      for (const c of [2, 6, 7, 8, 9, 10]) merges.add(kpiStart, c, r - 1, c);
      k = kEnd + 1;
    }
    ws.getCell(itemStart, 1).value = item.row.policy;
    merges.add(itemStart, 1, r - 1, 1);
    i = end + 1;
  }
  writeSummary(wb, strategy, placed);
  return writeWithMergedAreas(wb, new Map([[1, merges]]));
}

/** The KPI's direction as the strategy defines it: the definition under the row's item, else any of that name. */
function directionOf(index: StrategyIndex, p: Placed): Direction | null {
  const defined = index.findKpis(p.row.kpi);
  const node = p.path.at(-1)?.code;
  return (defined.find((d) => d.node.code === node) ?? defined[0])?.kpi.direction ?? null;
}

/**
 * 達成率 as a number formatted 0.0%, the grade next to it, and the basis (formula and years) as text in
 * its own column: a note per KPI (4,000 of them for 40 departments) tripled the time to write the workbook.
 */
function writeAchievement(ws: ExcelJS.Worksheet, row: number, { achievement, grade, basis }: KpiAchievement) {
  const rate = ws.getCell(row, 8);
  if (achievement.kind === 'rate') {
    rate.value = Number(achievement.rate.toFixed(6));
  } else if (achievement.kind === 'binary') {
    rate.value = achievement.met ? consolidationTexts.met : consolidationTexts.notMet;
  } else {
    rate.value = consolidationTexts.unavailable;
  }
  ws.getCell(row, 9).value = grade.label;
  // A qualitative KPI's grade is left to the planning office: the empty cell says so.
  if (grade.label === '' && grade.meaning) ws.getCell(row, 9).note = grade.meaning.ja;
  ws.getCell(row, 10).value = basis;
}

/**
 * 集計: one row per 基本目標 — KPIs (a 再掲 item counted once, under its original), KPIs with an
 * 実績値, how many KPIs got each grade, rows awaiting the admin (conflicts), and the departments.
 */
function writeSummary(wb: ExcelJS.Workbook, strategy: Strategy, placed: Placed[]): void {
  const ws = addPrintSheet(wb, '集計');
  // '' is the grade of a qualitative KPI, which the planning office gives: counted in its own column.
  const labels = [...DEFAULT_GRADE_SCALE.grades.map((g) => g.label), DEFAULT_GRADE_SCALE.unavailable, ''];
  ws.columns = [
    { width: 50 },
    { width: 10 },
    { width: 14 },
    ...labels.map(() => ({ width: 6 })),
    { width: 10 },
    { width: 50 },
  ];
  ws.getRow(1).values = [
    // The top level as the definition names it (基本目標, 章 …); a definition has at least two levels.
    strategy.levels[0]!.name,
    consolidationTexts.summaryHeader.kpis,
    consolidationTexts.summaryHeader.withActual,
    ...labels.map((l) => (l === '' ? consolidationTexts.summaryHeader.byPlanningOffice : l)),
    consolidationTexts.summaryHeader.conflicts,
    consolidationTexts.summaryHeader.departments,
  ];
  ws.getRow(1).font = { bold: true };
  interface GoalTotals {
    kpis: Set<string>;
    actual: Set<string>;
    grades: Map<string, number>;
    conflicts: number;
    departments: Set<string>;
  }
  const goals = new Map<string, GoalTotals>();
  for (const goal of strategy.nodes)
    goals.set(goal.code, {
      kpis: new Set(),
      actual: new Set(),
      grades: new Map(),
      conflicts: 0,
      departments: new Set(),
    });
  for (const p of placed) {
    const goal = p.path[0];
    if (!goal || p.merged.restatementOf) continue;
    const g = goals.get(goal.code)!;
    const kpi = `${p.merged.identity.node}|${p.merged.identity.kpi}|${p.merged.identity.department}`;
    g.kpis.add(kpi);
    if (p.result) g.grades.set(p.result.grade.label, (g.grades.get(p.result.grade.label) ?? 0) + 1);
    if (p.row.kind === 'actual' && p.row.value !== null && p.row.value !== '') g.actual.add(kpi);
    if (p.merged.conflict) g.conflicts++;
    g.departments.add(p.row.department);
  }
  let r = 2;
  for (const goal of strategy.nodes) {
    const g = goals.get(goal.code)!;
    ws.getRow(r++).values = [
      sectionLabel(strategy, 0, goal),
      g.kpis.size,
      g.actual.size,
      ...labels.map((l) => g.grades.get(l) ?? 0),
      g.conflicts,
      [...g.departments].sort((a, b) => a.localeCompare(b, 'ja')).join('、'),
    ];
  }
}
