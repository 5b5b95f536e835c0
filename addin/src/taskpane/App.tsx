import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  Button,
  Checkbox,
  Field,
  FluentProvider,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Textarea,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { columnLetter, kpiColumnLabels, type KpiField, type Severity } from '#shared';
import { uiTexts } from '../messages';
import { FindingItem } from '../ui/FindingItem';
import type { ExcelCapabilities } from '../excel/port';
import type { Checker, ColumnMap, CycleKind, SheetView } from './checker';
import type { Settings, StrategySource } from './storage';
import type { ReturnNotice } from '#shared/api';
import { reasonNeeded, submitBlocker, type Submitter } from './submitter';
import type { TemplateOutcome } from './template';

type Lang = 'ja' | 'en';
type Text = { ja: string; en: string };

const useStyles = makeStyles({
  main: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '12px',
    maxWidth: '100%',
    boxSizing: 'border-box',
  },
  header: { display: 'flex', flexDirection: 'column', gap: '6px' },
  titleRow: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '8px',
    flexWrap: 'wrap',
  },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  counts: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  // The bar's row keeps its height whether or not a pass runs: nothing below it moves.
  progressRow: { minHeight: '20px' },
  hidden: { visibility: 'hidden' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '8px 0 0' },
  h3: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: '4px 0 0' },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
  },
  message: { margin: 0 },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  // Fluent inputs have a minimum width: let them shrink with the pane at 200% zoom.
  fill: { minWidth: 0, width: '100%', maxWidth: '100%', boxSizing: 'border-box' },
  mapping: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(9em, 1fr))', gap: '6px' },
});

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const FIELDS = Object.keys(kpiColumnLabels) as KpiField[];

export interface AppProps {
  checker: Checker;
  submitter: Submitter;
  capabilities: ExcelCapabilities;
  settings: Settings;
  onSettings: (s: Settings) => void;
  strategy: { name: string; source: StrategySource };
  cycles: string[];
  /** The chosen cycle's kind: which rows to send as JSON when the file cannot be sent. */
  cycleKind: CycleKind;
  fileName: string;
  /** 「様式をダウンロード」: the department's template for the chosen cycle, opened in Excel or as a link. */
  onTemplate: () => Promise<TemplateOutcome>;
  /** Shown as a banner on opening: the 差し戻し of the department's latest version, the deadline. */
  notice: CycleNotice | null;
}

export interface CycleNotice {
  deadline: string | null;
  closed: boolean;
  returned: ReturnNotice | null;
}

function useStore<S>(source: { state: S; subscribe(l: (s: S) => void): () => void }): S {
  return useSyncExternalStore(
    (cb) => source.subscribe(cb),
    () => source.state,
  );
}

