import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import { goal1 } from '../../../tests/fixtures/kpi-seed';
import { kpiSheet, plainSheet } from '../../../tests/fixtures/kpi-cells';
import { installFakeOffice, type FakeHostOptions } from './fake-host';
import {
  CHUNK_ROWS,
  detectCapabilities,
  MARKER_FORMULA,
  markerColors,
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
    ['1.1', 'fill', false, false, false],
    ['1.6', 'conditional-format', false, false, false],
    ['1.7', 'conditional-format', true, false, false],
    ['1.8', 'conditional-format', true, true, false],
    ['1.10', 'conditional-format', true, true, true],
  ])('ExcelApi %s → markers %s, live %s, event switch %s, comments %s', (v, m, live, sw, comments) => {
    installFakeOffice({ apiVersion: v, sheets: [] }, globals);
    expect(detectCapabilities()).toEqual({
      apiVersion: v,
      markers: m,
      liveRecheck: live,
      eventSwitch: sw,
      comments,
    });
  });
});

describe('reading in chunks', () => {
  it.each([
    [1, 1],
    [2000, 1],
    [2001, 2],
    [4500, 3],
  ])('%i rows: one sync for the sheet list, then %i chunk syncs of ≤ 2,000 rows', async (rows, chunks) => {
    const { host, adapter } = setup({ apiVersion: '1.1', sheets: [plainSheet('Data', rows)] });
    const progress: number[] = [];
    const snapshot = await adapter.readSnapshot((p) => progress.push(p.rowsRead));
    expect(host.syncCount).toBe(1 + chunks);
    expect(chunks).toBe(Math.ceil(rows / CHUNK_ROWS));
    expect(Math.max(...host.rowsPerSync)).toBeLessThanOrEqual(CHUNK_ROWS);
    const sheet = snapshot.sheets[0]!;
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
      apiVersion: '1.7',
      sheets: [plainSheet('A', 3000), plainSheet('B', 3000), plainSheet('C', 10)],
    });
    const snapshot = await adapter.readSnapshot();
    expect(snapshot.sheets.map((s) => s.values.length)).toEqual([3000, 3000, 10]);
    expect(snapshot.sheets[1]!.values[2999]![0]).toBe(30000);
    expect(host.syncCount).toBe(1 + Math.ceil(6010 / CHUNK_ROWS));
    expect(Math.max(...host.rowsPerSync)).toBeLessThanOrEqual(CHUNK_ROWS);
  });

  it('reads the used range where it starts, empty cells as null, number formats alongside', async () => {
    const { adapter } = setup({ apiVersion: '1.1', sheets: [kpiSheet([goal1])] });
    const snapshot = await adapter.readSnapshot();
    const sheet = snapshot.sheets[0]!;
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
    expect(sheet.numberFormats![6]![4]).toBe('#,##0');
  });

  it('reads only the changed rows in one sync', async () => {
    const { host, adapter } = setup({ apiVersion: '1.7', sheets: [kpiSheet([goal1])] });
    const rows = await adapter.readRows('KPI', 7, 8, 1, 7);
    expect(host.syncCount).toBe(1);
    expect(rows.values.map((r) => r[2])).toEqual(['実績値', '指標値']);
  });
});

