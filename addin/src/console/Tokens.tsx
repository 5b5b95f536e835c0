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
  tokens as theme,
} from '@fluentui/react-components';
import type { IssuedToken, TokenInfo } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { japanTime, problemOf, useConsole } from './context';
import { DataTable } from './DataTable';

const useStyles = makeStyles({
  forms: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '16px 32px' },
  form: { display: 'flex', flexDirection: 'column', gap: '10px' },
  slips: { display: 'flex', flexDirection: 'column', gap: '16px', margin: '16px 0' },
  slip: {
    border: `2px dashed ${theme.colorNeutralStroke1}`,
    padding: '12px 16px',
    breakInside: 'avoid',
    pageBreakInside: 'avoid',
  },
  secret: { fontFamily: 'Consolas, monospace', fontSize: '1.15em', wordBreak: 'break-all' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

export function TokensScreen() {
  const styles = useStyles();
  const { client, t, lang, strategies } = useConsole();
  const [list, setList] = useState<TokenInfo[]>([]);
  const [message, setMessage] = useState<{ intent: 'success' | 'error' | 'info'; text: string } | null>(null);
  // The secrets of this session's issue: on screen until the slips are closed, never stored.
  const [slips, setSlips] = useState<IssuedToken[]>([]);
  const [strategyId, setStrategyId] = useState('');
  const strategy = strategies.find((s) => s.id === strategyId) ?? strategies[0];
  const [department, setDepartment] = useState('');
  const [expires, setExpires] = useState('');
  const [bulkExpires, setBulkExpires] = useState('');

  const load = async () => {
    const r = await client.tokens();
    if (r.ok) setList(r.data.tokens);
    else setMessage({ intent: 'error', text: problemOf(r, lang)! });
  };
  // Loaded on opening; afterwards after each issue or revoke (load is a new closure each render).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [client]);

  async function issueOne() {
    if (!strategy) return;
    const r = await client.issueToken({
      department: department || strategy.owners[0]!,
      strategyId: strategy.id,
      ...(expires ? { expiresAt: expires } : {}),
    });
    if (!r.ok) return setMessage({ intent: 'error', text: problemOf(r, lang)! });
    setMessage(null);
    setSlips([r.data]);
    await load();
  }
  async function issueMissing() {
    if (!strategy) return;
    const r = await client.issueTokens({
      strategyId: strategy.id,
      ...(bulkExpires ? { expiresAt: bulkExpires } : {}),
    });
    if (!r.ok) return setMessage({ intent: 'error', text: problemOf(r, lang)! });
    setMessage(r.data.issued.length === 0 ? { intent: 'info', text: t(T.issuedNone) } : null);
    setSlips(r.data.issued);
    await load();
  }
  async function revoke(id: number) {
    const r = await client.revokeToken(id);
    if (!r.ok) setMessage({ intent: 'error', text: problemOf(r, lang)! });
    await load();
  }

  const who = (info: TokenInfo) => (info.role === 'admin' ? t(T.admin) : (info.department ?? '—'));
  if (slips.length > 0)
    return (
      <section aria-labelledby="slips-heading">
        <h2 id="slips-heading" className="no-print">
          {t(T.slipsHeading(slips.length))}
        </h2>
        <MessageBar intent="warning" className="no-print">
          <MessageBarBody>{t(T.slipsWarning)}</MessageBarBody>
        </MessageBar>
        <div className={`${styles.actions} no-print`}>
          <Button appearance="primary" onClick={() => window.print()}>
            {t(T.print)}
          </Button>
          <Button onClick={() => setSlips([])} data-testid="close-slips">
            {t(T.closeSlips)}
          </Button>
        </div>
        <div className={styles.slips}>
          {slips.map((s) => (
            <article
              key={s.info.id}
              className={styles.slip}
              data-testid="slip"
              data-department={s.info.department}
            >
              <h3>
                {T.slipTitle.ja} / {T.slipTitle.en}
              </h3>
              <dl>
                <dt>
                  {T.department.ja} / {T.department.en}
                </dt>
                <dd>{s.info.department}</dd>
                <dt>
                  {T.serviceUrl.ja} / {T.serviceUrl.en}
                </dt>
                <dd>{location.origin}</dd>
                <dt>{T.token.ja.replace('管理者', '部署')} / Token</dt>
                <dd className={styles.secret} data-testid="slip-token">
                  {s.token}
                </dd>
                <dt>
                  {T.expiresAt.ja} / {T.expiresAt.en}
                </dt>
                <dd>{s.info.expiresAt ? japanTime(s.info.expiresAt) : t(T.never)}</dd>
              </dl>
              <p>{T.slipHowTo.ja}</p>
              <p>{T.slipHowTo.en}</p>
            </article>
          ))}
        </div>
      </section>
    );

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t(T.tabs.tokens)}</h2>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t(T.strategy)}>
        <Select value={strategy?.id ?? ''} onChange={(_e, d) => setStrategyId(d.value)}>
          {strategies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} — {s.municipality}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.forms}>
        <form
          className={styles.form}
          aria-labelledby="issue-missing-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void issueMissing();
          }}
        >
          <h3 id="issue-missing-heading">{t(T.issueMissing)}</h3>
          <p>{t(T.issueMissingHint)}</p>
          <Field label={t(T.expires)}>
            <Input
              type="date"
              value={bulkExpires}
              onChange={(_e, d) => setBulkExpires(d.value)}
              data-testid="bulk-expires"
            />
          </Field>
          <Button appearance="primary" type="submit" data-testid="issue-missing">
            {t(T.issueMissing)}
          </Button>
        </form>
        <form
          className={styles.form}
          aria-labelledby="issue-one-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void issueOne();
          }}
        >
          <h3 id="issue-one-heading">{t(T.issueOne)}</h3>
          <Field label={t(T.department)}>
            <Select value={department} onChange={(_e, d) => setDepartment(d.value)}>
              {strategy?.owners.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t(T.expires)}>
            <Input type="date" value={expires} onChange={(_e, d) => setExpires(d.value)} />
          </Field>
          <Button type="submit">{t(T.issue)}</Button>
        </form>
      </div>
      <h3 id="token-list-heading">{t(T.tokenList)}</h3>
      <DataTable
        labelledBy="token-list-heading"
        testId="token-table"
        columns={[
          'ID',
          t(T.department),
          t(T.strategy),
          t(T.createdAt),
          t(T.lastUsed),
          t(T.expiresAt),
          t(T.revokedAt),
          t(T.actions),
        ]}
      >
        {list.map((info) => (
          <TableRow key={info.id} data-testid="token-row" data-department={info.department ?? 'admin'}>
            <TableCell>{info.id}</TableCell>
            <TableCell>{who(info)}</TableCell>
            <TableCell>{info.strategyId ?? '—'}</TableCell>
            <TableCell>{japanTime(info.createdAt)}</TableCell>
            <TableCell>{japanTime(info.lastUsedAt)}</TableCell>
            <TableCell>{info.expiresAt ? japanTime(info.expiresAt) : t(T.never)}</TableCell>
            <TableCell>{japanTime(info.revokedAt)}</TableCell>
            <TableCell>
              {info.revokedAt === null && info.role === 'department' && (
                <Button
                  size="small"
                  onClick={() => void revoke(info.id)}
                  aria-label={t(T.revokeOf(info.id, who(info)))}
                >
                  {t(T.revoke)}
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}
