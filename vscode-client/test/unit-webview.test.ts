import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildGraphHtml,
  contentSecurityPolicy,
  createNonce,
  cspSources,
  escapeHtml,
  extractSvg,
  graphMessage,
  renderRunPanel,
  runMessage,
  summarizeRun,
} from "../src/webview";

const context = { cspSource: "https://*.vscode-cdn.net", nonce: "abcDEF0123456789abcDEF0123456789" };
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Start</text></svg>';

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, "CSP meta tag present");
  return match[1]!.replace(/&#39;/g, "'");
}

test("escapeHtml escapes every markup character", () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&\`</a>`), "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
});

test("the CSP is strict: no network, data: images, nonce scripts only", () => {
  assert.equal(
    contentSecurityPolicy(context),
    "default-src 'none'; img-src data:; style-src 'unsafe-inline' https://*.vscode-cdn.net; script-src 'nonce-abcDEF0123456789abcDEF0123456789'",
  );
  assert.throws(() => contentSecurityPolicy({ ...context, nonce: "short" }));
  assert.throws(() => contentSecurityPolicy({ ...context, cspSource: "x; script-src *" }));
  assert.throws(() => contentSecurityPolicy({ ...context, cspSource: '"><script>' }));
});

test("the CSP accepts the source list of VS Code for the web and code-server", () => {
  // webview.cspSource as code-server 4.100 (VS Code 1.100) sets it.
  const web = { ...context, cspSource: "'self' https://*.vscode-cdn.net" };
  assert.equal(
    contentSecurityPolicy(web),
    "default-src 'none'; img-src data:; style-src 'unsafe-inline' 'self' https://*.vscode-cdn.net; script-src 'nonce-abcDEF0123456789abcDEF0123456789'",
  );
  const html = buildGraphHtml({ title: "flow.asl.json", svg: SVG }, web);
  assert.equal(cspOf(html), contentSecurityPolicy(web));
  assert.deepEqual(cspSources("  'self'\thttps://*.vscode-cdn.net  vscode-webview://abc123 https: http://127.0.0.1:8080/static/ "), [
    "'self'",
    "https://*.vscode-cdn.net",
    "vscode-webview://abc123",
    "https:",
    "http://127.0.0.1:8080/static/",
  ]);
});

test("each CSP source token is validated: nothing that widens or breaks the policy", () => {
  for (const bad of [
    "",
    "   ",
    "'self' 'unsafe-eval'",
    "'unsafe-inline'",
    "*",
    "https://*.vscode-cdn.net; script-src *",
    "'self' https://a.net,https://b.net",
    "https://a.net\nscript-src *",
    "'self' \"><script>",
    "'self' https://a.net/<x>",
    "'none'",
  ]) {
    assert.throws(() => contentSecurityPolicy({ ...context, cspSource: bad }), /invalid cspSource/, JSON.stringify(bad));
  }
});

test("nonces are 32 alphanumerics and differ between pages", () => {
  let counter = 0;
  const random = (n: number) => Uint8Array.from({ length: n }, () => (counter += 7) % 256);
  const a = createNonce(random);
  const b = createNonce(random);
  assert.match(a, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(a, b);
});

test("the page: CSP first in <head>, every script carries the nonce, no external URL", () => {
  const html = buildGraphHtml({ title: "flow.asl.json", svg: SVG }, context);
  const headStart = html.indexOf("<head>");
  assert.ok(html.indexOf("Content-Security-Policy") > headStart);
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<script"));
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style"));
  assert.equal(cspOf(html), contentSecurityPolicy(context));
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  for (const tag of scripts) {
    assert.equal(tag, `<script nonce="${context.nonce}">`);
  }
  assert.ok(!/\s(src|href)=/.test(html), "no external resources");
  assert.ok(html.includes("<text>Start</text>"));
});

test("strings the page inserts itself are escaped", () => {
  const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
  const html = buildGraphHtml(
    {
      title: evil,
      error: evil,
      run: { status: evil, output: evil, error: evil, cause: evil, eventCount: 3 },
    },
    context,
  );
  assert.ok(!html.includes("<script>alert(1)"));
  assert.ok(!html.includes("<img src=x"));
  assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  // An unknown status never reaches the class attribute.
  assert.ok(html.includes('class="badge failed"'));
});

test("extractSvg drops XML declarations and DOCTYPEs, rejects non-SVG", () => {
  const doc = `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n${SVG}\n`;
  assert.equal(extractSvg(doc), SVG);
  assert.equal(extractSvg("<html><body>no graph</body></html>"), undefined);
  assert.equal(extractSvg("<svgfoo></svg>"), undefined);
  assert.equal(extractSvg(undefined), undefined);
});

test("run results are summarised tolerantly and rendered escaped", () => {
  const summary = summarizeRun({
    status: "FAILED",
    output: null,
    error: "States.TaskFailed",
    cause: { message: "<boom>" },
    events: [{}, {}],
  });
  assert.deepEqual(summary, {
    status: "FAILED",
    output: "null",
    error: "States.TaskFailed",
    cause: '{\n  "message": "<boom>"\n}',
    eventCount: 2,
  });
  assert.deepEqual(summarizeRun(undefined), {
    status: "UNKNOWN",
    output: undefined,
    error: undefined,
    cause: undefined,
    eventCount: 0,
  });
  const html = renderRunPanel(summary);
  assert.ok(html.includes('class="badge failed">FAILED<'));
  assert.ok(html.includes("&lt;boom&gt;"));
  assert.ok(html.includes("2 events"));
  assert.ok(renderRunPanel({ status: "SUCCEEDED", eventCount: 1, stale: true }).includes("changed after this run"));
  assert.equal(renderRunPanel(undefined), "");
});

test("update messages carry only the SVG element and escaped run HTML", () => {
  assert.deepEqual(graphMessage(`<?xml version="1.0"?>${SVG}`), { type: "graph", svg: SVG, error: undefined });
  assert.deepEqual(graphMessage(undefined, "broken"), { type: "graph", svg: undefined, error: "broken" });
  const message = runMessage({ status: "<b>", eventCount: 0 });
  assert.equal(message.type, "run");
  assert.ok(message.type === "run" && message.html.includes("&lt;b&gt;"));
});
