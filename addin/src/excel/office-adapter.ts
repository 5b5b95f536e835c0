import { z } from 'zod';
import { columnLetter, rowsOfAddress, sheetFromRows, type CellValue, type WorkbookSnapshot } from '#shared';
import type {
  CellMarker,
  ExcelCapabilities,
  ExcelPort,
  MarkerOutcome,
  ReadProgress,
  SheetChange,
  SheetRows,
} from './port';

/** No sync reads more rows than this (it also paces the progress bar). */
export const CHUNK_ROWS = 2000;
/** No sync reads more cells than this, however short their texts. */
export const CHUNK_CELLS = 200_000;
/**
 * Excel on the web refuses a request or response over 5 MB (RequestPayloadSizeLimitExceeded): each
 * sync is planned to stay under this estimate of its cell data (UTF-8 JSON), leaving room for the
 * envelope; a sync refused all the same is split in two and sent again.
 */
export const REQUEST_BUDGET_BYTES = 4 * 1024 * 1024;
/** getFileAsync slices (the documented maximum is 4 MB). */
const SLICE_BYTES = 4 * 1024 * 1024;

export const markerColors = { error: '#FFC7CE', warning: '#FFEB9C', info: '#DDEBF7' } as const;
/** Always true, and names its author: a marker left by an earlier session is recognizable as ours. */
export const MARKER_FORMULA = '=ISTEXT("sousei-sync")';
/** Document setting (saved inside the workbook) remembering the markers. */
export const MARKER_MEMORY = 'sousei-sync.markers';

/**
 * The lowest ExcelApi of any Excel that can run the pane (README, "Supported Excel hosts": Excel for
 * Mac 16.30+ has 1.10, every Windows webview able to run the bundle comes with 1.12 or later). It
 * has everything the pane uses: conditional formats (1.6), change events (1.7), the event switch
 * (1.8), threaded comments (1.10).
 */
export const MIN_EXCEL_API = '1.10';
const VERSIONS = Array.from({ length: 20 }, (_, i) => `1.${i + 1}`);

/** Reads the host's requirement sets once. */
export function detectCapabilities(
  supports: (version: string) => boolean = (v) => Office.context.requirements.isSetSupported('ExcelApi', v),
): ExcelCapabilities {
  const apiVersion = [...VERSIONS].reverse().find((v) => supports(v)) ?? '1.1';
  return { apiVersion, supported: supports(MIN_EXCEL_API), renameEvents: supports('1.17') };
}

/** While the clerk types in a cell, Excel refuses every batch: wait and ask again, this often. */
export const EDIT_MODE_RETRY_MS = 1000;
/** …for at most this long (then the error is shown; the next edit or [再検証] tries again). */
const EDIT_MODE_RETRIES = 120;

const PlacedSchema = z.discriminatedUnion('kind', [
  // No id: Microsoft documents a rule's id as its priority, which shifts when any rule is added or
  // deleted; our rules are found by their formula instead (an earlier version remembered an id).
  z.object({ kind: z.literal('conditional-format'), sheet: z.string(), id: z.string().optional() }),
  // `sheet` is absent in what an earlier version remembered.
  z.object({ kind: z.literal('comment'), id: z.string(), sheet: z.string().optional() }),
]);
type Placed = z.infer<typeof PlacedSchema>;

interface Slice {
  sheet: string;
  top: number;
  bottom: number;
}

/** The Office.js error code (`ItemNotFound`, `AccessDenied`, `RequestPayloadSizeLimitExceeded` …). */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

const tooLarge = (error: unknown) => errorCode(error) === 'RequestPayloadSizeLimitExceeded';

const encoder = new TextEncoder();
/** Bytes a value takes on the wire, estimated as UTF-8 JSON (Japanese text is 3 bytes a character). */
function wireBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Bytes one marker adds to a request: its rule (or comment) and addressing. */
const MARKER_OVERHEAD_BYTES = 256;

/**
 * Text Excel would not keep as typed: a formula (`=`), a sign (`+`, `-`), `@`, a number, a percentage
 * or a date. Written into a cell formatted as text (`@`), it stays the text the suggestion says.
 */
