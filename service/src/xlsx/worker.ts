import type { MessagePort } from 'node:worker_threads';
import {
  analyzeWorkbook,
  validateRows as validateRowsHere,
  type AnalysisTask,
  type RowsTask,
} from './analyze';

/** Says when the file is taken (the time limit starts then, not while the worker was loading). */
export default function analyze({ started, task }: { started: MessagePort; task: AnalysisTask }) {
  started.postMessage('started');
  started.close();
  return analyzeWorkbook(task);
}

/** KPI rows sent as JSON (piscina calls this export by name). */
export function validateRows({ started, task }: { started: MessagePort; task: RowsTask }) {
  started.postMessage('started');
  started.close();
  return validateRowsHere(task);
}
