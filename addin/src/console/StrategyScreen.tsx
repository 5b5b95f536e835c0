import { useState } from 'react';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  TableCell,
  TableRow,
} from '@fluentui/react-components';
import {
  importStrategyFromWorkbook,
  loadStrategyJson,
  readWorkbook,
  walkNodes,
  type StrategyLoad,
  type StrategyNode,
} from '#shared';
import { consoleTexts as T } from '../messages';
import { japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

const useStyles = makeStyles({
  tree: { maxHeight: '420px', overflowY: 'auto', margin: '4px 0' },
  file: { margin: '8px 0' },
});

/** What a chosen file says, read here in the browser with the shared loaders the CLI uses. */
async function understand(file: File): Promise<StrategyLoad | null> {
  if (/\.json$/i.test(file.name)) return loadStrategyJson(await file.text());
  if (/\.xlsx$/i.test(file.name)) {
    const read = readWorkbook(new Uint8Array(await file.arrayBuffer()));
    return read.ok ? importStrategyFromWorkbook(read.snapshot) : null;
  }
  return null;
}

function Tree({ nodes }: { nodes: StrategyNode[] }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.code}>
          {n.number} {n.title}
          {n.departments.length > 0 ? ` 〔${n.departments.join('、')}〕` : ''}
          {(n.kpis?.length ?? 0) > 0 ? ` KPI ${n.kpis!.length}` : ''}
          {n.children.length > 0 && <Tree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

export function StrategyScreen() {
  const styles = useStyles();
  const { client, t, lang, strategies, refresh } = useConsole();
  const [loaded, setLoaded] = useState<StrategyLoad | null>(null);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  async function choose(file: File | undefined) {
    setLoaded(null);
    setMessage(null);
    if (!file) return;
    const result = await understand(file);
    if (!result) setMessage({ intent: 'error', text: t(T.unreadable) });
    setLoaded(result);
  }
  async function save() {
    if (!loaded?.ok) return;
    const r = await client.putStrategy(loaded.strategy);
    const problem = problemOf(r, lang);
    if (problem) return setMessage({ intent: 'error', text: problem });
    if (r.ok)
      setMessage({ intent: 'success', text: t(T.saved(r.data.strategy.id, r.data.strategy.version)) });
    setLoaded(null);
    await refresh();
  }

  const s = loaded?.ok ? loaded.strategy : null;
  const perDepth = new Map<number, number>();
  let kpis = 0;
  if (s)
    for (const { node, depth } of walkNodes(s.nodes)) {
      perDepth.set(depth, (perDepth.get(depth) ?? 0) + 1);
      kpis += node.kpis?.length ?? 0;
    }
  const text = (m: { ja: string; en: string }) => m[lang];

  return (
    <section aria-labelledby="strategy-heading">
      <h2 id="strategy-heading">{t(T.tabs.strategy)}</h2>
      <div className={styles.file}>
        <label htmlFor="strategy-file">{t(T.strategyUpload)}</label>
        <br />
        <input
          id="strategy-file"
          type="file"
          accept=".json,.xlsx,application/json"
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
          data-testid="strategy-file"
        />
      </div>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      {loaded && !loaded.ok && (
        <>
          <h3>{t(T.errors)}</h3>
          <ul data-testid="strategy-errors">
            {loaded.errors.map((p, i) => (
              <li key={i}>
                {p.path}: {text(p.message)}
              </li>
            ))}
          </ul>
        </>
      )}
      {s && (
        <section aria-labelledby="understood-heading" data-testid="strategy-preview">
          <h3 id="understood-heading">
            {t(T.understood)}: {s.id} — {s.municipality} {s.title} ({s.period.from}–{s.period.to})
          </h3>
          <p>
            <strong>{t(T.levels)}:</strong> {s.levels.map((l) => l.name).join(' → ')}
          </p>
          <p>
            <strong>{t(T.counts)}:</strong>{' '}
            {s.levels.map((l, i) => t(T.nodesPerLevel(l.name, perDepth.get(i) ?? 0))).join('・')}・
            {t(T.kpiCount(kpis))}・{t(T.departmentCount(s.departments.length))}
          </p>
          {loaded!.warnings.length > 0 && (
            <>
              <h4>{t(T.warnings)}</h4>
              <ul>
                {loaded!.warnings.map((p, i) => (
                  <li key={i}>
                    {p.path}: {text(p.message)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <details>
            <summary>{t(T.tree)}</summary>
            <div className={styles.tree}>
              <Tree nodes={s.nodes} />
            </div>
          </details>
          <Button appearance="primary" onClick={() => void save()} data-testid="strategy-save">
            {t(T.save)}
          </Button>
        </section>
      )}
      <h3 id="versions-heading">{t(T.versions)}</h3>
      <DataTable
        labelledBy="versions-heading"
        testId="strategy-versions"
        columns={['ID', t(T.strategy), t(T.version)]}
      >
        {strategies.map((st) => (
          <TableRow key={st.id}>
            <TableCell>{st.id}</TableCell>
            <TableCell>
              {st.municipality} {st.title}
            </TableCell>
            <TableCell>
              {st.versions.map((v) => `v${v.version} (${japanTime(v.createdAt)})`).join('、')}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}
