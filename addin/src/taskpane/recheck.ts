import { validateWorkbook, type Strategy, type WorkbookSnapshot } from '#shared';
import type { SheetChange } from '../excel/port';

/**
 * Validation after a clerk's edit. Only the changed rows are read from Excel (the snapshot is
 * patched); the engine then re-validates the whole book in memory until the validation engine
 * exports its changed-rows function — swapping it in is this one call.
 */
export function recheck(snapshot: WorkbookSnapshot, strategy: Strategy, _changes: readonly SheetChange[]) {
  return validateWorkbook(snapshot, strategy);
}
