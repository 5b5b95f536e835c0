// The worker pool's entry when the service runs from source: workers are plain Node threads, so
// TypeScript is loaded through tsx's loader (as `npm start` and the tests run the service). The
// prebuilt CLI bundle (`sousei serve`) has its own compiled copy next to it, built from worker.ts.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export default worker.default;
export const validateRows = worker.validateRows;
