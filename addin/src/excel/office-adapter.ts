import { z } from 'zod';
import { columnLetter, parseRange, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '#shared';
import type { CellMarker, ExcelCapabilities, ExcelPort, ReadProgress, SheetChange, SheetRows } from './port';

/** Excel on the web caps one request at 5 MB: no sync reads more rows than this. */
export const CHUNK_ROWS = 2000;
/** getFileAsync slices (the documented maximum is 4 MB). */
const SLICE_BYTES = 4 * 1024 * 1024;
/** Excel reads "no fill" as white: restoring white means clearing the fill. */
const NO_FILL = '#FFFFFF';

export const markerColors = { error: '#FFC7CE', warning: '#FFEB9C', info: '#DDEBF7' } as const;
/** Always true, and names its author: a marker left by an earlier session is recognizable as ours. */
export const MARKER_FORMULA = '=ISTEXT("sousei-sync")';
/** Document setting (saved inside the workbook) remembering the markers and the fills they replaced. */
export const MARKER_MEMORY = 'sousei-sync.markers';

const TIERS = ['1.1', '1.2', '1.6', '1.7', '1.8', '1.10'] as const;

/** Reads the host's requirement sets once; nothing newer than 1.10 is ever needed. */
export function detectCapabilities(
  supports: (version: string) => boolean = (v) => Office.context.requirements.isSetSupported('ExcelApi', v),
): ExcelCapabilities {
  const apiVersion = [...TIERS].reverse().find((v) => supports(v)) ?? '1.1';
  return {
    apiVersion,
    markers: supports('1.6') ? 'conditional-format' : 'fill',
    liveRecheck: supports('1.7'),
    eventSwitch: supports('1.8'),
    comments: supports('1.10'),
  };
}

const PlacedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fill'), sheet: z.string(), address: z.string(), original: z.string() }),
  z.object({ kind: z.literal('conditional-format'), sheet: z.string(), id: z.string() }),
  z.object({ kind: z.literal('comment'), id: z.string() }),
]);
type Placed = z.infer<typeof PlacedSchema>;

interface Slice {
  sheet: string;
  top: number;
  bottom: number;
}

/** ExcelPort over Office.js, from ExcelApi 1.1 (Excel 2016 volume licence) upwards. */
export class OfficeExcelPort implements ExcelPort {
  private placed: Placed[] = [];
  /** Hosts without runtime.enableEvents (1.7): our own writes, ignored when their change event arrives. */
  private ownWrites = new Map<string, number>();

  constructor(
    readonly capabilities: ExcelCapabilities,
    private readonly options: { comments?: boolean; sliceBytes?: number } = {},
  ) {}

  private get valuesOnly(): boolean {
    return this.capabilities.apiVersion !== '1.1';
  }

