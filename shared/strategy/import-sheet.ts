import {
  mergedAreas,
  SheetGrid,
  rowValues,
  type CellValue,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from '../workbook/snapshot';
import { nameKey, normalizeText } from '../normalize/text';
import { parsePeriod, periodYears } from '../domain/periods';
import { counterText } from './numbering';
import {
  STRATEGY_FORMAT_VERSION,
  type Counter,
  type NumberingFormat,
  type NumberingStyle,
  type Project,
} from './schema';
import { loadStrategy, type StrategyLoad, type StrategyProblem } from './load';
import { strategyTexts } from './messages';

/**
 * Importer for an Excel 施策体系 sheet: a header row naming the levels (基本目標 | 施策(節) | 施策(細節)),
 * items below with merged cells spanning their children, optional 所管部署 / 主な事業 / 説明 columns,
 * and optional `項目 | 値` rows above the header (自治体, 戦略名, 計画期間, ID, 評価区分). A level cell may hold
 * several items, each starting on its own line with its number (`(ア)…` newline `(イ)…`), and an item's
 * description after its title. Pure: snapshot in, definition (or problems) out.
 */

export interface ImportOptions {
  id?: string;
  municipality?: string;
  title?: string;
  period?: { from: number; to: number };
  /** The 評価 words of the municipality's project result sheets (default: DEFAULT_EVALUATIONS). */
  evaluations?: string[];
}

/** Fields of the `項目 | 値` rows above the header. */
type MetaField = 'id' | 'municipality' | 'title' | 'period' | 'evaluations';

const LEVEL_HEADER =
  /^(基本目標|基本方針|基本施策|政策|施策|具体的な?施策|具体的取組|取組|節|細節|章|柱|重点施策|主要施策)/;
const NOT_LEVEL = /主な事業|主要事業|所管|担当|KPI|指標|説明|内容|概要|備考/i;
const DEPARTMENT_HEADER = /所管|担当課|担当部署|所管課/;
const PROJECT_HEADER = /主な事業|主要事業/;
const DESCRIPTION_HEADER = /説明|内容|概要/;
const META: [RegExp, MetaField][] = [
  [/^(自治体|市町村|団体名?)$/, 'municipality'],
  [/^(戦略名|名称|計画名|タイトル)$/, 'title'],
  [/^(計画期間|期間|対象期間)$/, 'period'],
  [/^(ID|識別子|定義ID)$/i, 'id'],
  [/^(評価区分|評価の区分|評価)$/, 'evaluations'],
];
const HEADER_SCAN_ROWS = 30;

interface PrintedNumber {
  format: NumberingFormat;
  /** The counter as printed (`ア` of `(ア)`). */
  counter: string;
  n: number;
  rest: string;
}

const NUMBER_PATTERNS: [RegExp, Counter, string, string][] = [
  [/^【\s*基本目標\s*(\d+)\s*】/, 'arabic', '【基本目標', '】'],
  [/^基本目標\s*(\d+)/, 'arabic', '基本目標', ''],
  [/^\(([ア-ン])\)/, 'katakana', '(', ')'],
  [/^\((\d+)\)/, 'arabic', '(', ')'],
  [/^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])/, 'circled', '', ''],
  [/^第(\d+)章/, 'arabic', '第', '章'],
  [/^([ア-ン])(?=[\s「『]|$)/, 'katakana', '', ''],
  [/^(\d+)(?=[\s.．、]|$)/, 'arabic', '', ''],
];

/** Splits `(ア) 持続的成長…` into its number and the rest. */
function readPrintedNumber(text: string): PrintedNumber | null {
  for (const [re, counter, prefix, suffix] of NUMBER_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const c = m[1]!;
    let n = 0;
    for (let i = 1; i <= 99; i++)
      if (counterText(counter, i) === c) {
        n = i;
        break;
      }
    if (n === 0) continue;
    return {
      format: { counter, prefix, suffix },
      counter: c,
      n,
      rest: text.slice(m[0].length).replace(/^[\s.．、]+/, ''),
    };
  }
  return null;
}

