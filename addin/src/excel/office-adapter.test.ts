import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import { rowsOfSheet } from '#shared';
import { goal1 } from '../../../tests/fixtures/kpi-seed';
import { kpiSheet, plainSheet } from '../../../tests/fixtures/kpi-cells';
import {
  installFakeOffice,
  PAYLOAD_LIMIT_BYTES,
  type FakeHostOptions,
  type FakeSheetInit,
} from './fake-host';
import {
  CHUNK_ROWS,
  detectCapabilities,
  MARKER_FORMULA,
  MARKER_MEMORY,
  markerColors,
  MIN_EXCEL_API,
  OfficeExcelPort,
} from './office-adapter';
import type { CellMarker } from './port';

const globals = globalThis as unknown as Record<string, unknown>;

function setup(options: FakeHostOptions, port: { comments?: boolean; sliceBytes?: number } = {}) {
  const host = installFakeOffice(options, globals);
  const adapter = new OfficeExcelPort(detectCapabilities(), port);
  return { host, adapter };
}

afterEach(() => {
  delete globals.Office;
  delete globals.Excel;
});

const markers = (n: number, sheet = 'KPI'): CellMarker[] =>
  Array.from({ length: n }, (_, i) => ({
    sheet,
    address: `E${4 + (i % 20)}`,
    severity: i % 2 ? 'warning' : 'error',
    note: `finding ${i}`,
  }));

describe('requirement-set tiers', () => {
  it.each([
    ['1.1', false, false],
    ['1.7', false, false],
    ['1.9', false, false],
    ['1.10', true, false],
    ['1.12', true, false],
    ['1.17', true, true],
  ])('ExcelApi %s → the pane runs: %s, rename events: %s', (v, supported, renameEvents) => {
    installFakeOffice({ apiVersion: v, sheets: [] }, globals);
    expect(detectCapabilities()).toEqual({ apiVersion: v, supported, renameEvents });
  });

  it('nothing the adapter calls is above ExcelApi 1.10: a pass, markers, comments, edits and the file at exactly 1.10', async () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const { host, adapter } = setup(
      { apiVersion: MIN_EXCEL_API, sheets: [kpiSheet([goal1])], file: async () => bytes },
      { comments: true },
    );
    await adapter.recoverMarkers();
    await adapter.readSnapshot();
    const stop = await adapter.onChange(
      () => {},
      () => {},
    );
    await adapter.writeMarkers(markers(3));
    await adapter.writeCell('KPI', 'E7', '-');
    expect(await adapter.getFile()).toEqual(bytes);
    await adapter.clearMarkers();
    await stop();
    expect(host.sheet('KPI').comments.size).toBe(0);
  });
});

describe('reading in chunks', () => {
  it.each([
    [1, 1],
    [2000, 1],
    [2001, 2],
    [4500, 3],
  ])('%i rows: one sync for the sheet list, then %i chunk syncs of ≤ 2,000 rows', async (rows, chunks) => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [plainSheet('Data', rows)] });
    const progress: number[] = [];
    const snapshot = await adapter.readSnapshot((p) => progress.push(p.rowsRead));
    expect(host.syncCount).toBe(1 + chunks);
    expect(chunks).toBe(Math.ceil(rows / CHUNK_ROWS));
    expect(Math.max(...host.rowsPerSync)).toBeLessThanOrEqual(CHUNK_ROWS);
    const sheet = rowsOfSheet(snapshot.sheets[0]!);
    expect(sheet.values).toHaveLength(rows);
    expect(sheet.values[rows - 1]).toEqual([
      rows * 10,
      rows * 10 + 1,
      rows * 10 + 2,
      rows * 10 + 3,
      rows * 10 + 4,
      rows * 10 + 5,
      rows * 10 + 6,
    ]);
    expect(progress.at(-1)).toBe(rows);
  });

  it('packs several sheets into syncs of at most 2,000 rows', async () => {
    const { host, adapter } = setup({
      apiVersion: '1.10',
      sheets: [plainSheet('A', 3000), plainSheet('B', 3000), plainSheet('C', 10)],
    });
    const snapshot = await adapter.readSnapshot();
    expect(snapshot.sheets.map((s) => rowsOfSheet(s).values.length)).toEqual([3000, 3000, 10]);
    expect(rowsOfSheet(snapshot.sheets[1]!).values[2999]![0]).toBe(30000);
    expect(host.syncCount).toBe(1 + Math.ceil(6010 / CHUNK_ROWS));
    expect(Math.max(...host.rowsPerSync)).toBeLessThanOrEqual(CHUNK_ROWS);
  });

  it('reads the used range where it starts, empty cells as null, number formats alongside', async () => {
    const { adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const snapshot = await adapter.readSnapshot();
    const sheet = rowsOfSheet(snapshot.sheets[0]!);
    expect([sheet.startRow, sheet.startColumn]).toEqual([1, 1]);
    expect(sheet.values[2]).toEqual([
      '施策体系',
      '重要業績評価指標(KPI)',
      '年・年度',
      null,
      '数値',
      '単位',
      '所管部署',
    ]);
    expect(sheet.numberFormats[6]![4]).toBe('#,##0');
  });

  it('reads only the changed rows in one sync', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const rows = await adapter.readRows('KPI', 7, 8, 1, 7);
    expect(host.syncCount).toBe(1);
    expect(rows.values.map((r) => r[2])).toEqual(['実績値', '指標値']);
  });
});

