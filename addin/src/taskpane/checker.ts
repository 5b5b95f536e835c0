import {
  cellValueAt,
  countBySeverity,
  detectKpiTable,
  EMPTY_CELL,
  kpiColumnLabels,
  SheetGrid,
  TEXT_CELL,
  validateWorkbook,
  withRows,
  type EngineOptions,
  progressJsonRows,
  projectJson,
  type ProgressJsonRow,
  type ProjectJson,
  type Finding,
  type KpiField,
  type KpiRow,
  type SheetSnapshot,
  type Strategy,
  type TemplateKind,
  type SheetReport,
  type WorkbookSnapshot,
} from '#shared';
import type { CellMarker, ExcelPort, SheetChange } from '../excel/port';
import { recheck } from './recheck';

export type ColumnMap = Partial<Record<KpiField, number>>;

/** A clerk's correction of what detection found: the header row and which column holds which field. */
export interface ColumnOverride {
  headerRow: number;
  columns: ColumnMap;
}

export type Detection =
  | {
      ok: true;
      template: TemplateKind;
      headerRow: number;
      columns: ColumnMap;
      unsure: boolean;
      overridden: boolean;
    }
  | { ok: false; missing: string[]; overridden: boolean };

export interface SheetView {
  sheet: string;
  template: TemplateKind;
  rows: number;
  findings: Finding[];
  detection: Detection;
  /** First and last used column (1-based), for the mapping form. */
  columns: { first: number; last: number; headers: Record<number, string> };
}

export interface CheckState {
  phase: 'idle' | 'reading' | 'ready' | 'failed';
  /** 0…1 while reading; null otherwise. */
  progress: { read: number; total: number } | null;
  sheets: SheetView[];
  checkedAt: Date | null;
  /** Live re-checks done since the last full pass (shown, and waited for by the e2e test). */
  rechecks: number;
  error: string | null;
  /** Sheets with findings that are protected: listed in the pane, no cell markers. */
  protectedSheets: string[];
  /** Why the cell markers could not be written (the findings are still listed and still count). */
  markerError: string | null;
}

export const LIVE_DEBOUNCE_MS = 300;

/**
 * Reads the workbook through the ExcelPort, validates it with the shared engine, marks the cells,
 * and keeps it current as the clerk edits. Work is serialized: a re-check never overlaps a pass.
 */
export class Checker {
  state: CheckState = {
    phase: 'idle',
    progress: null,
    sheets: [],
    checkedAt: null,
    rechecks: 0,
    error: null,
    protectedSheets: [],
    markerError: null,
  };
  private snapshot: WorkbookSnapshot | null = null;
  private overrides = new Map<string, ColumnOverride>();
  private pending = new Map<string, SheetChange>();
  /** Rows or sheets moved since the last pass: the next re-check reads the whole workbook. */
  private reshapedSince = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(s: CheckState) => void>();
  private stopListening: (() => Promise<void>) | null = null;
  private recovered = false;
  /** The department the token submits as: its submission may hold only its own (or co-owned) rows. */
  private options: EngineOptions = {};

  constructor(
    private readonly port: ExcelPort,
    private strategy: Strategy,
  ) {}

