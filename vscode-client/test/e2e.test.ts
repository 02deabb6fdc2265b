/**
 * End-to-end: drives the real Python server over stdio with the protocol library the extension's
 * client uses and VS Code's client capabilities. The server command comes from ASL_LSP_SERVER
 * (split on spaces), else `<repo>/.venv/bin/python -m asl_lsp serve`, else `python3 -m asl_lsp serve`.
 * If the server cannot be started the test fails under CI=true and is skipped otherwise.
 */

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  type Command,
  CompletionRequest,
  type CompletionItem,
  type CompletionList,
  DefinitionRequest,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type LocationLink,
  type Location,
  type Position,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  ShutdownRequest,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const START_TIMEOUT_MS = 20000;
const WAIT_MS = 10000;

export function serverCommand(): string[] {
  const fromEnv = process.env["ASL_LSP_SERVER"]?.trim();
  if (fromEnv) {
    return fromEnv.split(/\s+/);
  }
  const venvPython = path.join(repoRoot, ".venv", "bin", "python");
  return [fs.existsSync(venvPython) ? venvPython : "python3", "-m", "asl_lsp", "serve"];
}

/** Roughly what VS Code 1.9x sends (utf-16 only, snippets, applyEdit, code action literals...). */
const CAPABILITIES: ClientCapabilities = {
  general: {
    positionEncodings: ["utf-16"],
    markdown: { parser: "marked", version: "1.1.0" },
    regularExpressions: { engine: "ECMAScript", version: "ES2020" },
    staleRequestSupport: {
      cancel: true,
      retryOnContentModified: [
        "textDocument/semanticTokens/full",
        "textDocument/semanticTokens/range",
        "textDocument/semanticTokens/full/delta",
      ],
    },
  },
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ["create", "rename", "delete"],
      failureHandling: "textOnlyTransactional",
      normalizesLineEndings: true,
      changeAnnotationSupport: { groupsOnLabel: true },
    },
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: true, resolveSupport: { properties: ["location.range"] } },
    executeCommand: { dynamicRegistration: true },
    workspaceFolders: true,
    codeLens: { refreshSupport: true },
    semanticTokens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ["markdown", "plaintext"],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ["documentation", "detail", "additionalTextEdits"] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      insertTextMode: 2,
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => (i + 1) as 1) },
      completionList: {
        itemDefaults: ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"],
      },
    },
    hover: { dynamicRegistration: true, contentFormat: ["markdown", "plaintext"] },
    signatureHelp: { dynamicRegistration: true },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    documentHighlight: { dynamicRegistration: true },
    documentSymbol: {
      dynamicRegistration: true,
      symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => (i + 1) as 1) },
      hierarchicalDocumentSymbolSupport: true,
      tagSupport: { valueSet: [1] },
      labelSupport: true,
    },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ["edit"] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"],
        },
      },
      honorsChangeAnnotations: true,
    },
    codeLens: { dynamicRegistration: true },
    formatting: { dynamicRegistration: true },
    rename: { dynamicRegistration: true, prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true },
    selectionRange: { dynamicRegistration: true },
    semanticTokens: {
      dynamicRegistration: true,
      tokenTypes: ["namespace", "type", "class", "enum", "interface", "struct", "typeParameter", "parameter", "variable", "property", "enumMember", "event", "function", "method", "macro", "keyword", "modifier", "comment", "string", "number", "regexp", "operator", "decorator"],
      tokenModifiers: ["declaration", "definition", "readonly", "static", "deprecated", "abstract", "async", "modification", "documentation", "defaultLibrary"],
      formats: ["relative"],
      requests: { range: true, full: { delta: true } },
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
      serverCancelSupport: true,
      augmentsSyntaxTokens: true,
    },
    inlayHint: { dynamicRegistration: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: {
    showMessage: { messageActionItem: { additionalPropertiesSupport: true } },
    showDocument: { support: true },
    workDoneProgress: true,
  },
};

