import { useEffect, useState } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  TableCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { Conflict, ResolveInput, TokenInfo } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

const useStyles = makeStyles({
  card: { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '12px 16px', margin: '12px 0' },
  form: { display: 'flex', flexDirection: 'column', gap: '10px', maxWidth: '760px' },
});

/** A candidate's value as read: a cell value, the two texts of a progress row, or a project's figures. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  const v = value as { results?: string; plan?: string };
  if (typeof v.results === 'string') return `実績: ${v.results} / 計画: ${v.plan ?? ''}`;
  return JSON.stringify(value);
}

function subjectOf(c: Conflict): string {
  if (c.subject === 'kpi') return `${c.identity.kpi} (${c.identity.period}) — ${c.identity.department}`;
  if (c.subject === 'progress') return `${c.identity.item} — ${c.identity.department}`;
  return `${c.identity.project} — ${c.identity.department}`;
}

export function ConflictsScreen({ cycleId }: { cycleId: string }) {
  const styles = useStyles();
  const { client, t, lang } = useConsole();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [who, setWho] = useState<Map<number, TokenInfo>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const load = async () => {
    const [c, tk] = await Promise.all([client.conflicts(cycleId), client.tokens()]);
    setProblem(problemOf(c, lang));
    if (c.ok) setConflicts(c.data.conflicts);
    if (tk.ok) setWho(new Map(tk.data.tokens.map((x) => [x.id, x])));
  };
  // Loaded when the cycle changes; afterwards after each decision (load is a new closure each render).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [client, cycleId]);
  const open = conflicts.filter((c) => c.status === 'open');
  const resolved = conflicts.filter((c) => c.status === 'resolved');
  const decider = (id: number | null) => {
    const info = id === null ? undefined : who.get(id);
    if (!info) return id === null ? '—' : `#${id}`;
    return `${info.role === 'admin' ? t(T.admin) : info.department}${info.label ? ` (${info.label})` : ''} #${info.id}`;
  };

  return (
    <section aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">{t(T.openConflictsHeading)}</h2>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {open.length === 0 && <p>{t(T.noConflicts)}</p>}
      {open.map((c) => (
        <article
          key={c.id}
          className={styles.card}
          data-testid="conflict"
          aria-labelledby={`conflict-${c.id}`}
        >
          <h3 id={`conflict-${c.id}`}>{subjectOf(c)}</h3>
          <ResolveForm cycleId={cycleId} conflict={c} onResolved={() => void load()} />
        </article>
      ))}
      <h2 id="resolved-heading">{t(T.resolvedHeading)}</h2>
      <DataTable
        labelledBy="resolved-heading"
        testId="resolved-table"
        columns={[t(T.item), t(T.decision), t(T.note), t(T.decidedBy), t(T.at)]}
      >
        {resolved.map((c) => (
          <TableRow key={c.id} data-testid="resolved-row">
            <TableCell>{subjectOf(c)}</TableCell>
            <TableCell>{shown(c.resolution)}</TableCell>
            <TableCell>{c.note ?? '—'}</TableCell>
            <TableCell>{decider(c.resolvedBy)}</TableCell>
            <TableCell>{japanTime(c.resolvedAt)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}

const TYPED = '\u0000typed';

function ResolveForm({
  cycleId,
  conflict,
  onResolved,
}: {
  cycleId: string;
  conflict: Conflict;
  onResolved: () => void;
}) {
  const styles = useStyles();
  const { client, t, lang } = useConsole();
  const [choice, setChoice] = useState(conflict.candidates[0]?.department ?? '');
  const [value, setValue] = useState('');
  const [results, setResults] = useState('');
  const [plan, setPlan] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const typing = choice === TYPED;
  async function resolve() {
    const input: ResolveInput = typing
      ? { value: conflict.subject === 'progress' ? { results, plan } : value, note }
      : { department: choice, note };
    const r = await client.resolveConflict(cycleId, conflict.id, input);
    setProblem(problemOf(r, lang));
    if (r.ok) onResolved();
  }
  return (
    <form
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        void resolve();
      }}
    >
      <RadioGroup value={choice} onChange={(_e, d) => setChoice(d.value)} aria-label={t(T.decision)}>
        {conflict.candidates.map((c) => (
          <Radio
            key={c.department}
            value={c.department}
            label={`${t(T.valueOf(c.department))} (v${c.version}): ${shown(c.value)}`}
          />
        ))}
        {conflict.subject !== 'project' && <Radio value={TYPED} label={t(T.typeValue)} />}
      </RadioGroup>
      {typing && conflict.subject === 'kpi' && (
        <Field label={t(T.value)} required>
          <Input value={value} onChange={(_e, d) => setValue(d.value)} />
        </Field>
      )}
      {typing && conflict.subject === 'progress' && (
        <>
          <Field label="実績 / results" required>
            <Textarea value={results} onChange={(_e, d) => setResults(d.value)} />
          </Field>
          <Field label="計画 / plan" required>
            <Textarea value={plan} onChange={(_e, d) => setPlan(d.value)} />
          </Field>
        </>
      )}
      <Field label={t(T.note)} required>
        <Input value={note} onChange={(_e, d) => setNote(d.value)} data-testid="conflict-note" />
      </Field>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="primary" type="submit" disabled={note.trim() === ''} data-testid="resolve">
          {t(T.resolve)}
        </Button>
      </div>
    </form>
  );
}