export function needsTextFormat(value: string): boolean {
  const v = value.trim();
  return (
    /^[=+\-@]/.test(v) ||
    (v !== '' && !Number.isNaN(Number(v.replace(/,/g, '')))) ||
    /^[\d.,]+\s*%$/.test(v) ||
    /^\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?$/.test(v) ||
    /^\d{1,2}:\d{2}/.test(v)
  );
}

/** ExcelPort over Office.js, from ExcelApi 1.10 upwards (the pane refuses to start below). */
export class OfficeExcelPort implements ExcelPort {
  private placed: Placed[] = [];
  /** The markers last asked for: put back after the file is read without them. */
  private wanted: CellMarker[] = [];
  /** What the document settings hold now, to save them only when that changes. */
  private remembered: string | null = null;
  /**
   * The markers (and comment choice) the last complete write left, while nothing since can have
   * moved them: asked for the same again, with all still in place, the write is skipped. Any write
   * may clear the clerk's undo stack (docs/excel-checks.md), and a re-check after an edit that
   * changes no finding should not cost the clerk their Ctrl+Z.
   */
  private written: string | null = null;
  /** Sheet names by id, for change events (they name the sheet by id); refreshed by each full read. */
  private sheetNames = new Map<string, string>();

  constructor(
    readonly capabilities: ExcelCapabilities,
    private readonly options: { comments?: boolean; sliceBytes?: number; editRetryMs?: number } = {},
  ) {}