// The emoji before "Next" makes UTF-16 columns differ from code points and UTF-8 bytes.
const DEFINITION = `{
  "Comment": "Orders 🚀 flow",
  "StartAt": "Start",
  "States": {
    "Start": { "Type": "Pass", "Comment": "préparer 🚀", "Next": "Procss" },
    "Process": { "Type": "Pass", "End": true },
    "Orphan": { "Type": "Succeed" }
  }
}
`;

/** Applies LSP text edits (UTF-16 positions, as negotiated) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") lineStarts.push(i + 1);
  }
  const offset = (p: Position) => {
    const start = lineStarts[Math.min(p.line, lineStarts.length - 1)] ?? text.length;
    return p.line >= lineStarts.length ? text.length : Math.min(start + p.character, text.length);
  };
  const sorted = edits
    .map((e, index) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText, index }))
    .sort((a, b) => b.start - a.start || b.index - a.index);
  let result = text;
  for (const e of sorted) {
    result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  }
  return result;
}

function textAt(text: string, range: Range): string {
  const lines = text.split("\n");
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
  }
  const parts = [(lines[range.start.line] ?? "").slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l] ?? "");
  parts.push((lines[range.end.line] ?? "").slice(0, range.end.character));
  return parts.join("\n");
}

function positionAfter(text: string, needle: string): Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} in text`);
  const before = text.slice(0, index + needle.length);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - (before.lastIndexOf("\n") + 1) };
}

function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if ("textDocument" in change && change.textDocument.uri === uri) {
      edits.push(...change.edits.filter((e): e is TextEdit => "range" in e));
    }
  }
  return edits;
}

interface Session {
  connection: MessageConnection;
  process: ChildProcess;
  stderr: string[];
  initialize: InitializeResult;
  diagnostics: Map<string, PublishDiagnosticsParams[]>;
  waiters: (() => void)[];
}

class StartError extends Error {}

async function startServer(root: string): Promise<Session> {
  const [command, ...args] = serverCommand() as [string, ...string[]];
  const child = spawn(command, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (err) => reject(new StartError(`cannot spawn ${command}: ${err.message}`)));
    child.once("exit", (code) =>
      reject(new StartError(`${[command, ...args].join(" ")} exited with ${code} before initializing: ${stderr.join("").trim().split("\n").slice(-3).join(" | ")}`)),
    );
  });
  failed.catch(() => undefined);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const session: Omit<Session, "initialize"> = { connection, process: child, stderr, diagnostics: new Map(), waiters: [] };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const list = session.diagnostics.get(params.uri) ?? [];
    list.push(params);
    session.diagnostics.set(params.uri, list);
    for (const wake of session.waiters.splice(0)) wake();
  });
  connection.onRequest((method, params) => {
    switch (method) {
      case "workspace/configuration": {
        const items = (params as { items: { section?: string }[] }).items;
        return items.map((item) =>
          item.section === "aslLsp" ? { lint: { select: [], ignore: [], severity: {} }, debounceMs: 50 } : null,
        );
      }
      case "workspace/workspaceFolders":
        return [{ uri: pathToFileURL(root).toString(), name: "root" }];
      default:
        return null; // client/registerCapability, workDoneProgress/create, refreshes, ...
    }
  });
  connection.listen();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new StartError(`no initialize answer within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS).unref(),
  );
  const initialize = await Promise.race([
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: "Visual Studio Code", version: "1.91.0" },
      locale: "en",
      rootUri: pathToFileURL(root).toString(),
      capabilities: CAPABILITIES,
      initializationOptions: { lint: { select: [], ignore: [], severity: {} }, debounceMs: 50 },
      trace: "off",
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: "root" }],
    }),
    failed,
    timeout,
  ]);
  await connection.sendNotification(InitializedNotification.type, {});
  return { ...session, initialize };
}

async function stopServer(session: Session): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (session.process.exitCode !== null) resolve();
    session.process.once("exit", () => resolve());
  });
  try {
    await Promise.race([session.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
    await session.connection.sendNotification(ExitNotification.type);
  } catch {
    // the process may already be gone
  }
  const killer = setTimeout(() => session.process.kill(), 5000);
  await exited;
  clearTimeout(killer);
  session.connection.dispose();
}

/** Current diagnostics of a document: pull when the server offers it (as VS Code does), else push. */
async function diagnosticsMatching(
  session: Session,
  uri: string,
  accept: (d: Diagnostic[]) => boolean,
): Promise<Diagnostic[]> {
  const deadline = Date.now() + WAIT_MS;
  let last: Diagnostic[] = [];
  while (Date.now() < deadline) {
    if (session.initialize.capabilities.diagnosticProvider !== undefined) {
      const report = await session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      last = report.kind === "full" ? report.items : last;
      if (accept(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    } else {
      const published = session.diagnostics.get(uri)?.at(-1)?.diagnostics;
      if (published !== undefined) {
        last = published;
        if (accept(last)) return last;
      }
      await new Promise<void>((resolve) => {
        session.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }
  assert.fail(`diagnostics never matched; last: ${JSON.stringify(last, null, 1)}\nserver stderr: ${session.stderr.join("").slice(-2000)}`);
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === "string" ? d.message : d.message.value;
}

function completionItems(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (result === null) return [];
  return Array.isArray(result) ? result : result.items;
}

function isCodeAction(x: Command | CodeAction): x is CodeAction {
  return typeof (x as CodeAction).title === "string" && typeof (x as Command).command !== "string";
}

test("e2e: the real asl-lsp server with VS Code's client capabilities", async (t) => {
  const root = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "asl-e2e-"));
  const file = path.join(root, "orders.asl.json");
  fs.writeFileSync(file, DEFINITION);
  const uri = pathToFileURL(file).toString();

  let session: Session;
  try {
    session = await startServer(root);
  } catch (err) {
    const reason = `server not available (${serverCommand().join(" ")}): ${err instanceof Error ? err.message : String(err)}`;
    if (process.env["CI"] === "true") {
      assert.fail(reason);
    }
    t.skip(reason);
    return;
  }
  try {
    const caps = session.initialize.capabilities;
    await t.test("capabilities: UTF-16 positions, the three editor commands", () => {
      if (caps.positionEncoding !== undefined) {
        assert.equal(caps.positionEncoding, "utf-16");
      }
      const commands = caps.executeCommandProvider?.commands ?? [];
      for (const command of ["asl.renderGraph", "asl.runLocal", "asl.deploy"]) {
        assert.ok(commands.includes(command), `executeCommandProvider lists ${command}: ${commands.join(", ")}`);
      }
    });

    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "asl", version: 1, text: DEFINITION },
    });

    let undefinedState: Diagnostic | undefined;
    await t.test("diagnostics with codes, at UTF-16 positions", async () => {
      const diagnostics = await diagnosticsMatching(session, uri, (ds) =>
        ds.some((d) => textAt(DEFINITION, d.range).includes("Procss")) &&
        ds.some((d) => textAt(DEFINITION, d.range).includes("Orphan") || messageOf(d).includes("Orphan")),
      );
      for (const d of diagnostics) {
        assert.match(String(d.code), /^ASL\d{3}$/, JSON.stringify(d));
        assert.equal(d.source, "asl-lsp");
      }
      const found = diagnostics.find((d) => textAt(DEFINITION, d.range).includes("Procss"))!;
      assert.equal(found.severity, 1, "an undefined Next target is an error");
      assert.ok(["Procss", '"Procss"'].includes(textAt(DEFINITION, found.range)), textAt(DEFINITION, found.range));
      undefinedState = found;
    });

    await t.test('completion after "Next": " offers the state names', async () => {
      assert.ok(caps.completionProvider, "the server offers completion");
      const position = positionAfter(DEFINITION, '"Next": "');
      const result = await session.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position,
        context: { triggerKind: 2, triggerCharacter: '"' },
      });
      const texts = completionItems(result).map((i) =>
        [i.label, i.insertText ?? "", i.textEdit?.newText ?? "", i.filterText ?? ""].join(" "),
      );
      for (const name of ["Process", "Orphan"]) {
        assert.ok(texts.some((x) => x.includes(name)), `${name} in ${JSON.stringify(texts)}`);
      }
    });

    let fixed = DEFINITION;
    await t.test("the quick fix for the undefined state repairs the document", async () => {
      assert.ok(caps.codeActionProvider, "the server offers code actions");
      assert.ok(undefinedState !== undefined, "the undefined-state diagnostic was found");
      const actions = await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: undefinedState!.range,
        context: { diagnostics: [undefinedState!], triggerKind: 1 },
      });
      const quickFixes = (actions ?? []).filter(isCodeAction).filter((a) => a.kind?.startsWith("quickfix"));
      assert.ok(quickFixes.length > 0, `quick fixes: ${JSON.stringify(actions)}`);
      let action = quickFixes[0]!;
      if (action.edit === undefined && typeof caps.codeActionProvider === "object" && caps.codeActionProvider.resolveProvider === true) {
        action = await session.connection.sendRequest(CodeActionResolveRequest.type, action);
      }
      assert.ok(action.edit, `the first quick fix has an edit: ${JSON.stringify(action)}`);
      const edits = editsFor(action.edit, uri);
      assert.ok(edits.length > 0);
      fixed = applyTextEdits(DEFINITION, edits);
      const parsed = JSON.parse(fixed) as { States: Record<string, { Next?: string }> };
      assert.equal(parsed.States["Start"]!.Next, "Process");

      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: fixed }],
      });
      // The fixed document still has the unreachable Orphan: waiting for it (not for an empty
      // list) makes sure these are the diagnostics of version 2.
      const after = await diagnosticsMatching(
        session,
        uri,
        (ds) =>
          ds.some((d) => textAt(fixed, d.range).includes("Orphan") || messageOf(d).includes("Orphan")) &&
          !ds.some((d) => messageOf(d).includes("Procss")),
      );
      assert.ok(
        !after.some((d) => d.code === undefinedState!.code),
        `no ${String(undefinedState!.code)} left: ${JSON.stringify(after)}`,
      );
    });

    await t.test("go to definition on a Next value", async () => {
      const position = positionAfter(fixed, '"Next": "P');
      const result = await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
      const targets = (Array.isArray(result) ? result : result === null ? [] : [result]) as (Location | LocationLink)[];
      assert.ok(targets.length > 0, `a definition at ${JSON.stringify(position)} in\n${fixed}`);
      const target = targets[0]!;
      const range = "targetSelectionRange" in target ? target.targetSelectionRange : (target as Location).range;
      assert.match(textAt(fixed, range), /Process/);
      assert.equal(range.start.line, positionAfter(fixed, '"Process": {').line);
    });

    await t.test("asl.renderGraph returns SVG (and self-contained HTML)", async () => {
      const result = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
        command: "asl.renderGraph",
        arguments: [uri, { direction: "LR" }],
      })) as { svg: string; html: string };
      assert.equal(typeof result.svg, "string");
      assert.ok(result.svg.includes("<svg"), result.svg.slice(0, 200));
      assert.ok(result.svg.includes("Process"));
      assert.equal(typeof result.html, "string");
      assert.ok(result.html.includes("<svg"));
    });

    await t.test("asl.runLocal runs the definition; its events feed the graph overlay", async () => {
      const result = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
        command: "asl.runLocal",
        arguments: [uri, { order: 7, name: "né" }],
      })) as { status: string; output: unknown; events: unknown[] };
      assert.equal(result.status, "SUCCEEDED", JSON.stringify(result));
      assert.deepEqual(result.output, { order: 7, name: "né" });
      assert.ok(Array.isArray(result.events) && result.events.length > 0);
      const graph = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
        command: "asl.renderGraph",
        arguments: [uri, { direction: "TB", events: result.events }],
      })) as { svg: string };
      assert.ok(graph.svg.includes("<svg"));
    });
  } finally {
    await stopServer(session);
  }
  assert.equal(session.process.exitCode ?? session.process.signalCode, 0, `server exit; stderr: ${session.stderr.join("").slice(-1000)}`);
});
