// Drives a real VS Code (code-server) in headless Chromium through the workbench UI, the way a
// user works: open the broken definition, read the Problems count, complete, hover, apply a quick
// fix, render the graph, run locally, debug to a breakpoint set in the editor, rename. Each step
// leaves a screenshot in ASL_ARTIFACTS; what the UI showed is written to ASL_OUT as JSON for the
// pytest side to check.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.env.ASL_PLAYWRIGHT_DIR, "package.json"));
const { chromium } = require("playwright-core");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env("ASL_CODE_SERVER_URL");
const artifacts = env("ASL_ARTIFACTS");
const out = { steps: [] };
let shot = 0;

// A fresh profile per run (playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(env("ASL_BROWSER_PROFILE"), {
  executablePath: env("ASL_CHROMIUM"),
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(60000);

async function screenshot(name) {
  shot += 1;
  const file = path.join(artifacts, `${String(shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  out.steps.push({ name, screenshot: file });
}

async function step(name, action) {
  try {
    const result = await action();
    await screenshot(name);
    return result;
  } catch (err) {
    await screenshot(`${name}-failed`).catch(() => undefined);
    throw new Error(`step ${name}: ${err && err.stack ? err.stack : err}`);
  }
}

async function waitFor(predicate, what, timeout = 60000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Opens the Command Palette; a focused webview swallows keys, so focus the workbench first. */
async function palette() {
  const input = page.locator(".quick-input-widget input");
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press("F1");
    try {
      await input.waitFor({ state: "visible", timeout: 3000 });
      return input;
    } catch {
      await page.locator(".part.statusbar").click({ position: { x: 700, y: 5 } });
    }
  }
  throw new Error("the Command Palette does not open");
}

/** Runs a command from the Command Palette by its title. */
async function runCommand(title) {
  const input = await palette();
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}

/** Quick Open with a prefix-free query (a file) or ":line:column". */
async function quickOpen(query) {
  const input = await palette();
  await input.fill(query);
  if (!query.startsWith(":")) {
    await page.locator(".quick-input-list .monaco-list-row", { hasText: query }).first().waitFor();
  }
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

async function openFile(name) {
  await quickOpen(name);
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

async function problemCounts() {
  const label = (await page.locator("[id='status.problems']").first().getAttribute("aria-label")) ?? "";
  // "Errors: 10, Warnings: 1" (or "10 Errors, 1 Warning" in older builds); "No Problems".
  const count = (word) => {
    const m = new RegExp(`${word}s?: (\\d+)|(\\d+) ${word}`, "i").exec(label);
    return m === null ? 0 : Number(m[1] ?? m[2]);
  };
  return { label, errors: count("Error"), warnings: count("Warning"), infos: count("Info") };
}

async function errorNotifications() {
  return page.locator(".notifications-toasts .notification-toast:has(.codicon-error)").allInnerTexts();
}

/** The webview frame whose document has `selector`, once it appears. */
async function webviewFrame(selector) {
  return waitFor(async () => {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // a frame that navigated away meanwhile
      }
    }
    return undefined;
  }, `a webview with ${selector}`);
}

/** The Variables view's visible rows: scopes (level 1) and their expanded members. */
async function variableRows() {
  const rows = page.locator(".debug-variables .monaco-list-row");
  const found = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const level = Number((await row.getAttribute("aria-level")) ?? "0");
    const name = row.locator(".expression .name");
    if ((await name.count()) > 0) {
      const value = await row.locator(".expression .value").first().innerText();
      // The label is "name =" (or "name:" in older builds); keep the name only.
      const label = (await name.first().innerText()).trim().replace(/\s*[:=]$/, "");
      found.push({ level, name: label, value: value.trim() });
    } else {
      found.push({ level, scope: (await row.innerText()).trim() });
    }
  }
  return found;
}

try {
  await step("workbench", async () => {
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.locator(".monaco-workbench .part.statusbar").waitFor();
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "mistakes.asl.json" }).waitFor();
  });

  out.activation = await step("problems", async () => {
    await openFile("mistakes.asl.json");
    await page.locator("[id='status.editor.mode']", { hasText: "ASL" }).waitFor();
    const counts = await waitFor(async () => {
      const c = await problemCounts();
      return c.errors + c.warnings > 0 ? c : undefined;
    }, "diagnostics in the status bar");
    await page.waitForTimeout(1500); // settle: all findings published
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel .monaco-list-row").first().waitFor();
    return {
      languageMode: await page.locator("[id='status.editor.mode']").first().innerText(),
      counts: await problemCounts(),
      firstCounts: counts,
      errorNotifications: await errorNotifications(),
    };
  });

  out.completion = await step("completion", async () => {
    await page.locator(".monaco-editor textarea").first().focus();
    await quickOpen(":37:19"); // inside the quotes of "Default": "Procss order"
    await page.keyboard.press("Control+Space");
    const rows = page.locator(".suggest-widget .monaco-list-row");
    await rows.first().waitFor();
    await page.waitForTimeout(500);
    const labels = await page.locator(".suggest-widget .monaco-list-row .label-name").allInnerTexts();
    return labels.map((l) => l.trim());
  });
  await page.keyboard.press("Escape");

  out.hover = await step("hover", async () => {
    await quickOpen(":40:16"); // "Type": "Pass" of "Needs approval"
    await runCommand("Show or Focus Hover");
    const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover-content").first();
    await hover.waitFor();
    return hover.innerText();
  });
  await page.keyboard.press("Escape");

  out.quickFix = await step("quick-fix", async () => {
    const before = await problemCounts();
    await quickOpen(":37:20"); // "Procss order": ASL201, did you mean 'Process order'?
    await page.keyboard.press("Control+.");
    const item = page.locator(".action-widget .monaco-list-row", { hasText: "Process order" }).first();
    await item.waitFor();
    const title = (await item.getAttribute("aria-label")) ?? "";
    // Keyboard, as the widget's pointer block intercepts clicks: move the focus to the fix.
    for (let i = 0; i < 10; i++) {
      const focused = page.locator(".action-widget .monaco-list-row.focused").first();
      if (((await focused.getAttribute("aria-label")) ?? "") === title) break;
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    const after = await waitFor(async () => {
      const c = await problemCounts();
      return c.errors + c.warnings < before.errors + before.warnings ? c : undefined;
    }, "the Problems count to drop");
    return { title, before, after };
  });

  out.graph = await step("render-graph", async () => {
    await runCommand("ASL: Render Graph");
    const frame = await webviewFrame("#graph svg");
    const texts = await frame.locator("#graph svg text").allTextContents();
    return {
      texts: texts.map((t) => t.trim()).filter((t) => t.length > 0),
      error: await frame.locator("#error").innerText(),
      errorNotifications: await errorNotifications(),
    };
  });

  out.run = await step("run-locally", async () => {
    await openFile("greet.asl.json");
    await runCommand("ASL: Run Locally");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Enter JSON input" }).first().waitFor();
    await page.keyboard.press("Enter"); // first choice: type the input
    await page.locator(".quick-input-widget .quick-input-title", { hasText: "execution input" }).waitFor();
    await input.fill('{"name": "code-server"}');
    await page.waitForTimeout(500); // the input box validates the JSON as it changes
    await input.press("Enter");
    await input.waitFor({ state: "hidden" });
    const frame = await webviewFrame("#run .badge");
    await frame.locator("#run pre").first().waitFor();
    return { panel: await frame.locator("#run").innerText() };
  });

  out.debug = await step("debug-paused", async () => {
    await runCommand("View: Focus First Editor Group");
    await openFile("greet.asl.json");
    // Room for the debugger: close the graph and run panels of the second group.
    await runCommand("View: Close Editors in Other Groups");
    await page.locator(`.tab[data-resource-name^="webview"]`).first().waitFor({ state: "detached" });
    await quickOpen(`:${env("ASL_DEBUG_LINE")}:5`);
    await runCommand("Debug: Toggle Breakpoint");
    await page.locator(".monaco-editor .codicon-debug-breakpoint").first().waitFor();
    await runCommand("Debug: Select and Start Debugging");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Debug greet" }).first().waitFor();
    await input.fill(`${await input.inputValue()}Debug greet`); // after the "debug " quick access prefix
    await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: "Debug greet" }).waitFor();
    await page.keyboard.press("Enter");
    await input.waitFor({ state: "hidden" });
    // Paused: the top frame is selected in the Call Stack and the Input scope is expanded.
    const frame = page.locator(".debug-call-stack .monaco-list-row:has(.stack-frame)").first();
    await frame.waitFor({ timeout: 60000 });
    await page.locator(".debug-variables .monaco-list-row[aria-level='2']").first().waitFor();
    const rows = await variableRows();
    const scopes = rows.filter((r) => r.scope !== undefined).map((r) => r.scope);
    const inputScope = [];
    let inInput = false;
    for (const row of rows) {
      if (row.level === 1) inInput = row.scope === "Input";
      else if (inInput && row.level === 2) inputScope.push(row);
    }
    const lineText = (await frame.locator(".line-number").first().innerText()).trim();
    return {
      pausedFrame: (await frame.locator(".stack-frame .label, .stack-frame .file-name").first().innerText()).trim(),
      pausedLine: Number(lineText.split(":")[0]),
      callStack: await page.locator(".debug-call-stack").innerText(),
      // The Call Stack header: "Paused on breakpoint" (or on step, entry, exception).
      pausedReason: await page.locator(".pane-header", { hasText: /call stack/i }).first().innerText(),
      scopes,
      input: Object.fromEntries(inputScope.map((r) => [r.name, r.value])),
      variables: rows,
      errorNotifications: await errorNotifications(),
    };
  });

  out.debug.console = await step("debug-finished", async () => {
    await runCommand("Debug: Continue");
    await page.locator(".debug-call-stack .monaco-list-row:has(.stack-frame)").first().waitFor({ state: "detached" });
    await page.locator(".debug-toolbar").waitFor({ state: "hidden" });
    await runCommand("Debug Console: Focus on Debug Console View");
    const repl = page.locator(".repl .monaco-list-rows");
    await waitFor(async () => (await repl.innerText()).includes("SUCCEEDED"), "SUCCEEDED in the Debug Console");
    return repl.innerText();
  });

  out.rename = await step("rename", async () => {
    await openFile("mistakes.asl.json");
    await quickOpen(":55:7"); // the key of state "Done"
    await page.keyboard.press("F2");
    const box = page.locator(".rename-box input");
    await box.waitFor();
    await box.fill("Finished");
    await page.keyboard.press("Enter");
    await box.waitFor({ state: "hidden" });
    await page.waitForTimeout(500);
    await page.keyboard.press("Control+S");
    await page.locator(".tab.active.dirty").waitFor({ state: "detached" });
    return { saved: true };
  });
  out.ok = true;
} catch (err) {
  out.ok = false;
  out.error = String(err && err.stack ? err.stack : err);
} finally {
  writeFileSync(env("ASL_OUT"), JSON.stringify(out, null, 2));
  await context.close();
}
