import type { Bilingual, Strategy, WorkbookReport } from '#shared';

/** The page → worker: one file to read and check against one strategy. */
export interface CheckRequest {
  bytes: ArrayBuffer;
  fileName: string;
  maxBytes: number;
  /** A bundled definition by id, or a clerk's own definition (checked again in the worker). */
  strategy: { bundled: string } | { own: Strategy };
}

/** The worker → page: progress while it works, then one report or one problem. */
export type CheckMessage =
  | { kind: 'progress'; stage: 'reading' }
  | { kind: 'progress'; stage: 'sheets'; done: number; sheets: number }
  | { kind: 'progress'; stage: 'validating' }
  | { kind: 'report'; report: WorkbookReport }
  | { kind: 'problem'; message: Bilingual };