  /** Excel.run, asked again while Excel is in cell-edit mode (InvalidOperationInCellEditMode). */
  private async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await Excel.run(batch);
      } catch (error) {
        if (errorCode(error) !== 'InvalidOperationInCellEditMode' || attempt >= EDIT_MODE_RETRIES)
          throw error;
        await new Promise((r) => setTimeout(r, this.options.editRetryMs ?? EDIT_MODE_RETRY_MS));
      }
    }
  }

  async readSnapshot(onProgress?: (p: ReadProgress) => void): Promise<WorkbookSnapshot> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/id');
      await context.sync();
      this.sheetNames = new Map(sheets.items.map((ws) => [ws.id, ws.name]));
      const names = sheets.items.map((ws) => ws.name);
      if (names.length === 0) return { sheets: [] };
      // The first chunk of each sheet also tells its used range: one sync fewer than asking first.
      // Its size is a guess (the texts are not known yet): too large, and it is asked again smaller.
      let firstRows = Math.max(1, Math.floor(CHUNK_ROWS / names.length));
      let heads: { name: string; used: Excel.Range; head: Excel.Range }[];
      for (;;) {
        heads = names.map((name) => {
          const used = sheets.getItem(name).getUsedRange(true);
          used.load(['rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
          const rows = used
            .getCell(0, 0)
            .getBoundingRect(used.getCell(firstRows - 1, 0))
            .getEntireRow();
          const head = used.getIntersection(rows);
          head.load(['values', 'numberFormat']);
          return { name, used, head };
        });
        try {
          // A retry at a smaller size after Excel refused the request, not a sync per item.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
          break;
        } catch (error) {
          if (!tooLarge(error) || firstRows === 1) throw error;
          firstRows = Math.max(1, Math.floor(firstRows / 8));
        }
      }
      const out = heads.map(({ name, used, head }) => ({
        name,
        startRow: used.rowIndex + 1,
        startColumn: used.columnIndex + 1,
        rowCount: used.rowCount,
        columnCount: used.columnCount,
        // The widest row read so far, with a margin: the rows below are planned at this size.
        rowBytes: Math.ceil(
          1.5 *
            Math.max(1, ...head.values.map((r, i) => wireBytes(r) + wireBytes(head.numberFormat[i] ?? []))),
        ),
        values: head.values.map((r) => r.map(toCellValue)),
        numberFormats: head.numberFormat.map((r) => r.map(String)),
      }));
      const total = out.reduce((n, s) => n + s.rowCount, 0);
      let read = out.reduce((n, s) => n + s.values.length, 0);
      onProgress?.({ rowsRead: read, rowsTotal: total });

      const pending = planChunks(out);
      while (pending.length > 0) {
        const batch = pending.shift()!;
        const ranges = batch.map((slice) => {
          const s = out.find((x) => x.name === slice.sheet)!;
          const left = columnLetter(s.startColumn);
          const right = columnLetter(s.startColumn + s.columnCount - 1);
          const range = sheets.getItem(slice.sheet).getRange(`${left}${slice.top}:${right}${slice.bottom}`);
          range.load(['values', 'numberFormat']);
          return { s, range };
        });
        try {
          // One sync per batch sized under Excel on the web's 5 MB request cap: a loop by design.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
        } catch (error) {
          // Longer texts further down than in the first rows: the same rows in two smaller syncs.
          const halves = tooLarge(error) ? splitBatch(batch) : null;
          if (!halves) throw error;
          pending.unshift(...halves);
          continue;
        }
        for (const { s, range } of ranges) {
          s.values.push(...range.values.map((r) => r.map(toCellValue)));
          s.numberFormats.push(...range.numberFormat.map((r) => r.map(String)));
          read += range.values.length;
        }
        onProgress?.({ rowsRead: read, rowsTotal: total });
      }
      return {
        sheets: out.map((s) =>
          sheetFromRows({
            name: s.name,
            startRow: s.startRow,
            startColumn: s.startColumn,
            values: s.values,
            numberFormats: s.numberFormats,
            // Merged areas need ExcelApi 1.13; the KPI reader carries merged values down without them.
            merges: [],
          }),
        ),
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
    return this.run(async (context) => {
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

  async writeMarkers(markers: readonly CellMarker[]): Promise<MarkerOutcome> {
    this.wanted = worstPerCell(markers);
    return this.replaceMarkers(this.wanted, this.options.comments === true);
  }

  /**
   * One sync to look (which sheets exist and are protected, which of our rules and comments are
   * still there), then removals and new markers in syncs under the request budget. Nothing is
   * written on a protected sheet; markers the clerk deleted are simply forgotten.
   */
  private async replaceMarkers(wanted: readonly CellMarker[], comments: boolean): Promise<MarkerOutcome> {
    const outcome = await this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      const existing = new Set(sheets.items.map((ws) => ws.name));
      const involved = [
        ...new Set([
          ...wanted.map((m) => m.sheet),
          ...this.placed.flatMap((p) => (p.sheet === undefined ? [] : [p.sheet])),
        ]),
      ].filter((name) => existing.has(name));
      const looks = involved.map((name) => {
        // Navigation properties straight off getItem: office-addins/load-object-before-read would
        // otherwise ask a load of the held sheet proxy, which they do not need.
        const protection = sheets.getItem(name).protection;
        protection.load('protected');
        const cfs = sheets.getItem(name).getRange().conditionalFormats;
        cfs.load('items/id,items/type');
        return { name, protection, cfs };
      });
      const commentIds =
        comments || this.placed.some((p) => p.kind === 'comment') ? context.workbook.comments : null;
      commentIds?.load('items/id');
      await context.sync();
      const locked = new Set(looks.filter((l) => l.protection.protected).map((l) => l.name));
      const notes = new Set(commentIds?.items.map((c) => c.id) ?? []);
      // Our rules by their formula, read one by one: loading the custom rules of a whole collection
      // fails when other rule types are present (office-js #2180).
      const customs = looks.flatMap((l) =>
        l.cfs.items.flatMap((cf, index) => {
          if (cf.type !== Excel.ConditionalFormatType.custom) return [];
          const rule = l.cfs.getItem(cf.id).custom.rule;
          rule.load('formula');
          return [{ sheet: l.name, id: cf.id, index, rule }];
        }),
      );
      // Where comments go on, the cells that already hold a comment not ours: Excel allows one a cell,
      // and adding a second would refuse the whole batch.
      const ownIds = new Set(this.placed.flatMap((p) => (p.kind === 'comment' ? [p.id] : [])));
      const others = comments
        ? (commentIds?.items ?? [])
            .filter((c) => !ownIds.has(c.id))
            .map((c) => c.getLocation().load('address'))
        : [];
      if (customs.length > 0 || others.length > 0) await context.sync();
      const occupied = new Set(others.map((r) => sheetCellKey(r.address)));
      // Deleted from the last to the first: were ids priorities, no deletion shifts one still to come.
      const ours = customs
        .filter((c) => c.rule.formula === MARKER_FORMULA)
        .sort((x, y) => y.index - x.index)
        .map((c) => ({ ...c, placed: { kind: 'conditional-format' as const, sheet: c.sheet } }));
      const oursOn = (sheet: string) => ours.filter((c) => c.sheet === sheet).length;
      const rulesPlaced = (sheet: string) =>
        this.placed.filter((p) => p.kind === 'conditional-format' && p.sheet === sheet).length;

      // Comments still there (matched by id; getItemOrNullObject is ExcelApi 1.14); rules by formula.
      const present: Placed[] = [
        ...this.placed.filter((p) => p.kind === 'comment' && notes.has(p.id)),
        ...ours.map((c) => c.placed),
      ];
      // On a protected sheet ours stay until it is unprotected.
      const stuck = present.filter((p) => p.sheet !== undefined && locked.has(p.sheet));
      const writable = wanted.filter((m) => existing.has(m.sheet) && !locked.has(m.sheet));
      const request = JSON.stringify([comments, wanted]);
      const unchanged =
        request === this.written &&
        present.filter((p) => p.kind === 'comment').length ===
          this.placed.filter((p) => p.kind === 'comment').length &&
        involved.every((name) => oursOn(name) === rulesPlaced(name)) &&
        stuck.length === 0 &&
        writable.length === wanted.length;
      this.placed = present;
      if (unchanged) return { protectedSheets: [] };
      this.written = null;

      type Work = { bytes: number; queue: () => () => Placed | null; done?: Placed };
      const work: Work[] = [
        ...present
          .filter(
            (p): p is Extract<Placed, { kind: 'comment' }> => p.kind === 'comment' && !stuck.includes(p),
          )
          .map((p): Work => ({
            bytes: MARKER_OVERHEAD_BYTES,
            done: p,
            queue: () => {
              context.workbook.comments.getItem(p.id).delete();
              return () => null;
            },
          })),
        // Every rule of ours before any is added (an added rule takes the first priority).
        ...ours
          .filter((c) => !locked.has(c.sheet))
          .map((c): Work => ({
            bytes: MARKER_OVERHEAD_BYTES,
            done: c.placed,
            queue: () => {
              // The whole sheet's collection: the rule moves with its cell when rows are inserted.
              sheets.getItem(c.sheet).getRange().conditionalFormats.getItem(c.id).delete();
              return () => null;
            },
          })),
        ...writable.map((m): Work => ({
          bytes: MARKER_OVERHEAD_BYTES,
          queue: () => {
            const range = sheets.getItem(m.sheet).getRange(m.address);
            const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
            cf.custom.rule.formula = MARKER_FORMULA;
            cf.custom.format.fill.color = markerColors[m.severity];
            return () => ({ kind: 'conditional-format', sheet: m.sheet });
          },
        })),
        ...(comments ? writable : [])
          .filter((m) => !occupied.has(sheetCellKey(`${m.sheet}!${m.address}`)))
          .map((m): Work => ({
            bytes: MARKER_OVERHEAD_BYTES + wireBytes(m.note),
            queue: () => {
              const c = context.workbook.comments.add(sheets.getItem(m.sheet).getRange(m.address), m.note);
              c.load('id');
              return () => ({ kind: 'comment', id: c.id, sheet: m.sheet });
            },
          })),
      ];
      for (const batch of packByBytes(work, (w) => w.bytes)) {
        context.runtime.enableEvents = false;
        const results = batch.map((w) => ({ w, result: w.queue() }));
        context.runtime.enableEvents = true;
        // One sync per batch under the 5 MB request cap, as for the reads.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        const removed = new Set(batch.flatMap((w) => (w.done ? [w.done] : [])));
        if (removed.size > 0) this.placed = this.placed.filter((p) => !removed.has(p));
        for (const { result } of results) {
          const added = result();
          if (added) this.placed.push(added);
        }
      }
      if (stuck.length === 0 && writable.length === wanted.length) this.written = request;
      return { protectedSheets: [...locked].filter((name) => wanted.some((m) => m.sheet === name)) };
    });
    this.remember();
    return outcome;
  }

  /** Threaded comments carrying the messages (applied at the next write). */
  showComments(on: boolean): void {
    this.options.comments = on;
  }

  async clearMarkers(): Promise<void> {
    this.wanted = [];
    if (this.placed.length > 0) await this.replaceMarkers([], false);
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }

  async writeCell(sheet: string, address: string, value: CellValue): Promise<void> {
    await this.run(async (context) => {
      context.runtime.enableEvents = false;
      const range = context.workbook.worksheets.getItem(sheet).getRange(address);
      // A suggestion is text as the clerk should see it, never a formula, number or date Excel makes of it.
      if (typeof value === 'string' && needsTextFormat(value)) range.numberFormat = [['@']];
      range.values = [[value ?? '']];
      context.runtime.enableEvents = true;
      await context.sync();
    });
  }

  /**
   * One handler for every sheet, present and future (worksheets.onChanged, ExcelApi 1.9). An edit
   * calls `listener` with its rows; anything that moves rows or sheets (rows or cells inserted or
   * deleted, a sheet added, a sheet renamed where Excel tells: ExcelApi 1.17) calls `reshaped`,
   * and the caller reads the workbook again. Below 1.17 a rename shows as an edit of a sheet name
   * that no longer exists: the caller's read fails with ItemNotFound and it reads everything again.
   */
  async onChange(
    listener: (change: SheetChange) => void,
    reshaped: () => void,
  ): Promise<() => Promise<void>> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/id');
      await context.sync();
      for (const ws of sheets.items) this.sheetNames.set(ws.id, ws.name);
      const changed = (event: Excel.WorksheetChangedEventArgs) => {
        const sheet = this.sheetNames.get(event.worksheetId);
        if (!sheet || (event.changeType !== 'RangeEdited' && event.changeType !== 'Unknown')) {
          // Our rules moved with their cells: the next write puts them where the findings are.
          this.written = null;
          return reshaped();
        }
        const rows = rowsOfAddress(event.address);
        if (rows) listener({ sheet, ...rows });
      };
      const results = [
        // Office.js takes handlers that return a promise.
        sheets.onChanged.add((event) => Promise.resolve(changed(event))),
        sheets.onAdded.add(() => Promise.resolve(reshaped())),
        ...(this.capabilities.renameEvents
          ? [
              sheets.onNameChanged.add((event: Excel.WorksheetNameChangedEventArgs) => {
                this.sheetNames.set(event.worksheetId, event.nameAfter);
                reshaped();
                return Promise.resolve();
              }),
            ]
          : []),
      ];
      await context.sync();
      return async () => {
        await Excel.run(results[0]!.context, async (ctx) => {
          for (const r of results) r.remove();
          await ctx.sync();
        });
      };
    });
  }

  /**
   * The workbook as the clerk made it: the add-in's markers are taken off before Excel copies the
   * file and put back after, so the service never receives them. A host that throws instead of
   * answering raises an error the pane shows.
   */
  async openWorkbook(base64: string): Promise<void> {
    // ExcelApi 1.8, below the pane's minimum: every host that runs the pane has it, though some
    // (Excel on the web in a locked-down browser) refuse to open a new window.
    await Excel.createWorkbook(base64);
  }

  async getFile(onProgress?: (fraction: number) => void): Promise<Uint8Array | null> {
    const document = Office.context.document;
    if (typeof document?.getFileAsync !== 'function') return null;
    const wanted = this.wanted;
    if (this.placed.length > 0) await this.replaceMarkers([], false);
    try {
      return await readFile(document, this.options.sliceBytes ?? SLICE_BYTES, onProgress);
    } finally {
      if (wanted.length > 0) await this.replaceMarkers(wanted, this.options.comments === true);
    }
  }

  /**
   * Takes over the markers an earlier session left in the workbook (the pane was closed, the file
   * saved): comments from the document settings, our conditional formats found by their formula.
   * The next marker write removes them.
   */
  async recoverMarkers(): Promise<void> {
    const stored: unknown = Office.context.document?.settings?.get(MARKER_MEMORY) ?? [];
    const saved = z.array(PlacedSchema).safeParse(stored);
    this.remembered = JSON.stringify(stored);
    this.placed = saved.success ? saved.data.filter((p) => p.kind === 'comment') : [];
    await this.run(async (context) => {
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
            return { sheet, rule };
          }),
      );
      if (custom.length === 0) return;
      await context.sync();
      for (const c of custom)
        if (c.rule.formula === MARKER_FORMULA)
          this.placed.push({ kind: 'conditional-format', sheet: c.sheet });
    });
  }

  /**
   * Saved with the workbook, so a later session finds its comments. Only when it changed: each
   * save marks the workbook as changed, and Excel would ask the clerk to save it for nothing.
   */
  private remember(): void {
    const settings = Office.context.document?.settings;
    if (!settings) return;
    const text = JSON.stringify(this.placed);
    if (text === this.remembered) return;
    this.remembered = text;
    settings.set(MARKER_MEMORY, this.placed);
    settings.saveAsync();
  }
}

