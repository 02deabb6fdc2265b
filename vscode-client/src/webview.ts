/**
 * HTML of the graph webview: the server's SVG plus a status/output panel for local runs.
 *
 * Pure (no `vscode` import) so the escaping and the Content-Security-Policy can be unit-tested.
 * The CSP is what keeps the view inert and offline: no network (`default-src 'none'`), images only
 * from `data:`, and only the one script carrying this page's nonce may run, so scripts or event
 * handlers inside an SVG never execute. Every string this module inserts itself is escaped.
 */

export interface RunSummary {
  /** Execution status from `asl.runLocal` (SUCCEEDED, FAILED, TIMED_OUT, ABORTED, ...). */
  readonly status: string;
  /** Pretty-printed output, error, cause; undefined when absent. */
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly eventCount: number;
  /** True when the definition was edited after this run. */
  readonly stale?: boolean | undefined;
}

export interface GraphPage {
  readonly title: string;
  /** The server's SVG (inserted as markup; the CSP keeps it inert). */
  readonly svg?: string | undefined;
  /** A rendering error to show instead of (or above) the last good graph. */
  readonly error?: string | undefined;
  readonly run?: RunSummary | undefined;
}

export interface WebviewContext {
  /** `webview.cspSource` of the panel. */
  readonly cspSource: string;
  /** A fresh random nonce per page. */
  readonly nonce: string;
}

/** Messages the extension posts to an open page to update it without reloading (keeps zoom). */
export type GraphMessage =
  | { readonly type: "graph"; readonly svg?: string | undefined; readonly error?: string | undefined }
  | { readonly type: "run"; readonly html: string };

/** Update message for the run panel; the HTML comes from renderRunPanel (escaped). */
export function runMessage(run: RunSummary | undefined): GraphMessage {
  return { type: "run", html: renderRunPanel(run) };
}

/** Update message for the graph; only the `<svg>` element of the server's answer is sent. */
export function graphMessage(svg: string | undefined, error?: string): GraphMessage {
  return { type: "graph", svg: extractSvg(svg), error };
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 32-character alphanumeric nonce from the given random bytes (crypto.randomBytes in the extension). */
export function createNonce(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(32);
  let nonce = "";
  for (const byte of bytes) {
    nonce += NONCE_ALPHABET[byte % NONCE_ALPHABET.length];
  }
  return nonce;
}

/**
 * One CSP source expression VS Code may hand us: the `'self'` keyword, a scheme (`https:`) or a
 * host source with an optional scheme, `*.` wildcard, port and path (`https://*.vscode-cdn.net`,
 * `vscode-webview://abc123`). Nothing that could weaken the policy (`*`, `'unsafe-*'`) or break
 * out of the directive or the attribute (`;`, `,`, quotes, `<`, `>`) matches.
 */
const CSP_SOURCE_TOKEN =
  /^(?:'self'|[A-Za-z][A-Za-z0-9+.-]*:|(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::(?:[0-9]+|\*))?(?:\/[A-Za-z0-9._~%!$&()*+=:@\/-]*)?)$/;

/**
 * The source list of `webview.cspSource`, validated token by token. Desktop VS Code gives one
 * host source; VS Code for the web and code-server give a space-separated list
 * (`'self' https://*.vscode-cdn.net`).
 */
export function cspSources(cspSource: string): string[] {
  const tokens = cspSource.split(/[ \t]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) {
    throw new Error("invalid cspSource: empty");
  }
  for (const token of tokens) {
    if (!CSP_SOURCE_TOKEN.test(token)) {
      throw new Error(`invalid cspSource: ${JSON.stringify(token)} is not a CSP source expression`);
    }
  }
  return tokens;
}

export function contentSecurityPolicy(context: WebviewContext): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(context.nonce)) {
    throw new Error("invalid nonce");
  }
  return [
    "default-src 'none'",
    "img-src data:",
    `style-src 'unsafe-inline' ${cspSources(context.cspSource).join(" ")}`,
    `script-src 'nonce-${context.nonce}'`,
  ].join("; ");
}

/**
 * The `<svg>...</svg>` element of a server answer, without an XML declaration or DOCTYPE
 * (both are invalid inside HTML). Undefined when there is no SVG element.
 */
export function extractSvg(svg: string | undefined): string | undefined {
  if (svg === undefined) {
    return undefined;
  }
  const start = svg.search(/<svg[\s>]/i);
  const end = svg.toLowerCase().lastIndexOf("</svg>");
  if (start < 0 || end < start) {
    return undefined;
  }
  return svg.slice(start, end + "</svg>".length);
}

function jsonText(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === "string" ? value : jsonText(value);
}

/** Summarises an `asl.runLocal` answer for the panel; tolerant of missing or odd fields. */
export function summarizeRun(result: unknown): RunSummary {
  const r = (result !== null && typeof result === "object" ? result : {}) as Record<string, unknown>;
  const events = Array.isArray(r["events"]) ? r["events"] : [];
  return {
    status: typeof r["status"] === "string" ? r["status"] : "UNKNOWN",
    output: "output" in r ? jsonText(r["output"]) : undefined,
    error: optionalString(r["error"]),
    cause: optionalString(r["cause"]),
    eventCount: events.length,
  };
}