/** 10,000 rows whose texts make ~3 KB a row: 2,000 rows would be a 6 MB response, the book 30 MB. */
function textHeavySheet(rows = 10_000): FakeSheetInit {
  const cells: FakeSheetInit['cells'] = {};
  const long = (r: number, c: number) =>
    `${r}-${c} ${'地域経済を支える中小企業・小規模事業者の支援'.repeat(12)}`;
  for (let r = 1; r <= rows; r++) {
    for (let c = 0; c < 4; c++) cells[`${'ABCD'[c]}${r}`] = { value: long(r, c) };
    cells[`E${r}`] = { value: r, numberFormat: '#,##0' };
  }
  return { name: 'Text', cells };
}

describe('Excel on the web’s 5 MB cap', () => {
  it('a text-heavy workbook is read in syncs under 5 MB, every row intact', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [textHeavySheet()] });
    const snapshot = await adapter.readSnapshot();
    const sheet = rowsOfSheet(snapshot.sheets[0]!);
    expect(sheet.values).toHaveLength(10_000);
    expect(String(sheet.values[9_999]![0])).toMatch(/^10000-0 /);
    expect(sheet.values[9_999]![4]).toBe(10_000);
    expect(Math.max(...host.bytesPerSync)).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    // Only the first guess (2,000 rows, before any text was seen) is refused; the rest is planned.
    expect(host.refusedSyncs).toBe(1);
  });

  it('rows longer further down than in the first chunk: a refused sync is split and sent again', async () => {
    const sheet = textHeavySheet(4_000);
    for (let r = 1; r <= 100; r++) for (const c of 'ABCD') sheet.cells[`${c}${r}`] = { value: 'short' };
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [sheet] });
    const snapshot = await adapter.readSnapshot();
    expect(host.refusedSyncs).toBeGreaterThan(0);
    const { values } = rowsOfSheet(snapshot.sheets[0]!);
    expect(values).toHaveLength(4_000);
    expect(values[3_999]![4]).toBe(4_000);
  });

  it('marker writes are split into requests under 5 MB (2,500 cells with long comments: 6.6 MB)', async () => {
    const { host, adapter } = setup(
      { apiVersion: '1.10', sheets: [textHeavySheet(2_500)] },
      { comments: true },
    );
    const note = '「ア 地域経済を支える中小企業・小規模事業者支援」は施策体系にありません。'.repeat(24);
    const many: CellMarker[] = Array.from({ length: 2_500 }, (_, i) => ({
      sheet: 'Text',
      address: `A${i + 1}`,
      severity: 'error',
      note,
    }));
    const syncs = host.syncCount;
    await adapter.writeMarkers(many);
    expect(host.syncCount - syncs).toBeGreaterThan(3);
    expect(host.sheet('Text').comments.size).toBe(2_500);
    expect(Math.max(...host.bytesPerSync)).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    await adapter.clearMarkers();
    expect(host.sheet('Text').comments.size).toBe(0);
  });
});

