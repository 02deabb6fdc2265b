import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { createStub, exportNamesUsedBy, installStub } from "./vscodeStub";

const root = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

function loadBundle(): { activate(ctx: unknown): Promise<void>; deactivate(): Promise<void> } {
  const bundle = path.join(root, "dist", "extension.js");
  assert.ok(fs.existsSync(bundle), "dist/extension.js exists (run npm run bundle)");
  delete require.cache[bundle];
  return require(bundle);
}

function context() {
  const memento = () => {
    const values = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d), update: async (k: string, v: unknown) => void values.set(k, v), keys: () => [...values.keys()] };
  };
  return { subscriptions: [] as { dispose(): unknown }[], workspaceState: memento(), globalState: memento() };
}

test("no server anywhere: one error with the install command and an Open Settings button", async () => {
  const bundle = fs.readFileSync(path.join(root, "dist", "extension.js"), "utf8");
  const { vscode, state } = createStub(exportNamesUsedBy(bundle));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "asl-empty-"));
  const savedPath = process.env["PATH"];
  process.env["PATH"] = empty;
  state.config["python.defaultInterpreterPath"] = path.join(empty, "python");
  state.workspaceFolders = [empty];
  state.answer = "Open Settings";
  const uninstall = installStub(vscode);
  try {
    const extension = loadBundle();
    const ctx = context();
    await extension.activate(ctx);
    await new Promise((r) => setImmediate(r));
    const errors = state.messages.filter((m) => m.level === "error");
    assert.equal(errors.length, 1, JSON.stringify(state.messages));
    assert.match(errors[0]!.text, /pip install asl-lsp/);
    assert.deepEqual(errors[0]!.items, ["Open Settings"]);
    assert.deepEqual(state.executed, [
      { command: "workbench.action.openSettings", args: ["aslLsp.server.command"] },
    ]);
    assert.ok(state.log.some((l) => l.includes(path.join(empty, ".venv", "bin", "asl-lsp"))), state.log.join("\n"));

    // Every contributed command is registered, and nothing else.
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual([...state.registered.keys()].sort(), contributed);

    // A command without an ASL editor explains itself instead of failing silently.
    await state.registered.get("aslLsp.renderGraph")!();
    assert.equal(state.messages.at(-1)?.level, "warning");

    // Restart tries again and reports again (the first message was answered).
    state.answer = undefined;
    await state.registered.get("aslLsp.restartServer")!();
    assert.equal(state.messages.filter((m) => m.level === "error").length, 2);

    // Debug Test comes from a case's lens (file URI and case name); without them it explains.
    await state.registered.get("aslLsp.debugTest")!();
    assert.match(state.messages.at(-1)?.text ?? "", /lens on a case of a saved test file/);
    for (const s of ctx.subscriptions) s.dispose();
    await extension.deactivate();
  } finally {
    uninstall();
    process.env["PATH"] = savedPath;
  }
});

test("manifest: languages, grammars, activation, settings and engines agree", () => {
  const languages = Object.fromEntries(
    manifest.contributes.languages.map((l: { id: string; extensions: string[] }) => [l.id, l.extensions]),
  );
  assert.deepEqual(languages, { asl: [".asl.json"], "asl-yaml": [".asl.yaml", ".asl.yml"] });
  for (const g of manifest.contributes.grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(root, g.path), "utf8"));
    assert.equal(grammar.scopeName, g.scopeName);
    assert.deepEqual(grammar.patterns, [{ include: g.language === "asl" ? "source.json" : "source.yaml" }]);
  }
  for (const l of manifest.contributes.languages) {
    JSON.parse(fs.readFileSync(path.join(root, l.configuration), "utf8"));
  }
  for (const id of ["onLanguage:asl", "onLanguage:asl-yaml"]) {
    assert.ok(manifest.activationEvents.includes(id), id);
  }
  for (const c of manifest.contributes.commands) {
    assert.ok(manifest.activationEvents.includes(`onCommand:${c.command}`), c.command);
    assert.equal(c.category, "ASL");
  }
  const titles = manifest.contributes.commands.map((c: { title: string }) => `ASL: ${c.title}`);
  assert.deepEqual(titles, ["ASL: Render Graph", "ASL: Run Locally", "ASL: Deploy", "ASL: Restart Server", "ASL: Debug State Machine", "ASL: Debug Test"]);
  const props = manifest.contributes.configuration.properties;
  for (const key of ["aslLsp.server.command", "aslLsp.lint.select", "aslLsp.lint.ignore", "aslLsp.lint.severity", "aslLsp.trace.server"]) {
    assert.ok(key in props, key);
  }
  assert.deepEqual(props["aslLsp.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.equal(manifest.main, "./dist/extension.js");
  // vscode-languageclient's engine requirement must be satisfied by ours, and @types/vscode no newer.
  const client = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "vscode-languageclient", "package.json"), "utf8"));
  assert.equal(manifest.engines.vscode, client.engines.vscode);
  const types = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "@types", "vscode", "package.json"), "utf8"));
  assert.equal(types.version.split(".").slice(0, 2).join("."), manifest.engines.vscode.replace(/^\^/, "").split(".").slice(0, 2).join("."));
});
