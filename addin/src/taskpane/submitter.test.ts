import { describe, expect, it } from 'vitest';
import type { KpiRow } from '#shared';
import { worksheetXml, xlsxOf } from '../../../tests/fixtures/xlsx-parts';
import type { ExcelPort } from '../excel/port';
import type { KeyValueStore } from './storage';
import { SubmitQueue, type HttpRequest, type SendOutcome } from './submit-queue';
import { reasonNeeded, submitBlocker, Submitter } from './submitter';

const settings = {
  serviceUrl: 'http://svc',
  token: 't',
  cycle: 'kpi-2024',
  lang: 'ja' as const,
  comments: false,
};
const row: KpiRow = {
  policy: 'ア 創業・第二創業の支援',
  kpi: '・創業支援者数',
  kind: 'actual',
  period: 'H27年度',
  value: 71,
  unit: '人',
  department: '商業労政課',
};

function store(limitBytes = Infinity): KeyValueStore {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > limitBytes) throw new DOMException('quota', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
  };
}

/** A small real workbook: the pane reads the file as the service will before sending it. */
const book = new Uint8Array(
  xlsxOf({
    sheets: [
      {
        name: 'KPI',
        xml: worksheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>施策体系</t></is></c></row>'),
      },
    ],
  }),
);

function portGiving(file: Uint8Array | null): ExcelPort {
  return { getFile: async () => file } as unknown as ExcelPort;
}

describe('submitBlocker', () => {
  it.each([
    [{ ...settings, token: '' }, { error: 0, warning: 0 }, '', 'settings'],
    [settings, { error: 1, warning: 0 }, 'reason', 'errors'],
    [settings, { error: 0, warning: 2 }, '  ', 'reason'],
    [settings, { error: 0, warning: 2 }, '実績値は暫定値', null],
    [settings, { error: 0, warning: 0 }, '', null],
  ] as const)('%o %o %j → %s', (s, counts, reason, expected) => {
    expect(submitBlocker(s, counts, reasonNeeded(counts, null), reason)).toBe(expected);
  });

  it('asks for a reason after the service refused a version that dropped most rows, even without warnings', () => {
    const refused = (code: string | null): SendOutcome => ({
      status: 'rejected',
      id: '1',
      httpStatus: 422,
      code,
      message: '',
      messageEn: '',
      findings: [],
      returned: null,
    });
    const clean = { error: 0, warning: 0 };
    expect(reasonNeeded(clean, refused('rows-dropped'))).toBe('rows-dropped');
    expect(submitBlocker(settings, clean, reasonNeeded(clean, refused('rows-dropped')), '')).toBe('reason');
    expect(
      submitBlocker(settings, clean, reasonNeeded(clean, refused('rows-dropped')), '課の再編で2事業を移管'),
    ).toBeNull();
    expect(reasonNeeded(clean, refused('validation-failed'))).toBeNull();
    // No pass has checked the workbook yet (its first read failed): counts of 0 are no clean bill.
    expect(submitBlocker(settings, clean, null, '', false)).toBe('unchecked');
    expect(reasonNeeded({ warning: 1 }, refused('validation-failed'))).toBe('warnings');
  });
});

describe('Submitter', () => {
  const accepted = async (req: HttpRequest) => {
    sent.push(req);
    return { status: 201, body: JSON.stringify({ submission: { id: 1, version: 1 }, findings: [] }) };
  };
  let sent: HttpRequest[] = [];

  it('sends the workbook file where the host gives it', async () => {
    sent = [];
    const submitter = new Submitter(new SubmitQueue(store(), accepted), portGiving(book));
    await submitter.submit({ settings, reason: null, rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(sent[0]!.headers['Content-Type']).toContain('spreadsheetml');
    expect(submitter.state).toMatchObject({ sentAs: 'xlsx', last: { status: 'delivered', version: 1 } });
  });

  it('sends the JSON rows where getFileAsync fails (some Office 2016 builds)', async () => {
    sent = [];
    const submitter = new Submitter(new SubmitQueue(store(), accepted), portGiving(null));
    await submitter.submit({ settings, reason: '暫定値', rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(JSON.parse(sent[0]!.body as string)).toEqual({ rows: [row], reason: '暫定値' });
    expect(submitter.state.sentAs).toBe('json');
  });

  it('Excel throwing instead of giving the file: the reason is shown, nothing queued, Submit usable again', async () => {
    sent = [];
    let fails = true;
    const port = {
      getFile: async () => {
        if (fails) throw new Error('Internal error');
        return book;
      },
    } as unknown as ExcelPort;
    const submitter = new Submitter(new SubmitQueue(store(), accepted), port);
    await submitter.submit({ settings, reason: null, rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(submitter.state).toMatchObject({ phase: 'idle', fileError: 'Internal error', queued: [] });
    expect(sent).toHaveLength(0);
    // The next press works.
    fails = false;
    await submitter.submit({ settings, reason: null, rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(submitter.state).toMatchObject({ fileError: null, last: { status: 'delivered' } });
  });

  it('sends the rows instead of a file the service’s reader would refuse', async () => {
    sent = [];
    const damaged = book.slice(0, book.length - 40);
    const submitter = new Submitter(new SubmitQueue(store(), accepted), portGiving(damaged));
    await submitter.submit({ settings, reason: null, rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(sent[0]!.headers['Content-Type']).toBe('application/json');
    expect(submitter.state.sentAs).toBe('json');
  });

  it('falls back to the rows when the file does not fit in local storage, so nothing is lost', async () => {
    sent = [];
    // Room for the rows, not for the file (stored as base64: a third larger than its bytes).
    const submitter = new Submitter(new SubmitQueue(store(book.length), accepted), portGiving(book));
    await submitter.submit({ settings, reason: null, rows: [row], sendFile: true, fileName: 'kpi.xlsx' });
    expect(sent[0]!.headers['Content-Type']).toBe('application/json');
  });
});
