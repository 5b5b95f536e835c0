import { useEffect, useState } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  TableCell,
  TableRow,
} from '@fluentui/react-components';
import type { AuditEntry, AuditQuery } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'flex-end', margin: '8px 0' },
  detail: { maxWidth: '420px', overflowWrap: 'anywhere', fontSize: '0.85em' },
});

const FAMILIES = ['cycle', 'submission', 'conflict', 'token', 'strategy'] as const;
// A date typed in the filter is a day in Japan.
const japanDay = (date: string) => (date ? `${date}T00:00:00+09:00` : undefined);

export function AuditScreen() {
  const styles = useStyles();
  const { client, t, lang, cycles } = useConsole();
  const [action, setAction] = useState('');
  const [who, setWho] = useState('');
  const [cycle, setCycle] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  async function search() {
    const query: AuditQuery = { limit: 200 };
    if (action) query.action = action;
    if (who.trim()) query.who = who.trim();
    if (cycle) query.cycle = cycle;
    const [s, u] = [japanDay(since), japanDay(until)];
    if (s) query.since = s;
    if (u) query.until = u;
    const r = await client.audit(query);
    setProblem(problemOf(r, lang));
    if (r.ok) setEntries(r.data.entries);
  }
  // Searched once on opening with the default filters; afterwards only when asked (the form).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void search(), [client]);

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t(T.tabs.audit)}</h2>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Field label={t(T.auditAction)}>
          <Select value={action} onChange={(_e, d) => setAction(d.value)} data-testid="audit-action">
            <option value="">{t(T.all)}</option>
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {t(T.actionNames[f])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.auditWho)}>
          <Input value={who} onChange={(_e, d) => setWho(d.value)} />
        </Field>
        <Field label={t(T.cycle)}>
          <Select value={cycle} onChange={(_e, d) => setCycle(d.value)} data-testid="audit-cycle">
            <option value="">{t(T.all)}</option>
            {cycles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.since)}>
          <Input type="date" value={since} onChange={(_e, d) => setSince(d.value)} />
        </Field>
        <Field label={t(T.until)}>
          <Input type="date" value={until} onChange={(_e, d) => setUntil(d.value)} />
        </Field>
        <Button appearance="primary" type="submit" data-testid="audit-search">
          {t(T.search)}
        </Button>
      </form>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {entries.length === 0 ? (
        <p>{t(T.noEntries)}</p>
      ) : (
        <DataTable
          labelledBy="audit-heading"
          testId="audit-table"
          columns={[
            t(T.at),
            t(T.department),
            t(T.auditAction),
            t(T.cycle),
            t(T.target),
            t(T.detail),
            t(T.client),
          ]}
        >
          {entries.map((e) => (
            <TableRow key={e.id} data-testid="audit-row" data-action={e.action}>
              <TableCell>{japanTime(e.at)}</TableCell>
              <TableCell>{e.role === 'admin' ? t(T.admin) : (e.department ?? '—')}</TableCell>
              <TableCell>{e.action}</TableCell>
              <TableCell>{e.cycleId ?? '—'}</TableCell>
              <TableCell>{e.target ?? '—'}</TableCell>
              <TableCell className={styles.detail}>{JSON.stringify(e.detail)}</TableCell>
              <TableCell className={styles.detail}>{e.client ?? '—'}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}
