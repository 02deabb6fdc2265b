import assert from "node:assert/strict";
import { test } from "node:test";
import { createStub, installStub, type StubState } from "./vscodeStub";

// One stub per file: the bundled module binds `vscode` when it is first required.
const { vscode, state } = createStub();
installStub(vscode);
const { GraphPanels } = require("../src/graphPanel") as typeof import("../src/graphPanel");
const Uri = vscode["Uri"] as { file(p: string): { toString(): string } };
const output = (vscode["window"] as { createOutputChannel(): unknown }).createOutputChannel();

const SVG = (label: string) => `<svg xmlns="http://www.w3.org/2000/svg"><text>${label}</text></svg>`;

function fakeServer(answer: () => unknown) {
  const calls: unknown[][] = [];
  return {
    calls,
    executeCommand: async (_command: string, args: unknown[]) => {
      calls.push(args);
      return answer();
    },
  };
}

function reset(s: StubState, cspSource: string): void {
  s.panels.length = 0;
  s.messages.length = 0;
  s.log.length = 0;
  s.cspSource = cspSource;
}

test("graph view in VS Code for the web: the cspSource list is accepted", async () => {
  reset(state, "'self' https://*.vscode-cdn.net");
  const panels = new GraphPanels(fakeServer(() => ({ svg: SVG("Start") })) as never, output as never);
  const panel = await panels.show(Uri.file("/w/flow.asl.json") as never);
  assert.ok(panel !== undefined);
  assert.equal(state.panels.length, 1);
  assert.ok(!state.panels[0]!.disposed);
  assert.ok(state.panels[0]!.html.includes("style-src &#39;unsafe-inline&#39; &#39;self&#39; https://*.vscode-cdn.net"));
  assert.ok(state.panels[0]!.html.includes("<text>Start</text>"));
  assert.deepEqual(state.messages, []);
  panels.dispose();
});

test("a page that cannot be built closes its panel, logs to the ASL output, and retries open one panel", async () => {
  reset(state, "'unsafe-eval'");
  const uri = Uri.file("/w/flow.asl.json");
  const server = fakeServer(() => ({ svg: SVG("Start") }));
  const panels = new GraphPanels(server as never, output as never);

  for (let attempt = 1; attempt <= 2; attempt++) {
    assert.equal(await panels.show(uri as never), undefined);
    assert.equal(state.panels.length, attempt, "one panel per attempt, and it is closed again");
    assert.ok(state.panels.every((p) => p.disposed), "no empty panel stays open");
  }
  assert.equal(server.calls.length, 0, "no render for a page that was never built");
  const errors = state.log.filter((line) => line.startsWith("error: "));
  assert.equal(errors.length, 2);
  assert.match(errors[0]!, /Graph view of .*flow\.asl\.json failed: invalid cspSource/);
  assert.equal(state.messages.length, 2);
  assert.match(state.messages[0]!.text, /could not be shown: invalid cspSource.*ASL output/);

  // Once the page can be built, a retry opens exactly one live panel, reused afterwards.
  state.cspSource = "'self' https://*.vscode-cdn.net";
  const first = await panels.show(uri as never);
  const second = await panels.show(uri as never);
  assert.ok(first !== undefined && first === second);
  assert.equal(state.panels.filter((p) => !p.disposed).length, 1);
  panels.dispose();
});

test("a page that fails on a later rebuild closes the panel and forgets it", async () => {
  reset(state, "https://*.vscode-cdn.net");
  const uri = Uri.file("/w/flow.asl.json");
  const panels = new GraphPanels(fakeServer(() => ({ svg: SVG("Start") })) as never, output as never);
  // The empty page is built; the rebuild with the first result meets a value it must refuse.
  const pending = panels.show(uri as never);
  (state.panels[0] as unknown as { webview: { cspSource: string } }).webview.cspSource = "x; script-src *";
  assert.equal(await pending, undefined);
  assert.ok(state.panels[0]!.disposed);
  assert.match(state.log.find((l) => l.startsWith("error: ")) ?? "", /invalid cspSource/);
  const again = await panels.show(uri as never);
  assert.ok(again !== undefined);
  assert.equal(state.panels.length, 2);
  panels.dispose();
});
