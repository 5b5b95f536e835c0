import { useEffect, useState } from 'react';
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
} from '@fluentui/react-components';
import type { Cycle } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

type Kind = Cycle['kind'];

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: '12px 20px' },
  departments: { display: 'flex', flexWrap: 'wrap', gap: '0 12px', maxHeight: '260px', overflowY: 'auto' },
  wide: { gridColumn: '1 / -1' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

export function CyclesScreen() {
  const styles = useStyles();
  const { client, t, lang, cycles, strategies, refresh, setCycleId, goTo } = useConsole();
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [id, setId] = useState('');
  const [kind, setKind] = useState<Kind>('kpi');
  const [fiscalYear, setFiscalYear] = useState(String(new Date().getFullYear() - 1));
  const [strategyId, setStrategyId] = useState('');
  const [version, setVersion] = useState('');
  const [deadline, setDeadline] = useState('');
  const [expected, setExpected] = useState<Set<string>>(new Set());
  const strategy = strategies.find((s) => s.id === strategyId) ?? strategies[0];
  // A new strategy chosen: every owner expected again (the default the service would use).
  useEffect(() => setExpected(new Set(strategy?.owners ?? [])), [strategy]);

  const say = (r: Parameters<typeof problemOf>[0], ok: string) => {
    const problem = problemOf(r, lang);
    setMessage(problem ? { intent: 'error', text: problem } : { intent: 'success', text: ok });
    return problem === null;
  };

  async function create() {
    if (!strategy) return;
    const r = await client.createCycle({
      id: id.trim(),
      kind,
      fiscalYear: Number(fiscalYear),
      strategyId: strategy.id,
      ...(version ? { strategyVersion: Number(version) } : {}),
      deadline: deadline || null,
      ...(expected.size !== strategy.owners.length || strategy.owners.some((o) => !expected.has(o))
        ? { expectedDepartments: strategy.owners.filter((o) => expected.has(o)) }
        : {}),
    });
    if (say(r, t(T.created(id.trim())))) {
      await refresh();
      setCycleId(id.trim());
      setId('');
    }
  }

  return (
    <section aria-labelledby="cycles-heading">
      <h2 id="cycles-heading">{t(T.tabs.cycles)}</h2>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <DataTable
        labelledBy="cycles-heading"
        testId="cycles-table"
        columns={['ID', t(T.strategy), t(T.deadline), t(T.expected), t(T.stateColumn), t(T.actions)]}
      >
        {cycles.map((c) => (
          <CycleRow
            key={c.id}
            cycle={c}
            onDone={(r, ok) => say(r, ok) && void refresh()}
            onOpen={() => {
              setCycleId(c.id);
              goTo('status');
            }}
          />
        ))}
      </DataTable>

      <h3 id="create-heading">{t(T.createCycle)}</h3>
      <form
        className={styles.form}
        aria-labelledby="create-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field label={t(T.cycleId)} required>
          <Input
            value={id}
            onChange={(_e, d) => setId(d.value)}
            placeholder="kpi-2025"
            data-testid="cycle-id"
          />
        </Field>
        <Field label={t(T.kindLabel)}>
          <Select value={kind} onChange={(_e, d) => setKind(d.value as Kind)} data-testid="cycle-kind">
            {(['kpi', 'progress', 'project'] as const).map((k) => (
              <option key={k} value={k}>
                {t(T.kind[k])}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.fiscalYear)} required>
          <Input
            type="number"
            min={2000}
            max={2100}
            value={fiscalYear}
            onChange={(_e, d) => setFiscalYear(d.value)}
            data-testid="cycle-year"
          />
        </Field>
        <Field label={t(T.strategy)}>
          <Select
            value={strategy?.id ?? ''}
            onChange={(_e, d) => {
              setStrategyId(d.value);
              setVersion('');
            }}
            data-testid="cycle-strategy"
          >
            {strategies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} — {s.municipality} {s.title}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.strategyVersion)}>
          <Select value={version} onChange={(_e, d) => setVersion(d.value)}>
            <option value="">{t(T.latest)}</option>
            {strategy?.versions.map((v) => (
              <option key={v.version} value={String(v.version)}>
                v{v.version} ({japanTime(v.createdAt)})
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t(T.deadline)}>
          <Input
            type="date"
            value={deadline}
            onChange={(_e, d) => setDeadline(d.value)}
            data-testid="cycle-deadline"
          />
        </Field>
        <fieldset className={styles.wide}>
          <legend>
            {t(T.expected)} ({expected.size} / {strategy?.owners.length ?? 0}) — {t(T.expectedHint)}
          </legend>
          <div className={styles.row}>
            <Button size="small" onClick={() => setExpected(new Set(strategy?.owners ?? []))}>
              {t(T.selectAll)}
            </Button>
            <Button size="small" onClick={() => setExpected(new Set())}>
              {t(T.selectNone)}
            </Button>
          </div>
          <div className={styles.departments}>
            {strategy?.owners.map((d) => (
              <Checkbox
                key={d}
                label={d}
                checked={expected.has(d)}
                onChange={(_e, data) =>
                  setExpected((s) => {
                    const next = new Set(s);
                    if (data.checked) next.add(d);
                    else next.delete(d);
                    return next;
                  })
                }
              />
            ))}
          </div>
        </fieldset>
        <div className={styles.wide}>
          <Button
            appearance="primary"
            type="submit"
            disabled={id.trim() === '' || !strategy || expected.size === 0}
            data-testid="cycle-create"
          >
            {t(T.create)}
          </Button>
        </div>
      </form>
    </section>
  );
}

function CycleRow({
  cycle,
  onDone,
  onOpen,
}: {
  cycle: Cycle;
  onDone: (r: Parameters<typeof problemOf>[0], ok: string) => void;
  onOpen: () => void;
}) {
  const styles = useStyles();
  const { client, t } = useConsole();
  const [deadline, setDeadline] = useState(cycle.deadline ?? '');
  return (
    <TableRow data-testid="cycle-row" data-cycle={cycle.id}>
      <TableCell>
        <Button appearance="transparent" onClick={onOpen}>
          {cycle.id}
        </Button>
        <div>
          {t(T.kind[cycle.kind])} {cycle.fiscalYear}
        </div>
      </TableCell>
      <TableCell>
        {cycle.strategyId} v{cycle.strategyVersion}
      </TableCell>
      <TableCell>
        <div className={styles.row}>
          <Input
            type="date"
            value={deadline}
            onChange={(_e, d) => setDeadline(d.value)}
            aria-label={`${t(T.deadline)} ${cycle.id}`}
          />
          <Button
            size="small"
            disabled={deadline === (cycle.deadline ?? '')}
            onClick={() =>
              void client
                .updateCycle(cycle.id, { deadline: deadline || null })
                .then((r) => onDone(r, `${t(T.deadline)}: ${deadline || '—'}`))
            }
          >
            {t(T.saveDeadline)}
          </Button>
        </div>
      </TableCell>
      <TableCell>{t(T.expectedCount(cycle.expectedDepartments.length))}</TableCell>
      <TableCell>
        <Badge appearance="outline" color={cycle.closedAt ? 'danger' : 'success'}>
          {cycle.closedAt ? `${t(T.closed)} ${japanTime(cycle.closedAt)}` : t(T.open)}
        </Badge>
      </TableCell>
      <TableCell>
        {cycle.closedAt ? (
          <Button
            onClick={() => void client.reopenCycle(cycle.id).then((r) => onDone(r, t(T.reopenOf(cycle.id))))}
            aria-label={t(T.reopenOf(cycle.id))}
            data-testid="cycle-reopen"
          >
            {t(T.reopen)}
          </Button>
        ) : (
          <Button
            onClick={() => void client.closeCycle(cycle.id).then((r) => onDone(r, t(T.closeOf(cycle.id))))}
            aria-label={t(T.closeOf(cycle.id))}
            data-testid="cycle-close"
          >
            {t(T.close)}
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
