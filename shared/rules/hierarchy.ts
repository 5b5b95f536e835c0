import type { Finding } from '../engine/findings';
import { nameKey } from '../normalize/text';
import type { ItemLabel, NodeMatch, StrategyIndex } from '../strategy/lookup';
import type { StrategyNode } from '../strategy/schema';
import { kpiColumnLabels } from '../templates/kpi';
import type { Located } from '../templates/labels';
import { progressColumnLabels } from '../templates/progress';
import type { RuleContext } from './context';
import { kpiKeyOf, lookupItem, normalized } from '../engine/memo';
import { declareRules, findingOf } from './declare';
import { strategyFacts } from './strategy-facts';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const hierarchyRules = declareRules({
  'hierarchy.unknown-item': {
    severity: 'error',
    catalog: {
      checks:
        "Every strategy item written in a sheet (KPI 施策体系, the items named in a progress-report item cell, section rows `【基本目標1】…`, `①…`, or in another town's styles `1. …`, `(1) …`) exists, compared after NFKC with spaces and brackets removed; the nearest item is suggested for a near miss, items with the written number first.",
      failing:
        '`ア 持続的成長を目指した水産の振興` → suggestion `ア 持続的成長を目指した水産業の振興`; `④医療・保健サービスの充実` → `④ 医療・保健・福祉サービスの充実` (progress report, seed); `イ マップ作成小学校数` (a KPI name as the item, seed)',
      passing:
        '`ア 持続的成長を目指した水産業の振興`, `(ア) 持続的成長を目指した水産業の振興`, `ア「日本版ＤＭＯ」の構築`',
    },
  },
  'hierarchy.number-mismatch': {
    severity: 'error',
    catalog: {
      checks:
        "The printed number (read with the definition's numbering) agrees with the title, for items and for section rows alike.",
      failing:
        '`イ 持続的成長を目指した水産業の振興` → suggestion `ア 持続的成長を目指した水産業の振興`; a section row `【基本目標3】釧路らしさを活かして人を呼び込み・呼び戻す` (it is 2); in a town numbering `1.` / `(1)` / `ア.`: `3. 村に住む人を増やす`, `(1) 体験型観光の推進`, `ア. 空き家の活用`',
      passing: '`ア 持続的成長を目指した水産業の振興`; `2. 村に住む人を増やす`',
    },
  },
  'hierarchy.wrong-parent': {
    severity: 'error',
    catalog: {
      checks:
        "An item stands under the 施策 (and a 施策 under the 基本目標) it belongs to, judged from the section rows above it, numbered in the definition's styles.",
      failing:
        '`ア 地域経済を支える中小企業・小規模事業者の支援` under `⑦ 地域を支える人材の確保`; `(2) 子育て世帯への支援` under `1. しごとを育てる` (another town)',
      passing:
        'the same item under `④ 中小企業・小規模事業者の競争力の強化`; `(2) 子育て世帯への支援` under `2. 村に住む人を増やす`',
    },
  },
  'hierarchy.restatement-missing-original': {
    severity: 'error',
    catalog: {
      checks:
        'A 再掲 points at an existing original: a KPI under a 再掲 item is also listed under the original item somewhere in the workbook; a project marked `【再掲】` in 主な事業 is listed without the mark elsewhere in the report.',
      failing:
        '`・釧路空港乗降客数` under `イ 医療体制の整備(再掲)` (its original 4②イ lists no such KPI; seed)',
      passing:
        '`・釧路空港乗降客数` under `ウ 国内外からの交流人口の受入拡大(再掲)`, listed under the original 1③エ too',
    },
  },
});

const finding = findingOf(hierarchyRules);

/**
 * hierarchy.*: every strategy item written in a sheet exists, its number agrees with its title, it
 * stands under the right 施策 / 基本目標, and a 再掲 points at an original that lists the same thing.
 */
export function checkHierarchy(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const sectionsSeen = new Set<string>();
  const check = (text: string, place: Place, sections: Sections) => {
    checkSections(ctx.strategy, sections, place.column, sectionsSeen, findings);
    const problem = checkItem(ctx.strategy, text, place, sections);
    if (problem) findings.push(problem);
  };

  for (const row of ctx.kpi) {
    // An item is written once and carried down over its KPI rows: report it once, where it is written.
    const key = row.cells.policy ?? `text:${row.policy}`;
    if (row.policy === '' || seen.has(key)) continue;
    seen.add(key);
    check(
      row.policy,
      { cell: row.cells.policy, row: row.row, column: kpiColumnLabels.policy },
      row.sections ?? { goal: null, measure: null },
    );
  }
  findings.push(...checkKpiRestatements(ctx));

  if (ctx.progress) {
    for (const row of ctx.progress.rows) {
      const block = row.block;
      if (!block || seen.has(block.cell)) continue;
      seen.add(block.cell);
      for (const item of block.items)
        check(item.label, { cell: block.cell, row: block.row, column: progressColumnLabels.item }, block);
      for (const project of block.projects) {
        if (project.restated && !ctx.workbook.listedProjects.has(nameKey(project.name)))
          findings.push(
            finding(
              'hierarchy.restatement-missing-original',
              { what: `${project.name}【再掲】`, original: '主な事業' },
              { cell: block.cell, row: block.row, column: progressColumnLabels.item },
            ),
          );
      }
    }
  }
  return findings;
}

