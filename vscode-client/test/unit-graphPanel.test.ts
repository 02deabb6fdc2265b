import assert from "node:assert/strict";
import { test } from "node:test";
import { createStub, installStub } from "./vscodeStub";

const SVG = (label: string) => `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>${label}</text></svg>`;

interface Call {
  command: string;
  args: unknown[];
}

function fakeServer(answer: (call: Call, n: number) => unknown) {
  const calls: Call[] = [];
  return {
    calls,
    executeCommand: async (command: string, args: unknown[]) => {
      const call = { command, args };
      calls.push(call);
      const result = answer(call, calls.length);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("graph view: first render in the page, debounced re-render on edits, run overlay", async () => {
  const { vscode, state } = createStub();
  const uninstall = installStub(vscode);
  try {
    // Loaded after the stub is in place (esbuild initialises required modules lazily).
    const { GraphPanels, RENDER_DEBOUNCE_MS } = require("../src/graphPanel") as typeof import("../src/graphPanel");
    const Uri = vscode["Uri"] as { file(p: string): { toString(): string } };
    const uri = Uri.file("/w/flow.asl.json");
    const server = fakeServer((call, n) =>
      n === 3 ? new Error("server exploded <b>") : { svg: SVG(`render ${n} ${JSON.stringify(call.args[1])}`), html: "<html></html>" },
    );
    const output = (vscode["window"] as { createOutputChannel(): unknown }).createOutputChannel();
    const panels = new GraphPanels(server as never, output as never);

    await panels.show(uri as never);
    assert.equal(state.panels.length, 1);
    const panel = state.panels[0]!;
    assert.equal(panel.title, "Graph: flow.asl.json");
    assert.deepEqual(server.calls[0], { command: "asl.renderGraph", args: [uri.toString(), { direction: "TB" }] });
    assert.ok(panel.html.includes('<text>render 1 {"direction":"TB"}</text>'), panel.html);
    assert.ok(!panel.html.includes("<?xml"));
    assert.match(panel.html, /Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:/);
    assert.equal(panel.messages.length, 0, "the first result is in the HTML, not a message");

    // Three quick edits make one render.
    const change = state.listeners.get("onDidChangeTextDocument")![0]!;
    const edit = { document: { uri }, contentChanges: [{ text: "x" }] };
    change(edit);
    change(edit);
    change(edit);
    change({ document: { uri: Uri.file("/w/other.asl.json") }, contentChanges: [{ text: "x" }] });
    await sleep(RENDER_DEBOUNCE_MS + 150);
    assert.equal(server.calls.length, 2);
    assert.equal((panel.messages.at(-1) as { type: string; svg: string }).type, "graph");
    assert.match((panel.messages.at(-1) as { svg: string }).svg, /^<svg[^]*render 2/);

    // A failing render shows the error and keeps the last good graph in the page state.
    change(edit);
    await sleep(RENDER_DEBOUNCE_MS + 150);
    assert.deepEqual(panel.messages.at(-1), { type: "graph", svg: undefined, error: "Rendering failed: server exploded <b>" });

    // A run: status panel (escaped) then a render with the events as overlay.
    const open = await panels.show(uri as never);
    assert.ok(open !== undefined);
    await open.showRun({ status: "FAILED", error: "<States.Timeout>", eventCount: 2 }, [{ type: "ExecutionStarted" }, { type: "ExecutionFailed" }]);
    const runMessage = panel.messages.find((m) => (m as { type: string }).type === "run") as { html: string };
    assert.ok(runMessage.html.includes("&lt;States.Timeout&gt;"));
    assert.deepEqual(server.calls.at(-1)!.args[1], {
      direction: "TB",
      events: [{ type: "ExecutionStarted" }, { type: "ExecutionFailed" }],
    });

    // Editing after a run marks it stale and drops the overlay.
    change(edit);
    const stale = panel.messages.at(-1) as { type: string; html: string };
    assert.equal(stale.type, "run");
    assert.ok(stale.html.includes("changed after this run"));
    await sleep(RENDER_DEBOUNCE_MS + 150);
    assert.deepEqual(server.calls.at(-1)!.args[1], { direction: "TB" });

    // Closing the panel forgets it; showing again creates a new one.
    panel.dispose();
    await panels.show(uri as never);
    assert.equal(state.panels.length, 2);
    panels.dispose();
    assert.ok(state.panels[1]!.disposed);
  } finally {
    uninstall();
  }
});
