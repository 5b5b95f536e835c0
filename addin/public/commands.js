// The add-in's function file (manifest FunctionFile): Office waits for onReady before it runs any
// command. A file of its own, not an inline script, which the page's CSP (script-src 'self') refuses.
// ES5, like bootstrap.js: Excel 2016/2019 open it in Internet Explorer 11.
Office.onReady(function () {});