describe('markers', () => {
  it.each(['1.10', '1.14'])(
    "ExcelApi %s: one sync for the sheets, two to look (the rules, then the custom rules' formulas), one to write, whatever their number",
    async (v) => {
      for (const n of [1, 20, 500]) {
        // The sheet holds a custom rule of the clerk's: its formula is read to tell it from ours.
        const { host, adapter } = setup({ apiVersion: v, sheets: [kpiSheet([goal1])] });
        await adapter.writeMarkers(markers(n));
        expect(host.syncCount).toBe(4);
        await adapter.writeMarkers(markers(n).map((m) => ({ ...m, note: `${m.note}.` })));
        expect(host.syncCount).toBe(8);
      }
    },
  );

  it('the same markers again, all in place: looked at, not written (a write may clear the clerk’s undo stack)', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    const ours = () => ({
      rules: host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA),
      comments: [...host.sheet('KPI').comments.values()],
    });
    await adapter.writeMarkers(markers(3));
    const first = ours();
    const syncs = host.syncCount;
    await adapter.writeMarkers(markers(3));
    expect(host.syncCount).toBe(syncs + 3); // the sheet list, the look and our rules' formulas: reads only
    expect(ours()).toEqual(first);
    // One the clerk deleted: written again.
    host.sheet('KPI').conditionalFormats = host
      .sheet('KPI')
      .conditionalFormats.filter((cf) => cf !== first.rules[0]);
    await adapter.writeMarkers(markers(3));
    expect(ours().rules).toHaveLength(3);
    expect(ours().rules.map((cf) => cf.id)).not.toContain(first.rules[1]!.id);
    // Rows inserted above them moved our rules: written again where the findings are.
    await adapter.onChange(vi.fn(), vi.fn());
    await adapter.writeMarkers(markers(3));
    const before = ours().rules.map((cf) => cf.id);
    host.insertRows('KPI', 2, 1);
    await new Promise((r) => setTimeout(r, 10)); // Excel delivers the event after the batch
    expect(
      ours()
        .rules.map((cf) => cf.address)
        .sort(),
    ).toEqual(['E5', 'E6', 'E7']);
    await adapter.writeMarkers(markers(3));
    expect(
      ours()
        .rules.map((cf) => cf.address)
        .sort(),
    ).toEqual(['E4', 'E5', 'E6']);
    expect(ours().rules.filter((cf) => before.includes(cf.id))).toEqual([]);
  });

  it('a validation pass costs ⌈rows/2000⌉ reads + the sheet list + three marker syncs', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [plainSheet('KPI', 4200)] });
    await adapter.readSnapshot();
    await adapter.writeMarkers(markers(300));
    expect(host.syncCount).toBe(Math.ceil(4200 / CHUNK_ROWS) + 1 + 3);
  });

  it('its own conditional formats, deleted one by one; the clerk’s rule and fills stay', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const before = structuredClone(host.formats('KPI'));
    await adapter.writeMarkers(markers(5));
    const during = host.sheet('KPI').conditionalFormats;
    expect(during).toHaveLength(1 + 5);
    expect(during.filter((cf) => cf.formula === MARKER_FORMULA).map((cf) => cf.fill)).toContain(
      markerColors.error,
    );
    expect(host.cell('KPI', 'B3')!.fill).toBe('#D9E1F2');
    await adapter.writeMarkers(markers(2));
    expect(host.sheet('KPI').conditionalFormats).toHaveLength(1 + 2);
    await adapter.clearMarkers();
    expect(host.formats('KPI')).toEqual(before);
  });

  it('forgets markers the clerk deleted and still writes the new ones', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    await adapter.writeMarkers(markers(2));
    const ours = host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA);
    host.sheet('KPI').conditionalFormats = host
      .sheet('KPI')
      .conditionalFormats.filter((cf) => cf !== ours[0]);
    await adapter.writeMarkers(markers(3));
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(
      3,
    );
  });

  it('comments only when asked for, removed again', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    await adapter.writeMarkers(markers(2));
    expect([...host.sheet('KPI').comments.values()].map((c) => c.content)).toEqual([
      'finding 0',
      'finding 1',
    ]);
    await adapter.writeMarkers([]);
    expect(host.sheet('KPI').comments.size).toBe(0);
    await adapter.writeMarkers(markers(1));
    await adapter.clearMarkers();
    expect(host.sheet('KPI').comments.size).toBe(0);
    // Turned off: the next write takes them away.
    await adapter.writeMarkers(markers(2));
    adapter.showComments(false);
    await adapter.writeMarkers(markers(2));
    expect(host.sheet('KPI').comments.size).toBe(0);
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(
      2,
    );
  });

  it('a comment the clerk deleted is forgotten, not deleted again (ItemNotFound)', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    await adapter.writeMarkers(markers(2));
    host.sheet('KPI').comments.delete('E4');
    await adapter.writeMarkers(markers(3));
    expect([...host.sheet('KPI').comments.values()].map((c) => c.content).sort()).toEqual([
      'finding 0',
      'finding 1',
      'finding 2',
    ]);
    await adapter.clearMarkers();
    expect(host.sheet('KPI').comments.size).toBe(0);
  });

  it('a protected sheet gets no markers and no comments; it is named; other sheets are marked', async () => {
    const locked = { ...kpiSheet([goal1], 'Locked'), protected: true };
    const { host, adapter } = setup(
      { apiVersion: '1.10', sheets: [locked, kpiSheet([goal1])] },
      { comments: true },
    );
    const before = structuredClone(host.formats('Locked'));
    const outcome = await adapter.writeMarkers([...markers(2, 'Locked'), ...markers(3)]);
    expect(outcome.protectedSheets).toEqual(['Locked']);
    expect(host.formats('Locked')).toEqual(before);
    expect(host.sheet('Locked').comments.size).toBe(0);
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(
      3,
    );
    // Unprotected later: the next write marks it.
    host.sheet('Locked').protected = false;
    expect((await adapter.writeMarkers(markers(2, 'Locked'))).protectedSheets).toEqual([]);
    expect(
      host.sheet('Locked').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA),
    ).toHaveLength(2);
  });

  it('a sheet protected after it was marked: our rules and comments stay until it is unprotected, nothing fails', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    await adapter.writeMarkers(markers(2));
    host.sheet('KPI').protected = true;
    expect((await adapter.writeMarkers(markers(1))).protectedSheets).toEqual(['KPI']);
    await adapter.clearMarkers();
    expect(host.sheet('KPI').comments.size).toBe(2);
    host.sheet('KPI').protected = false;
    await adapter.clearMarkers();
    expect(host.sheet('KPI').comments.size).toBe(0);
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toEqual([]);
  });

  it('the document settings are saved only when the markers they remember changed', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    await adapter.recoverMarkers();
    await adapter.writeMarkers([]);
    expect(host.settingsSaves).toBe(0);
    await adapter.writeMarkers(markers(2));
    expect(host.settingsSaves).toBe(1);
    expect(host.documentSettings.get(MARKER_MEMORY)).toHaveLength(4);
  });
});

