/**
 * The extension's commands: Render Graph, Run Locally, Deploy, Restart Server. Each one asks for
 * what it needs, calls the server's `workspace/executeCommand` contract and shows the result.
 */

import * as vscode from "vscode";
import { errorText, type GraphPanels } from "./graphPanel";
import {
  defaultStateMachineName,
  parseJsonInput,
  validateJsonInput,
  validateRegion,
  validateRoleArn,
  validateStateMachineName,
} from "./inputs";
import type { AslServer } from "./server";
import { summarizeRun } from "./webview";

export const COMMANDS = {
  renderGraph: "aslLsp.renderGraph",
  runLocally: "aslLsp.runLocally",
  deploy: "aslLsp.deploy",
  restartServer: "aslLsp.restartServer",
} as const;

const ASL_LANGUAGES = new Set(["asl", "asl-yaml"]);

interface RunResult {
  status?: string;
  events?: unknown[];
}

interface DeployResult {
  arn?: string;
  created?: boolean;
}

/** The document a command acts on: its argument (lens or explorer) or the active ASL editor. */
async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  let uri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) {
    uri = arg;
  } else if (typeof arg === "string" && arg !== "") {
    uri = vscode.Uri.parse(arg);
  } else {
    uri = vscode.window.activeTextEditor?.document.uri;
  }
  const document =
    uri === undefined ? undefined : await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    );
  if (document === undefined || !ASL_LANGUAGES.has(document.languageId)) {
    void vscode.window.showWarningMessage(
      "Open a state machine definition (.asl.json, .asl.yaml) to use this command.",
    );
    return undefined;
  }
  return document;
}

const INPUT_KEY = "aslLsp.lastInput:";
const ROLE_KEY = "aslLsp.lastRoleArn";
const REGION_KEY = "aslLsp.lastRegion";

