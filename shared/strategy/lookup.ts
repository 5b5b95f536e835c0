import { closest, distance } from 'fastest-levenshtein';
import { kpiNameKey, nameKey, normalizeText } from '../normalize/text';
import { levelNumbering, splitItemNumber, type LevelNumbering } from './numbering';
import { walkNodes, type KpiDefinition, type Strategy, type StrategyNode } from './schema';

/** An item label as printed in a sheet, split into its number and title. */
export interface ItemLabel {
  number: string | null;
  title: string;
  restated: boolean;
}

// Numbers in common forms, for a label read without a definition's levels (`StrategyIndex.label` reads
// the definition's own first): `①`, `(ア)`, `ア`, `(1)`, `1` — followed by the title.
const LABEL = /^(?:([\u2460-\u2473])|\(([ア-ン])\)|([ア-ン])(?=[\s「『]|$)|\((\d+)\)|(\d+)(?=\s))\s*/;
const RESTATED = /[(（【]\s*再掲\s*[)）】]/g;

export function parseItemLabel(text: string): ItemLabel {
  const normalized = normalizeText(text);
  const m = LABEL.exec(normalized);
  const number = m ? (m.slice(1).find((g) => g !== undefined) ?? null) : null;
  const rest = m ? normalized.slice(m[0].length) : normalized;
  return { number, ...withoutRestatement(rest) };
}

function withoutRestatement(rest: string): { title: string; restated: boolean } {
  const restated = RESTATED.test(rest);
  RESTATED.lastIndex = 0;
  return { title: rest.replace(RESTATED, '').trim(), restated };
}

export interface NodeMatch {
  node: StrategyNode;
  ancestors: StrategyNode[];
  depth: number;
}

/** Index of a strategy's nodes by comparable title, built once per strategy. */
export class StrategyIndex {
  private readonly byTitle = new Map<string, NodeMatch[]>();
  private readonly titles: string[] = [];
  private readonly departmentKeys = new Map<string, string>();
  private readonly orderByCode = new Map<string, number>();
  private readonly byCode = new Map<string, NodeMatch>();
  private readonly kpisByName = new Map<string, { kpi: KpiDefinition; node: StrategyNode }[]>();
  private readonly suggestions = new Map<string, string | null>();
  /** The definition's level numbering, compiled once: how its section rows and item lines are numbered. */
  readonly numbering: LevelNumbering;

  constructor(readonly strategy: Strategy) {
    this.numbering = levelNumbering(strategy.levels);
    for (const entry of walkNodes(strategy.nodes)) {
      this.orderByCode.set(entry.node.code, this.orderByCode.size);
      this.byCode.set(entry.node.code, entry);
      for (const kpi of [...(entry.node.kpis ?? []), ...(entry.node.numericTargets ?? [])]) {
        const k = kpiNameKey(kpi.name);
        this.kpisByName.set(k, [...(this.kpisByName.get(k) ?? []), { kpi, node: entry.node }]);
      }
      const key = nameKey(parseItemLabel(entry.node.title).title);
      const list = this.byTitle.get(key);
      if (list) list.push(entry);
      else {
        this.byTitle.set(key, [entry]);
        this.titles.push(key);
      }
    }
    for (const d of strategy.departments) this.departmentKeys.set(nameKey(d), d);
  }

  /**
   * A label as written in a sheet, read with the definition's own numbering (`1. …`, `(ア) …`,
   * `第一章 …`): of several readings, the first whose title is an item's; a label in no level's style
   * is read by the generic parser.
   */
  label(text: string): ItemLabel {
    const readings = this.numbering.split(text);
    if (readings.length === 0) return parseItemLabel(text);
    const labels = readings.map((r) => ({ number: r.number, ...withoutRestatement(r.title) }));
    return labels.find((l) => this.byTitle.has(nameKey(l.title))) ?? labels[0]!;
  }