describe('markers left by an earlier session (pane closed, workbook saved)', () => {
  it('its conditional formats are found by their formula, its comments by the settings; the clerk’s rules of every type stay', async () => {
    const sheet = kpiSheet([goal1]);
    sheet.conditionalFormats!.push({ type: 'ColorScale', address: 'E4:E30', formula: '', fill: null });
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [sheet] }, { comments: true });
    const before = structuredClone(host.formats('KPI'));
    await adapter.writeMarkers(markers(4));
    const saved = host.documentSettings.get(MARKER_MEMORY);
    host.documentSettings.clear(); // the rules are found even without the memory
    const next = new OfficeExcelPort(detectCapabilities());
    const syncs = host.syncCount;
    await next.recoverMarkers();
    expect(host.syncCount - syncs).toBe(3);
    await next.writeMarkers(markers(1));
    const left = host.sheet('KPI').conditionalFormats;
    expect(left.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(1);
    // The comments need the memory.
    expect(host.sheet('KPI').comments.size).toBe(4);
    host.documentSettings.set(MARKER_MEMORY, saved);
    const third = new OfficeExcelPort(detectCapabilities());
    await third.recoverMarkers();
    await third.clearMarkers();
    expect(host.formats('KPI')).toEqual(before);
    expect(host.sheet('KPI').comments.size).toBe(0);
  });
});

describe('selection and writes', () => {
  it('selects the cell on its sheet', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [plainSheet('A', 3), kpiSheet([goal1])] });
    await adapter.selectCell('KPI', 'E9');
    expect(host.selection).toEqual({ sheet: 'KPI', address: 'E9' });
    expect(host.activeSheet).toBe('KPI');
  });

  it('applies a value in one write', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    await adapter.writeCell('KPI', 'E7', 120000);
    expect(host.syncCount).toBe(1);
    expect(host.value('KPI', 'E7')).toBe(120000);
  });

  it.each(['=A1', '+81', '-', '-5', '@home', '2024/4/1', '1,234', 'R6年度'])(
    'writes the suggestion %j as that text, never a formula, number or date',
    async (text) => {
      const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
      await adapter.writeCell('KPI', 'D7', text);
      expect(host.value('KPI', 'D7')).toBe(text);
    },
  );
});

