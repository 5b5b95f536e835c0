import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { Finding, Severity } from '#shared';
import { uiTexts } from '../messages';

type Text = { ja: string; en: string };

const useStyles = makeStyles({
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '6px 8px',
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    overflowWrap: 'anywhere',
  },
  head: { display: 'flex', alignItems: 'center', gap: '6px', flexWrap: 'wrap' },
  small: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, margin: 0 },
  message: { margin: 0 },
  suggestion: { margin: 0, color: tokens.colorBrandForeground1 },
});

export const severityColor: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

/**
 * One finding as the task pane and the console list it: severity, cell, rule, message, suggestion.
 * The pane passes `onGoto` (the cell is a button that selects it in Excel) and `onApply` (writes the
 * suggestion); the console, which has no workbook open, passes neither and the cell is text.
 */
export function FindingItem({
  sheet,
  finding,
  lang,
  t,
  onGoto,
  onApply,
}: {
  sheet: string | undefined;
  finding: Finding;
  lang: 'ja' | 'en';
  t: (m: Text) => string;
  onGoto?: (() => void) | undefined;
  onApply?: (() => void) | undefined;
}) {
  const styles = useStyles();
  const where = finding.cell ? `${sheet && !onGoto ? `${sheet}!` : ''}${finding.cell}` : null;
  return (
    <li
      className={styles.item}
      data-testid="finding"
      data-cell={finding.cell ?? ''}
      data-rule={finding.rule}
      data-severity={finding.severity}
    >
      <div className={styles.head}>
        <Badge appearance="tint" color={severityColor[finding.severity]}>
          {t(uiTexts.severity[finding.severity])}
        </Badge>
        {where &&
          (onGoto ? (
            <Button
              size="small"
              appearance="secondary"
              onClick={onGoto}
              aria-label={t(uiTexts.goToCell(sheet ?? '', finding.cell!))}
              data-testid="goto"
            >
              {finding.cell}
            </Button>
          ) : (
            <span>{where}</span>
          ))}
        <code className={styles.small}>{finding.rule}</code>
      </div>
      <p className={styles.message}>{lang === 'ja' ? finding.message : finding.messageEn}</p>
      {finding.suggestion !== null && (
        <div className={styles.head}>
          <p className={styles.suggestion}>
            {t(uiTexts.suggestion)}: {finding.suggestion}
          </p>
          {onApply && finding.cell && (
            <Button size="small" onClick={onApply} data-testid="apply">
              {t(uiTexts.applySuggestion)}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