/** A preset name when the format is one, so imported definitions read like hand-written ones. */
function styleOf(f: NumberingFormat): NumberingStyle {
  const presets: [NumberingStyle, NumberingFormat][] = [
    ['arabic', { counter: 'arabic', prefix: '', suffix: '' }],
    ['circled', { counter: 'circled', prefix: '', suffix: '' }],
    ['katakana', { counter: 'katakana', prefix: '', suffix: '' }],
    ['paren-katakana', { counter: 'katakana', prefix: '(', suffix: ')' }],
    ['paren-arabic', { counter: 'arabic', prefix: '(', suffix: ')' }],
    ['goal-bracket', { counter: 'arabic', prefix: '【基本目標', suffix: '】' }],
  ];
  const hit = presets.find(
    ([, p]) => p.counter === f.counter && p.prefix === f.prefix && p.suffix === f.suffix,
  );
  return hit ? hit[0] : f;
}

const cellText = (v: CellValue): string => (v === null || v === undefined ? '' : String(v));

interface RawNode {
  code: string;
  number: string;
  title: string;
  description?: string;
  departments: string[];
  projects?: Project[];
  restatementOf?: string;
  children: RawNode[];
}

interface SheetLayout {
  headerRow: number;
  levels: { column: number; name: string }[];
  departments: number | null;
  projects: number | null;
  description: number | null;
}

function findLayout(sheet: SheetSnapshot): SheetLayout | null {
  const rows = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
  for (let i = 0; i < rows; i++) {
    const row = rowValues(sheet, i);
    const levels: { column: number; name: string }[] = [];
    let departments: number | null = null;
    let projects: number | null = null;
    let description: number | null = null;
    row.forEach((v, j) => {
      const t = normalizeText(cellText(v));
      const column = sheet.startColumn + j;
      if (t === '') return;
      if (DEPARTMENT_HEADER.test(t)) departments ??= column;
      else if (PROJECT_HEADER.test(t)) projects ??= column;
      else if (LEVEL_HEADER.test(t) && !NOT_LEVEL.test(t)) levels.push({ column, name: t });
      else if (DESCRIPTION_HEADER.test(t)) description ??= column;
    });
    if (levels.length >= 2)
      return { headerRow: sheet.startRow + i, levels, departments, projects, description };
  }
  return null;
}

/** Splits a cell holding several items (`(ア)…\n(イ)…`) into one text per item. */
function splitItems(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => normalizeText(l));
  const items: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (items.length === 0 || readPrintedNumber(line)) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return items;
}

/** `(ア) 持続的成長を目指した水産業の振興 基幹産業である…`: title up to the line break or first space. */
function titleAndDescription(rest: string): { title: string; description?: string } {
  const nl = rest.indexOf('\n');
  const cut = nl >= 0 ? nl : rest.search(/\s/);
  if (cut < 0) return { title: rest.trim() };
  const title = rest.slice(0, cut).trim();
  const description = rest
    .slice(cut + 1)
    .replace(/\s+/g, '')
    .trim();
  return description ? { title, description } : { title };
}

const splitList = (text: string) =>
  text
    .split(/[、,，\n]|\s+・|^・/)
    .map((s) => normalizeText(s).replace(/^・/, ''))
    .filter((s) => s !== '');

function readProjects(text: string): Project[] {
  // `・` starts an entry at a line start or after a space; inside a name it is a 中黒 (`中小企業・小規模…`).
  return text
    .split(/\n|(?:^|\s)・/)
    .map((s) => normalizeText(s).replace(/^・\s*/, ''))
    .filter((s) => s !== '' && !/^【?主な事業】?$/.test(s))
    .map((s) => {
      const restated = /[【(]\s*再掲\s*[】)]/.test(s);
      const name = s.replace(/[【(]\s*再掲\s*[】)]/g, '').trim();
      return restated ? { name, departments: [], restated: true } : { name, departments: [] };
    })
    .filter((p) => p.name !== '');
}