async function askExecutionInput(
  context: vscode.ExtensionContext,
  document: vscode.TextDocument,
): Promise<{ value: unknown } | undefined> {
  const typeItem: vscode.QuickPickItem = {
    label: "$(json) Enter JSON input…",
    description: "type the execution input",
  };
  const fileItem: vscode.QuickPickItem = {
    label: "$(file) Pick a file…",
    description: "read the execution input from a JSON file",
  };
  const choice = await vscode.window.showQuickPick([typeItem, fileItem], {
    title: "ASL: Run Locally",
    placeHolder: "Execution input",
  });
  if (choice === undefined) {
    return undefined;
  }
  const key = INPUT_KEY + document.uri.toString();
  if (choice === fileItem) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: "Use as input",
      filters: { JSON: ["json"], "All files": ["*"] },
      defaultUri: vscode.workspace.getWorkspaceFolder(document.uri)?.uri,
    });
    const file = picked?.[0];
    if (file === undefined) {
      return undefined;
    }
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const parsed = parseJsonInput(text);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(file)}: ${parsed.message}`);
      return undefined;
    }
    return { value: parsed.value };
  }
  const text = await vscode.window.showInputBox({
    title: "ASL: Run Locally — execution input (JSON)",
    prompt: "Execution input as JSON (empty for {})",
    value: context.workspaceState.get<string>(key, "{}"),
    validateInput: validateJsonInput,
    ignoreFocusOut: true,
  });
  if (text === undefined) {
    return undefined;
  }
  await context.workspaceState.update(key, text);
  const parsed = parseJsonInput(text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

async function renderGraph(panels: GraphPanels, arg: unknown): Promise<void> {
  const document = await targetDocument(arg);
  if (document !== undefined) {
    await panels.show(document.uri);
  }
}

async function runLocally(
  context: vscode.ExtensionContext,
  server: AslServer,
  panels: GraphPanels,
  output: vscode.LogOutputChannel,
  arg: unknown,
): Promise<void> {
  const document = await targetDocument(arg);
  if (document === undefined) {
    return;
  }
  const input = await askExecutionInput(context, document);
  if (input === undefined) {
    return;
  }
  const panel = await panels.show(document.uri);
  if (panel === undefined) {
    return; // the graph view failed; already reported
  }
  let result: RunResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "ASL: running locally…" },
      () => server.executeCommand<RunResult>("asl.runLocal", [document.uri.toString(), input.value]),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`ASL: Run Locally failed: ${errorText(err)}`);
    return;
  }
  if (result === undefined) {
    return; // the server is missing; already reported
  }
  const summary = summarizeRun(result);
  output.info(`Run ${document.uri.fsPath}: ${summary.status}, ${summary.eventCount} events`);
  await panel.showRun(summary, Array.isArray(result.events) ? result.events : []);
  const message = `Execution ${summary.status}${summary.error === undefined ? "" : `: ${summary.error}`}`;
  if (summary.status === "SUCCEEDED") {
    void vscode.window.showInformationMessage(message);
  } else {
    void vscode.window.showErrorMessage(message);
  }
}

async function deploy(
  context: vscode.ExtensionContext,
  server: AslServer,
  output: vscode.LogOutputChannel,
  arg: unknown,
): Promise<void> {
  const document = await targetDocument(arg);
  if (document === undefined) {
    return;
  }
  const name = await vscode.window.showInputBox({
    title: "ASL: Deploy (1/3) — state machine name",
    value: defaultStateMachineName(document.uri.path),
    validateInput: validateStateMachineName,
    ignoreFocusOut: true,
  });
  if (name === undefined) {
    return;
  }
  const role = await vscode.window.showInputBox({
    title: "ASL: Deploy (2/3) — execution role ARN",
    placeHolder: "arn:aws:iam::123456789012:role/StepFunctionsRole",
    value: context.globalState.get<string>(ROLE_KEY, ""),
    validateInput: validateRoleArn,
    ignoreFocusOut: true,
  });
  if (role === undefined) {
    return;
  }
  const region = await vscode.window.showInputBox({
    title: "ASL: Deploy (3/3) — region",
    placeHolder: "us-east-1 (empty: the AWS default)",
    value: context.globalState.get<string>(REGION_KEY, process.env["AWS_REGION"] ?? ""),
    validateInput: validateRegion,
    ignoreFocusOut: true,
  });
  if (region === undefined) {
    return;
  }
  await context.globalState.update(ROLE_KEY, role.trim());
  await context.globalState.update(REGION_KEY, region.trim());
  const config = vscode.workspace.getConfiguration("aslLsp", document.uri);
  const options: Record<string, string> = {
    name,
    role: role.trim(),
    target: config.get<string>("deploy.target") === "local" ? "local" : "aws",
  };
  if (region.trim() !== "") {
    options["region"] = region.trim();
  }
  const endpointUrl = config.get<string>("deploy.endpointUrl", "").trim();
  if (endpointUrl !== "") {
    options["endpointUrl"] = endpointUrl;
  }
  let result: DeployResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ASL: deploying ${name}…` },
      () => server.executeCommand<DeployResult>("asl.deploy", [document.uri.toString(), options]),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`ASL: Deploy failed: ${errorText(err)}`);
    return;
  }
  if (result === undefined) {
    return;
  }
  const arn = typeof result.arn === "string" ? result.arn : "(no ARN returned)";
  output.info(`Deploy ${document.uri.fsPath}: ${result.created === true ? "created" : "updated"} ${arn}`);
  const choice = await vscode.window.showInformationMessage(
    `${result.created === true ? "Created" : "Updated"} state machine ${arn}`,
    "Copy ARN",
  );
  if (choice === "Copy ARN") {
    await vscode.env.clipboard.writeText(arn);
  }
}

export function registerCommands(
  context: vscode.ExtensionContext,
  server: AslServer,
  panels: GraphPanels,
  output: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.renderGraph, (arg?: unknown) =>
      renderGraph(panels, arg),
    ),
    vscode.commands.registerCommand(COMMANDS.runLocally, (arg?: unknown) =>
      runLocally(context, server, panels, output, arg),
    ),
    vscode.commands.registerCommand(COMMANDS.deploy, (arg?: unknown) =>
      deploy(context, server, output, arg),
    ),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      output.info("Restarting the server");
      await server.restart();
    }),
  );
}