describe('live re-check events', () => {
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it('the clerk’s edits reach the listener, the add-in’s own writes do not', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const listener = vi.fn();
    const reshaped = vi.fn();
    const stop = await adapter.onChange(listener, reshaped);
    host.edit('KPI', 'E8', '70,000');
    await settle();
    expect(listener).toHaveBeenCalledWith({ sheet: 'KPI', firstRow: 8, lastRow: 8 });
    listener.mockClear();
    await adapter.writeCell('KPI', 'E9', 1);
    await adapter.writeMarkers(markers(3));
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(host.enableEvents).toBe(true);
    await stop();
    host.edit('KPI', 'E8', 1);
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(reshaped).not.toHaveBeenCalled();
  });

  it('a sheet added later: reshaped, and after the next read its edits reach the listener by name', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const listener = vi.fn();
    const reshaped = vi.fn();
    await adapter.onChange(listener, reshaped);
    host.addSheet('追加', { A1: { value: 'x' } });
    await settle();
    expect(reshaped).toHaveBeenCalledTimes(1);
    await adapter.readSnapshot();
    host.edit('追加', 'A2', 'y');
    await settle();
    expect(listener).toHaveBeenCalledWith({ sheet: '追加', firstRow: 2, lastRow: 2 });
  });

  it('rows inserted: reshaped (the rows below moved), not an edit of those rows', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    const listener = vi.fn();
    const reshaped = vi.fn();
    await adapter.onChange(listener, reshaped);
    host.insertRows('KPI', 5, 2);
    await settle();
    expect(reshaped).toHaveBeenCalledTimes(1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('ExcelApi 1.17: a rename is told, and the next edit names the new sheet', async () => {
    const { host, adapter } = setup({ apiVersion: '1.17', sheets: [kpiSheet([goal1])] });
    const listener = vi.fn();
    const reshaped = vi.fn();
    await adapter.onChange(listener, reshaped);
    host.renameSheet('KPI', 'KPI表');
    await settle();
    expect(reshaped).toHaveBeenCalledTimes(1);
    host.edit('KPI表', 'E8', 1);
    await settle();
    expect(listener).toHaveBeenCalledWith({ sheet: 'KPI表', firstRow: 8, lastRow: 8 });
  });

  it('while the clerk types in a cell Excel refuses every batch: asked again until it answers', async () => {
    const host = installFakeOffice({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, globals);
    const adapter = new OfficeExcelPort(detectCapabilities(), { editRetryMs: 5 });
    host.cellEditMode = true;
    const reading = adapter.readSnapshot();
    await new Promise((r) => setTimeout(r, 30));
    host.cellEditMode = false;
    const snapshot = await reading;
    expect(rowsOfSheet(snapshot.sheets[0]!).values[2]![0]).toBe('施策体系');
    expect(host.syncCount).toBeGreaterThan(2);
  });
});

describe('the whole file', () => {
  it('joins getFileAsync slices', async () => {
    const bytes = Uint8Array.from({ length: 2 * 1024 + 7 }, (_, i) => i % 251);
    const { adapter } = setup(
      { apiVersion: '1.10', sheets: [], file: async () => bytes },
      { sliceBytes: 1024 },
    );
    const progress: number[] = [];
    const file = await adapter.getFile((f) => progress.push(f));
    expect(file).toEqual(bytes);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('sends the file without the add-in’s markers, and puts them back after', async () => {
    let seen: unknown = null;
    const { host, adapter } = setup(
      {
        apiVersion: '1.10',
        sheets: [kpiSheet([goal1])],
        // What Excel copies into the file: the workbook as it stands when getFileAsync runs.
        file: async () => {
          seen = {
            rules: host.sheet('KPI').conditionalFormats.map((cf) => cf.formula),
            comments: host.sheet('KPI').comments.size,
          };
          return Uint8Array.from([1]);
        },
      },
      { comments: true },
    );
    await adapter.writeMarkers(markers(3));
    await adapter.getFile();
    expect(seen).toEqual({ rules: [expect.not.stringMatching('sousei-sync')], comments: 0 });
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(
      3,
    );
    expect(host.sheet('KPI').comments.size).toBe(3);
  });

  it('rejects when getFileAsync throws instead of answering, markers back in place', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    (globals.Office as { context: { document: { getFileAsync: unknown } } }).context.document.getFileAsync =
      () => {
        throw new Error('Internal error');
      };
    await adapter.writeMarkers(markers(2));
    await expect(adapter.getFile()).rejects.toThrow('Internal error');
    expect(host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(
      2,
    );
  });

  it('gives null where getFileAsync fails (the JSON rows are sent instead)', async () => {
    const { adapter } = setup({ apiVersion: '1.10', sheets: [] });
    expect(await adapter.getFile()).toBeNull();
  });
});

describe('against office-addin-mock', () => {
  it('selectCell activates the sheet and selects the range in one batch', async () => {
    const mock = new OfficeMockObject({
      context: {
        workbook: {
          worksheets: {
            sheet: {
              activated: false,
              range: {
                selected: false,
                select() {
                  this.selected = true;
                },
              },
              activate() {
                this.activated = true;
              },
              getRange() {
                return this.range;
              },
            },
            getItem() {
              return this.sheet;
            },
          },
        },
      },
      run: async function (callback: (ctx: unknown) => Promise<unknown>) {
        return callback(this.context);
      },
    }) as unknown as {
      context: { workbook: { worksheets: { sheet: { activated: boolean; range: { selected: boolean } } } } };
    };
    globals.Excel = mock;
    const adapter = new OfficeExcelPort(detectCapabilities(() => false));
    await adapter.selectCell('KPI', 'E9');
    expect(mock.context.workbook.worksheets.sheet.activated).toBe(true);
    expect(mock.context.workbook.worksheets.sheet.range.selected).toBe(true);
  });

  it('readRows maps empty cells to null', async () => {
    const mock = new OfficeMockObject({
      context: {
        workbook: {
          worksheets: {
            range: { values: [['現状値', '', 3]], numberFormat: [['General', 'General', '#,##0']] },
            getItem() {
              return this;
            },
            getRange() {
              return this.range;
            },
          },
        },
      },
      run: async function (callback: (ctx: unknown) => Promise<unknown>) {
        return callback(this.context);
      },
    });
    globals.Excel = mock;
    const adapter = new OfficeExcelPort(detectCapabilities(() => false));
    const rows = await adapter.readRows('KPI', 7, 7, 3, 5);
    expect(rows.values).toEqual([['現状値', null, 3]]);
    expect(rows.numberFormats).toEqual([['General', 'General', '#,##0']]);
  });
});

describe('our rules found by their formula, never by a remembered id', () => {
  it("a rule the clerk adds between two checks is never deleted, though rule ids are priorities (Microsoft's documented meaning)", async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] });
    await adapter.writeMarkers(markers(3));
    // The clerk adds a rule of their own: Excel gives a new rule the first priority, so every id shifts.
    host.sheet('KPI').conditionalFormats.unshift({
      id: 'clerk-2',
      type: 'Custom',
      address: 'A1',
      formula: '=A1>0',
      fill: '#00FF00',
    });
    await adapter.writeMarkers(markers(3).map((m) => ({ ...m, note: `${m.note}!` })));
    const rules = host.sheet('KPI').conditionalFormats;
    expect(rules.filter((cf) => cf.formula === '=A1>0')).toHaveLength(1);
    expect(rules.filter((cf) => cf.formula === '=E4<0')).toHaveLength(1);
    expect(rules.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(3);
    await adapter.clearMarkers();
    expect(
      host
        .sheet('KPI')
        .conditionalFormats.map((cf) => cf.formula)
        .sort(),
    ).toEqual(['=A1>0', '=E4<0']);
  });
});

