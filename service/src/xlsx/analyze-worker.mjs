// The worker pool's entry: workers are plain Node threads, so TypeScript is loaded through tsx's
// loader (as `npm start` and the tests run the service) before the analysis module is imported.
import { register } from 'tsx/esm/api';

register();
const { analyzeWorkbook, validateRows: validateRowsHere } = await import('./analyze.ts');

/** Says when the file is taken (the time limit starts then, not while the worker was loading). */
export default function analyze({ started, task }) {
  started.postMessage('started');
  started.close();
  return analyzeWorkbook(task);
}

/** KPI rows sent as JSON (piscina calls this export by name). */
export function validateRows({ started, task }) {
  started.postMessage('started');
  started.close();
  return validateRowsHere(task);
}