describe('markers', () => {
  it.each(['1.1', '1.6', '1.10'])(
    'ExcelApi %s: all markers in ONE sync, whatever their number',
    async (v) => {
      for (const n of [1, 20, 500]) {
        const { host, adapter } = setup({ apiVersion: v, sheets: [kpiSheet([goal1])] });
        await adapter.writeMarkers(markers(n));
        expect(host.syncCount).toBe(1);
        await adapter.writeMarkers(markers(n));
        expect(host.syncCount).toBe(2);
      }
    },
  );

  it('a validation pass costs ⌈rows/2000⌉ reads + the sheet list + one marker sync', async () => {
    const { host, adapter } = setup({ apiVersion: '1.7', sheets: [plainSheet('KPI', 4200)] });
    await adapter.readSnapshot();
    await adapter.writeMarkers(markers(300));
    expect(host.syncCount).toBe(Math.ceil(4200 / CHUNK_ROWS) + 2);
  });

  it('ExcelApi 1.1: fills saved and restored exactly, never a conditional format', async () => {
    const { host, adapter } = setup({ apiVersion: '1.1', sheets: [kpiSheet([goal1])] });
    const before = structuredClone(host.formats('KPI'));
    const header: CellMarker = { sheet: 'KPI', address: 'B3', severity: 'warning', note: 'x' };
    const value: CellMarker = { sheet: 'KPI', address: 'E7', severity: 'error', note: 'y' };
    await adapter.writeMarkers([header, value]);
    expect(host.cell('KPI', 'B3')!.fill).toBe(markerColors.warning);
    expect(host.cell('KPI', 'E7')!.fill).toBe(markerColors.error);
    // Re-marking an already marked cell must still remember the clerk's fill, not ours.
    await adapter.writeMarkers([{ ...header, severity: 'error' }, value]);
    expect(host.cell('KPI', 'B3')!.fill).toBe(markerColors.error);
    await adapter.clearMarkers();
    expect(host.formats('KPI')).toEqual(before);
    expect(host.cell('KPI', 'B3')!.fill).toBe('#D9E1F2');
    expect(host.cell('KPI', 'E7')!.fill).toBeUndefined();
  });

  it('ExcelApi 1.6: its own conditional formats, deleted one by one; the clerk’s rule and fills stay', async () => {
    const { host, adapter } = setup({ apiVersion: '1.6', sheets: [kpiSheet([goal1])] });
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
    const { host, adapter } = setup({ apiVersion: '1.6', sheets: [kpiSheet([goal1])] });
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

  it('ExcelApi 1.10: comments only when asked for, removed again', async () => {
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
});

describe('markers left by an earlier session (pane closed, workbook saved)', () => {
  it('ExcelApi 1.1: the fills they replaced come back from the document settings', async () => {
    const { host, adapter } = setup({ apiVersion: '1.1', sheets: [kpiSheet([goal1])] });
    const before = structuredClone(host.formats('KPI'));
    await adapter.writeMarkers([
      { sheet: 'KPI', address: 'B3', severity: 'error', note: 'x' },
      { sheet: 'KPI', address: 'E7', severity: 'warning', note: 'y' },
    ]);
    // A new session: a new add-in instance on the same workbook.
    const next = new OfficeExcelPort(detectCapabilities());
    await next.recoverMarkers();
    await next.clearMarkers();
    expect(host.formats('KPI')).toEqual(before);
  });

  it('ExcelApi 1.6: its conditional formats are found by their formula, the clerk’s rules of every type stay', async () => {
    const sheet = kpiSheet([goal1]);
    sheet.conditionalFormats!.push({ type: 'ColorScale', address: 'E4:E30', formula: '', fill: null });
    const { host, adapter } = setup({ apiVersion: '1.6', sheets: [sheet] });
    const before = structuredClone(host.formats('KPI'));
    await adapter.writeMarkers(markers(4));
    host.documentSettings.clear(); // even without the memory
    const next = new OfficeExcelPort(detectCapabilities());
    const syncs = host.syncCount;
    await next.recoverMarkers();
    expect(host.syncCount - syncs).toBe(3);
    await next.writeMarkers(markers(1));
    const left = host.sheet('KPI').conditionalFormats;
    expect(left.filter((cf) => cf.formula === MARKER_FORMULA)).toHaveLength(1);
    await next.clearMarkers();
    expect(host.formats('KPI')).toEqual(before);
  });
});

describe('selection and writes', () => {
  it('selects the cell on its sheet', async () => {
    const { host, adapter } = setup({ apiVersion: '1.1', sheets: [plainSheet('A', 3), kpiSheet([goal1])] });
    await adapter.selectCell('KPI', 'E9');
    expect(host.selection).toEqual({ sheet: 'KPI', address: 'E9' });
    expect(host.activeSheet).toBe('KPI');
  });

  it('applies a value in one write', async () => {
    const { host, adapter } = setup({ apiVersion: '1.1', sheets: [kpiSheet([goal1])] });
    await adapter.writeCell('KPI', 'E7', 120000);
    expect(host.syncCount).toBe(1);
    expect(host.value('KPI', 'E7')).toBe(120000);
  });
});

describe('live re-check events', () => {
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it('ExcelApi 1.6 has no change events: no listener', async () => {
    const { adapter } = setup({ apiVersion: '1.6', sheets: [kpiSheet([goal1])] });
    expect(await adapter.onChange(() => {})).toBeNull();
  });

  it.each(['1.7', '1.8'])(
    'ExcelApi %s: the clerk’s edits reach the listener, the add-in’s own writes do not',
    async (v) => {
      const { host, adapter } = setup({ apiVersion: v, sheets: [kpiSheet([goal1])] });
      const listener = vi.fn();
      const stop = await adapter.onChange(listener);
      host.edit('KPI', 'E8', '70,000');
      await settle();
      expect(listener).toHaveBeenCalledWith({ sheet: 'KPI', firstRow: 8, lastRow: 8 });
      listener.mockClear();
      await adapter.writeCell('KPI', 'E9', 1);
      await adapter.writeMarkers(markers(3));
      await settle();
      expect(listener).not.toHaveBeenCalled();
      expect(host.enableEvents).toBe(true);
      await stop!();
      host.edit('KPI', 'E8', 1);
      await settle();
      expect(listener).not.toHaveBeenCalled();
    },
  );
});

describe('the whole file', () => {
  it('joins getFileAsync slices', async () => {
    const bytes = Uint8Array.from({ length: 2 * 1024 + 7 }, (_, i) => i % 251);
    const { adapter } = setup(
      { apiVersion: '1.1', sheets: [], file: async () => bytes },
      { sliceBytes: 1024 },
    );
    const progress: number[] = [];
    const file = await adapter.getFile((f) => progress.push(f));
    expect(file).toEqual(bytes);
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('gives null where getFileAsync fails (the JSON rows are sent instead)', async () => {
    const { adapter } = setup({ apiVersion: '1.1', sheets: [] });
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