describe('comments beside the clerk’s own', () => {
  it('a cell that already holds the clerk’s comment gets our rule but no second comment, and the rest are written', async () => {
    const { host, adapter } = setup({ apiVersion: '1.10', sheets: [kpiSheet([goal1])] }, { comments: true });
    host.sheet('KPI').comments.set('E5', { id: 'clerk-note', content: '6 月に確定' });
    await adapter.writeMarkers(markers(3));
    const sheet = host.sheet('KPI');
    expect(sheet.comments.get('E5')).toEqual({ id: 'clerk-note', content: '6 月に確定' });
    expect([...sheet.comments.keys()].sort()).toEqual(['E4', 'E5', 'E6']);
    expect(
      sheet.conditionalFormats
        .filter((cf) => cf.formula === MARKER_FORMULA)
        .map((cf) => cf.address)
        .sort(),
    ).toEqual(['E4', 'E5', 'E6']);
    // Written again (another note): ours replaced, the clerk's untouched.
    await adapter.writeMarkers(markers(3).map((m) => ({ ...m, note: `${m.note}!` })));
    expect(sheet.comments.get('E5')).toEqual({ id: 'clerk-note', content: '6 月に確定' });
    expect(
      [...sheet.comments.values()]
        .filter((c) => c.id !== 'clerk-note')
        .map((c) => c.content)
        .sort(),
    ).toEqual(['finding 0!', 'finding 2!']);
  });
});