interface Place {
  cell: string | null;
  row: number;
  column: string;
}

interface Sections {
  goal: Located | null;
  measure: Located | null;
}

export const printedLabel = (node: StrategyNode): string => `${node.number} ${node.title}`;

// The checks below run for every item cell of a table (thousands): loops rather than closures per call.

/** A written number (read with the definition's numbering) that none of the same-titled nodes has. */
function numberDisagrees(label: ItemLabel, matches: NodeMatch[]): boolean {
  if (label.number === null) return false;
  for (const m of matches) if (normalized(m.node.number) === label.number) return false;
  return true;
}

const numberMismatch = (text: string, node: StrategyNode, place: Place): Finding =>
  finding(
    'hierarchy.number-mismatch',
    { item: text.trim(), expected: printedLabel(node) },
    place,
    printedLabel(node),
  );

function checkItem(strategy: StrategyIndex, text: string, place: Place, sections: Sections): Finding | null {
  const { label, matches, match } = lookupItem(strategy, text);
  if (!match) return finding('hierarchy.unknown-item', { item: text.trim() }, place, strategy.suggest(label));
  if (numberDisagrees(label, matches)) return numberMismatch(text, match.node, place);
  const wrong = wrongParent(strategy, matches, sections);
  if (!wrong) return null;
  return finding(
    'hierarchy.wrong-parent',
    { item: text.trim(), parent: wrong.written.trim(), expected: printedLabel(wrong.expected) },
    place,
  );
}

/** The section written above an item, when it names a node that is not among the item's ancestors. */
function wrongParent(
  strategy: StrategyIndex,
  matches: NodeMatch[],
  sections: Sections,
): { written: string; expected: StrategyNode } | null {
  // The nearest section written above decides (the 施策 row, else the 基本目標 row).
  const section = sections.measure ?? sections.goal;
  if (!section) return null;
  const parent = lookupItem(strategy, section.text).match;
  if (!parent) return null; // an unknown section is reported on its own
  for (const m of matches) for (const a of m.ancestors) if (a.code === parent.node.code) return null;
  const expected = matches[0]!.ancestors[parent.depth];
  return expected ? { written: section.text, expected } : null;
}

/**
 * Section rows (`【基本目標1】…`, `1. …`, `①…`, `(ア)…`, numbered as the definition's levels): each
 * exists, its number agrees with its title, and a 施策 stands under its own 基本目標.
 */
function checkSections(
  strategy: StrategyIndex,
  sections: Sections,
  column: string,
  seen: Set<string>,
  findings: Finding[],
): void {
  for (const section of [sections.goal, sections.measure]) {
    if (!section || seen.has(section.cell)) continue;
    seen.add(section.cell);
    const place = { cell: section.cell, row: section.row, column };
    const { label, matches, match } = lookupItem(strategy, section.text);
    if (!match) {
      findings.push(
        finding('hierarchy.unknown-item', { item: section.text.trim() }, place, strategy.suggest(label)),
      );
      continue;
    }
    if (numberDisagrees(label, matches)) {
      findings.push(numberMismatch(section.text, match.node, place));
      continue;
    }
    if (section === sections.measure && sections.goal) {
      const wrong = wrongParent(strategy, matches, { goal: sections.goal, measure: null });
      if (wrong)
        findings.push(
          finding(
            'hierarchy.wrong-parent',
            {
              item: section.text.trim(),
              parent: wrong.written.trim(),
              expected: printedLabel(wrong.expected),
            },
            place,
          ),
        );
    }
  }
}

/** A KPI under a 再掲 item must also be listed under the original item somewhere in the workbook. */
function checkKpiRestatements(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // Rows of one item follow each other: its label is looked up once per run of rows.
  let item: string | null = null;
  let originalCode: string | undefined;
  for (const row of ctx.kpi) {
    if (row.policy === '' || row.kpi === '') continue;
    // Only KPIs under a 再掲 item are checked (looked up once per item label).
    if (row.policy !== item) {
      item = row.policy;
      originalCode = lookupItem(ctx.strategy, row.policy).match?.node.restatementOf;
    }
    if (!originalCode) continue;
    const key = `${row.cells.policy ?? row.policy}|${row.cells.kpi ?? row.kpi}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ctx.workbook.kpiNamesByItem.get(originalCode)?.has(kpiKeyOf(row.kpi))) continue;
    const original = strategyFacts(ctx.strategy).byCode.get(originalCode);
    findings.push(
      finding(
        'hierarchy.restatement-missing-original',
        { what: row.kpi.trim(), original: original ? printedLabel(original) : originalCode },
        { cell: row.cells.kpi, row: row.row, column: kpiColumnLabels.kpi },
      ),
    );
  }
  return findings;
}