  async readSnapshot(onProgress?: (p: ReadProgress) => void): Promise<WorkbookSnapshot> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      const names = sheets.items.map((ws) => ws.name);
      if (names.length === 0) return { sheets: [] };
      // The first chunk of each sheet also tells its used range: one sync fewer than asking first.
      const firstRows = Math.max(1, Math.floor(CHUNK_ROWS / names.length));
      const heads = names.map((name) => {
        const used = sheets.getItem(name).getUsedRange(this.valuesOnly || undefined);
        used.load(['rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
        const rows = used
          .getCell(0, 0)
          .getBoundingRect(used.getCell(firstRows - 1, 0))
          .getEntireRow();
        const head = used.getIntersection(rows);
        head.load(['values', 'numberFormat']);
        return { name, used, head };
      });
      await context.sync();
      const out = heads.map(({ name, used, head }) => ({
        name,
        startRow: used.rowIndex + 1,
        startColumn: used.columnIndex + 1,
        rowCount: used.rowCount,
        columnCount: used.columnCount,
        values: head.values.map((r) => r.map(toCellValue)),
        numberFormats: head.numberFormat.map((r) => r.map(String)),
      }));
      const total = out.reduce((n, s) => n + s.rowCount, 0);
      let read = out.reduce((n, s) => n + s.values.length, 0);
      onProgress?.({ rowsRead: read, rowsTotal: total });

      for (const batch of planChunks(out)) {
        const ranges = batch.map((slice) => {
          const s = out.find((x) => x.name === slice.sheet)!;
          const left = columnLetter(s.startColumn);
          const right = columnLetter(s.startColumn + s.columnCount - 1);
          const range = sheets.getItem(slice.sheet).getRange(`${left}${slice.top}:${right}${slice.bottom}`);
          range.load(['values', 'numberFormat']);
          return { s, range };
        });
        await context.sync();
        for (const { s, range } of ranges) {
          s.values.push(...range.values.map((r) => r.map(toCellValue)));
          s.numberFormats.push(...range.numberFormat.map((r) => r.map(String)));
          read += range.values.length;
        }
        onProgress?.({ rowsRead: read, rowsTotal: total });
      }
      return {
        sheets: out.map((s): SheetSnapshot => ({
          name: s.name,
          startRow: s.startRow,
          startColumn: s.startColumn,
          values: s.values,
          numberFormats: s.numberFormats,
          // Merged areas need ExcelApi 1.13; the KPI reader carries merged values down without them.
          merges: [],
        })),
      };
    });
  }

  async readRows(
    sheet: string,
    firstRow: number,
    lastRow: number,
    firstColumn: number,
    lastColumn: number,
  ): Promise<SheetRows> {
    return Excel.run(async (context) => {
      const address = `${columnLetter(firstColumn)}${firstRow}:${columnLetter(lastColumn)}${lastRow}`;
      const range = context.workbook.worksheets.getItem(sheet).getRange(address);
      range.load(['values', 'numberFormat']);
      await context.sync();
      return {
        sheet,
        startRow: firstRow,
        startColumn: firstColumn,
        values: range.values.map((r) => r.map(toCellValue)),
        numberFormats: range.numberFormat.map((r) => r.map(String)),
      };
    });
  }

  async writeMarkers(markers: readonly CellMarker[]): Promise<void> {
    const wanted = worstPerCell(markers);
    try {
      await this.replaceMarkers(wanted);
    } catch (error) {
      // The clerk deleted a marked sheet or rows since: forget the markers that are gone, then retry once.
      if (!(await this.prunePlaced())) throw error;
      await this.replaceMarkers(wanted);
    }
    const comments = this.options.comments === true && this.capabilities.comments;
    if (comments || this.placed.some((p) => p.kind === 'comment'))
      await this.writeComments(comments ? wanted : []);
  }

  /** One sync: the previous markers removed and the new ones written, whatever their number. */
  private async replaceMarkers(wanted: readonly CellMarker[]): Promise<void> {
    await Excel.run(async (context) => {
      this.eventsOff(context);
      this.queueRemoval(context, this.placed);
      const pending: (() => Placed)[] = [];
      for (const m of wanted) {
        const range = context.workbook.worksheets.getItem(m.sheet).getRange(m.address);
        const color = markerColors[m.severity];
        if (this.capabilities.markers === 'fill') {
          // Queued before the write, so it reads the clerk's fill (or the one just restored).
          range.format.fill.load('color');
          range.format.fill.color = color;
          pending.push(() => ({
            kind: 'fill',
            sheet: m.sheet,
            address: m.address,
            original: range.format.fill.color,
          }));
        } else {
          const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
          cf.custom.rule.formula = MARKER_FORMULA;
          cf.custom.format.fill.color = color;
          cf.load('id');
          pending.push(() => ({ kind: 'conditional-format', sheet: m.sheet, id: cf.id }));
        }
      }
      this.eventsOn(context);
      await context.sync();
      this.placed = [...this.placed.filter((p) => p.kind === 'comment'), ...pending.map((p) => p())];
    });
    this.remember();
  }

  /** Drops remembered markers whose sheet or rule no longer exists; true when any was dropped. */
  private async prunePlaced(): Promise<boolean> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      const names = new Set(sheets.items.map((ws) => ws.name));
      const ids = new Map<string, Excel.ConditionalFormatCollection>();
      if (this.capabilities.markers === 'conditional-format') {
        for (const name of names) {
          const cfs = sheets.getItem(name).getRange().conditionalFormats;
          cfs.load('items/id');
          ids.set(name, cfs);
        }
        await context.sync();
      }
      const before = this.placed.length;
      this.placed = this.placed.filter((p) => {
        if (p.kind === 'comment') return true;
        if (!names.has(p.sheet)) return false;
        return p.kind === 'fill' || ids.get(p.sheet)!.items.some((cf) => cf.id === p.id);
      });
      return this.placed.length < before;
    });
  }

  /** Threaded comments carrying the messages, on hosts with ExcelApi 1.10 (applied at the next write). */
  showComments(on: boolean): void {
    this.options.comments = on;
  }

  async clearMarkers(): Promise<void> {
    if (this.placed.length === 0) return;
    await Excel.run(async (context) => {
      this.eventsOff(context);
      this.queueRemoval(context, this.placed);
      for (const p of this.placed) if (p.kind === 'comment') context.workbook.comments.getItem(p.id).delete();
      this.eventsOn(context);
      await context.sync();
    });
    this.placed = [];
    this.remember();
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }

  async writeCell(sheet: string, address: string, value: CellValue): Promise<void> {
    await Excel.run(async (context) => {
      this.eventsOff(context);
      context.workbook.worksheets.getItem(sheet).getRange(address).values = [[value ?? '']];
      this.eventsOn(context);
      if (!this.capabilities.eventSwitch) this.ownWrites.set(`${sheet}!${address}`, Date.now() + 5000);
      await context.sync();
    });
  }

  async onChange(listener: (change: SheetChange) => void): Promise<(() => Promise<void>) | null> {
    if (!this.capabilities.liveRecheck) return null;
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/id');
      await context.sync();
      const names = new Map(sheets.items.map((ws) => [ws.id, ws.name]));
      const handler = async (event: Excel.WorksheetChangedEventArgs) => {
        const sheet = names.get(event.worksheetId);
        if (!sheet || this.isOwnWrite(sheet, event.address)) return;
        const rows = rowSpan(event.address);
        if (rows) listener({ sheet, ...rows });
      };
      const results = sheets.items.map((ws) => ws.onChanged.add(handler));
      await context.sync();
      return async () => {
        const first = results[0];
        if (!first) return;
        await Excel.run(first.context, async (ctx) => {
          for (const r of results) r.remove();
          await ctx.sync();
        });
      };
    });
  }

  async getFile(onProgress?: (fraction: number) => void): Promise<Uint8Array | null> {
    const document = Office.context.document;
    if (typeof document?.getFileAsync !== 'function') return null;
    const file = await new Promise<Office.File | null>((resolve) =>
      document.getFileAsync(
        Office.FileType.Compressed,
        { sliceSize: this.options.sliceBytes ?? SLICE_BYTES },
        (result) => resolve(result.status === Office.AsyncResultStatus.Succeeded ? result.value : null),
      ),
    );
    if (!file) return null;
    try {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < file.sliceCount; i++) {
        const slice = await new Promise<Office.Slice | null>((resolve) =>
          file.getSliceAsync(i, (r) =>
            resolve(r.status === Office.AsyncResultStatus.Succeeded ? r.value : null),
          ),
        );
        if (!slice) return null;
        parts.push(Uint8Array.from(slice.data as ArrayLike<number>));
        onProgress?.((i + 1) / file.sliceCount);
      }
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return bytes;
    } finally {
      file.closeAsync();
    }
  }

  /**
   * Takes over the markers an earlier session left in the workbook (the pane was closed, the file
   * saved): the fills they replaced come back from the document settings, and from ExcelApi 1.6 our
   * conditional formats are found by their formula. The next marker write removes them.
   */
  async recoverMarkers(): Promise<void> {
    const saved = z
      .array(PlacedSchema)
      .safeParse(Office.context.document?.settings?.get(MARKER_MEMORY) ?? []);
    const known = saved.success ? saved.data : [];
    this.placed = known.filter((p) => p.kind !== 'conditional-format');
    if (this.capabilities.markers !== 'conditional-format') return;
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      const collections = sheets.items.map((ws) => {
        const cfs = ws.getRange().conditionalFormats;
        cfs.load('items/id,items/type');
        return { sheet: ws.name, cfs };
      });
      await context.sync();
      // Loading custom rules of the whole collection fails when other rule types are present (office-js #2180).
      const custom = collections.flatMap(({ sheet, cfs }) =>
        cfs.items
          .filter((cf) => cf.type === Excel.ConditionalFormatType.custom)
          .map((cf) => {
            const rule = cfs.getItem(cf.id).custom.rule;
            rule.load('formula');
            return { sheet, id: cf.id, rule };
          }),
      );
      if (custom.length === 0) return;
      await context.sync();
      for (const c of custom)
        if (c.rule.formula === MARKER_FORMULA)
          this.placed.push({ kind: 'conditional-format', sheet: c.sheet, id: c.id });
    });
  }

  /** Saved with the workbook: a later session can still give the clerk's fills back. */
  private remember(): void {
    const settings = Office.context.document?.settings;
    if (!settings) return;
    settings.set(MARKER_MEMORY, this.placed);
    settings.saveAsync();
  }

  private eventsOff(context: Excel.RequestContext): void {
    if (this.capabilities.eventSwitch) context.runtime.enableEvents = false;
  }

  private eventsOn(context: Excel.RequestContext): void {
    if (this.capabilities.eventSwitch) context.runtime.enableEvents = true;
  }

  private isOwnWrite(sheet: string, address: string): boolean {
    const key = `${sheet}!${address}`;
    const until = this.ownWrites.get(key);
    if (until === undefined) return false;
    this.ownWrites.delete(key);
    return until >= Date.now();
  }

  /** Our markers only: fills back to the clerk's colour, our rules deleted by id (never clearAll). */
  private queueRemoval(context: Excel.RequestContext, placed: readonly Placed[]): void {
    for (const p of [...placed].reverse()) {
      if (p.kind === 'fill') {
        const fill = context.workbook.worksheets.getItem(p.sheet).getRange(p.address).format.fill;
        if (p.original.toUpperCase() === NO_FILL) fill.clear();
        else fill.color = p.original;
      } else if (p.kind === 'conditional-format') {
        // The whole sheet's collection: the rule moves with its cell when rows are inserted.
        context.workbook.worksheets.getItem(p.sheet).getRange().conditionalFormats.getItem(p.id).delete();
      }
    }
  }

  private async writeComments(markers: readonly CellMarker[]): Promise<void> {
    await Excel.run(async (context) => {
      for (const p of this.placed) if (p.kind === 'comment') context.workbook.comments.getItem(p.id).delete();
      const added = markers.map((m) => {
        const c = context.workbook.comments.add(
          context.workbook.worksheets.getItem(m.sheet).getRange(m.address),
          m.note,
        );
        c.load('id');
        return c;
      });
      await context.sync();
      this.placed = [
        ...this.placed.filter((p) => p.kind !== 'comment'),
        ...added.map((c): Placed => ({ kind: 'comment', id: c.id })),
      ];
    });
    this.remember();
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

function worstPerCell(markers: readonly CellMarker[]): CellMarker[] {
  const byCell = new Map<string, CellMarker>();
  for (const m of markers) {
    const key = `${m.sheet}!${m.address}`;
    const seen = byCell.get(key);
    if (!seen) byCell.set(key, m);
    else if (SEVERITY_RANK[m.severity] < SEVERITY_RANK[seen.severity])
      byCell.set(key, { ...m, note: `${m.note}\n${seen.note}` });
    else byCell.set(key, { ...seen, note: `${seen.note}\n${m.note}` });
  }
  return [...byCell.values()];
}

/** Rows left to read after each sheet's first chunk, packed into syncs of at most CHUNK_ROWS rows. */
function planChunks(
  sheets: readonly { name: string; startRow: number; rowCount: number; values: unknown[] }[],
): Slice[][] {
  const batches: Slice[][] = [];
  let batch: Slice[] = [];
  let room = CHUNK_ROWS;
  for (const s of sheets) {
    let next = s.startRow + s.values.length;
    const last = s.startRow + s.rowCount - 1;
    while (next <= last) {
      const take = Math.min(room, last - next + 1);
      batch.push({ sheet: s.name, top: next, bottom: next + take - 1 });
      next += take;
      room -= take;
      if (room === 0) {
        batches.push(batch);
        batch = [];
        room = CHUNK_ROWS;
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Rows of a changed address (`B5`, `A3:G9`, `4:6`, `Sheet1!C2`); whole columns mean every row. */
export function rowSpan(address: string): { firstRow: number; lastRow: number } | null {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const range = parseRange(local);
  if (range) return { firstRow: range.top, lastRow: range.bottom };
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(local);
  if (rows) return { firstRow: Number(rows[1]), lastRow: Number(rows[2]) };
  if (/^\$?[A-Za-z]+:\$?[A-Za-z]+$/.test(local)) return { firstRow: 1, lastRow: Number.MAX_SAFE_INTEGER };
  return null;
}

function toCellValue(v: unknown): CellValue {
  // Office.js returns '' for empty cells.
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}
