import {
  bundledStrategies,
  DEFAULT_STRATEGY_ID,
  loadStrategy,
  readWorkbook,
  toReport,
  validateWorkbook,
} from '#shared';
import { uiTexts } from '../messages';
import type { CheckMessage, CheckRequest } from './check-protocol';

/**
 * Reads and validates a dropped workbook off the page's thread: a 100,000-row KPI表 takes seconds,
 * and the page must keep answering (progress, another file, another strategy) meanwhile.
 */
const post = (message: CheckMessage) => (self as unknown as Worker).postMessage(message);

self.onmessage = (event: MessageEvent<CheckRequest>) => {
  const { bytes, fileName, maxBytes, strategy: chosen } = event.data;
  post({ kind: 'progress', stage: 'reading' });
  const read = readWorkbook(new Uint8Array(bytes), {
    maxBytes,
    onProgress: ({ done, sheets }) => post({ kind: 'progress', stage: 'sheets', done, sheets }),
  });
  if (!read.ok) return post({ kind: 'problem', message: read.problem.message });
  let strategy = bundledStrategies.get(DEFAULT_STRATEGY_ID)!;
  if ('bundled' in chosen) strategy = bundledStrategies.get(chosen.bundled) ?? strategy;
  else {
    const loaded = loadStrategy(chosen.own);
    if (!loaded.ok) return post({ kind: 'problem', message: uiTexts.strategyRejected(chosen.own.title) });
    strategy = loaded.strategy;
  }
  post({ kind: 'progress', stage: 'validating' });
  post({ kind: 'report', report: toReport(validateWorkbook(read.snapshot, strategy), fileName) });
};
