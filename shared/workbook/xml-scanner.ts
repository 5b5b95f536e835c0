/** Thrown on `<!DOCTYPE` / `<!ENTITY`: no Office Open XML part has one; entity bombs start with one. */
export class UnsafeXml extends Error {}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fromCodePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

/** XML's five named entities and character references; nothing else expands. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(
    ENTITY,
    (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
      named ? NAMED[named]! : fromCodePoint(hex ? parseInt(hex, 16) : parseInt(dec!, 10)),
  );
}

/**
 * A forward-only scanner over one XML part held as a string: it steps from tag to tag with
 * indexOf and reads attributes and text only when asked. Namespace prefixes are ignored
 * (`x:c` is `c`), as some writers prefix SpreadsheetML. It allocates nothing per tag, which is
 * what makes a sheet of a million cells cheap.
 */
export class XmlScanner {
  private pos = 0;
  private nameStart = 0;
  private nameEnd = 0;
  private attrStart = 0;
  private attrEnd = 0;
  closing = false;
  selfClosing = false;

  constructor(private readonly s: string) {}

  /** Moves to the next start or end tag; false at the end of the part. */
  next(): boolean {
    const s = this.s;
    for (;;) {
      const lt = s.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = s.length;
        return false;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 63 /* ? */) {
        this.pos = this.skipPast('?>', lt + 2);
        continue;
      }
      if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) this.pos = this.skipPast('-->', lt + 4);
        else if (s.startsWith('<![CDATA[', lt)) this.pos = this.skipPast(']]>', lt + 9);
        else throw new UnsafeXml();
        continue;
      }
      let i = lt + 1;
      this.closing = c === 47; /* / */
      if (this.closing) i++;
      this.nameStart = i;
      for (; i < s.length; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 58 /* : */) this.nameStart = i + 1;
        else if (ch <= 32 || ch === 47 || ch === 62) break;
      }
      this.nameEnd = i;
      // The tag ends at the first `>` outside a quoted attribute value.
      let quote = 0;
      for (; i < s.length; i++) {
        const ch = s.charCodeAt(i);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === 34 || ch === 39) quote = ch;
        else if (ch === 62) break;
      }
      this.selfClosing = s.charCodeAt(i - 1) === 47;
      this.attrStart = this.nameEnd;
      this.attrEnd = this.selfClosing ? i - 1 : i;
      this.pos = i + 1;
      return true;
    }
  }

  private skipPast(end: string, from: number): number {
    const at = this.s.indexOf(end, from);
    return at < 0 ? this.s.length : at + end.length;
  }

  /** True when the current tag's local name is `name`. */
  is(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.s.startsWith(name, this.nameStart);
  }

  /** An attribute of the current tag by its local name (entities decoded), or undefined. */
  attr(name: string): string | undefined {
    const s = this.s;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      while (i < end && s.charCodeAt(i) <= 32) i++;
      let start = i;
      for (; i < end; i++) {
        const ch = s.charCodeAt(i);
        if (ch === 58) start = i + 1;
        else if (ch === 61 /* = */ || ch <= 32) break;
      }
      const match = i - start === name.length && s.startsWith(name, start);
      while (i < end && s.charCodeAt(i) !== 34 && s.charCodeAt(i) !== 39) i++;
      if (i >= end) return undefined;
      const q = s.charCodeAt(i);
      const valueStart = i + 1;
      i = valueStart;
      while (i < end && s.charCodeAt(i) !== q) i++;
      if (match) return decodeEntities(s.slice(valueStart, i));
      i++;
    }
    return undefined;
  }

  /**
   * A cell's `r`, `s` and `t` in one pass over its attributes, undecoded (their values are
   * references, numbers and type letters; an entity there makes the reference unreadable).
   */
  cellAttributes(out: { r: string | undefined; s: string | undefined; t: string | undefined }): void {
    out.r = out.s = out.t = undefined;
    const s = this.s;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      while (i < end && s.charCodeAt(i) <= 32) i++;
      const start = i;
      while (i < end && s.charCodeAt(i) !== 61 && s.charCodeAt(i) > 32) i++;
      const one = i - start === 1 ? s.charCodeAt(start) : 0;
      while (i < end && s.charCodeAt(i) !== 34 && s.charCodeAt(i) !== 39) i++;
      if (i >= end) return;
      const q = s.charCodeAt(i);
      const valueStart = ++i;
      while (i < end && s.charCodeAt(i) !== q) i++;
      if (one === 114 /* r */) out.r = s.slice(valueStart, i);
      else if (one === 115 /* s */) out.s = s.slice(valueStart, i);
      else if (one === 116 /* t */) out.t = s.slice(valueStart, i);
      i++;
    }
  }

  /**
   * The text from here to the next tag other than CDATA (entities decoded): the content of a leaf
   * element such as `<v>` or `<t>`. Comments inside it are dropped.
   */
  text(): string {
    const s = this.s;
    let out = '';
    for (;;) {
      const lt = s.indexOf('<', this.pos);
      // The common case: plain text up to the element's end tag.
      if (out === '' && lt >= 0 && s.charCodeAt(lt + 1) !== 33) {
        const text = s.slice(this.pos, lt);
        this.pos = lt;
        return decodeEntities(text);
      }
      const stop = lt < 0 ? s.length : lt;
      if (stop > this.pos) out += decodeEntities(s.slice(this.pos, stop));
      this.pos = stop;
      if (lt < 0) return out;
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        const close = end < 0 ? s.length : end;
        out += s.slice(lt + 9, close);
        this.pos = end < 0 ? s.length : end + 3;
      } else if (s.startsWith('<!--', lt)) this.pos = this.skipPast('-->', lt + 4);
      else return out;
    }
  }
}

/** A `<t>` text with Excel's `_xHHHH_` escapes (control characters) restored. */
export function unescapeOoxml(text: string): string {
  return text.indexOf('_x') < 0
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The text of a string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic guides (`<rPh>`,
 * the furigana Japanese workbooks carry) left out. The scanner stands on the opening tag.
 */
export function richText(x: XmlScanner, element: string): string {
  let out = '';
  let phonetic = 0;
  while (x.next()) {
    if (x.closing) {
      if (x.is('rPh')) phonetic--;
      else if (x.is(element)) break;
    } else if (x.is('rPh')) {
      if (!x.selfClosing) phonetic++;
    } else if (phonetic === 0 && !x.selfClosing && x.is('t')) out += x.text();
  }
  return unescapeOoxml(out);
}