/** CSS class for a status badge; only known words reach the class attribute. */
export function statusClass(status: string): string {
  switch (status.toUpperCase()) {
    case "SUCCEEDED":
      return "ok";
    case "RUNNING":
    case "PENDING":
      return "running";
    default:
      return "failed";
  }
}

export function renderRunPanel(run: RunSummary | undefined): string {
  if (run === undefined) {
    return "";
  }
  const parts = [
    `<div class="run-head"><span class="badge ${statusClass(run.status)}">${escapeHtml(run.status)}</span>`,
    `<span class="muted">${run.eventCount} event${run.eventCount === 1 ? "" : "s"}</span>`,
    run.stale === true
      ? `<span class="muted">(the definition changed after this run)</span>`
      : "",
    "</div>",
  ];
  if (run.error !== undefined) {
    parts.push(`<div class="field"><b>Error</b> <code>${escapeHtml(run.error)}</code></div>`);
  }
  if (run.cause !== undefined) {
    parts.push(`<div class="field"><b>Cause</b><pre>${escapeHtml(run.cause)}</pre></div>`);
  }
  if (run.output !== undefined) {
    parts.push(`<div class="field"><b>Output</b><pre>${escapeHtml(run.output)}</pre></div>`);
  }
  return parts.join("");
}

const STYLE = `
  body { margin: 0; padding: 0; color: var(--vscode-foreground); font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size); background: var(--vscode-editor-background); }
  header { display: flex; gap: .5em; align-items: center; padding: .4em .8em;
    border-bottom: 1px solid var(--vscode-panel-border, transparent); position: sticky; top: 0;
    background: var(--vscode-editor-background); }
  header h1 { font-size: 1em; margin: 0; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
    border: none; padding: .2em .7em; cursor: pointer; }
  #error { color: var(--vscode-errorForeground); padding: .4em .8em; white-space: pre-wrap; }
  #error:empty, #run:empty { display: none; }
  #graph { padding: .8em; overflow: auto; }
  #graph svg { transform-origin: 0 0; max-width: none; }
  #graph.fit svg { max-width: 100%; height: auto; }
  #run { border-top: 1px solid var(--vscode-panel-border, transparent); padding: .6em .8em; }
  .run-head { display: flex; gap: .8em; align-items: center; }
  .badge { font-weight: bold; padding: .1em .5em; border-radius: 3px; }
  .badge.ok { color: var(--vscode-testing-iconPassed, #3fb950); }
  .badge.failed { color: var(--vscode-testing-iconFailed, #f85149); }
  .badge.running { color: var(--vscode-testing-iconQueued, #d29922); }
  .muted { opacity: .7; }
  .field { margin-top: .5em; }
  pre { margin: .3em 0; padding: .5em; overflow: auto; max-height: 40vh;
    background: var(--vscode-textCodeBlock-background); font-family: var(--vscode-editor-font-family); }
`;

// Runs inside the webview. The error goes in as text; the run panel arrives pre-escaped from
// renderRunPanel; the server's SVG is parsed as markup and the page CSP stops any script in it.
const SCRIPT = `
(function () {
  const graph = document.getElementById("graph");
  const error = document.getElementById("error");
  const run = document.getElementById("run");
  let scale = 1;
  function applyScale() {
    const svg = graph.querySelector("svg");
    if (svg) { svg.style.transform = graph.classList.contains("fit") ? "" : "scale(" + scale + ")"; }
  }
  document.getElementById("fit").addEventListener("click", function () {
    graph.classList.toggle("fit"); applyScale();
  });
  document.getElementById("zoom-in").addEventListener("click", function () {
    graph.classList.remove("fit"); scale = Math.min(4, scale * 1.25); applyScale();
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    graph.classList.remove("fit"); scale = Math.max(0.2, scale / 1.25); applyScale();
  });
  window.addEventListener("message", function (event) {
    const m = event.data;
    if (!m || typeof m !== "object") { return; }
    if (m.type === "graph") {
      error.textContent = m.error || "";
      if (typeof m.svg === "string") { graph.innerHTML = m.svg; applyScale(); }
    } else if (m.type === "run" && typeof m.html === "string") {
      run.innerHTML = m.html;
    }
  });
})();
`;

export function buildGraphHtml(page: GraphPage, context: WebviewContext): string {
  const csp = contentSecurityPolicy(context);
  const svg = extractSvg(page.svg) ?? "";
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta charset="UTF-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1 title="${escapeHtml(page.title)}">${escapeHtml(page.title)}</h1>`,
    '<button id="zoom-out" title="Zoom out">−</button>',
    '<button id="zoom-in" title="Zoom in">+</button>',
    '<button id="fit" title="Fit to width">Fit</button>',
    "</header>",
    `<div id="error">${page.error === undefined ? "" : escapeHtml(page.error)}</div>`,
    `<div id="graph" class="fit">${svg}</div>`,
    `<div id="run">${renderRunPanel(page.run)}</div>`,
    `<script nonce="${context.nonce}">${SCRIPT}</script>`,
    "</body>",
    "</html>",
  ].join("\n");
}
