import { escapeHtml as h } from './html.js';

/** The HTML document around every approval page (review and result): no script, inline style only. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} · phigate</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:56rem;padding:0 1rem;color:#1b1b1b}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.3rem 1rem}dt{font-weight:600;color:#555}dd{margin:0;word-break:break-word}
pre.statement{background:#f4f4f6;border:1px solid #ddd;padding:1rem;white-space:pre-wrap;word-break:break-word;max-height:30rem;overflow:auto}
code.pattern{background:#f4f4f6;padding:.1rem .3rem;white-space:pre-wrap;word-break:break-word}
.state{font-size:.8em;padding:.1em .5em;border-radius:.3em;background:#eee;vertical-align:middle}
.state-approved{background:#d8f5dd}.state-denied{background:#fbdada}.state-expired{background:#eee}.state-pending{background:#fff3c4}
.forms{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-start}form.decide{border:1px solid #ccc;padding:1rem;border-radius:.4rem;flex:1 1 14rem}
form.window{flex:2 1 24rem}form.decide label{display:block;margin:.4rem 0}form.decide textarea{width:100%;box-sizing:border-box;font:13px/1.4 ui-monospace,monospace}
form.intent{border-color:#333;box-shadow:0 0 0 2px #333}button{font-size:1rem;padding:.4rem 1.2rem;margin-top:.5rem;display:block}
form.approve button,form.window button{background:#1e7b34;color:#fff;border:0}form.deny button{background:#b3261e;color:#fff;border:0}
.help{color:#555;font-size:.9em}.banner{background:#fff3c4;padding:.5rem}.cannot{color:#b3261e}
</style></head><body>${body}</body></html>`;
}
