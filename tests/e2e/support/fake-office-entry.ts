// Browser entry for the e2e tests: installs the fake Office host before the task pane's scripts run.
import { installFakeOffice, type FakeHostOptions } from '../../../addin/src/excel/fake-host';

declare global {
  interface Window {
    __FAKE_EXCEL_CONFIG__: Omit<FakeHostOptions, 'file'> & { withFile: boolean };
    /** Exposed by the test (Node): the fake's current values as .xlsx, base64. */
    __buildXlsx?: (sheets: unknown) => Promise<string>;
    __fakeExcel: ReturnType<typeof installFakeOffice>;
  }
}

const { withFile, ...config } = window.__FAKE_EXCEL_CONFIG__;
const host = installFakeOffice(
  {
    ...config,
    ...(withFile
      ? {
          file: async () => {
            const base64 = await window.__buildXlsx!(host.values());
            return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          },
        }
      : {}),
  },
  window as never,
);
window.__fakeExcel = host;