export function App(props: AppProps) {
  const styles = useStyles();
  const { checker, submitter, capabilities } = props;
  const check = useStore(checker);
  const submit = useStore(submitter);
  const [lang, setLang] = useState<Lang>(props.settings.lang);
  const t = (m: Text) => m[lang];
  const all = check.sheets.flatMap((s) => s.findings);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of all) counts[f.severity]++;
  const busy = check.phase === 'reading';

  const switchLang = () => {
    const next = lang === 'ja' ? 'en' : 'ja';
    setLang(next);
    props.onSettings({ ...props.settings, lang: next });
  };

  return (
    <FluentProvider theme={webLightTheme} lang={lang === 'ja' ? 'ja-JP' : 'en-US'}>
      <main className={styles.main}>
        <header className={styles.header}>
          <div className={styles.titleRow}>
            <h1 className={styles.title}>{t(uiTexts.appTitle)}</h1>
            <Button
              size="small"
              appearance="subtle"
              onClick={switchLang}
              aria-label={t(uiTexts.languageLabel)}
            >
              {t(uiTexts.language)}
            </Button>
          </div>
          <p className={styles.counts} role="status" data-testid="counts">
            {t(uiTexts.countsHeader(counts.error, counts.warning, counts.info))}
          </p>
          <div className={styles.row}>
            <Button appearance="primary" onClick={() => void checker.check()} disabled={busy}>
              {t(uiTexts.recheck)}
            </Button>
            <Button onClick={() => void checker.clearMarkers()}>{t(uiTexts.clearMarkers)}</Button>
          </div>
          <div className={styles.progressRow} aria-hidden={!busy}>
            <ProgressBar
              className={busy ? undefined : styles.hidden}
              value={
                check.progress && check.progress.total > 0
                  ? check.progress.read / check.progress.total
                  : undefined
              }
              aria-label={t(uiTexts.validating)}
            />
            <p className={styles.small} data-testid="check-status" data-rechecks={check.rechecks}>
              {busy && check.progress
                ? t(uiTexts.readingRows(check.progress.read, check.progress.total))
                : check.checkedAt
                  ? t(
                      uiTexts.checkedAt(
                        check.checkedAt.toLocaleTimeString(lang === 'ja' ? 'ja-JP' : 'en-US'),
                      ),
                    )
                  : t(uiTexts.validating)}
            </p>
          </div>
          <p className={styles.small}>
            {t(uiTexts.liveOn)} · {t(uiTexts.markerTier(capabilities.apiVersion))}
          </p>
          <Checkbox
            checked={props.settings.comments}
            onChange={(_, d) => props.onSettings({ ...props.settings, comments: d.checked === true })}
            label={t(uiTexts.showComments)}
          />
          <p className={styles.small} data-testid="strategy">
            {t(uiTexts.strategySource(props.strategy.name, props.strategy.source))}
          </p>
        </header>

        {props.notice && (
          <NoticeBanner
            notice={props.notice}
            t={t}
            onCell={(sheet, cell) => void checker.select(sheet ?? check.sheets[0]?.sheet ?? '', cell)}
          />
        )}
        {check.protectedSheets.length > 0 && (
          <MessageBar intent="warning" data-testid="protected">
            <MessageBarBody>{t(uiTexts.protectedSheets(check.protectedSheets.join('、')))}</MessageBarBody>
          </MessageBar>
        )}
        {check.markerError && (
          <MessageBar intent="error" data-testid="marker-error">
            <MessageBarBody>
              {t(uiTexts.markerFailed)} {check.markerError}
            </MessageBarBody>
          </MessageBar>
        )}
        {check.error && (
          <MessageBar intent="error">
            <MessageBarBody>
              {t(uiTexts.unexpected)} {check.error}
            </MessageBarBody>
          </MessageBar>
        )}

        <section className={styles.section} aria-labelledby="templates-h">
          {check.sheets.map((s) => (
            <TemplateInfo key={s.sheet} sheet={s} checker={checker} t={t} />
          ))}
        </section>

        <section className={styles.section} aria-labelledby="findings-h">
          <h2 id="findings-h" className={styles.h2}>
            {t(uiTexts.findingsHeading)}
          </h2>
          {check.phase === 'ready' && all.length === 0 && (
            <p className={styles.message}>{t(uiTexts.noFindings)}</p>
          )}
          {check.sheets
            .filter((s) => s.findings.length > 0)
            .map((s) => (
              <div key={s.sheet}>
                <h3 className={styles.h3}>{t(uiTexts.sheetHeading(s.sheet, s.template, s.rows))}</h3>
                {SEVERITIES.map((sev) => {
                  const group = s.findings.filter((f) => f.severity === sev);
                  if (group.length === 0) return null;
                  return (
                    <div key={sev}>
                      <h4 className={styles.h3}>
                        {t(uiTexts.severity[sev])} ({group.length})
                      </h4>
                      <ul className={styles.list}>
                        {group.map((f, i) => (
                          <FindingItem
                            key={`${f.rule}-${f.cell}-${i}`}
                            sheet={s.sheet}
                            finding={f}
                            lang={lang}
                            t={t}
                            onGoto={() => void checker.select(s.sheet, f.cell!)}
                            // A protected sheet refuses writes: the suggestion is shown, not offered to apply.
                            onApply={
                              check.protectedSheets.includes(s.sheet)
                                ? undefined
                                : () => void checker.applySuggestion(s.sheet, f)
                            }
                          />
                        ))}
                      </ul>
                    </div>
                  );
                })}
              </div>
            ))}
        </section>

        <TemplatePanel {...props} t={t} lang={lang} />
        <SubmitPanel
          {...props}
          t={t}
          lang={lang}
          counts={counts}
          submit={submit}
          busy={busy}
          checked={check.checkedAt !== null}
        />
        <SettingsPanel {...props} t={t} />
      </main>
    </FluentProvider>
  );
}

