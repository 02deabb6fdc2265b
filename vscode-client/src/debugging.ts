/**
 * Registers the `asl` debugger: the adapter (`asl debug`, found like the language server), the
 * configuration provider, the "Debug state machine" command and its code lens, and the
 * `aslLsp.debugTest` command behind the server's "Debug test" lens on each case of a test file.
 */

import * as vscode from "vscode";
import {
  completeConfiguration,
  DEBUG_TYPE,
  debugAdapterCommand,
  launchConfigurationFor,
  testLaunchConfiguration,
} from "./debugAdapter";
import { parseJsonInput, validateJsonInput } from "./inputs";
import type { DiscoveryResult } from "./serverDiscovery";

export const DEBUG_COMMAND = "aslLsp.debugStateMachine";
export const DEBUG_TEST_COMMAND = "aslLsp.debugTest";
const INPUT_KEY = "aslLsp.debugInput:";
const ASL_DOCUMENTS: vscode.DocumentSelector = [
  { language: "asl", scheme: "file" },
  { language: "asl-yaml", scheme: "file" },
];

export function registerDebugging(
  context: vscode.ExtensionContext,
  discover: () => Promise<DiscoveryResult>,
): void {
  const factory: vscode.DebugAdapterDescriptorFactory = {
    async createDebugAdapterDescriptor() {
      const found = await discover();
      if (found.kind !== "found") {
        void vscode.window.showErrorMessage(`ASL debugger: ${found.reason}`);
        return undefined;
      }
      const adapter = debugAdapterCommand(found);
      return new vscode.DebugAdapterExecutable(adapter.command, adapter.args);
    },
  };
  const provider: vscode.DebugConfigurationProvider = {
    resolveDebugConfiguration(_folder, config) {
      const active = vscode.window.activeTextEditor?.document;
      const file = active && active.uri.scheme === "file" ? active.uri.fsPath : undefined;
      return completeConfiguration(config, file);
    },
  };
  const lenses: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      const range = new vscode.Range(0, 0, 0, 0);
      return [new vscode.CodeLens(range, { title: "Debug state machine", command: DEBUG_COMMAND, arguments: [document.uri] })];
    },
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.languages.registerCodeLensProvider(ASL_DOCUMENTS, lenses),
    vscode.commands.registerCommand(DEBUG_COMMAND, async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== "file") {
        void vscode.window.showErrorMessage("Open an ASL file to debug it.");
        return;
      }
      // The last input given for this file is offered again, as Run Locally does.
      const key = INPUT_KEY + target.toString();
      const text = await vscode.window.showInputBox({
        title: "ASL: Debug State Machine",
        prompt: "Execution input (JSON; empty for {})",
        value: context.workspaceState.get<string>(key, "{}"),
        validateInput: validateJsonInput,
      });
      if (text === undefined) {
        return;
      }
      const parsed = parseJsonInput(text);
      if (!parsed.ok) {
        return;
      }
      await context.workspaceState.update(key, text);
      const folder = vscode.workspace.getWorkspaceFolder(target);
      await vscode.debug.startDebugging(folder, { ...launchConfigurationFor(target.fsPath), input: parsed.value });
    }),
    vscode.commands.registerCommand(DEBUG_TEST_COMMAND, async (uri?: unknown, caseName?: unknown) => {
      const target = typeof uri === "string" ? vscode.Uri.parse(uri) : undefined;
      if (!target || target.scheme !== "file" || typeof caseName !== "string") {
        void vscode.window.showErrorMessage("Debug test: use the lens on a case of a saved test file.");
        return;
      }
      const folder = vscode.workspace.getWorkspaceFolder(target);
      await vscode.debug.startDebugging(folder, testLaunchConfiguration(target.fsPath, caseName));
    }),
  );
}
