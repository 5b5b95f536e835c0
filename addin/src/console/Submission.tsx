import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  TableCell,
  TableRow,
  Textarea,
} from '@fluentui/react-components';
import type { Finding } from '#shared';
import type { CellNote, Diff, Submission, SubmissionDetail } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { FindingItem } from '../ui/FindingItem';
import { download, japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: '8px 20px', alignItems: 'flex-end', margin: '8px 0' },
  findings: {
    listStyle: 'none',
    padding: 0,
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
  form: { display: 'flex', flexDirection: 'column', gap: '10px', maxWidth: '760px' },
  notes: { margin: 0, paddingLeft: '20px' },
});

/** `KPI!E28 単位を確認` or `E28 単位を確認`: a cell note typed by the planning office. */
export function parseTypedNote(text: string): CellNote | null {
  const m = /^\s*(?:(.+?)!)?([A-Za-z]{1,3}[0-9]{1,7})\s+(.+)$/s.exec(text);
  if (!m) return null;
  return { ...(m[1] ? { sheet: m[1] } : {}), cell: m[2]!.toUpperCase(), message: m[3]!.trim() };
}

export function SubmissionScreen({
  cycleId,
  department,
  onDepartment,
}: {
  cycleId: string;
  department: string | null;
  onDepartment: (d: string) => void;
}) {
  const styles = useStyles();
  const { client, t, lang, token } = useConsole();
  const [all, setAll] = useState<Submission[]>([]);
  const [versionId, setVersionId] = useState<number | null>(null);
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    void client.submissions(cycleId).then((r) => {
      setProblem(problemOf(r, lang));
      if (r.ok) setAll(r.data.submissions);
    });
  }, [client, cycleId, lang, reload]);
  const departments = useMemo(() => [...new Set(all.map((s) => s.department))], [all]);
  const chosen = department ?? departments[0] ?? null;
  const versions = all.filter((s) => s.department === chosen);
  const current = versions.find((v) => v.id === versionId) ?? versions.at(-1) ?? null;
  const currentId = current?.id ?? null;
  useEffect(() => {
    setDetail(null);
    if (currentId === null) return;
    void client.submission(cycleId, currentId).then((r) => {
      setProblem(problemOf(r, lang));
      if (r.ok) setDetail(r.data);
    });
  }, [client, cycleId, currentId, lang, reload]);

  return (
    <section aria-labelledby="submission-heading">
      <h2 id="submission-heading">{t(T.tabs.submission)}</h2>
      <div className={styles.bar}>
        <Field label={t(T.pickDepartment)}>
          <Select
            value={chosen ?? ''}
            onChange={(_e, d) => {
              onDepartment(d.value);
              setVersionId(null);
            }}
            data-testid="submission-department"
          >
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.pickVersion)}>
          <Select
            value={current ? String(current.id) : ''}
            onChange={(_e, d) => setVersionId(Number(d.value))}
            data-testid="submission-version"
          >
            {versions.map((v) => (
              <option key={v.id} value={String(v.id)}>
                v{v.version} — {japanTime(v.createdAt)}
              </option>
            ))}
          </Select>
        </Field>
        {current?.fileSha256 && (
          <Button
            onClick={() =>
              void download(
                token,
                `/api/cycles/${encodeURIComponent(cycleId)}/submissions/${current.id}/file`,
                current.fileName ?? `v${current.version}.xlsx`,
                lang,
              ).then(setProblem)
            }
            data-testid="download-file"
          >
            {t(T.downloadFile)}
          </Button>
        )}
      </div>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {!current && <p>{t(T.noSubmission)}</p>}
      {current && detail && (
        <>
          <h3>
            {current.department} v{current.version} ({current.fileName ?? current.source})
          </h3>
          <p>
            <strong>{t(T.reason)}:</strong> {current.reason ?? t(T.noReason)}
          </p>
          <h3 id="findings-heading">
            {t(T.findings)} ({current.findings.length})
          </h3>
          <FindingList findings={current.findings} />
          {detail.returns.length > 0 && (
            <>
              <h3>{t(T.returnsHeading)}</h3>
              <ul data-testid="returns">
                {detail.returns.map((r) => (
                  <li key={r.id}>
                    {japanTime(r.createdAt)} — {r.comment}
                    <ul>
                      {r.notes.map((n, i) => (
                        <li key={i}>
                          {n.sheet ? `${n.sheet}!` : ''}
                          {n.cell}: {n.message}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
          <ReturnForm cycleId={cycleId} submission={current} onReturned={() => setReload((n) => n + 1)} />
          <DiffView
            cycleId={cycleId}
            submission={current}
            earlier={versions.filter((v) => v.version < current.version)}
          />
        </>
      )}
    </section>
  );
}

/** The findings of a version, in the pane's list component (no workbook here: cells are text). */
export function FindingList({ findings }: { findings: Finding[] }) {
  const styles = useStyles();
  const { t, lang } = useConsole();
  if (findings.length === 0) return <p>{t(T.noFindings)}</p>;
  return (
    <ul className={styles.findings} aria-labelledby="findings-heading" data-testid="findings">
      {findings.map((f, i) => (
        <FindingItem key={i} sheet={f.sheet} finding={f} lang={lang} t={t} />
      ))}
    </ul>
  );
}

function ReturnForm({
  cycleId,
  submission,
  onReturned,
}: {
  cycleId: string;
  submission: Submission;
  onReturned: () => void;
}) {
  const styles = useStyles();
  const { client, t, lang } = useConsole();
  const [comment, setComment] = useState('');
  const [notes, setNotes] = useState<CellNote[]>([]);
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const withCell = submission.findings.filter((f) => f.cell !== null);
  const key = (n: CellNote) => `${n.sheet ?? ''}!${n.cell}!${n.message}`;
  const noteOf = (f: Finding): CellNote => ({
    cell: f.cell!,
    ...(f.sheet ? { sheet: f.sheet } : {}),
    message: lang === 'ja' ? f.message : f.messageEn,
  });
  const has = (n: CellNote) => notes.some((x) => key(x) === key(n));
  const toggle = (n: CellNote, on: boolean) =>
    setNotes((all) => (on ? [...all, n] : all.filter((x) => key(x) !== key(n))));

  async function send() {
    const r = await client.returnSubmission(cycleId, submission.id, { comment, notes });
    const problem = problemOf(r, lang);
    setMessage(problem ? { intent: 'error', text: problem } : { intent: 'success', text: t(T.returnedOk) });
    if (!problem) {
      setComment('');
      setNotes([]);
      onReturned();
    }
  }
  return (
    <form
      className={styles.form}
      aria-labelledby="return-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3 id="return-heading">{t(T.returnHeading)}</h3>
      <Field label={t(T.comment)} required>
        <Textarea value={comment} onChange={(_e, d) => setComment(d.value)} data-testid="return-comment" />
      </Field>
      {withCell.length > 0 && (
        <fieldset>
          <legend>{t(T.notesFromFindings)}</legend>
          {withCell.map((f, i) => {
            const n = noteOf(f);
            return (
              <Checkbox
                key={i}
                checked={has(n)}
                onChange={(_e, d) => toggle(n, d.checked === true)}
                label={`${f.sheet ? `${f.sheet}!` : ''}${f.cell} — ${n.message}`}
              />
            );
          })}
        </fieldset>
      )}
      <Field
        label={t(T.typedNote)}
        validationMessage={typed.trim() !== '' && !parseTypedNote(typed) ? t(T.badNote) : undefined}
      >
        <Input value={typed} onChange={(_e, d) => setTyped(d.value)} data-testid="typed-note" />
      </Field>
      <div>
        <Button
          disabled={!parseTypedNote(typed)}
          onClick={() => {
            const n = parseTypedNote(typed);
            if (n && !has(n)) setNotes((all) => [...all, n]);
            setTyped('');
          }}
          data-testid="add-note"
        >
          {t(T.addNote)}
        </Button>
      </div>
      {notes.length > 0 && (
        <>
          <strong>{t(T.notes)}</strong>
          <ul className={styles.notes} data-testid="notes">
            {notes.map((n) => (
              <li key={key(n)}>
                {n.sheet ? `${n.sheet}!` : ''}
                {n.cell}: {n.message}{' '}
                <Button
                  size="small"
                  appearance="subtle"
                  onClick={() => toggle(n, false)}
                  aria-label={t(T.removeNote(n.cell))}
                >
                  ×
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="primary" type="submit" disabled={comment.trim() === ''} data-testid="send-return">
          {t(T.sendReturn)}
        </Button>
      </div>
    </form>
  );
}

const show = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);

function DiffView({
  cycleId,
  submission,
  earlier,
}: {
  cycleId: string;
  submission: Submission;
  earlier: Submission[];
}) {
  const { client, t, lang } = useConsole();
  const [against, setAgainst] = useState<number | null>(null);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const base = earlier.find((e) => e.id === against) ?? earlier.at(-1) ?? null;
  const baseId = base?.id ?? null;
  useEffect(() => {
    setDiff(null);
    if (baseId === null) return;
    void client.diff(cycleId, submission.id, baseId).then((r) => {
      setProblem(problemOf(r, lang));
      if (r.ok) setDiff(r.data);
    });
  }, [client, cycleId, submission.id, baseId, lang]);

  // One table row per changed cell: KPI rows (値・単位), progress rows (実績・計画), project sheets.
  const lines = useMemo(() => {
    if (!diff) return [];
    const out: {
      change: 'changed' | 'added' | 'removed';
      item: string;
      field: keyof typeof T.fieldNames;
      before: string;
      after: string;
      rows: string;
    }[] = [];
    for (const change of ['changed', 'added', 'removed'] as const) {
      for (const c of diff[change]) {
        const fields = c.fields.length > 0 ? c.fields : (['value', 'unit'] as const);
        for (const f of fields)
          out.push({
            change,
            item: `${c.kpi} (${c.identity.period})`,
            field: f,
            before: show(c.before?.[f]),
            after: show(c.after?.[f]),
            rows: `${c.rowBefore ?? '—'} → ${c.rowAfter ?? '—'}`,
          });
      }
      for (const c of diff.progress[change]) {
        const fields = c.fields.length > 0 ? c.fields : (['results', 'plan'] as const);
        for (const f of fields)
          out.push({
            change,
            item: `${c.item} (${c.department})`,
            field: f,
            before: show(c.before?.[f]),
            after: show(c.after?.[f]),
            rows: `${c.rowBefore ?? '—'} → ${c.rowAfter ?? '—'}`,
          });
      }
      for (const c of diff.projects[change]) {
        const fields =
          c.fields.length > 0 ? c.fields : (['years', 'funds', 'perCapita', 'evaluations'] as const);
        for (const f of fields)
          out.push({
            change,
            item: `${c.name} (${c.department})`,
            field: f,
            before: show(c.before?.[f]),
            after: show(c.after?.[f]),
            rows: '—',
          });
      }
    }
    return out;
  }, [diff]);

  return (
    <section aria-labelledby="diff-heading">
      <h3 id="diff-heading">{t(T.diffHeading)}</h3>
      {!base ? (
        <p>{t(T.noEarlier)}</p>
      ) : (
        <>
          <Field label={t(T.against)}>
            <Select
              value={String(base.id)}
              onChange={(_e, d) => setAgainst(Number(d.value))}
              data-testid="diff-against"
            >
              {earlier.map((v) => (
                <option key={v.id} value={String(v.id)}>
                  v{v.version} — {japanTime(v.createdAt)}
                </option>
              ))}
            </Select>
          </Field>
          {problem && <p role="alert">{problem}</p>}
          {diff && lines.length === 0 && <p>{t(T.noChanges)}</p>}
          {lines.length > 0 && (
            <DataTable
              labelledBy="diff-heading"
              testId="diff-table"
              columns={[t(T.item), t(T.field), t(T.before), t(T.after), t(T.rowBeforeAfter)]}
            >
              {lines.map((l, i) => (
                <TableRow key={i} data-change={l.change}>
                  <TableCell>
                    {l.item} <Badge appearance="outline">{t(T.change[l.change])}</Badge>
                  </TableCell>
                  <TableCell>{t(T.fieldNames[l.field])}</TableCell>
                  <TableCell>{l.before}</TableCell>
                  <TableCell>{l.after}</TableCell>
                  <TableCell>{l.rows}</TableCell>
                </TableRow>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