function readMeta(
  sheet: SheetSnapshot,
  headerRow: number,
): { meta: Partial<Record<MetaField, string>>; firstText: string | null } {
  const meta: Partial<Record<MetaField, string>> = {};
  let firstText: string | null = null;
  for (let i = 0; i < headerRow - sheet.startRow; i++) {
    const cells = rowValues(sheet, i)
      .map((v) => normalizeText(cellText(v)))
      .filter((t) => t !== '');
    if (cells.length === 0) continue;
    const field = META.find(([re]) => re.test(cells[0]!.replace(/[:：]$/, '')))?.[1];
    if (field && cells[1] !== undefined) meta[field] = cells[1];
    else firstText ??= cells.join(' ');
  }
  return { meta, firstText };
}

/** Reads the first sheet that has a 施策体系 header; never throws. */
export function importStrategyFromWorkbook(
  snapshot: WorkbookSnapshot,
  options: ImportOptions = {},
): StrategyLoad {
  for (const sheet of snapshot.sheets) {
    const layout = findLayout(sheet);
    if (layout) return importSheet(sheet, layout, options);
  }
  return { ok: false, warnings: [], errors: [{ path: '', message: strategyTexts.noHierarchySheet }] };
}

function importSheet(sheet: SheetSnapshot, layout: SheetLayout, options: ImportOptions): StrategyLoad {
  const errors: StrategyProblem[] = [];
  const warnings: StrategyProblem[] = [];
  // Values as stored (a merged area's value in its top-left cell only); a cell covered by a merged
  // area but not its top-left is a continuation of the item above (isMergedContinuation).
  const grid = new SheetGrid(sheet);
  const at = (r: number, c: number): CellValue => grid.raw(r, c);
  const areas = mergedAreas(sheet);
  const levelColumns = new Set(layout.levels.map((l) => l.column));
  const formats: (NumberingFormat | null)[] = layout.levels.map(() => null);
  const roots: RawNode[] = [];
  const open: RawNode[] = []; // the last node of each level
  const allDepartments: string[] = [];
  const addDepartment = (d: string) => {
    if (!allDepartments.some((x) => nameKey(x) === nameKey(d))) allDepartments.push(d);
  };
  const lastRow = sheet.startRow + sheet.rowCount - 1;

  const placed: { node: RawNode; depth: number; start: number }[] = [];
  const extras: {
    kind: 'departments' | 'projects' | 'description';
    text: string;
    start: number;
    end: number;
  }[] = [];
  const rowSpanEnd = (r: number, c: number) => {
    for (const range of areas) {
      if (range.top === r && range.left <= c && c <= range.right) return range.bottom;
    }
    return r;
  };
  for (let r = layout.headerRow + 1; r <= lastRow; r++) {
    for (const [li, level] of layout.levels.entries()) {
      if (grid.isMergedContinuation(r, level.column)) continue;
      let text = cellText(at(r, level.column)).trim();
      if (text === '') continue;
      // A number alone in the level cell, the title in the next (non-level) cell: `1 | 地域の魅力を…`.
      const next = cellText(at(r, level.column + 1)).trim();
      if (
        /^\S{1,12}$/.test(text) &&
        readPrintedNumber(normalizeText(text))?.rest === '' &&
        next &&
        !levelColumns.has(level.column + 1)
      )
        text = `${text} ${next}`;
      for (const item of splitItems(text)) {
        const printed = readPrintedNumber(item);
        if (!printed) {
          errors.push({
            path: `${sheet.name}!R${r}`,
            message: strategyTexts.unnumbered(item.slice(0, 40), level.name),
          });
          continue;
        }
        formats[li] ??= printed.format;
        const parent = li === 0 ? null : open[li - 1];
        if (li > 0 && !parent) {
          errors.push({ path: `${sheet.name}!R${r}`, message: strategyTexts.orphan(item.slice(0, 40)) });
          continue;
        }
        const { title, description } = titleAndDescription(printed.rest);
        // Codes use digits for ① and 一 (as the bundled definitions do: `1-2-ア`), the counter otherwise.
        const segment = ['circled', 'kanji'].includes(printed.format.counter)
          ? String(printed.n)
          : printed.counter;
        const code = parent ? `${parent.code}-${segment}` : segment;
        const node: RawNode = { code, number: printed.counter, title, departments: [], children: [] };
        if (description) node.description = description;
        (parent ? parent.children : roots).push(node);
        open[li] = node;
        open.length = li + 1;
        placed.push({ node, depth: li, start: r });
      }
    }
    // 所管部署 / 主な事業 / 説明 cells: kept with the rows they span, attached once every item is placed.
    for (const [column, kind] of [
      [layout.departments, 'departments'],
      [layout.projects, 'projects'],
      [layout.description, 'description'],
    ] as const) {
      if (column === null || grid.isMergedContinuation(r, column)) continue;
      const text = cellText(at(r, column));
      if (text.trim() !== '') extras.push({ kind, text, start: r, end: rowSpanEnd(r, column) });
    }
  }

  // An item's block runs from its row to the row before the next item at its level or above. A cell
  // belongs to the shallowest item whose block is exactly the cell's rows (a 節 row whose 細節 share
  // the row), else to the deepest item whose block holds the cell's first row.
  const blocks = placed.map((p, i) => {
    const next = placed.slice(i + 1).find((q) => q.depth <= p.depth && q.start > p.start);
    return { ...p, end: next ? next.start - 1 : lastRow };
  });
  for (const x of extras) {
    const exact = blocks.find((b) => b.start === x.start && b.end === x.end);
    const holding = blocks.filter((b) => b.start <= x.start && x.start <= b.end);
    const holder = exact ?? holding[holding.length - 1];
    if (!holder) continue;
    const target = holder.node;
    if (x.kind === 'departments')
      for (const d of splitList(x.text)) {
        if (!target.departments.includes(d)) target.departments.push(d);
        addDepartment(d);
      }
    else if (x.kind === 'projects') {
      const projects = readProjects(x.text);
      if (projects.length > 0) target.projects = [...(target.projects ?? []), ...projects];
    } else target.description = normalizeText(x.text);
  }
  if (roots.length === 0) errors.push({ path: sheet.name, message: strategyTexts.noItems });

  // 再掲: an item whose title says so points at the first item with the same title.
  const byTitle = new Map<string, string>();
  const visit = (nodes: RawNode[]) => {
    for (const n of nodes) {
      const key = nameKey(n.title.replace(/[(（【]\s*再掲\s*[)）】]/g, ''));
      if (/再掲/.test(n.title) && byTitle.has(key)) n.restatementOf = byTitle.get(key)!;
      else if (!byTitle.has(key)) byTitle.set(key, n.code);
      visit(n.children);
    }
  };
  visit(roots);

  const { meta, firstText } = readMeta(sheet, layout.headerRow);
  const title = options.title ?? meta.title ?? firstText ?? sheet.name;
  const municipality =
    options.municipality ??
    meta.municipality ??
    /(?:第\d+期)?([^\s第期]{1,10}?[都道府県市区町村])/.exec(title)?.[1];
  let period = options.period;
  if (!period && meta.period) {
    const years = periodYears(parsePeriod(meta.period));
    if (years) period = years;
    else errors.push({ path: '計画期間', message: strategyTexts.badPeriod(meta.period) });
  } else if (!period)
    errors.push({ path: 'period', message: strategyTexts.missingMeta('plan period', '計画期間') });
  if (!municipality)
    errors.push({ path: 'municipality', message: strategyTexts.missingMeta('municipality', '自治体') });
  if (errors.length > 0) return { ok: false, errors, warnings };
  // `評価区分 | 拡充、継続維持、…`: the words as one cell, split like a department list; absent = the default.
  const evaluations = options.evaluations ?? (meta.evaluations ? splitList(meta.evaluations) : undefined);

  const raw = {
    schemaVersion: STRATEGY_FORMAT_VERSION,
    id: options.id ?? meta.id ?? 'imported',
    municipality,
    title,
    source: `Excel: ${sheet.name}`,
    period,
    levels: layout.levels.map((l, i) => ({
      name: l.name,
      numbering: styleOf(formats[i] ?? { counter: 'arabic', prefix: '', suffix: '' }),
    })),
    departments: allDepartments,
    ...(evaluations && evaluations.length > 0 ? { evaluations } : {}),
    nodes: roots,
  };
  const loaded = loadStrategy(raw);
  return loaded.ok
    ? { ...loaded, warnings: [...warnings, ...loaded.warnings] }
    : { ...loaded, warnings: [...warnings, ...loaded.warnings] };
}
