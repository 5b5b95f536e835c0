/*
 * The first script of every page the service serves to people (the task pane, the drop page at / and
 * the console at /console), hand-written ES5 (a test parses it with acorn at ecmaVersion 5).
 *
 * Office 2016/2019 volume-licensed always shows add-ins in Internet Explorer 11 (Trident), and
 * 2016/2019 retail or Microsoft 365 without WebView2 in Microsoft Edge Legacy (EdgeHTML)
 * ("Browsers and webview controls used by Office Add-ins", learn.microsoft.com); city halls often open
 * intranet addresses in Internet Explorer or in Microsoft Edge's IE mode. The bundles are ES2022 and
 * parse in neither: there this script says why and what to use instead, and never loads the bundle;
 * everywhere else it loads the bundle named by data-bundle (the service rewrites that attribute to the
 * content-hashed name, like a src). data-page="browser" marks the browser pages; the pane is the default.
 *
 * Its texts live here, not in addin/src/messages.ts: that module is TypeScript bundled into the
 * ES2022 pages, which is exactly what cannot run here. Same shape: Japanese first, English second.
 */
(function () {
  'use strict';

  var PANE_TEXTS = {
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

  /** The browser pages' texts (the pane's above name the Excel). */
  var PAGE_TEXTS = {
    heading: {
      ja: 'このブラウザーではこのページを使えません',
      en: 'This page does not work in this browser',
    },
    browser: {
      ja: 'このページは {host} で開かれています。',
      en: 'This page is open in {host}.',
    },
    instead: {
      ja: 'Microsoft Edge(IE モードではない通常の表示)、Google Chrome、Firefox などで次のアドレスを開いてください。',
      en: 'Open this address in Microsoft Edge (not in IE mode), Google Chrome, Firefox or another current browser:',
    },
    ieMode: {
      ja: 'Microsoft Edge でも IE モードで開かれてしまう場合は、このアドレスを IE モードのサイト一覧から外すよう、情報システム担当に依頼してください。',
      en: 'If Microsoft Edge opens it in IE mode, ask your IT administrators to take this address off the IE mode site list.',
    },
    hosts: {
      trident: {
        ja: 'Internet Explorer 11 または Microsoft Edge の IE モード',
        en: 'Internet Explorer 11 or Microsoft Edge in IE mode',
      },
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

  function showPaneUnsupported(container, webview) {
    var host = PANE_TEXTS.hosts[webview];
    var box = element('div');
    box.id = 'unsupported-webview';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-webview', webview);
    box.appendChild(element('h1', 'ja', PANE_TEXTS.heading.ja));
    box.appendChild(element('p', 'ja', PANE_TEXTS.webview.ja.split('{host}').join(host.ja)));
    box.appendChild(element('p', 'ja', PANE_TEXTS.browserPage.ja));
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
    box.appendChild(element('p', 'ja', PANE_TEXTS.upgrade.ja));
    box.appendChild(element('hr'));
    box.appendChild(element('h2', 'en', PANE_TEXTS.heading.en));
    box.appendChild(element('p', 'en', PANE_TEXTS.webview.en.split('{host}').join(host.en)));
    box.appendChild(element('p', 'en', PANE_TEXTS.browserPage.en));
    box.appendChild(element('p', 'en', PANE_TEXTS.upgrade.en));
    container.appendChild(box);
  }

  function showPageUnsupported(browser) {
    var host = PAGE_TEXTS.hosts[browser];
    // The page's own form would do nothing here: only the explanation is shown.
    var children = document.body.children;
    for (var i = 0; i < children.length; i++) children[i].style.display = 'none';
    var box = element('div');
    box.id = 'unsupported-browser';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-browser', browser);
    box.style.margin = '16px';
    box.appendChild(element('h1', 'ja', PAGE_TEXTS.heading.ja));
    box.appendChild(element('p', 'ja', PAGE_TEXTS.browser.ja.split('{host}').join(host.ja)));
    box.appendChild(element('p', 'ja', PAGE_TEXTS.instead.ja));
    var address = element('p');
    var code = element('code');
    code.id = 'page-address';
    code.appendChild(document.createTextNode(location.href));
    address.appendChild(code);
    box.appendChild(address);
    box.appendChild(element('p', 'ja', PAGE_TEXTS.ieMode.ja));
    box.appendChild(element('hr'));
    box.appendChild(element('h2', 'en', PAGE_TEXTS.heading.en));
    box.appendChild(element('p', 'en', PAGE_TEXTS.browser.en.split('{host}').join(host.en)));
    box.appendChild(element('p', 'en', PAGE_TEXTS.instead.en));
    box.appendChild(element('p', 'en', PAGE_TEXTS.ieMode.en));
    document.body.appendChild(box);
  }

  function loadBundle(src) {
    var script = document.createElement('script');
    script.src = src;
    document.body.appendChild(script);
  }

  var self = document.getElementById('bootstrap');
  var legacy = legacyWebview();
  if (!legacy) loadBundle(self.getAttribute('data-bundle'));
  else if (self.getAttribute('data-page') === 'browser') showPageUnsupported(legacy);
  else showPaneUnsupported(document.getElementById('root'), legacy);
})();
