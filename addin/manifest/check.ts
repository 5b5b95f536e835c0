import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Offline check of the XML add-in manifest. `office-addin-manifest validate` sends the file to a
 * Microsoft web service that closed municipal networks (and this project's CI) cannot reach; this
 * checks what breaks sideloading most often: well-formed XML, required elements, element ORDER
 * (the schema's xs:sequence), the GUID, resource references, string lengths, ja/en strings, and
 * that every URL is HTTPS on one origin.
 */

const OFFICE_APP = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

export interface ManifestProblem {
  path: string;
  message: string;
}

/** Allowed children in schema order: [name, minOccurs, maxOccurs, their own children]. */
type Rule = [name: string, minOccurs: number, maxOccurs: number, children?: Rule[]];
type Spec = Rule[];

const MANY = Infinity;
const overrides: Spec = [['Override', 0, MANY]];
const icon: Spec = [['bt:Image', 1, MANY]];
const strings: Spec = [['bt:String', 1, MANY, [['bt:Override', 0, MANY]]]];
const control: Spec = [
  ['Label', 1, 1],
  [
    'Supertip',
    1,
    1,
    [
      ['Title', 1, 1],
      ['Description', 1, 1],
    ],
  ],
  ['Icon', 1, 1, icon],
  [
    'Action',
    1,
    1,
    [
      ['TaskpaneId', 0, 1],
      ['SourceLocation', 1, 1],
      ['Title', 0, 1],
    ],
  ],
];
const group: Spec = [
  ['Label', 1, 1],
  ['Icon', 1, 1, icon],
  ['Control', 0, MANY, control],
];
const desktop: Spec = [
  [
    'GetStarted',
    0,
    1,
    [
      ['Title', 1, 1],
      ['Description', 1, 1],
      ['LearnMoreUrl', 0, 1],
    ],
  ],
  ['FunctionFile', 1, 1],
  [
    'ExtensionPoint',
    0,
    MANY,
    [
      ['OfficeTab', 0, 1, [['Group', 1, MANY, group]]],
      ['CustomTab', 0, 1],
      ['OfficeMenu', 0, 1],
    ],
  ],
];
const versionOverrides: Spec = [
  ['Description', 0, 1],
  ['Requirements', 0, 1],
  [
    'Hosts',
    1,
    1,
    [
      [
        'Host',
        1,
        MANY,
        [
          ['Runtimes', 0, 1],
          ['AllFormFactors', 0, 1],
          ['DesktopFormFactor', 0, 1, desktop],
        ],
      ],
    ],
  ],
  [
    'Resources',
    0,
    1,
    [
      ['bt:Images', 0, 1, [['bt:Image', 1, MANY, [['bt:Override', 0, MANY]]]]],
      ['bt:Urls', 0, 1, [['bt:Url', 1, MANY, [['bt:Override', 0, MANY]]]]],
      ['bt:ShortStrings', 0, 1, strings],
      ['bt:LongStrings', 0, 1, strings],
    ],
  ],
  ['WebApplicationInfo', 0, 1],
  ['EquivalentAddins', 0, 1],
];
/** OfficeApp of xsi:type TaskPaneApp (OfficeAppManifestV1_1.xsd, manifest-element-ordering.md). */
const taskPaneApp: Spec = [
  ['Id', 1, 1],
  ['AlternateId', 0, 1],
  ['Version', 1, 1],
  ['ProviderName', 1, 1],
  ['DefaultLocale', 1, 1],
  ['DisplayName', 1, 1, overrides],
  ['Description', 1, 1, overrides],
  ['IconUrl', 0, 1, overrides],
  ['HighResolutionIconUrl', 0, 1, overrides],
  ['SupportUrl', 0, 1, overrides],
  ['AppDomains', 0, 1, [['AppDomain', 0, MANY]]],
  ['Hosts', 0, 1, [['Host', 0, MANY]]],
  ['Requirements', 0, 1],
  [
    'DefaultSettings',
    1,
    1,
    [
      ['SourceLocation', 1, 1, overrides],
      ['RequestedWidth', 0, 1],
      ['RequestedHeight', 0, 1],
    ],
  ],
  ['Permissions', 1, 1],
  ['AllowSnapshot', 0, 1],
  ['DisableEntityHighlighting', 0, 1],
  ['Dictionary', 0, 1],
  ['VersionOverrides', 0, 1, versionOverrides],
];

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = tag.uri === BT ? `bt:${tag.local}` : tag.local;
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.uri === XSI) attrs[`xsi:${a.local}`] = a.value;
      else if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    }
    if (tag.uri !== BT && stack.length === 0) attrs.xmlns = tag.uri;
    const el: XmlElement = { name, attrs, children: [], text: '', line: parser.line };
    stack.at(-1)?.children.push(el);
    stack.push(el);
    root ??= el;
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

