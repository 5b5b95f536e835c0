import { cellAddress, parseCell, parseRange, type CellValue, type RangeRef } from '#shared';

/**
 * An in-memory Excel behind fake `Office` and `Excel` globals: the subset of Office.js the add-in
 * uses, with its batching rules (queued commands run at `context.sync()`, unloaded properties
 * throw), a sync counter, requirement-set tiers (APIs newer than the configured set throw), cell
 * formats to compare before and after, and change events. It fails where Excel fails: protected
 * sheets reject format and comment writes (AccessDenied), unknown comment and rule ids are
 * ItemNotFound, and a request or response over 5 MB is RequestPayloadSizeLimitExceeded (Excel on
 * the web's cap). Errors carry Office.js's `code`. Unit tests install it in Node; the browser e2e
 * injects it into the real task pane before its scripts run.
 */

export interface FakeCell {
  value?: CellValue;
  numberFormat?: string;
  /** Fill colour; absent = no fill (which Excel reads as #FFFFFF). */
  fill?: string;
  font?: { bold?: boolean; color?: string };
  border?: string;
}

export interface FakeConditionalFormat {
  id: string;
  /** `Custom` (a formula rule) or another rule type (`ColorScale`, `DataBar` …). */
  type?: string;
  address: string;
  formula: string;
  fill: string | null;
}

export interface FakeSheetInit {
  name: string;
  /** Cells by A1 address. */
  cells: Record<string, FakeCell>;
  conditionalFormats?: Omit<FakeConditionalFormat, 'id'>[];
  /** Protected (Review > Protect Sheet): format, comment and value writes are AccessDenied. */
  protected?: boolean;
}

export interface FakeHostOptions {
  /** Highest ExcelApi requirement set the fake host supports, e.g. `1.1`, `1.7`, `1.10`. */
  apiVersion: string;
  sheets: FakeSheetInit[];
  /** The .xlsx bytes getFileAsync gives; absent = getFileAsync fails (as on some Office 2016 builds). */
  file?: () => Promise<Uint8Array>;
  /** Each sync waits this long, like a round trip to Excel (to watch the pane while it reads). */
  syncDelayMs?: number;
  /** Office.context.displayLanguage (default `ja-JP`). */
  displayLanguage?: string;
  /** false: Excel.createWorkbook fails, as on a host that cannot open another workbook (default true). */
  opensWorkbooks?: boolean;
}

interface SheetState {
  id: string;
  name: string;
  cells: Map<string, FakeCell>;
  conditionalFormats: FakeConditionalFormat[];
  comments: Map<string, { id: string; content: string }>;
  protected: boolean;
}

const MAX_ROWS = 1_048_576;
/** Excel on the web's cap on one request and on one response. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
const MAX_COLUMNS = 16_384;

const key = (row: number, column: number) => `${row}:${column}`;

function versionAtLeast(have: string, want: string): boolean {
  const [a1 = 0, a2 = 0] = have.split('.').map(Number);
  const [b1 = 0, b2 = 0] = want.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** An error as Office.js raises it: `code` is what callers test. */
export function officeError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

function notLoaded(name: string): never {
  throw officeError('PropertyNotLoaded', `${name} was not loaded (call load() and context.sync() first)`);
}

const encoder = new TextEncoder();
/** Bytes a value takes on the wire (UTF-8 JSON): Japanese text is 3 bytes a character. */
export function payloadBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** The fake Excel: the workbook state plus what a test inspects (syncs, selection, formats). */
export class FakeExcel {
  syncCount = 0;
  /** Rows of cell data loaded by each sync. */
  readonly rowsPerSync: number[] = [];
  rowsThisSync = 0;
  /** Request plus response bytes of each sync Excel accepted (UTF-8 JSON of the cell data and texts). */
  readonly bytesPerSync: number[] = [];
  /** Syncs refused for RequestPayloadSizeLimitExceeded. */
  refusedSyncs = 0;
  /** Response bytes of the sync under way. */
  responseBytes = 0;
  /** Times the document settings were saved (each save marks the workbook as changed). */
  settingsSaves = 0;
  /** The clerk is typing in a cell: every sync fails with InvalidOperationInCellEditMode. */
  cellEditMode = false;
  /** Workbook-level event handlers (worksheets.onChanged / onAdded / onNameChanged). */
  readonly handlers = {
    changed: new Set<(e: unknown) => void>(),
    added: new Set<(e: unknown) => void>(),
    nameChanged: new Set<(e: unknown) => void>(),
  };
  enableEvents = true;
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string;
  readonly apiVersion: string;
  readonly sheets: SheetState[];
  /** Workbooks opened with Excel.createWorkbook (base64 .xlsx), in order. */
  readonly openedWorkbooks: string[] = [];
  /** Office.context.document.settings as saved in the workbook. */
  readonly documentSettings = new Map<string, unknown>();
  private nextId = 1;
  private readonly file: (() => Promise<Uint8Array>) | undefined;
  readonly syncDelayMs: number;

