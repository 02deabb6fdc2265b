/**
 * A recording stand-in for the `vscode` module, enough to activate the bundled extension in plain
 * Node. Unknown names resolve to an inert class so vscode-languageclient's module code loads.
 */

import Module from "node:module";

export interface StubState {
  config: Record<string, unknown>;
  messages: { level: "error" | "warning" | "info"; text: string; items: string[] }[];
  executed: { command: string; args: unknown[] }[];
  registered: Map<string, (...args: unknown[]) => unknown>;
  log: string[];
  /** What the user "clicks" on the next message. */
  answer: string | undefined;
  workspaceFolders: string[];
  /** Listeners registered through `workspace.onDid...` / `window.onDid...` events, by name. */
  listeners: Map<string, ((e: unknown) => void)[]>;
  panels: FakePanel[];
  /** `webview.cspSource` of new panels (desktop VS Code's value unless a test changes it). */
  cspSource: string;
}

export interface FakePanel {
  title: string;
  html: string;
  messages: unknown[];
  disposed: boolean;
  dispose(): void;
}

/**
 * `names`: extra export names to provide (bundlers copy a module's own keys, so a Proxy alone
 * cannot answer for names it does not list).
 */
export function createStub(names: Iterable<string> = []): {
  vscode: Record<string, unknown>;
  state: StubState;
} {
  const state: StubState = {
    config: {},
    messages: [],
    executed: [],
    registered: new Map(),
    log: [],
    answer: undefined,
    workspaceFolders: [],
    listeners: new Map(),
    panels: [],
    cspSource: "https://*.vscode-cdn.net",
  };
  const disposable = { dispose: () => undefined };
  const event = () => disposable;
  const recorded =
    (name: string) =>
    (listener: (e: unknown) => void): { dispose(): void } => {
      const list = state.listeners.get(name) ?? [];
      list.push(listener);
      state.listeners.set(name, list);
      return { dispose: () => list.splice(list.indexOf(listener), 1) };
    };
  function createWebviewPanel(_type: string, title: string): unknown {
    const disposeListeners: (() => void)[] = [];
    const fake: FakePanel & Record<string, unknown> = {
      title,
      html: "",
      messages: [],
      disposed: false,
      visible: true,
      webview: {
        cspSource: state.cspSource,
        set html(value: string) {
          fake.html = value;
        },
        get html() {
          return fake.html;
        },
        postMessage: (m: unknown) => {
          fake.messages.push(m);
          return Promise.resolve(true);
        },
      },
      reveal: () => undefined,
      onDidDispose: (l: () => void) => {
        disposeListeners.push(l);
        return disposable;
      },
      onDidChangeViewState: event,
      dispose: () => {
        fake.disposed = true;
        for (const l of disposeListeners) l();
      },
    };
    state.panels.push(fake);
    return fake;
  }
  class Uri {
    constructor(
      readonly scheme: string,
      readonly fsPath: string,
    ) {}
    get path(): string {
      return this.fsPath;
    }
    toString(): string {
      return `${this.scheme}://${this.fsPath}`;
    }
    static file(p: string): Uri {
      return new Uri("file", p);
    }
    static parse(s: string): Uri {
      return new Uri(s.split(":")[0] ?? "file", s.replace(/^[a-z]+:\/\//, ""));
    }
  }
  const message =
    (level: "error" | "warning" | "info") =>
    (text: string, ...items: unknown[]): Promise<string | undefined> => {
      state.messages.push({ level, text, items: items.filter((i): i is string => typeof i === "string") });
      return Promise.resolve(state.answer);
    };
  const logger = (level: string) => (text: string) => state.log.push(`${level}: ${text}`);
  const known: Record<string, unknown> = {
    Uri,
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ProgressLocation: { Notification: 15, Window: 10 },
    Disposable: class {
      static from() {
        return disposable;
      }
      dispose() {}
    },
    EventEmitter: class {
      event = event;
      fire() {}
      dispose() {}
    },
    window: {
      createOutputChannel: () => ({
        info: logger("info"),
        warn: logger("warn"),
        error: logger("error"),
        debug: logger("debug"),
        trace: logger("trace"),
        appendLine: logger("line"),
        append: logger("text"),
        show: () => undefined,
        dispose: () => undefined,
        onDidChangeLogLevel: event,
      }),
      showErrorMessage: message("error"),
      showWarningMessage: message("warning"),
      showInformationMessage: message("info"),
      activeTextEditor: undefined,
      createWebviewPanel,
      onDidChangeActiveTextEditor: event,
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (state.registered.has(id)) throw new Error(`command ${id} already registered`);
        state.registered.set(id, fn);
        return disposable;
      },
      executeCommand: (command: string, ...args: unknown[]) => {
        state.executed.push({ command, args });
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: (key: string, fallback?: unknown) => {
          const full = `${section}.${key}`;
          return full in state.config ? state.config[full] : fallback;
        },
      }),
      get workspaceFolders() {
        return state.workspaceFolders.map((p, index) => ({ uri: Uri.file(p), name: p, index }));
      },
      isTrusted: true,
      asRelativePath: (p: { fsPath?: string } | string) => (typeof p === "string" ? p : (p.fsPath ?? "")),
      onDidChangeConfiguration: event,
      onDidChangeTextDocument: recorded("onDidChangeTextDocument"),
      onDidOpenTextDocument: event,
      onDidCloseTextDocument: event,
      textDocuments: [],
    },
    extensions: { getExtension: () => undefined },
    env: { clipboard: { writeText: () => Promise.resolve() } },
  };
  const inert: ProxyHandler<object> = {
    get: (_t, p) => (p === "prototype" ? {} : p === Symbol.toPrimitive ? () => "" : inertValue()),
    construct: () => inertValue(),
    apply: () => inertValue(),
  };
  function inertValue(): object {
    return new Proxy(function () {}, inert);
  }
  for (const name of names) {
    if (!(name in known)) {
      known[name] = inertValue();
    }
  }
  const vscode = new Proxy(known, {
    get: (target, p: string) => (p in target ? target[p] : p === "__esModule" ? false : inertValue()),
  });
  return { vscode, state };
}

/** Makes `require("vscode")` return the stub for modules loaded afterwards. */
export function installStub(vscode: unknown): () => void {
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === "vscode") return vscode;
    return original.call(this, request, ...rest);
  };
  return () => {
    mod._load = original;
  };
}

const NAMESPACES = ["languages", "debug", "tasks", "notebooks", "l10n", "tests", "scm", "authentication"];

/** Capitalised property names used in a bundle: candidates for `vscode` classes and enums. */
export function exportNamesUsedBy(source: string): Set<string> {
  const names = new Set<string>(NAMESPACES);
  for (const match of source.matchAll(/\.([A-Z][A-Za-z0-9]+)\b/g)) {
    names.add(match[1]!);
  }
  return names;
}