async function readFile(
  document: Office.Document,
  sliceBytes: number,
  onProgress?: (fraction: number) => void,
): Promise<Uint8Array | null> {
  // A throw inside the executor (seen on some builds) rejects the promise: the caller shows it.
  const file = await new Promise<Office.File | null>((resolve) =>
    document.getFileAsync(Office.FileType.Compressed, { sliceSize: sliceBytes }, (result) =>
      resolve(result.status === Office.AsyncResultStatus.Succeeded ? result.value : null),
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

/** Items in order, in groups whose estimated bytes stay under the request budget. */
function packByBytes<T>(items: readonly T[], bytes: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let size = 0;
  for (const item of items) {
    const b = bytes(item);
    if (batch.length > 0 && size + b > REQUEST_BUDGET_BYTES) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += b;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
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

/**
 * Rows left to read after each sheet's first chunk, packed into syncs of at most CHUNK_ROWS rows,
 * CHUNK_CELLS cells and REQUEST_BUDGET_BYTES (rows × the sheet's widest row read so far).
 */
function planChunks(
  sheets: readonly {
    name: string;
    startRow: number;
    rowCount: number;
    columnCount: number;
    rowBytes: number;
    values: unknown[];
  }[],
): Slice[][] {
  const batches: Slice[][] = [];
  let batch: Slice[] = [];
  let rows = 0;
  let cells = 0;
  let bytes = 0;
  const close = () => {
    batches.push(batch);
    batch = [];
    rows = cells = bytes = 0;
  };
  for (const s of sheets) {
    let next = s.startRow + s.values.length;
    const last = s.startRow + s.rowCount - 1;
    while (next <= last) {
      const room = Math.min(
        CHUNK_ROWS - rows,
        Math.floor((CHUNK_CELLS - cells) / s.columnCount),
        Math.floor((REQUEST_BUDGET_BYTES - bytes) / s.rowBytes),
      );
      if (room <= 0) {
        // A row wider than the whole budget still goes, alone (the host may still accept it).
        if (batch.length === 0) batch.push({ sheet: s.name, top: next, bottom: next++ });
        close();
        continue;
      }
      const take = Math.min(room, last - next + 1);
      batch.push({ sheet: s.name, top: next, bottom: next + take - 1 });
      next += take;
      rows += take;
      cells += take * s.columnCount;
      bytes += take * s.rowBytes;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The same rows in two smaller syncs; null when one row is all there is. */
function splitBatch(batch: readonly Slice[]): Slice[][] | null {
  if (batch.length > 1) {
    const half = Math.ceil(batch.length / 2);
    return [batch.slice(0, half), batch.slice(half)];
  }
  const only = batch[0];
  if (!only || only.top === only.bottom) return null;
  const middle = Math.floor((only.top + only.bottom) / 2);
  return [[{ ...only, bottom: middle }], [{ ...only, top: middle + 1 }]];
}

function toCellValue(v: unknown): CellValue {
  // Office.js returns '' for empty cells.
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** `'My sheet'!E28` or `KPI!E28` → one key per cell (Excel quotes a sheet name with spaces). */
function sheetCellKey(address: string): string {
  const bang = address.lastIndexOf('!');
  const sheet = address
    .slice(0, bang)
    .replace(/^'(.*)'$/, '$1')
    .replace(/''/g, "'");
  return `${sheet}!${address
    .slice(bang + 1)
    .replace(/\$/g, '')
    .toUpperCase()}`;
}
