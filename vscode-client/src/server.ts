/**
 * Owns the language client: discovers the server command, starts, stops and restarts it, and
 * reports a missing server once, clearly, with the install command and a way to the setting.
 */

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { mapLensCommand, withDebugTestCapability } from "./lensCommands";
import {
  type DiscoveryResult,
  discoverServer,
  notFoundMessage,
  type ServerNotFound,
} from "./serverDiscovery";
import { initializationOptions, serverConfiguration, type SettingGetter } from "./settings";

export const CLIENT_ID = "aslLsp";
export const CLIENT_NAME = "ASL Language Server";
export const OPEN_SETTINGS = "Open Settings";
export const SHOW_OUTPUT = "Show Output";

export const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "asl" },
  { scheme: "untitled", language: "asl" },
  { scheme: "file", language: "asl-yaml" },
  { scheme: "untitled", language: "asl-yaml" },
];

function settingGetter(scope?: vscode.ConfigurationScope): SettingGetter {
  const config = vscode.workspace.getConfiguration("aslLsp", scope);
  return (key) => config.get(key);
}

function fileExists(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function canImportServer(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ["-c", "import asl_lsp"], { timeout: 15000, windowsHide: true }, (error) =>
      resolve(error === null),
    );
  });
}

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined;
  };
}

async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (extension === undefined) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    return api?.environments?.getActiveEnvironmentPath?.(resource)?.path;
  } catch {
    return undefined;
  }
}

export class AslServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private pending: Promise<LanguageClient | undefined> | undefined;
  private notFoundShowing = false;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  /** The running client, starting it if needed; undefined (after telling the user) if impossible. */
  async ensureStarted(): Promise<LanguageClient | undefined> {
    if (this.client?.isRunning() === true) {
      return this.client;
    }
    this.pending ??= this.start().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  async restart(): Promise<LanguageClient | undefined> {
    await this.stop();
    return this.ensureStarted();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop(5000);
      } catch (err) {
        this.output.warn(`Stopping the server failed: ${String(err)}`);
      }
      await client.dispose();
    }
  }

  async executeCommand<T>(command: string, args: unknown[]): Promise<T | undefined> {
    const client = await this.ensureStarted();
    if (client === undefined) {
      return undefined;
    }
    return (await client.sendRequest(ExecuteCommandRequest.type, {
      command,
      arguments: args,
    })) as T;
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  /** The server command as found now (the debugger derives `asl debug` from it). */
  async discover(): Promise<DiscoveryResult> {
    const python = vscode.workspace.getConfiguration("python");
    const folders = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === "file")
      .map((f) => f.uri.fsPath);
    return discoverServer({
      configured: vscode.workspace.getConfiguration("aslLsp").get("server.command"),
      platform: process.platform,
      pathEnv: process.env["PATH"],
      pathExt: process.env["PATHEXT"],
      // A workspace's own .venv runs code from the workspace: only when it is trusted.
      workspaceFolders: vscode.workspace.isTrusted ? folders : [],
      pythonInterpreters: [
        await pythonExtensionInterpreter(),
        python.get<string>("defaultInterpreterPath"),
      ],
      exists: fileExists,
      canImportServer,
    });
  }

  private async start(): Promise<LanguageClient | undefined> {
    await this.stop(); // a client whose server died for good
    const found = await this.discover();
    if (found.kind === "notFound") {
      this.reportNotFound(found);
      return undefined;
    }
    this.output.info(`Starting ${found.command} ${found.args.join(" ")} (${found.detail})`);
    const serverOptions: ServerOptions = {
      command: found.command,
      args: found.args,
      transport: TransportKind.stdio,
      options: {
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        env: { ...process.env, PYTHONUNBUFFERED: "1" },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions: initializationOptions(settingGetter()),
      synchronize: { configurationSection: "aslLsp" },
      middleware: {
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          return lenses?.map(mapLens);
        },
        resolveCodeLens: async (lens, token, next) => {
          const resolved = await next(lens, token);
          return resolved === null || resolved === undefined ? resolved : mapLens(resolved);
        },
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return params.items.map((item, index) =>
              item.section === "aslLsp"
                ? serverConfiguration(
                    settingGetter(
                      item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri),
                    ),
                  )
                : answer[index],
            );
          },
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    // The extension debugs test cases (aslLsp.debugTest), so the server may offer their lenses.
    client.registerFeature({
      fillClientCapabilities: (capabilities) => {
        capabilities.experimental = withDebugTestCapability(capabilities.experimental);
      },
      initialize: () => undefined,
      getState: () => ({ kind: "static" }),
      clear: () => undefined,
    });
    try {
      await client.start();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.output.error(`The server failed to start: ${message}`);
      void vscode.window
        .showErrorMessage(
          `The ASL language server (${found.command}) failed to start: ${message}`,
          SHOW_OUTPUT,
          OPEN_SETTINGS,
        )
        .then((choice) => this.handleChoice(choice));
      await client.dispose().catch(() => undefined);
      return undefined;
    }
    this.client = client;
    return client;
  }

  private reportNotFound(result: ServerNotFound): void {
    this.output.error(result.reason);
    for (const attempt of result.tried) {
      this.output.info(`  tried: ${attempt}`);
    }
    if (this.notFoundShowing) {
      return;
    }
    this.notFoundShowing = true;
    void vscode.window.showErrorMessage(notFoundMessage(result), OPEN_SETTINGS).then((choice) => {
      this.notFoundShowing = false;
      this.handleChoice(choice);
    });
  }

  private handleChoice(choice: string | undefined): void {
    if (choice === OPEN_SETTINGS) {
      void vscode.commands.executeCommand("workbench.action.openSettings", "aslLsp.server.command");
    } else if (choice === SHOW_OUTPUT) {
      this.output.show(true);
    }
  }
}

function mapLens(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command !== undefined) {
    lens.command = mapLensCommand(lens.command);
  }
  return lens;
}
