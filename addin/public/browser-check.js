/*
 * The browser pages' first script (the drop page at / and the console at /console), hand-written ES5
 * (a test parses it with acorn at ecmaVersion 5).
 *
 * City halls often open intranet addresses in Internet Explorer 11 or in Microsoft Edge's IE mode
 * (Trident), some still in Edge Legacy (EdgeHTML). The pages' bundles are ES2022 and parse in neither:
 * without this script the page would show its form and do nothing. Here it says why and what to use,
 * and never loads the bundle; everywhere else it loads the bundle named by data-bundle (the service
 * rewrites that attribute to the content-hashed name, like a src).
 *
 * Its texts live here, not in addin/src/messages.ts: that module is TypeScript bundled into the
 * ES2022 pages, which is exactly what cannot run here. Same shape: Japanese first, English second.
 */
(function () {
  'use strict';

  var TEXTS = {
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

  /** 'trident', 'edgeHtml' or null. Chromium Edge says "Edg/", never "Edge/". */
  function legacyBrowser() {
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

  function showUnsupported(browser) {
    var host = TEXTS.hosts[browser];
    // The page's own form would do nothing here: only the explanation is shown.
    var children = document.body.children;
    for (var i = 0; i < children.length; i++) children[i].style.display = 'none';
    var box = element('div');
    box.id = 'unsupported-browser';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-browser', browser);
    box.style.margin = '16px';
    box.appendChild(element('h1', 'ja', TEXTS.heading.ja));
    box.appendChild(element('p', 'ja', TEXTS.browser.ja.split('{host}').join(host.ja)));
    box.appendChild(element('p', 'ja', TEXTS.instead.ja));
    var address = element('p');
    var code = element('code');
    code.id = 'page-address';
    code.appendChild(document.createTextNode(location.href));
    address.appendChild(code);
    box.appendChild(address);
    box.appendChild(element('p', 'ja', TEXTS.ieMode.ja));
    box.appendChild(element('hr'));
    box.appendChild(element('h2', 'en', TEXTS.heading.en));
    box.appendChild(element('p', 'en', TEXTS.browser.en.split('{host}').join(host.en)));
    box.appendChild(element('p', 'en', TEXTS.instead.en));
    box.appendChild(element('p', 'en', TEXTS.ieMode.en));
    document.body.appendChild(box);
  }

  function loadBundle(src) {
    var script = document.createElement('script');
    script.src = src;
    document.body.appendChild(script);
  }

  var self = document.getElementById('browser-check');
  var browser = legacyBrowser();
  if (browser) showUnsupported(browser);
  else loadBundle(self.getAttribute('data-bundle'));
})();