function checkOrder(el: XmlElement, spec: Spec, path: string, problems: ManifestProblem[]): void {
  let at = 0;
  const counts = new Map<string, number>();
  for (const child of el.children) {
    const index = spec.findIndex(([name]) => name === child.name);
    const where = `${path}/${child.name}`;
    if (index < 0) {
      problems.push({
        path: where,
        message: `<${child.name}> is not allowed in <${el.name}> (line ${child.line})`,
      });
      continue;
    }
    if (index < at) {
      problems.push({
        path: where,
        message: `<${child.name}> is out of order in <${el.name}>: it must come before <${spec[at]![0]}> (line ${child.line})`,
      });
    }
    at = Math.max(at, index);
    const n = (counts.get(child.name) ?? 0) + 1;
    counts.set(child.name, n);
    if (n > spec[index]![2])
      problems.push({ path: where, message: `<${child.name}> may appear only ${spec[index]![2]} time(s)` });
    const sub = spec[index]![3];
    if (sub) checkOrder(child, sub, where, problems);
  }
  for (const [name, min] of spec)
    if ((counts.get(name) ?? 0) < min)
      problems.push({ path: `${path}/${name}`, message: `required <${name}> is missing in <${el.name}>` });
}

function* walk(el: XmlElement, path = el.name): Generator<[XmlElement, string]> {
  yield [el, path];
  for (const c of el.children) yield* walk(c, `${path}/${c.name}`);
}

const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_ELEMENTS = new Set([
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'SourceLocation',
  'bt:Image',
  'bt:Url',
]);