  /** Nodes whose title matches the label's title (several when an item is 再掲). */
  find(label: ItemLabel): NodeMatch[] {
    return this.byTitle.get(nameKey(this.ownNumbering(label).title)) ?? [];
  }

  /**
   * A label whose number the generic reader did not see (`第一章 しごと`, `イ. …` of another town's style)
   * split with the definition's own level styles.
   */
  private ownNumbering(label: ItemLabel): ItemLabel {
    if (label.number !== null || this.byTitle.has(nameKey(label.title))) return label;
    for (const level of this.strategy.levels) {
      const split = splitItemNumber(level.numbering, label.title);
      if (split && split.rest !== '') return { ...label, number: split.counter, title: split.rest };
    }
    return label;
  }

  /**
   * The one node a label means: among same-titled nodes (an item and its 再掲), the one whose
   * printed number and 再掲 mark agree with the label, else the first.
   */
  resolve(label: ItemLabel): NodeMatch | null {
    const own = this.ownNumbering(label);
    const matches = this.find(own);
    const exact = matches.find(
      (m) => m.node.number === own.number && Boolean(m.node.restatementOf) === own.restated,
    );
    return (
      exact ?? matches.find((m) => Boolean(m.node.restatementOf) === label.restated) ?? matches[0] ?? null
    );
  }

  /** Position of a node in document order (for sorting merged rows as the strategy prints them). */
  order(code: string): number {
    return this.orderByCode.get(code) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * The printed label of the nearest existing item, when it is close enough to be a typo. Items with
   * the written number come first: `④医療・保健サービスの充実` means the 施策 ④, not an equally near イ.
   */
  suggest(label: ItemLabel): string | null {
    const own = this.ownNumbering(label);
    const key = nameKey(own.title);
    if (key === '' || this.titles.length === 0) return null;
    // A sheet repeats its wrong label on many rows, and each costs one edit distance per title.
    const memoKey = `${own.number ?? ''}\u0000${key}`;
    const known = this.suggestions.get(memoKey);
    if (known !== undefined) return known;
    // The index lives as long as its definition (the service keeps it): bounded, not a leak.
    if (this.suggestions.size >= 10_000) this.suggestions.clear();
    const suggestion = this.nearestItem(key, own.number);
    this.suggestions.set(memoKey, suggestion);
    return suggestion;
  }

  private nearestItem(key: string, number: string | null): string | null {
    const sameNumber =
      number === null
        ? []
        : this.titles.filter((t) => this.byTitle.get(t)!.some((m) => m.node.number === number));
    for (const titles of [sameNumber, this.titles]) {
      if (titles.length === 0) continue;
      const best = closest(key, titles);
      // Near-miss: a few characters apart relative to the title's length (表記ゆれ, a missing character).
      if (distance(key, best) > Math.max(2, Math.floor(best.length * 0.3))) continue;
      const entries = this.byTitle.get(best)!;
      const match = entries.find((m) => m.node.number === number) ?? entries[0]!;
      return `${match.node.number} ${match.node.title}`;
    }
    return null;
  }

  /** The node of a code (a generated workbook's key names its rows' items by code). */
  nodeByCode(code: string): NodeMatch | null {
    return this.byCode.get(code) ?? null;
  }

  /** A node's departments; a node that lists none has those of its nearest ancestor that does. */
  departmentsOf(code: string): string[] {
    const entry = this.byCode.get(code);
    if (!entry) return [];
    for (const n of [entry.node, ...[...entry.ancestors].reverse()])
      if (n.departments.length > 0) return n.departments;
    return [];
  }

  /** KPIs (and 数値目標) named so, with the item they belong to; compared without `・` and 再掲 marks. */
  findKpis(name: string): { kpi: KpiDefinition; node: StrategyNode }[] {
    return this.kpisByName.get(kpiNameKey(name)) ?? [];
  }

  /** The canonical department name for a written one, or null if unknown. */
  department(name: string): string | null {
    return this.departmentKeys.get(nameKey(name)) ?? null;
  }
}
