import { Router } from 'express';

/**
 * The page the planning office opens on deadline day: departments × cycle status, a progress bar,
 * links to each version and to each department's template (and a zip of all). The shell is public; its data comes from the API with the admin token the
 * user pastes once (kept in sessionStorage, never in a URL). Plain DOM, no framework, no CDN.
 */

const HTML = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>提出状況 / submission status — sousei-sync</title>
<style>
  body { font-family: "Yu Gothic UI", "Meiryo", "Noto Sans CJK JP", sans-serif; margin: 1.5rem; color: #222; }
  table { border-collapse: collapse; margin-top: 1rem; min-width: 60rem; }
  th, td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left; vertical-align: top; }
  th { background: #d9e1f2; }
  tr.missing td { background: #fff4ce; }
  tr.returned td { background: #fde7e9; }
  progress { width: 30rem; height: 1.2rem; vertical-align: middle; }
  #message { color: #a4262c; }
  form { margin-bottom: 1rem; }
  a { margin-right: .4rem; }
</style>
</head>
<body>
<h1>提出状況 <small>/ submission status</small></h1>
<form id="login">
  <label>管理者トークン / admin token <input id="token" type="password" autocomplete="off" size="40"></label>
  <label>報告サイクル / cycle <select id="cycle"></select></label>
  <button type="submit">表示 / show</button>
</form>
<p id="message" role="alert"></p>
<section id="summary" hidden>
  <p><progress id="progress" max="1" value="0"></progress> <span id="count"></span></p>
  <p id="conflicts"></p>
  <p><a id="templates" href="#">全部署の様式 (zip) / every department's template</a></p>
</section>
<table id="table" hidden>
  <thead><tr><th>部署</th><th>提出</th><th>版</th><th>提出日時</th><th>エラー/警告</th><th>差し戻し</th><th>各版</th><th>様式</th></tr></thead>
  <tbody id="rows"></tbody>
</table>
<script src="/status.js"></script>
</body>
</html>
`;

const SCRIPT = `'use strict';
const $ = (id) => document.getElementById(id);
const tokenInput = $('token');
tokenInput.value = sessionStorage.getItem('sousei-admin-token') || '';

async function api(path) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + tokenInput.value.trim() } });
  if (!res.ok) {
    let text = res.status + '';
    try { text = (await res.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(text);
  }
  return res;
}

function cell(tr, text) {
  const td = document.createElement('td');
  td.textContent = text;
  tr.appendChild(td);
  return td;
}

async function download(path, name) {
  try {
    const res = await api(path);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  } catch (e) {
    $('message').textContent = e.message;
  }
}

function link(parent, text, title, onClick) {
  const a = document.createElement('a');
  a.href = '#';
  a.textContent = text;
  a.title = title;
  a.addEventListener('click', (e) => { e.preventDefault(); onClick(); });
  parent.appendChild(a);
}

async function loadCycles() {
  const cycles = (await (await api('/api/cycles')).json()).cycles;
  const select = $('cycle');
  const chosen = select.value;
  select.replaceChildren(...cycles.map((c) => new Option(c.id + '(' + c.fiscalYear + '年度・' + c.kind + ')', c.id)));
  if (chosen) select.value = chosen;
}

async function show() {
  $('message').textContent = '';
  sessionStorage.setItem('sousei-admin-token', tokenInput.value.trim());
  try {
    if (!$('cycle').value) await loadCycles();
    const cycle = $('cycle').value;
    if (!cycle) { $('message').textContent = '報告サイクルがありません。/ no cycles yet.'; return; }
    const status = await (await api('/api/cycles/' + encodeURIComponent(cycle) + '/status')).json();
    $('progress').max = status.total;
    $('progress').value = status.submitted;
    $('count').textContent = status.submitted + ' / ' + status.total + ' 部署が提出済み / departments submitted';
    $('conflicts').textContent = status.openConflicts > 0
      ? '未解決の競合 ' + status.openConflicts + ' 件 / open conflicts: GET /api/cycles/' + cycle + '/conflicts'
      : '未解決の競合はありません / no open conflicts';
    const rows = status.departments.map((d) => {
      const tr = document.createElement('tr');
      tr.className = d.returned ? 'returned' : d.submitted ? '' : 'missing';
      cell(tr, d.department);
      cell(tr, d.submitted ? '提出済み' : '未提出');
      cell(tr, d.version === null ? '—' : 'v' + d.version);
      cell(tr, d.submittedAt ? new Date(d.submittedAt).toLocaleString('ja-JP') : '—');
      cell(tr, d.submitted ? d.errors + ' / ' + d.warnings : '—');
      cell(tr, d.returned ? '差し戻し中: ' + d.returned.comment : '');
      const links = cell(tr, '');
      const base = '/api/cycles/' + encodeURIComponent(cycle);
      for (const v of d.versions)
        link(links, 'v' + v.version, new Date(v.createdAt).toLocaleString('ja-JP'),
          () => download(base + '/submissions/' + v.id + '/file', 'v' + v.version + '.xlsx'));
      link(cell(tr, ''), '様式', d.department + ' の様式 / template',
        () => download(base + '/template.xlsx?department=' + encodeURIComponent(d.department), cycle + '-' + d.department + '.xlsx'));
      return tr;
    });
    $('rows').replaceChildren(...rows);
    $('templates').onclick = (e) => {
      e.preventDefault();
      download('/api/cycles/' + encodeURIComponent(cycle) + '/template.xlsx', 'templates-' + cycle + '.zip');
    };
    $('summary').hidden = false;
    $('table').hidden = false;
  } catch (e) {
    $('message').textContent = e.message;
  }
}

$('login').addEventListener('submit', (e) => { e.preventDefault(); show(); });
if (tokenInput.value) loadCycles().then(show, (e) => { $('message').textContent = e.message; });
`;

export function statusPageRouter(): Router {
  const router = Router();
  router.get('/status', (_req, res) => void res.type('html').send(HTML));
  router.get('/status.js', (_req, res) => void res.type('text/javascript').send(SCRIPT));
  return router;
}