function TemplateInfo({ sheet, checker, t }: { sheet: SheetView; checker: Checker; t: (m: Text) => string }) {
  const styles = useStyles();
  const d = sheet.detection;
  const [open, setOpen] = useState(false);
  const [headerRow, setHeaderRow] = useState(d.ok ? d.headerRow : sheet.columns.first);
  const [columns, setColumns] = useState<ColumnMap>(d.ok ? d.columns : {});
  useEffect(() => {
    if (d.ok) {
      setHeaderRow(d.headerRow);
      setColumns(d.columns);
    }
  }, [d]);
  const summary = d.ok
    ? FIELDS.filter((f) => d.columns[f] !== undefined)
        .map((f) =>
          t(uiTexts.columnAt(f === 'kind' ? '区分' : kpiColumnLabels[f], columnLetter(d.columns[f]!))),
        )
        .join(', ')
    : '';
  const choices: number[] = [];
  for (let c = sheet.columns.first; c <= sheet.columns.last; c++) choices.push(c);
  return (
    <div data-testid="template">
      <p className={styles.message}>
        {d.ok
          ? t(uiTexts.templateRecognized(sheet.sheet, d.template, summary))
          : t(uiTexts.templateUnrecognized(sheet.sheet))}
      </p>
      {d.overridden && <p className={styles.small}>{t(uiTexts.mappingInUse)}</p>}
      {(!d.ok || d.unsure || d.overridden) && (
        <>
          {!d.overridden && <p className={styles.small}>{t(uiTexts.templateUnsure)}</p>}
          <Button size="small" appearance="transparent" onClick={() => setOpen(!open)} aria-expanded={open}>
            {t(uiTexts.fixMapping)}
          </Button>
        </>
      )}
      {open && (
        <form
          className={styles.section}
          onSubmit={(e) => {
            e.preventDefault();
            void checker.setOverride(sheet.sheet, { headerRow, columns });
          }}
        >
          <div className={styles.mapping}>
            <Field label={t(uiTexts.headerRow)}>
              <Input
                className={styles.fill}
                type="number"
                min={1}
                value={String(headerRow)}
                onChange={(_, v) => setHeaderRow(Number(v.value) || 1)}
              />
            </Field>
            {FIELDS.map((f) => (
              <Field key={f} label={f === 'kind' ? '区分' : kpiColumnLabels[f]}>
                <Select
                  className={styles.fill}
                  value={columns[f] === undefined ? '' : String(columns[f])}
                  onChange={(_, v) =>
                    setColumns({ ...columns, [f]: v.value === '' ? undefined : Number(v.value) })
                  }
                >
                  <option value="">{t(uiTexts.notMapped)}</option>
                  {choices.map((c) => (
                    <option key={c} value={c}>
                      {columnLetter(c)}
                      {sheet.columns.headers[c] ? ` ${sheet.columns.headers[c]}` : ''}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" size="small">
              {t(uiTexts.applyMapping)}
            </Button>
            {d.overridden && (
              <Button size="small" onClick={() => void checker.setOverride(sheet.sheet, null)}>
                {t(uiTexts.resetMapping)}
              </Button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}

function SubmitPanel(
  props: AppProps & {
    t: (m: Text) => string;
    lang: Lang;
    counts: Record<Severity, number>;
    submit: Submitter['state'];
    busy: boolean;
    /** A whole pass has read and checked the workbook: counts of 0 before that mean nothing. */
    checked: boolean;
  },
) {
  const styles = useStyles();
  const { t, counts, submit, settings, checker, submitter, lang } = props;
  const [reason, setReason] = useState('');
  const ready = settings.serviceUrl !== '' && settings.token !== '' && settings.cycle !== '';
  const working = submit.phase !== 'idle';
  const last = submit.last;
  const needed = reasonNeeded(counts, last);
  const disabled =
    submitBlocker(settings, counts, needed, reason, props.checked) !== null || working || props.busy;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (submit.nextRetryAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [submit.nextRetryAt]);
  return (
    <section className={styles.section} aria-labelledby="submit-h">
      <h2 id="submit-h" className={styles.h2}>
        {t(uiTexts.submitHeading)}
      </h2>
      {counts.error > 0 && <p className={styles.small}>{t(uiTexts.submitBlockedErrors(counts.error))}</p>}
      {!props.checked && <p className={styles.small}>{t(uiTexts.submitNeedsCheck)}</p>}
      {!ready && <p className={styles.small}>{t(uiTexts.submitNeedsSettings)}</p>}
      {needed !== null && (
        <Field label={t(needed === 'rows-dropped' ? uiTexts.dropReason : uiTexts.warningReason)} required>
          <Textarea
            className={styles.fill}
            value={reason}
            onChange={(_, v) => setReason(v.value)}
            placeholder={t(needed === 'rows-dropped' ? uiTexts.dropReasonHint : uiTexts.warningReasonHint)}
            data-testid="reason"
          />
        </Field>
      )}
      <div className={styles.row}>
        <Button
          appearance="primary"
          disabled={disabled}
          data-testid="submit"
          onClick={() =>
            void submitter.submit({
              settings,
              reason: needed !== null ? reason.trim() : null,
              ...checker.jsonRows(props.cycleKind),
              sendFile: !checker.hasOverrides,
              fileName: props.fileName,
            })
          }
        >
          {t(uiTexts.submit)}
        </Button>
      </div>
      <div className={styles.progressRow}>
        <ProgressBar
          className={working ? undefined : styles.hidden}
          value={submit.progress ?? undefined}
          aria-label={t(uiTexts.uploading)}
        />
        <p className={styles.small}>
          {submit.phase === 'preparing'
            ? t(uiTexts.preparingFile)
            : submit.phase === 'uploading'
              ? t(uiTexts.uploading)
              : ''}
        </p>
      </div>
      {submit.queued.length > 0 && (submit.phase === 'idle' || last?.status === 'unreachable') && (
        <MessageBar intent="warning" data-testid="queued">
          <MessageBarBody>
            {t(uiTexts.queued(submit.queued.length))}
            {submit.nextRetryAt !== null &&
              ` (${t(uiTexts.nextRetry(Math.max(0, Math.ceil((submit.nextRetryAt - now) / 1000))))})`}
          </MessageBarBody>
          <Button size="small" onClick={() => void submitter.flush()} disabled={working}>
            {t(uiTexts.retryNow)}
          </Button>
        </MessageBar>
      )}
      {submit.fileError && (
        <MessageBar intent="error" data-testid="file-error">
          <MessageBarBody>
            {t(uiTexts.fileFailed)} {submit.fileError}
          </MessageBarBody>
        </MessageBar>
      )}
      {last?.status === 'delivered' && (
        <MessageBar intent="success" data-testid="result" data-version={last.version}>
          <MessageBarBody>
            <MessageBarTitle>{t(uiTexts.delivered(last.version))}</MessageBarTitle>
            {submit.sentAs && (
              <div>{t(submit.sentAs === 'xlsx' ? uiTexts.sentAsFile : uiTexts.sentAsRows)}</div>
            )}
            <div>{t(uiTexts.serverFindings(last.findings.length))}</div>
            {last.returned && <ReturnView notice={last.returned} t={t} />}
          </MessageBarBody>
        </MessageBar>
      )}
      {last?.status === 'rejected' && (
        <MessageBar intent="error" data-testid="result">
          <MessageBarBody>
            <MessageBarTitle>{t(uiTexts.rejected)}</MessageBarTitle>
            {lang === 'ja' ? last.message : last.messageEn}
            <ul>
              {last.findings.map((f, i) => (
                <li key={i}>
                  {f.cell ? `${f.cell}: ` : ''}
                  {lang === 'ja' ? f.message : f.messageEn}
                </li>
              ))}
            </ul>
            {last.returned && <ReturnView notice={last.returned} t={t} />}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}

/** 「様式をダウンロード」: the service's workbook for the department and cycle, with its outcome. */
function TemplatePanel(props: AppProps & { t: (m: Text) => string; lang: Lang }) {
  const styles = useStyles();
  const { t, settings, lang } = props;
  const [working, setWorking] = useState(false);
  const [outcome, setOutcome] = useState<TemplateOutcome | null>(null);
  const ready = settings.serviceUrl !== '' && settings.token !== '' && settings.cycle !== '';
  return (
    <section className={styles.section}>
      <div className={styles.row}>
        <Button
          size="small"
          disabled={!ready || working}
          data-testid="template-download"
          onClick={() => {
            setWorking(true);
            setOutcome(null);
            void props.onTemplate().then((o) => {
              setOutcome(o);
              setWorking(false);
            });
          }}
        >
          {t(uiTexts.templateButton)}
        </Button>
      </div>
      <p className={styles.small}>{t(uiTexts.templateHint)}</p>
      {outcome?.status === 'opened' && (
        <MessageBar intent="success" data-testid="template-download-result">
          <MessageBarBody>{t(uiTexts.templateOpened)}</MessageBarBody>
        </MessageBar>
      )}
      {outcome?.status === 'link' && (
        <MessageBar intent="info" data-testid="template-download-result">
          <MessageBarBody>
            {t(uiTexts.templateLink)}{' '}
            <a href={outcome.url} download={outcome.fileName} data-testid="template-download-link">
              {outcome.fileName}
            </a>
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome?.status === 'failed' && (
        <MessageBar intent="error" data-testid="template-download-result">
          <MessageBarBody>
            {t(uiTexts.templateFailed)}
            {outcome.message ? ` ${lang === 'ja' ? outcome.message.ja : outcome.message.en}` : ''}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}

/** 差し戻し: the planning office's comment and cell notes on the latest version. */
/** On opening: a 差し戻し with its comment and cell notes (each note jumps to its cell), and the deadline. */
function NoticeBanner({
  notice,
  t,
  onCell,
}: {
  notice: CycleNotice;
  t: (m: Text) => string;
  onCell: (sheet: string | undefined, cell: string) => void;
}) {
  const { returned } = notice;
  return (
    <>
      {returned && (
        <MessageBar intent="warning" layout="multiline" data-testid="return-banner">
          <MessageBarBody>
            <MessageBarTitle>{t(uiTexts.returnedBanner(returned.version ?? null))}</MessageBarTitle>
            <p>{returned.comment}</p>
            {returned.notes.length > 0 && (
              <ul>
                {returned.notes.map((n, i) => (
                  <li key={i}>
                    {n.cell ? (
                      <Button
                        size="small"
                        onClick={() => onCell(n.sheet, n.cell!)}
                        aria-label={t(uiTexts.goToNote(`${n.sheet ? `${n.sheet}!` : ''}${n.cell}`))}
                        data-testid="note-goto"
                      >
                        {n.sheet ? `${n.sheet}!` : ''}
                        {n.cell}
                      </Button>
                    ) : null}{' '}
                    {n.message}
                  </li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {notice.closed && (
        <MessageBar intent="error" data-testid="cycle-closed">
          <MessageBarBody>{t(uiTexts.cycleClosedLine)}</MessageBarBody>
        </MessageBar>
      )}
      {notice.deadline && <p data-testid="deadline">{t(uiTexts.deadlineLine(notice.deadline))}</p>}
    </>
  );
}

function ReturnView({ notice, t }: { notice: ReturnNotice; t: (m: Text) => string }) {
  return (
    <div data-testid="returned">
      <strong>
        {t(uiTexts.returned)}
        {notice.version !== undefined ? ` (${t(uiTexts.version(notice.version))})` : ''}:
      </strong>{' '}
      {notice.comment}
      {notice.notes.length > 0 && (
        <ul>
          {notice.notes.map((n, i) => (
            <li key={i}>
              {n.cell ? `${n.sheet ? `${n.sheet}!` : ''}${n.cell}: ` : ''}
              {n.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SettingsPanel(props: AppProps & { t: (m: Text) => string }) {
  const styles = useStyles();
  const { t, settings } = props;
  const [url, setUrl] = useState(settings.serviceUrl);
  const [token, setToken] = useState('');
  const [cycle, setCycle] = useState(settings.cycle);
  return (
    <details open={settings.token === '' || settings.cycle === ''}>
      <summary className={styles.h2}>{t(uiTexts.settings)}</summary>
      <form
        className={styles.section}
        onSubmit={(e) => {
          e.preventDefault();
          props.onSettings({
            ...settings,
            serviceUrl: url.trim(),
            token: token.trim() || settings.token,
            cycle: cycle.trim(),
          });
          setToken('');
        }}
      >
        <Field label={t(uiTexts.serviceUrl)}>
          <Input
            className={styles.fill}
            value={url}
            onChange={(_, v) => setUrl(v.value)}
            type="url"
            data-testid="service-url"
          />
        </Field>
        <Field label={t(uiTexts.token)} hint={settings.token ? t(uiTexts.tokenSaved) : undefined}>
          <Input
            className={styles.fill}
            value={token}
            onChange={(_, v) => setToken(v.value)}
            type="password"
            autoComplete="off"
            data-testid="token"
          />
        </Field>
        <Field label={t(uiTexts.cycle)}>
          {props.cycles.length > 0 ? (
            <Select
              className={styles.fill}
              value={cycle}
              onChange={(_, v) => setCycle(v.value)}
              data-testid="cycle"
            >
              <option value="" />
              {props.cycles.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          ) : (
            <Input
              className={styles.fill}
              value={cycle}
              onChange={(_, v) => setCycle(v.value)}
              data-testid="cycle"
            />
          )}
        </Field>
        <div className={styles.row}>
          <Button type="submit" appearance="primary" data-testid="save-settings">
            {t(uiTexts.save)}
          </Button>
          {settings.token && (
            <Button onClick={() => props.onSettings({ ...settings, token: '' })}>{t(uiTexts.signOut)}</Button>
          )}
        </div>
      </form>
    </details>
  );
}