  constructor(options: FakeHostOptions) {
    this.apiVersion = options.apiVersion;
    this.file = options.file;
    this.syncDelayMs = options.syncDelayMs ?? 0;
    this.sheets = options.sheets.map((s) => {
      const cells = new Map<string, FakeCell>();
      for (const [address, cell] of Object.entries(s.cells)) {
        const ref = parseCell(address);
        if (ref) cells.set(key(ref.row, ref.column), structuredClone(cell));
      }
      return {
        id: `{sheet-${this.nextId++}}`,
        name: s.name,
        cells,
        conditionalFormats: (s.conditionalFormats ?? []).map((cf) => ({
          ...cf,
          id: `clerk-${this.nextId++}`,
        })),
        comments: new Map(),
        protected: s.protected === true,
      };
    });
    this.activeSheet = this.sheets[0]?.name ?? '';
  }

  supports(version: string): boolean {
    return versionAtLeast(this.apiVersion, version);
  }

  require(version: string, api: string): void {
    if (!this.supports(version)) throw officeError('ApiNotFound', `${api} needs ExcelApi ${version}`);
  }

  newId(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  sheet(name: string): SheetState {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw officeError('ItemNotFound', `worksheet ${name}`);
    return s;
  }

  cell(sheet: string, address: string): FakeCell | undefined {
    const ref = parseCell(address);
    return ref ? this.sheet(sheet).cells.get(key(ref.row, ref.column)) : undefined;
  }

  value(sheet: string, address: string): CellValue {
    return this.cell(sheet, address)?.value ?? null;
  }

  /** What the clerk's own formatting looks like: fills, fonts, borders and conditional formats. */
  formats(sheet: string): unknown {
    const s = this.sheet(sheet);
    const cells = [...s.cells.entries()]
      .filter(([, c]) => c.fill !== undefined || c.font !== undefined || c.border !== undefined)
      .map(([k, c]) => [k, { fill: c.fill ?? null, font: c.font ?? null, border: c.border ?? null }] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    return { cells, conditionalFormats: s.conditionalFormats.map((cf) => ({ ...cf })) };
  }

  usedRange(sheet: string, valuesOnly: boolean): RangeRef {
    let top = Infinity;
    let left = Infinity;
    let bottom = 0;
    let right = 0;
    for (const [k, c] of this.sheet(sheet).cells) {
      const used = c.value !== undefined && c.value !== null && c.value !== '';
      if (!used && (valuesOnly || (c.fill === undefined && c.font === undefined && c.border === undefined)))
        continue;
      const [r, col] = k.split(':').map(Number) as [number, number];
      top = Math.min(top, r);
      left = Math.min(left, col);
      bottom = Math.max(bottom, r);
      right = Math.max(right, col);
    }
    return bottom === 0 ? { top: 1, left: 1, bottom: 1, right: 1 } : { top, left, bottom, right };
  }

  /** Protected sheets reject every write of the add-in (Excel: AccessDenied, nothing written). */
  writable(s: SheetState): void {
    if (s.protected) throw officeError('AccessDenied', `worksheet ${s.name} is protected`);
  }

  /**
   * Writes a block of values as Excel reads typed input: text cells (`@`) keep the text; otherwise
   * `=…` becomes a formula, numeric text a number and date-like text a date serial.
   */
  writeValues(sheet: string, at: RangeRef, values: unknown[][]): void {
    const s = this.sheet(sheet);
    for (let r = at.top; r <= at.bottom; r++) {
      for (let c = at.left; c <= at.right; c++) {
        const v = values[r - at.top]?.[c - at.left];
        const cell = s.cells.get(key(r, c)) ?? {};
        cell.value = v === '' || v === undefined ? null : coerce(v as CellValue, cell.numberFormat);
        s.cells.set(key(r, c), cell);
      }
    }
    this.raiseChanged(s, at);
  }

  setNumberFormat(sheet: string, at: RangeRef, formats: string[][]): void {
    const s = this.sheet(sheet);
    for (let r = at.top; r <= at.bottom; r++)
      for (let c = at.left; c <= at.right; c++) {
        const cell = s.cells.get(key(r, c)) ?? {};
        cell.numberFormat = formats[r - at.top]?.[c - at.left] ?? 'General';
        s.cells.set(key(r, c), cell);
      }
  }

  /** The clerk types a value into a cell. */
  edit(sheet: string, address: string, value: CellValue): void {
    const ref = parseRange(address);
    if (!ref) throw new Error(`bad address ${address}`);
    this.writeValues(sheet, ref, [[value]]);
  }

  /** The clerk adds a sheet. */
  addSheet(name: string, cells: Record<string, FakeCell> = {}): void {
    const map = new Map<string, FakeCell>();
    for (const [address, cell] of Object.entries(cells)) {
      const ref = parseCell(address);
      if (ref) map.set(key(ref.row, ref.column), structuredClone(cell));
    }
    const s: SheetState = {
      id: `{sheet-${this.nextId++}}`,
      name,
      cells: map,
      conditionalFormats: [],
      comments: new Map(),
      protected: false,
    };
    this.sheets.push(s);
    this.raise('added', { worksheetId: s.id, source: 'Local', type: 'WorksheetAdded' });
  }

  /** The clerk renames a sheet. */
  renameSheet(from: string, to: string): void {
    const s = this.sheet(from);
    s.name = to;
    this.raise('nameChanged', { worksheetId: s.id, nameBefore: from, nameAfter: to, source: 'Local' });
  }

  /** The clerk inserts `count` rows before row `at`: cells and rules below move down. */
  insertRows(sheet: string, at: number, count: number): void {
    const s = this.sheet(sheet);
    const moved = new Map<string, FakeCell>();
    for (const [k, c] of s.cells) {
      const [r, col] = k.split(':').map(Number) as [number, number];
      moved.set(key(r >= at ? r + count : r, col), c);
    }
    s.cells = moved;
    for (const cf of s.conditionalFormats) {
      const ref = parseRange(cf.address)!;
      if (ref.top >= at) {
        const shifted = { ...ref, top: ref.top + count, bottom: ref.bottom + count };
        cf.address =
          shifted.top === shifted.bottom && shifted.left === shifted.right
            ? cellAddress(shifted.top, shifted.left)
            : `${cellAddress(shifted.top, shifted.left)}:${cellAddress(shifted.bottom, shifted.right)}`;
      }
    }
    this.raise('changed', {
      address: `${at}:${at + count - 1}`,
      worksheetId: s.id,
      changeType: 'RowInserted',
      source: 'Local',
      type: 'WorksheetChanged',
    });
  }

  private raise(kind: keyof FakeExcel['handlers'], event: unknown): void {
    if (!this.enableEvents) return;
    // Excel delivers events after the batch that caused them, never inside it.
    for (const h of this.handlers[kind]) setTimeout(() => h(event), 0);
  }

  private raiseChanged(s: SheetState, at: RangeRef): void {
    const address =
      at.top === at.bottom && at.left === at.right
        ? cellAddress(at.top, at.left)
        : `${cellAddress(at.top, at.left)}:${cellAddress(at.bottom, at.right)}`;
    this.raise('changed', {
      address,
      worksheetId: s.id,
      changeType: 'RangeEdited',
      source: 'Local',
      type: 'WorksheetChanged',
    });
  }

  /** Current values by sheet and A1 address (what a test turns into the .xlsx getFileAsync returns). */
  values(): { name: string; cells: Record<string, CellValue> }[] {
    return this.sheets.map((s) => ({
      name: s.name,
      cells: Object.fromEntries(
        [...s.cells.entries()]
          .filter(([, c]) => c.value !== undefined && c.value !== null)
          .map(([k, c]) => {
            const [r, col] = k.split(':').map(Number) as [number, number];
            return [cellAddress(r, col), c.value ?? null];
          }),
      ),
    }));
  }

  async fileBytes(): Promise<Uint8Array | null> {
    return this.file ? this.file() : null;
  }
}

/** What Excel does with a typed value (enough to show text turning into a formula, number or date). */
function coerce(v: CellValue, numberFormat: string | undefined): CellValue {
  if (typeof v !== 'string' || numberFormat === '@') return v;
  if (v.startsWith("'")) return v.slice(1);
  if (v.startsWith('=')) return '#NAME?';
  if (/^[+-]?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  const date = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v.trim());
  if (date) return (Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return v;
}

type Op = () => void;

class Context {
  readonly queue: Op[] = [];
  /** Bytes the queued commands send (values, formats, formulas, texts). */
  requestBytes = 0;
  readonly workbook: Workbook;
  readonly runtime: Runtime;
  constructor(readonly host: FakeExcel) {
    this.workbook = new Workbook(this);
    this.runtime = new Runtime(this);
  }
  send(value: unknown): void {
    this.requestBytes += payloadBytes(value);
  }
  async sync(): Promise<void> {
    const ops = this.queue.splice(0);
    const request = this.requestBytes;
    this.requestBytes = 0;
    this.host.syncCount++;
    await (this.host.syncDelayMs > 0
      ? new Promise((r) => setTimeout(r, this.host.syncDelayMs))
      : Promise.resolve());
    this.host.rowsThisSync = 0;
    this.host.responseBytes = 0;
    try {
      if (this.host.cellEditMode)
        throw officeError('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode');
      // The request is refused whole; a response too large fails after the commands ran.
      if (request > PAYLOAD_LIMIT_BYTES) {
        this.host.refusedSyncs++;
        throw officeError('RequestPayloadSizeLimitExceeded', `request of ${request} bytes`);
      }
      for (const op of ops) op();
      if (this.host.responseBytes > PAYLOAD_LIMIT_BYTES) {
        this.host.refusedSyncs++;
        throw officeError('RequestPayloadSizeLimitExceeded', `response of ${this.host.responseBytes} bytes`);
      }
      this.host.bytesPerSync.push(request + this.host.responseBytes);
    } finally {
      this.host.rowsPerSync.push(this.host.rowsThisSync);
    }
  }
}

/** Resolved once, at the point of the batch where the object is first used (as Excel does). */
function lazy<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

class Runtime {
  constructor(private readonly ctx: Context) {}
  set enableEvents(on: boolean) {
    this.ctx.host.require('1.8', 'runtime.enableEvents');
    this.ctx.queue.push(() => (this.ctx.host.enableEvents = on));
  }
}

class Workbook {
  readonly worksheets: Worksheets;
  constructor(private readonly ctx: Context) {
    this.worksheets = new Worksheets(ctx);
  }
  get comments(): Comments {
    this.ctx.host.require('1.10', 'workbook.comments');
    return new Comments(this.ctx);
  }
}

class Worksheets {
  private loaded: Worksheet[] | null = null;
  constructor(private readonly ctx: Context) {}
  load(_props?: unknown): this {
    this.ctx.queue.push(() => {
      this.loaded = this.ctx.host.sheets.map((s) => {
        const ws = new Worksheet(this.ctx, () => s);
        ws.loadNow();
        return ws;
      });
    });
    return this;
  }
  get items(): Worksheet[] {
    return this.loaded ?? notLoaded('worksheets.items');
  }
  /** By name or by id, as Office.js allows. */
  getItem(name: string): Worksheet {
    return new Worksheet(
      this.ctx,
      lazy(() => this.ctx.host.sheets.find((s) => s.id === name) ?? this.ctx.host.sheet(name)),
    );
  }
  private event(kind: keyof FakeExcel['handlers'], version: string, api: string) {
    this.ctx.host.require(version, api);
    return {
      add: (handler: (e: unknown) => void) => {
        const set = this.ctx.host.handlers[kind];
        this.ctx.queue.push(() => set.add(handler));
        return new EventResult(this.ctx, set, handler);
      },
    };
  }
  get onChanged() {
    return this.event('changed', '1.9', 'worksheets.onChanged');
  }
  get onAdded() {
    return this.event('added', '1.7', 'worksheets.onAdded');
  }
  get onNameChanged() {
    return this.event('nameChanged', '1.17', 'worksheets.onNameChanged');
  }
  getActiveWorksheet(): Worksheet {
    return this.getItem(this.ctx.host.activeSheet);
  }
}

class Worksheet {
  private data: { name: string; id: string } | null = null;
  constructor(
    private readonly ctx: Context,
    readonly state: () => SheetState,
  ) {}
  loadNow(): void {
    const s = this.state();
    this.data = { name: s.name, id: s.id };
  }
  load(_props?: unknown): this {
    this.ctx.queue.push(() => this.loadNow());
    return this;
  }
  get name(): string {
    return this.data?.name ?? notLoaded('worksheet.name');
  }
  get id(): string {
    return this.data?.id ?? notLoaded('worksheet.id');
  }
  activate(): void {
    this.ctx.queue.push(() => (this.ctx.host.activeSheet = this.state().name));
  }
  get protection(): WorksheetProtection {
    this.ctx.host.require('1.2', 'worksheet.protection');
    return new WorksheetProtection(this.ctx, this.state);
  }
  getRange(address?: string): Range {
    return new Range(
      this.ctx,
      this,
      lazy(() => {
        if (address === undefined) return { top: 1, left: 1, bottom: MAX_ROWS, right: MAX_COLUMNS };
        const ref = parseRange(address);
        if (!ref) throw new Error(`InvalidArgument: ${address}`);
        return ref;
      }),
    );
  }
  getUsedRange(valuesOnly?: boolean): Range {
    if (valuesOnly !== undefined) this.ctx.host.require('1.2', 'getUsedRange(valuesOnly)');
    return new Range(
      this.ctx,
      this,
      lazy(() => this.ctx.host.usedRange(this.state().name, valuesOnly === true)),
    );
  }
}

class WorksheetProtection {
  private loaded: boolean | null = null;
  constructor(
    private readonly ctx: Context,
    private readonly state: () => SheetState,
  ) {}
  load(_props?: unknown): this {
    this.ctx.queue.push(() => (this.loaded = this.state().protected));
    return this;
  }
  get protected(): boolean {
    return this.loaded ?? notLoaded('protection.protected');
  }
}

class EventResult {
  constructor(
    readonly context: Context,
    private readonly set: Set<(e: unknown) => void>,
    private readonly handler: (e: unknown) => void,
  ) {}
  remove(): void {
    this.context.queue.push(() => this.set.delete(this.handler));
  }
}

interface RangeData {
  values: unknown[][];
  numberFormat: string[][];
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
  address: string;
}

class Range {
  private data: Partial<RangeData> = {};
  constructor(
    private readonly ctx: Context,
    private readonly sheet: Worksheet,
    readonly bounds: () => RangeRef,
  ) {}

  private derive(fn: (b: RangeRef) => RangeRef): Range {
    return new Range(
      this.ctx,
      this.sheet,
      lazy(() => fn(this.bounds())),
    );
  }

  load(props: string | string[]): this {
    const names = (Array.isArray(props) ? props : props.split(',')).map((p) => p.trim());
    this.ctx.queue.push(() => {
      const b = this.bounds();
      const cells = this.sheet.state().cells;
      const rows = b.bottom - b.top + 1;
      const columns = b.right - b.left + 1;
      if (rows * columns > 5_000_000) throw new Error('RequestPayloadSizeLimitExceeded');
      const grid = <T>(f: (c: FakeCell | undefined) => T) =>
        Array.from({ length: rows }, (_, r) =>
          Array.from({ length: columns }, (_, c) => f(cells.get(key(b.top + r, b.left + c)))),
        );
      for (const name of names) {
        if (name === 'values') {
          this.data.values = grid((c) => c?.value ?? '');
          this.ctx.host.rowsThisSync += rows;
          this.ctx.host.responseBytes += payloadBytes(this.data.values);
        } else if (name === 'numberFormat') {
          this.data.numberFormat = grid((c) => c?.numberFormat ?? 'General');
          this.ctx.host.responseBytes += payloadBytes(this.data.numberFormat);
        } else if (name === 'rowIndex') this.data.rowIndex = b.top - 1;
        else if (name === 'columnIndex') this.data.columnIndex = b.left - 1;
        else if (name === 'rowCount') this.data.rowCount = rows;
        else if (name === 'columnCount') this.data.columnCount = columns;
        else if (name === 'address')
          this.data.address = `${this.sheet.state().name}!${cellAddress(b.top, b.left)}:${cellAddress(b.bottom, b.right)}`;
        else throw new Error(`fake host: cannot load ${name}`);
      }
    });
    return this;
  }

  private get<K extends keyof RangeData>(name: K): RangeData[K] {
    return this.data[name] ?? notLoaded(`range.${name}`);
  }
  get values(): unknown[][] {
    return this.get('values');
  }
  set values(values: unknown[][]) {
    this.ctx.send(values);
    this.ctx.queue.push(() => {
      this.ctx.host.writable(this.sheet.state());
      this.ctx.host.writeValues(this.sheet.state().name, this.bounds(), values);
    });
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  set numberFormat(formats: string[][]) {
    this.ctx.send(formats);
    this.ctx.queue.push(() => {
      this.ctx.host.writable(this.sheet.state());
      this.ctx.host.setNumberFormat(this.sheet.state().name, this.bounds(), formats);
    });
  }
  get rowIndex(): number {
    return this.get('rowIndex');
  }
  get columnIndex(): number {
    return this.get('columnIndex');
  }
  get rowCount(): number {
    return this.get('rowCount');
  }
  get columnCount(): number {
    return this.get('columnCount');
  }

  /** May lie outside the range, within the grid (as documented for Range.getCell). */
  getCell(row: number, column: number): Range {
    return this.derive((b) => {
      const r = b.top + row;
      const c = b.left + column;
      if (r > MAX_ROWS || c > MAX_COLUMNS) throw new Error('InvalidArgument: outside the grid');
      return { top: r, left: c, bottom: r, right: c };
    });
  }
  getBoundingRect(other: Range): Range {
    return this.derive((b) => {
      const o = other.bounds();
      return {
        top: Math.min(b.top, o.top),
        left: Math.min(b.left, o.left),
        bottom: Math.max(b.bottom, o.bottom),
        right: Math.max(b.right, o.right),
      };
    });
  }
  getEntireRow(): Range {
    return this.derive((b) => ({ top: b.top, bottom: b.bottom, left: 1, right: MAX_COLUMNS }));
  }
  getIntersection(other: Range): Range {
    return this.derive((b) => {
      const o = other.bounds();
      const r = {
        top: Math.max(b.top, o.top),
        left: Math.max(b.left, o.left),
        bottom: Math.min(b.bottom, o.bottom),
        right: Math.min(b.right, o.right),
      };
      if (r.top > r.bottom || r.left > r.right) throw new Error('ItemNotFound: no intersection');
      return r;
    });
  }
  select(): void {
    this.ctx.queue.push(() => {
      const b = this.bounds();
      const address =
        b.top === b.bottom && b.left === b.right
          ? cellAddress(b.top, b.left)
          : `${cellAddress(b.top, b.left)}:${cellAddress(b.bottom, b.right)}`;
      this.ctx.host.selection = { sheet: this.sheet.state().name, address };
    });
  }
  get conditionalFormats(): ConditionalFormats {
    this.ctx.host.require('1.6', 'range.conditionalFormats');
    return new ConditionalFormats(this.ctx, this.sheet, this);
  }
  address(): string {
    const b = this.bounds();
    return b.top === b.bottom && b.left === b.right
      ? cellAddress(b.top, b.left)
      : `${cellAddress(b.top, b.left)}:${cellAddress(b.bottom, b.right)}`;
  }
  sheetState(): SheetState {
    return this.sheet.state();
  }
}

function overlaps(a: RangeRef, b: RangeRef): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

class ConditionalFormats {
  private loaded: ConditionalFormat[] | null = null;
  constructor(
    private readonly ctx: Context,
    private readonly sheet: Worksheet,
    private readonly range: Range,
  ) {}
  private inRange(): FakeConditionalFormat[] {
    const b = this.range.bounds();
    return this.sheet.state().conditionalFormats.filter((cf) => overlaps(parseRange(cf.address)!, b));
  }
  add(_type: string): ConditionalFormat {
    const record = lazy(() => {
      this.ctx.host.writable(this.sheet.state());
      const cf: FakeConditionalFormat = {
        id: this.ctx.host.newId('cf'),
        type: 'Custom',
        address: this.range.address(),
        formula: '',
        fill: null,
      };
      this.sheet.state().conditionalFormats.unshift(cf);
      return cf;
    });
    this.ctx.queue.push(() => void record());
    return new ConditionalFormat(this.ctx, this.sheet, record, () => this.inRange());
  }
  /**
   * By id, which Microsoft documents as the rule's priority in this collection: the position now,
   * so an id read before rules were added or deleted may name another rule (docs/excel-checks.md).
   */
  getItem(id: string): ConditionalFormat {
    return new ConditionalFormat(
      this.ctx,
      this.sheet,
      lazy(() => {
        const cf = /^\d+$/.test(id) ? this.inRange()[Number(id)] : undefined;
        if (!cf) throw officeError('ItemNotFound', `conditional format ${id}`);
        return cf;
      }),
      () => this.inRange(),
    );
  }
  /** Deletes every rule on the range, the clerk's included: the add-in must never call it. */
  clearAll(): void {
    this.ctx.queue.push(() => {
      const gone = new Set(this.inRange());
      const s = this.sheet.state();
      s.conditionalFormats = s.conditionalFormats.filter((cf) => !gone.has(cf));
    });
  }
  load(_props?: unknown): this {
    this.ctx.queue.push(() => {
      this.loaded = this.inRange().map((cf) => {
        const c = new ConditionalFormat(
          this.ctx,
          this.sheet,
          () => cf,
          () => this.inRange(),
        );
        c.loadNow();
        return c;
      });
    });
    return this;
  }
  get items(): ConditionalFormat[] {
    return this.loaded ?? notLoaded('conditionalFormats.items');
  }
}

class ConditionalFormat {
  private loaded: { id: string; type: string } | null = null;
  private readonly rule = { formula: null as string | null };
  readonly custom: {
    rule: { formula: string; load(p?: unknown): void };
    format: { fill: { color: string } };
  };
  constructor(
    private readonly ctx: Context,
    private readonly sheet: Worksheet,
    private readonly record: () => FakeConditionalFormat,
    /** The collection the rule is read through: its id is its position there. */
    private readonly collection: () => FakeConditionalFormat[],
  ) {
    const custom = () => {
      const cf = record();
      if ((cf.type ?? 'Custom') !== 'Custom')
        throw new Error('InvalidOperation: this operation is not permitted for the current object');
      return cf;
    };
    const queue = (f: (cf: FakeConditionalFormat) => void) => ctx.queue.push(() => f(custom()));
    const loaded = this.rule;
    this.custom = {
      rule: {
        set formula(v: string) {
          ctx.send(v);
          queue((cf) => (cf.formula = v));
        },
        get formula(): string {
          return loaded.formula ?? notLoaded('rule.formula');
        },
        load() {
          queue((cf) => (loaded.formula = cf.formula));
        },
      },
      format: {
        fill: {
          set color(v: string) {
            ctx.send(v);
            queue((cf) => (cf.fill = v));
          },
          get color(): string {
            return notLoaded('fill.color');
          },
        },
      },
    };
  }
  loadNow(): void {
    const cf = this.record();
    this.loaded = { id: String(this.collection().indexOf(cf)), type: cf.type ?? 'Custom' };
  }
  load(_props?: unknown): this {
    this.ctx.queue.push(() => this.loadNow());
    return this;
  }
  get id(): string {
    return this.loaded?.id ?? notLoaded('conditionalFormat.id');
  }
  get type(): string {
    return this.loaded?.type ?? notLoaded('conditionalFormat.type');
  }
  delete(): void {
    this.ctx.queue.push(() => {
      const cf = this.record();
      const s = this.sheet.state();
      this.ctx.host.writable(s);
      s.conditionalFormats = s.conditionalFormats.filter((x) => x !== cf);
    });
  }
}

class Comments {
  private loaded: Comment[] | null = null;
  constructor(private readonly ctx: Context) {}
  add(cell: Range, content: string): Comment {
    this.ctx.send(content);
    const record = lazy(() => {
      const s = cell.sheetState();
      const address = cell.address();
      this.ctx.host.writable(s);
      if (s.comments.has(address)) throw officeError('InvalidArgument', `${address} already has a comment`);
      const c = { id: this.ctx.host.newId('comment'), content };
      s.comments.set(address, c);
      return c.id;
    });
    this.ctx.queue.push(() => void record());
    return new Comment(this.ctx, record);
  }
  getItem(id: string): Comment {
    return new Comment(this.ctx, () => id);
  }
  load(_props?: unknown): this {
    this.ctx.queue.push(() => {
      this.loaded = this.ctx.host.sheets.flatMap((s) =>
        [...s.comments.values()].map((c) => {
          const comment = new Comment(this.ctx, () => c.id);
          comment.loadNow();
          return comment;
        }),
      );
    });
    return this;
  }
  get items(): Comment[] {
    return this.loaded ?? notLoaded('comments.items');
  }
}

class Comment {
  private loadedId: string | null = null;
  constructor(
    private readonly ctx: Context,
    private readonly record: () => string,
  ) {}
  loadNow(): void {
    this.loadedId = this.record();
  }
  load(_props?: unknown): this {
    this.ctx.queue.push(() => this.loadNow());
    return this;
  }
  get id(): string {
    return this.loadedId ?? notLoaded('comment.id');
  }
  /** The comment's cell (ExcelApi 1.10); its `address` names the sheet, quoted as Excel quotes it. */
  getLocation(): { load(props?: unknown): { address: string }; address: string } {
    const ctx = this.ctx;
    const record = this.record;
    let loaded: string | null = null;
    const location = {
      load() {
        ctx.queue.push(() => {
          const id = record();
          for (const s of ctx.host.sheets)
            for (const [address, c] of s.comments)
              if (c.id === id) {
                loaded = `${/[^A-Za-z0-9_]/.test(s.name) ? `'${s.name.replace(/'/g, "''")}'` : s.name}!${address}`;
                return;
              }
          throw officeError('ItemNotFound', `comment ${id}`);
        });
        return location;
      },
      get address(): string {
        return loaded ?? notLoaded('range.address');
      },
    };
    return location;
  }
  delete(): void {
    this.ctx.queue.push(() => {
      const id = this.record();
      for (const s of this.ctx.host.sheets)
        for (const [address, c] of s.comments)
          if (c.id === id) {
            this.ctx.host.writable(s);
            s.comments.delete(address);
            return;
          }
      throw officeError('ItemNotFound', `comment ${id}`);
    });
  }
}

interface AsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { message: string };
}

/** Installs fake `Office` and `Excel` globals on `target` (globalThis or window); returns the fake Excel. */
export function installFakeOffice(
  options: FakeHostOptions,
  target: Record<string, unknown> = globalThis,
): FakeExcel {
  const host = new FakeExcel(options);
  const succeeded = <T>(value: T): AsyncResult<T> => ({ status: 'succeeded', value });
  const failed = (message: string): AsyncResult<null> => ({
    status: 'failed',
    value: null,
    error: { message },
  });
  target.Excel = {
    ConditionalFormatType: { custom: 'Custom' },
    createWorkbook(base64: string): Promise<void> {
      if (options.opensWorkbooks === false || !host.supports('1.8'))
        return Promise.reject(officeError('GeneralException', 'This host cannot open another workbook.'));
      host.openedWorkbooks.push(base64);
      return Promise.resolve();
    },
    async run<T>(first: unknown, second?: (ctx: Context) => Promise<T>): Promise<T> {
      const batch = (typeof first === 'function' ? first : second) as (ctx: Context) => Promise<T>;
      const ctx = typeof first === 'function' ? new Context(host) : (first as Context);
      const result = await batch(ctx);
      if (ctx.queue.length > 0) await ctx.sync();
      return result;
    },
  };
  target.Office = {
    HostType: { Excel: 'Excel' },
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      callback?.(info);
      return Promise.resolve(info);
    },
    context: {
      displayLanguage: options.displayLanguage ?? 'ja-JP',
      requirements: {
        isSetSupported: (name: string, version = '1.1') => name === 'ExcelApi' && host.supports(version),
      },
      document: {
        settings: {
          get: (name: string) => structuredClone(host.documentSettings.get(name) ?? null),
          set: (name: string, value: unknown) => void host.documentSettings.set(name, structuredClone(value)),
          remove: (name: string) => void host.documentSettings.delete(name),
          saveAsync: (callback?: (r: AsyncResult<null>) => void) => {
            host.settingsSaves++;
            callback?.(succeeded(null));
          },
        },
        getFileAsync(
          _type: string,
          opts: { sliceSize?: number },
          callback: (r: AsyncResult<unknown>) => void,
        ) {
          void host.fileBytes().then((bytes) => {
            if (!bytes) return callback(failed('getFileAsync is not available on this host'));
            const size = opts.sliceSize ?? 4 * 1024 * 1024;
            const count = Math.max(1, Math.ceil(bytes.length / size));
            callback(
              succeeded({
                size: bytes.length,
                sliceCount: count,
                getSliceAsync(i: number, cb: (r: AsyncResult<unknown>) => void) {
                  const data = Array.from(bytes.subarray(i * size, (i + 1) * size));
                  setTimeout(() => cb(succeeded({ index: i, size: data.length, data })), 0);
                },
                closeAsync(cb?: () => void) {
                  cb?.();
                },
              }),
            );
          });
        },
      },
    },
  };
  return host;
}
