import fs from 'node:fs';
import path from 'node:path';
import {
  importKpis,
  kpiImportSummary,
  parseDirectionOption,
  strategyTexts,
  type Bilingual,
  type Direction,
  readWorkbook,
} from '#shared';
import { formatProblems, resolveStrategy } from './strategy-source';

/**
 * `sousei strategy import-kpis KPI表.xlsx --into DEF.json|ID [--out NEW.json] [--direction NAME=up …]`:
 * the council-approved KPI table becomes the definition's KPI schema. A KPI whose good direction the
 * table does not tell is listed with the `--direction` to add, and nothing is written until each has one
 * (no placeholder a later check would have to refuse). Exit 0 = written, 1 = not written (undecided
 * directions, or the result has errors), 2 = unreadable / usage.
 */

export const importKpisTexts = {
  read: (kpis: number, sheets: string[]): Bilingual => ({
    ja: `KPI表(${sheets.join('、')})から KPI ${kpis} 件を読み取りました。`,
    en: `Read ${kpis} KPIs from ${sheets.join(', ')}.`,
  }),
  counts: (added: number, replaced: number): Bilingual => ({
    ja: `追加 ${added} 件・置き換え ${replaced} 件`,
    en: `${added} added, ${replaced} replaced`,
  }),
  unmatched: {
    ja: '施策体系にない項目の KPI(追加していません):',
    en: 'KPIs whose item is not in the definition (not added):',
  } satisfies Bilingual,
  undecided: {
    ja: '良い方向を決められない KPI(指定するまで書き出しません):',
    en: 'KPIs whose direction could not be inferred (nothing is written until each is given):',
  } satisfies Bilingual,
  written: (file: string): Bilingual => ({
    ja: `✔ ${file} に書き出しました`,
    en: `wrote ${file}`,
  }),
  notWritten: {
    ja: '定義は書き出していません。',
    en: 'The definition was not written.',
  } satisfies Bilingual,
  needsOut: {
    ja: '--into が JSON ファイルでないときは --out で書き出し先を指定してください。',
    en: 'Give --out when --into is not a JSON file.',
  } satisfies Bilingual,
  badDirection: (text: string): Bilingual => ({
    ja: `--direction は「KPI名=up」「KPI名=down」「KPI名=maintain」の形です(「${text}」)。`,
    en: `--direction takes NAME=up, NAME=down or NAME=maintain (got "${text}").`,
  }),
};

const both = (t: Bilingual) => `${t.ja} / ${t.en}`;

export function importKpisCommand(
  args: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
  maxBytes: number,
  fail: (message: string) => never,
): number {
  let into: string | undefined;
  let out: string | undefined;
  let format = 'text';
  const directions = new Map<string, Direction>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? splitFlag(a) : [a, undefined];
    const value = () => inline ?? args[++i] ?? fail(`${flag} の値がありません / ${flag} needs a value`);
    if (flag === '--into') into = value();
    else if (flag === '--out') out = value();
    else if (flag === '--format') format = value();
    else if (flag === '--direction') {
      const text = value();
      const d = parseDirectionOption(text);
      if (!d) fail(both(importKpisTexts.badDirection(text)));
      directions.set(d.name, d.direction);
    } else if (a.startsWith('--')) fail(`不明なオプションです / unknown option: ${a}`);
    else positionals.push(a);
  }
  if (format !== 'text' && format !== 'json')
    fail(`--format は text か json です / --format must be text or json (got ${format})`);
  if (positionals.length !== 1 || into === undefined)
    fail('KPI表のファイルを 1 つと --into を指定してください / give one KPI table and --into DEF.json|ID');
  const target =
    out ?? (path.extname(into).toLowerCase() === '.json' ? into : fail(both(importKpisTexts.needsOut)));

  const base = resolveStrategy(into, maxBytes);
  if (!base.ok) {
    io.err(formatProblems(base));
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(positionals[0]!);
  } catch {
    io.err(`${both({ ja: `「${positionals[0]}」を読めません`, en: `cannot read "${positionals[0]}"` })}\n`);
    return 2;
  }
  const read = readWorkbook(new Uint8Array(bytes), { maxBytes });
  if (!read.ok) {
    io.err(`${both(read.problem.message)}\n`);
    return 2;
  }
  const result = importKpis(base.strategy, read.snapshot, directions);
  if (result.sheets.length === 0) {
    io.err(`${both(strategyTexts.noKpiTable)}\n`);
    return 2;
  }
  const summary = kpiImportSummary(result);
  const load = result.load;
  const written = load?.ok === true;
  if (written) fs.writeFileSync(target, `${JSON.stringify(load.strategy, null, 2)}\n`);

  if (format === 'json') {
    io.out(
      `${JSON.stringify(
        {
          written: written ? target : null,
          ...summary,
          errors: load && !load.ok ? load.errors : [],
          warnings: load?.warnings ?? [],
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const lines = [
      both(importKpisTexts.read(result.kpis.length + result.unmatched.length, result.sheets)),
      both(importKpisTexts.counts(summary.added, summary.replaced)),
    ];
    if (summary.unmatched.length > 0)
      lines.push(
        both(importKpisTexts.unmatched),
        ...summary.unmatched.map((u) => `  ${u.sheet}!${u.row} ${u.message.ja}\n    ${u.message.en}`),
      );
    if (summary.undecided.length > 0)
      lines.push(
        both(importKpisTexts.undecided),
        ...summary.undecided.map(
          (k) =>
            `  ${k.code} ${k.name}: ${k.message.ja}\n    --direction "${k.name}=up"  (up | down | maintain)`,
        ),
      );
    io.out(`${lines.join('\n')}\n`);
  }
  if (load) io.err(formatProblems(load));
  if (written && format === 'text') io.out(`${both(importKpisTexts.written(target))}\n`);
  if (!written && format === 'text') io.out(`${both(importKpisTexts.notWritten)}\n`);
  return written ? 0 : 1;
}

function splitFlag(a: string): [string, string] {
  const i = a.indexOf('=');
  return [a.slice(0, i), a.slice(i + 1)];
}
