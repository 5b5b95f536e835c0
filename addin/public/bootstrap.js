/*
 * The task pane's first script, hand-written ES5 (a test parses it with acorn at ecmaVersion 5).
 *
 * Office 2016/2019 volume-licensed always shows add-ins in Internet Explorer 11 (Trident), and
 * 2016/2019 retail or Microsoft 365 without WebView2 in Microsoft Edge Legacy (EdgeHTML)
 * ("Browsers and webview controls used by Office Add-ins", learn.microsoft.com). The pane's bundle
 * is ES2022 and parses in neither, so on those webviews this script says why and where to go
 * instead, and never loads the bundle; everywhere else it loads the bundle named by data-bundle
 * (the service rewrites that attribute to the content-hashed name, like a src).
 *
 * Its texts live here, not in addin/src/messages.ts: that module is TypeScript bundled into the
 * ES2022 pane, which is exactly what cannot run here. Same shape: Japanese first, English second.
 */
(function () {
  'use strict';

  var TEXTS = {
    heading: {
      ja: 'この Excel ではアドインを実行できません',
      en: 'The add-in cannot run in this Excel',
    },
    webview: {
      ja: 'この Excel はアドインを {host} で表示しています。このアドインは {host} では動きません。',
      en: 'This Excel shows add-ins in {host}, which this add-in does not run in.',
    },
    browserPage: {
      ja: 'Microsoft Edge や Google Chrome などのブラウザーで次のページを開くと、ブックを検証し、課のトークンでサインインして提出できます。',
      en: 'Open this page in a browser such as Microsoft Edge or Google Chrome to check the workbook there and, signed in with your department’s token, submit it.',
    },
    upgrade: {
      ja: '提出までアドインで行うには、Microsoft 365、Office 2021 以降、または WebView2 ランタイムを入れた Office 2016/2019(製品版)の Excel か、Excel on the web で開いてください。',
      en: 'To check and submit with the add-in, open it in Excel from Microsoft 365, Office 2021 or later, Office 2016/2019 retail with the WebView2 runtime installed, or Excel on the web.',
    },
    hosts: {
      trident: { ja: 'Internet Explorer 11 (Trident)', en: 'Internet Explorer 11 (Trident)' },
      edgeHtml: { ja: 'Microsoft Edge 旧版 (EdgeHTML)', en: 'Microsoft Edge Legacy (EdgeHTML)' },
    },
  };

  /** 'trident', 'edgeHtml' or null. Chromium Edge says "Edg/", never "Edge/" (support-ie-11, learn.microsoft.com). */
  function legacyWebview() {
    var ua = navigator.userAgent;
    if (document.documentMode || ua.indexOf('Trident/') !== -1 || ua.indexOf('MSIE ') !== -1)
      return 'trident';
    if (/\bEdge\/\d/.test(ua)) return 'edgeHtml';
    return null;
  }

  function element(tag, lang, text) {
    var node = document.createElement(tag);
    if (lang) node.setAttribute('lang', lang);
    if (text) node.appendChild(document.createTextNode(text));
    return node;
  }

  function showUnsupported(container, webview) {
    var host = TEXTS.hosts[webview];
    var box = element('div');
    box.id = 'unsupported-webview';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-webview', webview);
    box.appendChild(element('h1', 'ja', TEXTS.heading.ja));
    box.appendChild(element('p', 'ja', TEXTS.webview.ja.split('{host}').join(host.ja)));
    box.appendChild(element('p', 'ja', TEXTS.browserPage.ja));
    // The drop page of this same service: relative to this page, so a reverse proxy's path stays.
    var link = element('a');
    link.setAttribute('href', '../');
    // A new window opens in the system's browser, not in this webview, which cannot run that page either.
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener');
    link.id = 'browser-page-link';
    link.appendChild(document.createTextNode(link.href));
    var linkLine = element('p');
    linkLine.appendChild(link);
    box.appendChild(linkLine);
    box.appendChild(element('p', 'ja', TEXTS.upgrade.ja));
    box.appendChild(element('hr'));
    box.appendChild(element('h2', 'en', TEXTS.heading.en));
    box.appendChild(element('p', 'en', TEXTS.webview.en.split('{host}').join(host.en)));
    box.appendChild(element('p', 'en', TEXTS.browserPage.en));
    box.appendChild(element('p', 'en', TEXTS.upgrade.en));
    container.appendChild(box);
  }

  function loadBundle(src) {
    var script = document.createElement('script');
    script.src = src;
    document.body.appendChild(script);
  }

  var self = document.getElementById('bootstrap');
  var webview = legacyWebview();
  if (webview) showUnsupported(document.getElementById('root'), webview);
  else loadBundle(self.getAttribute('data-bundle'));
})();
