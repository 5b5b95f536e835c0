import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  Field,
  FluentProvider,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Tab,
  TabList,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { createAdminClient, MeSchema, readReply, type Cycle, type Strategies } from '#shared/api';
import { consoleTexts as T } from '../messages';
import { AuditScreen } from './Audit';
import { ConflictsScreen } from './Conflicts';
import { Ctx, problemOf, type ConsoleContext, type Lang, type TabId, type Text } from './context';
import { CyclesScreen } from './Cycles';
import { StatusBoard } from './StatusBoard';
import { StrategyScreen } from './StrategyScreen';
import { SubmissionScreen } from './Submission';
import { TokensScreen } from './Tokens';

const TOKEN_KEY = 'sousei.console.token';
const LANG_KEY = 'sousei.console.lang';

const useStyles = makeStyles({
  page: { padding: '12px 20px 40px', maxWidth: '1200px', margin: '0 auto' },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: '12px 20px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: '8px',
  },
  title: { fontSize: tokens.fontSizeBase500, margin: '0 auto 0 0' },
  signIn: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '520px', marginTop: '24px' },
  tabs: { margin: '8px 0 16px' },
});

const fetchLike: Parameters<typeof createAdminClient>[0]['fetch'] = (url, init) => fetch(url, init);

export function ConsoleApp() {
  const styles = useStyles();
  const [lang, setLang] = useState<Lang>(() => (sessionStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja'));
  const t = useCallback((m: Text) => m[lang], [lang]);
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  useEffect(() => {
    document.documentElement.lang = lang;
    sessionStorage.setItem(LANG_KEY, lang);
  }, [lang]);

  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.page}>
        <header className={`${styles.header} no-print`}>
          <h1 className={styles.title}>
            {T.title.ja} <small>/ {T.title.en}</small>
          </h1>
          <Field label={`${T.language.ja} / ${T.language.en}`}>
            <Select value={lang} onChange={(_e, d) => setLang(d.value as Lang)} data-testid="lang">
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </Select>
          </Field>
          {token && (
            <Button
              onClick={() => {
                sessionStorage.removeItem(TOKEN_KEY);
                setToken(null);
              }}
            >
              {t(T.signOut)}
            </Button>
          )}
        </header>
        {token ? (
          <SignedIn token={token} lang={lang} t={t} />
        ) : (
          <SignIn
            t={t}
            lang={lang}
            onSignedIn={(value) => {
              sessionStorage.setItem(TOKEN_KEY, value);
              setToken(value);
            }}
          />
        )}
      </div>
    </FluentProvider>
  );
}

function SignIn(props: { t: (m: Text) => string; lang: Lang; onSignedIn: (token: string) => void }) {
  const styles = useStyles();
  const { t } = props;
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function signIn() {
    setBusy(true);
    setProblem(null);
    let result;
    try {
      const res = await fetch('/api/me', { headers: { Authorization: `Bearer ${value.trim()}` } });
      result = readReply(MeSchema, res.status, await res.text());
    } catch {
      result = { ok: false as const, status: 0, error: null };
    }
    setBusy(false);
    if (!result.ok) return setProblem(problemOf(result, props.lang));
    if (result.data.role !== 'admin') return setProblem(t(T.notAdmin));
    props.onSignedIn(value.trim());
  }
  return (
    <main>
      <form
        className={styles.signIn}
        onSubmit={(e) => {
          e.preventDefault();
          void signIn();
        }}
      >
        <h2>{t(T.signInHeading)}</h2>
        <Field label={t(T.token)} hint={t(T.tokenHint)} required>
          <Input
            type="password"
            value={value}
            onChange={(_e, d) => setValue(d.value)}
            autoComplete="off"
            data-testid="admin-token"
          />
        </Field>
        {problem && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
        <Button appearance="primary" type="submit" disabled={busy || value.trim() === ''}>
          {t(T.signIn)}
        </Button>
      </form>
    </main>
  );
}

const TABS: TabId[] = ['status', 'cycles', 'tokens', 'submission', 'conflicts', 'strategy', 'audit'];

function SignedIn({ token, lang, t }: { token: string; lang: Lang; t: (m: Text) => string }) {
  const styles = useStyles();
  const client = useMemo(
    () => createAdminClient({ serviceUrl: location.origin, token, fetch: fetchLike }),
    [token],
  );
  const [cycles, setCycles] = useState<Cycle[]>([]);
  const [strategies, setStrategies] = useState<Strategies['strategies']>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<TabId>('status');
  const [cycleId, setCycleId] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [c, s] = await Promise.all([client.cycles(), client.strategies()]);
    setProblem(problemOf(c, lang) ?? problemOf(s, lang));
    if (c.ok) {
      setCycles(c.data.cycles);
      // The newest cycle unless one is chosen (or the chosen one is gone).
      setCycleId((id) =>
        id && c.data.cycles.some((x) => x.id === id) ? id : (c.data.cycles.at(-1)?.id ?? null),
      );
    }
    if (s.ok) setStrategies(s.data.strategies);
  }, [client, lang]);
  useEffect(() => void refresh(), [refresh]);

  const context: ConsoleContext = {
    client,
    token,
    lang,
    t,
    cycles,
    strategies,
    refresh,
    cycleId,
    setCycleId,
    openSubmission: (d) => {
      setDepartment(d);
      setTab('submission');
    },
    goTo: setTab,
  };
  const cycleScoped = tab === 'status' || tab === 'submission' || tab === 'conflicts';
  return (
    <Ctx.Provider value={context}>
      <nav className="no-print" aria-label={t(T.title)}>
        <TabList
          className={styles.tabs}
          selectedValue={tab}
          onTabSelect={(_e, d) => setTab(d.value as TabId)}
        >
          {TABS.map((id) => (
            <Tab key={id} value={id} data-testid={`tab-${id}`}>
              {t(T.tabs[id])}
            </Tab>
          ))}
        </TabList>
      </nav>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {cycleScoped && (
        <div className="no-print">
          {cycles.length === 0 ? (
            <p>{t(T.noCycles)}</p>
          ) : (
            <Field label={t(T.cycle)}>
              <Select
                value={cycleId ?? ''}
                onChange={(_e, d) => setCycleId(d.value)}
                data-testid="cycle-picker"
              >
                {cycles.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} — {t(T.kind[c.kind])} {c.fiscalYear}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </div>
      )}
      <main>
        {tab === 'status' && cycleId && <StatusBoard key={cycleId} cycleId={cycleId} />}
        {tab === 'cycles' && <CyclesScreen />}
        {tab === 'tokens' && <TokensScreen />}
        {tab === 'submission' && cycleId && (
          <SubmissionScreen
            key={cycleId}
            cycleId={cycleId}
            department={department}
            onDepartment={setDepartment}
          />
        )}
        {tab === 'conflicts' && cycleId && <ConflictsScreen key={cycleId} cycleId={cycleId} />}
        {tab === 'strategy' && <StrategyScreen />}
        {tab === 'audit' && <AuditScreen />}
      </main>
    </Ctx.Provider>
  );
}