export function checkManifest(xml: string, options: { requireHttps: boolean }): ManifestProblem[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return [
      { path: '', message: `not well-formed XML: ${error instanceof Error ? error.message : String(error)}` },
    ];
  }
  const problems: ManifestProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (root.name !== 'OfficeApp' || root.attrs.xmlns !== OFFICE_APP)
    return [{ path: root.name, message: `root must be <OfficeApp xmlns="${OFFICE_APP}">` }];
  if (root.attrs['xsi:type'] !== 'TaskPaneApp') add('OfficeApp', 'xsi:type must be TaskPaneApp');
  checkOrder(root, taskPaneApp, 'OfficeApp', problems);

  const id = child(root, 'Id')?.text.trim() ?? '';
  if (!GUID.test(id)) add('OfficeApp/Id', `Id "${id}" is not a GUID`);
  const version = child(root, 'Version')?.text.trim() ?? '';
  if (!/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version))
    add('OfficeApp/Version', `Version "${version}" must be n.n.n.n`);
  if (!/^[a-z]{2}-[A-Z]{2}$/.test(child(root, 'DefaultLocale')?.text.trim() ?? ''))
    add('OfficeApp/DefaultLocale', 'DefaultLocale must be a culture name like ja-JP');
  if (child(root, 'Permissions')?.text.trim() !== 'ReadWriteDocument')
    add(
      'OfficeApp/Permissions',
      'Permissions must be ReadWriteDocument (markers and suggestions write cells)',
    );
  if (!child(root, 'Hosts')?.children.some((h) => h.attrs.Name === 'Workbook'))
    add('OfficeApp/Hosts', 'Hosts must contain <Host Name="Workbook"/>');
  const displayName = child(root, 'DisplayName')?.attrs.DefaultValue ?? '';
  if (displayName.length === 0 || displayName.length > 125)
    add('OfficeApp/DisplayName', 'DisplayName must be 1–125 characters');
  for (const name of ['DisplayName', 'Description'])
    if (!child(root, name)?.children.some((o) => o.attrs.Locale === 'en-US'))
      add(`OfficeApp/${name}`, `${name} needs an en-US Override (Japanese first, English second)`);

  // Resources: unique ids, references resolve, lengths, English overrides.
  const resources = new Map<string, string>();
  const resourceRoot = child(child(root, 'VersionOverrides'), 'Resources');
  for (const collection of resourceRoot?.children ?? []) {
    for (const r of collection.children) {
      const rid = r.attrs.id ?? '';
      if (resources.has(rid)) add(`Resources/${collection.name}`, `resource id "${rid}" is defined twice`);
      resources.set(rid, collection.name);
      const value = r.attrs.DefaultValue ?? '';
      if (collection.name === 'bt:ShortStrings' && value.length > 125)
        add(`Resources/${rid}`, 'short strings are at most 125 characters');
      if (collection.name === 'bt:LongStrings' && value.length > 250)
        add(`Resources/${rid}`, 'long strings are at most 250 characters');
      if (collection.name.endsWith('Strings') && !r.children.some((o) => o.attrs.Locale === 'en-US'))
        add(`Resources/${rid}`, `string "${rid}" needs an en-US Override`);
    }
  }
  const controlIds = new Set<string>();
  for (const [el, path] of walk(root)) {
    const resid = el.attrs.resid;
    if (resid !== undefined) {
      if (!resources.has(resid)) add(path, `resid "${resid}" is not defined in <Resources>`);
      if (resid.length > 32) add(path, `resid "${resid}" is longer than 32 characters`);
    }
    if ((el.name === 'Group' || el.name === 'Control') && el.attrs.id) {
      if (controlIds.has(el.attrs.id)) add(path, `id "${el.attrs.id}" is used twice`);
      controlIds.add(el.attrs.id);
    }
    if (el.name === 'Icon') {
      const sizes = new Set(el.children.map((i) => i.attrs.size));
      for (const size of ['16', '32', '80']) if (!sizes.has(size)) add(path, `icon size ${size} is missing`);
    }
  }

  // URLs: one origin, HTTPS once served for an https origin.
  const urls: [string, string][] = [];
  for (const [el, path] of walk(root)) {
    if (URL_ELEMENTS.has(el.name) && el.attrs.DefaultValue !== undefined)
      urls.push([path, el.attrs.DefaultValue]);
    if (el.name === 'Override' && el.attrs.Value && /Url|SourceLocation/.test(path))
      urls.push([path, el.attrs.Value]);
    if (el.name === 'AppDomain') urls.push([path, el.text.trim()]);
  }
  const source = child(child(root, 'DefaultSettings'), 'SourceLocation')?.attrs.DefaultValue ?? '';
  const origin = URL.canParse(source) ? new URL(source).origin : null;
  for (const [path, value] of urls) {
    if (!URL.canParse(value)) {
      add(path, `"${value}" is not an absolute URL`);
      continue;
    }
    const url = new URL(value);
    if (options.requireHttps && url.protocol !== 'https:')
      add(path, `"${value}" must use HTTPS (Office loads add-ins over HTTPS only)`);
    if (origin && url.origin !== origin) add(path, `"${value}" is not on the add-in's origin ${origin}`);
  }
  return problems;
}
