import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { CycleStatus, DepartmentState } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { download, japanTime, problemOf, useConsole } from './context';

/** How often the board asks for the status again (the issue asks for ≤ 10 s). */
const POLL_MS = 5_000;
const STATES: DepartmentState[] = ['missing', 'overdue', 'returned', 'submitted', 'resubmitted'];
export const stateColor: Record<DepartmentState, 'informative' | 'danger' | 'warning' | 'success' | 'brand'> =
  {
    missing: 'informative',
    overdue: 'danger',
    returned: 'warning',
    submitted: 'success',
    resubmitted: 'brand',
  };

type Row = CycleStatus['departments'][number];
type SortKey = 'department' | 'state' | 'submittedAt' | 'errors';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: '8px 24px', alignItems: 'flex-end', margin: '12px 0' },
  summary: { fontSize: '1.1em', fontWeight: 600, margin: '8px 0 4px' },
  progress: { maxWidth: '600px' },
  sortButton: { fontWeight: 600 },
});

/** The end of the deadline day in Japan (a deadline is due through that day). */
function deadlineEnd(deadline: string): number {
  const [y, m, d] = deadline.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d + 1) - 9 * 3_600_000;
}

export function StatusBoard({ cycleId }: { cycleId: string }) {
  const styles = useStyles();
  const { client, t, lang, token, openSubmission, goTo } = useConsole();
  const [status, setStatus] = useState<CycleStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The service's clock minus this browser's: the countdown follows the service.
  const [skew, setSkew] = useState(0);
  const [tick, setTick] = useState(() => Date.now());
  const [stateFilter, setStateFilter] = useState<DepartmentState | ''>('');
  const [nameFilter, setNameFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'state', ascending: true });
  /** A file of this cycle (`consolidated.xlsx`, `template.xlsx?…`) saved by the browser; a failure shown. */
  const fetchFile = (file: string, fallbackName: string) =>
    void download(token, `/api/cycles/${encodeURIComponent(cycleId)}/${file}`, fallbackName, lang).then(
      setProblem,
    );

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      const r = await client.status(cycleId);
      if (stopped) return;
      setProblem(problemOf(r, lang));
      if (r.ok) {
        setStatus(r.data);
        setSkew(Date.parse(r.data.now) - Date.now());
      }
    };
    void load();
    const poll = setInterval(() => void load(), POLL_MS);
    const clock = setInterval(() => setTick(Date.now()), 1_000);
    return () => {
      stopped = true;
      clearInterval(poll);
      clearInterval(clock);
    };
  }, [client, cycleId, lang]);

  const rows = useMemo(() => {
    if (!status) return [];
    const order = (r: Row): string | number =>
      sort.key === 'department'
        ? r.department
        : sort.key === 'state'
          ? STATES.indexOf(r.state)
          : sort.key === 'errors'
            ? r.errors * 100_000 + r.warnings
            : (r.submittedAt ?? '');
    return status.departments
      .filter(
        (r) => (stateFilter === '' || r.state === stateFilter) && r.department.includes(nameFilter.trim()),
      )
      .sort((a, b) => {
        const [x, y] = [order(a), order(b)];
        const c =
          typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ja');
        return sort.ascending ? c : -c;
      });
  }, [status, sort, stateFilter, nameFilter]);

  if (!status) return problem ? <p role="alert">{problem}</p> : null;
  const { cycle } = status;
  const now = tick + skew;
  let countdown: string;
  if (!cycle.deadline) countdown = t(T.noDeadline);
  else {
    const left = deadlineEnd(cycle.deadline) - now;
    if (left <= 0) countdown = t(T.pastDeadline(cycle.deadline));
    else {
      const minutes = Math.floor(left / 60_000);
      countdown = t(T.countdown(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60));
    }
  }
  const header = (key: SortKey, label: string) => (
    <TableHeaderCell aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
      <Button
        appearance="transparent"
        className={styles.sortButton}
        onClick={() => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }))}
        aria-label={t(T.sortBy(label))}
      >
        {label}
        {sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
      </Button>
    </TableHeaderCell>
  );

  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">
        {t(T.tabs.status)}: {cycle.id}
      </h2>
      <p className={styles.summary} data-testid="progress-text" role="status">
        {t(T.progress(status.submitted, status.total))}
      </p>
      <ProgressBar
        className={styles.progress}
        value={status.total === 0 ? 0 : status.submitted / status.total}
        thickness="large"
        aria-label={t(T.progress(status.submitted, status.total))}
        data-testid="progress-bar"
      />
      <div className={styles.bar}>
        <span data-testid="countdown">
          {t(T.deadline)}: {cycle.deadline ?? '—'} · {countdown}
        </span>
        <Badge appearance="outline" color={cycle.closedAt ? 'danger' : 'success'}>
          {cycle.closedAt ? t(T.closed) : t(T.open)}
        </Badge>
        {STATES.map((s) => (
          <span key={s} data-testid={`count-${s}`}>
            {t(T.state[s])}: {status.states[s] ?? 0}
          </span>
        ))}
      </div>
      {status.openConflicts > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {t(T.openConflicts(status.openConflicts))}{' '}
            <Button size="small" onClick={() => goTo('conflicts')}>
              {t(T.showConflicts)}
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.bar}>
        <Field label={t(T.filterState)}>
          <Select value={stateFilter} onChange={(_e, d) => setStateFilter(d.value as DepartmentState | '')}>
            <option value="">{t(T.all)}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(T.state[s])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.filterDepartment)}>
          <Input value={nameFilter} onChange={(_e, d) => setNameFilter(d.value)} />
        </Field>
        <Button
          onClick={() => fetchFile('consolidated.xlsx', `consolidated-${cycle.id}.xlsx`)}
          data-testid="consolidated"
        >
          {t(T.consolidated)}
        </Button>
        <Button
          onClick={() => fetchFile('template.xlsx', `templates-${cycle.id}.zip`)}
          data-testid="templates-zip"
        >
          {t(T.templatesZip)}
        </Button>
      </div>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <p className="no-print" aria-live="off">
        {t(T.updatedAt(japanTime(status.now).slice(11)))}
      </p>
      <Table aria-labelledby="status-heading" data-testid="status-table">
        <TableHeader>
          <TableRow>
            {header('department', t(T.department))}
            {header('state', t(T.stateColumn))}
            <TableHeaderCell>{t(T.version)}</TableHeaderCell>
            {header('submittedAt', t(T.submittedAt))}
            {header('errors', t(T.findingsColumn))}
            <TableHeaderCell>{t(T.actions)}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow
              key={r.department}
              data-testid="status-row"
              data-state={r.state}
              data-department={r.department}
            >
              <TableCell>{r.department}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={stateColor[r.state]}>
                  {t(T.state[r.state])}
                </Badge>
              </TableCell>
              <TableCell>{r.version === null ? '—' : `v${r.version}`}</TableCell>
              <TableCell>{japanTime(r.submittedAt)}</TableCell>
              <TableCell>{r.submitted ? `${r.errors} / ${r.warnings}` : '—'}</TableCell>
              <TableCell>
                {r.submitted && (
                  <Button
                    size="small"
                    onClick={() => openSubmission(r.department)}
                    aria-label={t(T.viewOf(r.department))}
                  >
                    {t(T.view)}
                  </Button>
                )}
                <Button
                  size="small"
                  appearance="subtle"
                  onClick={() =>
                    fetchFile(
                      `template.xlsx?department=${encodeURIComponent(r.department)}`,
                      `${cycle.id}-${r.department}.xlsx`,
                    )
                  }
                  aria-label={t(T.templateOf(r.department))}
                  data-testid="template"
                >
                  {t(T.template)}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