  subscribe(listener: (s: CheckState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<CheckState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  setStrategy(strategy: Strategy): Promise<void> {
    this.strategy = strategy;
    return this.snapshot ? this.serial(() => this.revalidate([])) : Promise.resolve();
  }

  /**
   * Checks as the service will: as this department's submission (null: not known, e.g. an admin
   * token) to the chosen cycle, whose fiscal year needs every KPI's 実績値 (null: no cycle chosen).
   */
  setDepartment(department: string | null, fiscalYear: number | null = null): Promise<void> {
    if ((this.options.department ?? null) === department && (this.options.fiscalYear ?? null) === fiscalYear)
      return Promise.resolve();
    this.options = {
      ...(department === null ? {} : { department }),
      ...(fiscalYear === null ? {} : { fiscalYear }),
    };
    return this.snapshot ? this.serial(() => this.revalidate([])) : Promise.resolve();
  }

  /** Starts listening for the clerk's edits. */
  async startLive(): Promise<void> {
    this.stopListening = await this.port.onChange(
      (change) => this.changed(change),
      () => {
        this.reshapedSince = true;
        this.schedule();
      },
    );
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.stopListening?.();
  }

  /** A full pass: read every sheet in chunks, validate, mark. */
  check(): Promise<void> {
    return this.serial(() => this.pass());
  }

  /** A full pass inside the serial chain (a re-check that finds the workbook reshaped calls it). */
  private async pass(): Promise<void> {
    this.set({ phase: 'reading', progress: { read: 0, total: 0 }, error: null });
    try {
      if (!this.recovered) {
        await this.port.recoverMarkers();
        this.recovered = true;
      }
      this.snapshot = await this.port.readSnapshot((p) =>
        this.set({ progress: { read: p.rowsRead, total: p.rowsTotal } }),
      );
      this.set({ rechecks: 0 });
      await this.revalidate([]);
    } catch (error) {
      this.set({
        phase: 'failed',
        progress: null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private changed(change: SheetChange): void {
    const seen = this.pending.get(change.sheet);
    this.pending.set(
      change.sheet,
      seen
        ? {
            sheet: change.sheet,
            firstRow: Math.min(seen.firstRow, change.firstRow),
            lastRow: Math.max(seen.lastRow, change.lastRow),
          }
        : change,
    );
    this.schedule();
  }

  /** Restarted by every event, so a burst of edits is one re-check. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const changes = [...this.pending.values()];
      this.pending.clear();
      if (this.reshapedSince) {
        this.reshapedSince = false;
        void this.check();
      } else void this.serial(() => this.recheckRows(changes));
    }, LIVE_DEBOUNCE_MS);
  }

  /** Reads only the changed rows, patches the snapshot, re-validates and re-marks. */
  private async recheckRows(changes: readonly SheetChange[]): Promise<void> {
    if (!this.snapshot) return;
    const { sheets } = this.snapshot;
    try {
      for (const change of changes) {
        const index = sheets.findIndex((s) => s.name === change.sheet);
        const sheet = sheets[index];
        if (!sheet) continue;
        const width = sheet.columnCount;
        const first = Math.max(change.firstRow, sheet.startRow);
        // Whole-column edits come as every row: clip to the used rows (plus what was appended).
        const last = Math.min(change.lastRow, sheet.startRow + sheet.rowCount + 1000);
        if (first > last || width === 0) continue;
        const rows = await this.port.readRows(
          sheet.name,
          first,
          last,
          sheet.startColumn,
          sheet.startColumn + width - 1,
        );
        sheets[index] = withRows(sheet, rows.startRow, rows.values, rows.numberFormats);
      }
      await this.revalidate(changes);
      this.set({ rechecks: this.state.rechecks + 1 });
    } catch (error) {
      // A sheet renamed without Excel saying so (below ExcelApi 1.17): read the workbook again.
      if ((error as { code?: unknown } | null)?.code === 'ItemNotFound') return this.pass();
      this.set({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async revalidate(changes: readonly SheetChange[]): Promise<void> {
    const snapshot = this.effectiveSnapshot();
    const reports: SheetReport[] =
      changes.length > 0
        ? recheck(snapshot, this.strategy, changes, this.state.sheets, this.options)
        : validateWorkbook(snapshot, this.strategy, this.options).sheets;
    const sheets = reports.map((s): SheetView => {
      const original = this.snapshot!.sheets.find((x) => x.name === s.sheet)!;
      return {
        sheet: s.sheet,
        template: s.template,
        rows: s.rows,
        findings: s.findings,
        // Column mapping is a KPI-table notion: other templates are named, not mapped.
        detection:
          s.template === 'kpi' || s.template === 'unknown'
            ? detection(
                snapshot.sheets.find((x) => x.name === s.sheet)!,
                this.overrides.has(s.sheet),
              )
            : { ok: true, template: s.template, headerRow: 0, columns: {}, unsure: false, overridden: false },
        columns: columnsOf(original),
      };
    });
    // The findings stand whatever happens to the markers: they are listed and they block Submit.
    this.set({ phase: 'ready', progress: null, sheets, checkedAt: new Date(), error: null });
    try {
      const { protectedSheets } = await this.port.writeMarkers(markersFor(sheets));
      this.set({ protectedSheets, markerError: null });
    } catch (error) {
      this.set({ markerError: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The snapshot with the clerk's column corrections applied as canonical header labels (in memory only). */
  private effectiveSnapshot(): WorkbookSnapshot {
    const snapshot = this.snapshot!;
    if (this.overrides.size === 0) return snapshot;
    return {
      sheets: snapshot.sheets.map((s) => {
        const o = this.overrides.get(s.name);
        return o ? withHeader(s, o) : s;
      }),
    };
  }

  /** Writes the markers again (after a display option changed), without reading Excel. */
  remark(): Promise<void> {
    return this.snapshot ? this.serial(() => this.revalidate([])) : Promise.resolve();
  }

  setOverride(sheet: string, override: ColumnOverride | null): Promise<void> {
    if (override) this.overrides.set(sheet, override);
    else this.overrides.delete(sheet);
    return this.serial(() => this.revalidate([]));
  }

  get hasOverrides(): boolean {
    return this.overrides.size > 0;
  }

  /** One write: the suggestion into the finding's cell; the row is then re-read and re-checked. */
  applySuggestion(sheet: string, finding: Finding): Promise<void> {
    const cell = finding.cell;
    const suggestion = finding.suggestion;
    if (!cell || suggestion === null) return Promise.resolve();
    return this.serial(async () => {
      const value = /^-?\d+(\.\d+)?$/.test(suggestion) ? Number(suggestion) : suggestion;
      await this.port.writeCell(sheet, cell, value);
      const row = finding.row ?? 0;
      await this.recheckRows([{ sheet, firstRow: row, lastRow: row }]);
    });
  }

  select(sheet: string, cell: string): Promise<void> {
    return this.port.selectCell(sheet, cell);
  }

  clearMarkers(): Promise<void> {
    return this.serial(() => this.port.clearMarkers());
  }

  counts() {
    return countBySeverity(this.state.sheets.flatMap((s) => s.findings));
  }

  /**
   * The rows as they stand now, for the JSON submission when the file cannot be sent: KPI rows,
   * progress-report rows or project figures, as the cycle's kind asks.
   */
  jsonRows(kind: CycleKind): JsonRows {
    if (!this.snapshot) return { field: 'rows', rows: [] };
    // Live re-checks patch findings unit by unit; the rows sent are read afresh from the whole current book.
    const snapshot = this.effectiveSnapshot();
    const { sheets } = validateWorkbook(snapshot, this.strategy);
    if (kind === 'project')
      return { field: 'projects', rows: sheets.flatMap((s) => (s.project ? [projectJson(s.project)] : [])) };
    if (kind === 'progress')
      return {
        field: 'rows',
        rows: sheets.flatMap((s) => {
          const sheet = snapshot.sheets.find((x) => x.name === s.sheet);
          return s.progress && sheet ? progressJsonRows(s.progress, new SheetGrid(sheet)) : [];
        }),
      };
    return {
      field: 'rows',
      rows: sheets.flatMap((s) => s.kpiRows.map(({ row: _row, cells: _cells, ...r }) => r)),
    };
  }
}

export type CycleKind = 'kpi' | 'progress' | 'project';

/** A JSON submission's body: `{"rows":[…]}` (KPI or progress rows) or `{"projects":[…]}`. */
export type JsonRows =
  { field: 'rows'; rows: (KpiRow | ProgressJsonRow)[] } | { field: 'projects'; rows: ProjectJson[] };

function markersFor(sheets: readonly SheetView[]): CellMarker[] {
  return sheets.flatMap((s) =>
    s.findings
      .filter((f) => f.cell !== null)
      .map((f) => ({ sheet: s.sheet, address: f.cell!, severity: f.severity, note: f.message })),
  );
}

const FIELDS = Object.keys(kpiColumnLabels) as KpiField[];

function withHeader(sheet: SheetSnapshot, o: ColumnOverride): SheetSnapshot {
  const at = o.headerRow - sheet.startRow;
  if (at < 0 || at >= sheet.rowCount) return sheet;
  const width = sheet.columnCount;
  // Copies of the cell arrays with the header row rewritten in place: this runs on every re-check,
  // and going through rows would rebuild the whole sheet. The texts may be shared with other sheets.
  const kinds = sheet.kinds.slice();
  const numbers = sheet.numbers.slice();
  const texts = sheet.texts.slice();
  const row = at * width;
  kinds.fill(EMPTY_CELL, row, row + width);
  numbers.fill(0, row, row + width);
  for (const field of FIELDS) {
    const c = o.columns[field];
    if (c !== undefined && c >= sheet.startColumn && c < sheet.startColumn + width) {
      kinds[row + c - sheet.startColumn] = TEXT_CELL;
      numbers[row + c - sheet.startColumn] =
        texts.push(field === 'kind' ? '区分' : kpiColumnLabels[field]) - 1;
    }
  }
  return { ...sheet, kinds, numbers, texts };
}

function detection(sheet: SheetSnapshot, overridden: boolean): Detection {
  const d = detectKpiTable(new SheetGrid(sheet));
  if (!d.ok) return { ok: false, missing: d.missing, overridden };
  const columns: ColumnMap = {};
  for (const field of FIELDS) if (d.columns[field] > 0) columns[field] = d.columns[field];
  const unsure = columns.unit === undefined || columns.department === undefined;
  return { ok: true, template: 'kpi', headerRow: d.headerRow, columns, unsure, overridden };
}

function columnsOf(sheet: SheetSnapshot): SheetView['columns'] {
  const width = sheet.columnCount;
  const first = sheet.startColumn;
  const last = sheet.startColumn + Math.max(width, 1) - 1;
  // The first row with several texts is the likeliest header: its labels name the columns in the form.
  for (let r = 0; r < Math.min(sheet.rowCount, 30); r++) {
    const headers: Record<number, string> = {};
    let labels = 0;
    for (let c = 0; c < width; c++) {
      const v = cellValueAt(sheet, r * width + c);
      if (typeof v === 'string' && v.trim() !== '') {
        headers[sheet.startColumn + c] = v.trim();
        labels++;
      }
    }
    if (labels >= 3) return { first, last, headers };
  }
  return { first, last, headers: {} };
}
