/**
 * Entry point: wires the output channel, the language client, the graph panels and the commands.
 */

import * as vscode from "vscode";
import { registerCommands } from "./commands";
import { registerDebugging } from "./debugging";
import { GraphPanels } from "./graphPanel";
import { AslServer, CLIENT_NAME } from "./server";
import { needsRestart } from "./settings";

let server: AslServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  server = new AslServer(output);
  const panels = new GraphPanels(server, output);
  const current = server;
  context.subscriptions.push(output, panels, { dispose: () => void current.dispose() });
  registerCommands(context, current, panels, output);
  registerDebugging(context, () => current.discover());
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((section) => e.affectsConfiguration(section))) {
        output.info("aslLsp.server changed: restarting the server");
        void current.restart();
      }
    }),
  );
  await current.ensureStarted();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
