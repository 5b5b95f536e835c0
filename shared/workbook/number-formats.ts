/**
 * Excel's built-in number formats (numFmtId below 164 that styles.xml does not spell out), with
 * the Japanese-locale codes for the East Asian ids: a date typed in a Japanese Excel is often
 * stored as id 31 (`yyyy"年"m"月"d"日"`) or 14 and must read as a date.
 */
const BUILT_IN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  27: '[$-411]ge.m.d',
  28: '[$-411]ggge"年"m"月"d"日"',
  29: '[$-411]ggge"年"m"月"d"日"',
  30: 'm/d/yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: '[$-411]ge.m.d',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: '[$-411]ge.m.d',
  51: '[$-411]ggge"年"m"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: '[$-411]ggge"年"m"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: '[$-411]ge.m.d',
  58: '[$-411]ggge"年"m"月"d"日"',
};

/** The format code of a numFmtId: the workbook's own definition first, then Excel's built-in. */
export function formatCode(id: number, custom: ReadonlyMap<number, string>): string {
  return custom.get(id) ?? BUILT_IN[id] ?? 'General';
}

/**
 * True when a format shows a date or time: a y, m, d, h, s or Japanese era (g, e) code outside
 * quoted text and [brackets] (colours, locales, elapsed-time markers).
 */
export function isDateFormat(code: string): boolean {
  if (code === 'General') return false;
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\.|[_*]./g, '');
  return /[ymdhsgeb]/i.test(bare.replace(/General/gi, '').replace(/E[+-]/g, ''));
}

const MS_PER_DAY = 86_400_000;
// Day 0 of Excel's 1900 system is 1899-12-30 (its 1900 leap-year bug included); 1904 is 1462 days on.
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** A date serial as `YYYY-MM-DD` (the snapshot's date form), or null when it is not a date. */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  const ms = Math.round((serial + (date1904 ? 1462 : 0)) * MS_PER_DAY) + EPOCH_1900;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
