/**
 * Maps the server's code-lens commands to the extension's commands.
 *
 * The server's lenses carry `asl.renderGraph` / `asl.runLocal` / `asl.deploy`. Executed as-is,
 * VS Code would send them straight back to the server and drop the result; the extension's
 * commands instead ask for input where needed and show the result (graph view, run panel, ARN).
 */

export const SERVER_TO_CLIENT_COMMAND: Readonly<Record<string, string>> = {
  "asl.renderGraph": "aslLsp.renderGraph",
  "asl.runLocal": "aslLsp.runLocally",
  "asl.deploy": "aslLsp.deploy",
};

export interface LensCommand {
  title: string;
  command: string;
  tooltip?: string;
  arguments?: unknown[];
}

/**
 * The client-side equivalent of a lens command; commands the extension does not know pass
 * through unchanged. Only the document URI (first argument) is kept: the extension asks the user
 * for the rest.
 */
export function mapLensCommand<T extends LensCommand>(command: T): T {
  const target = SERVER_TO_CLIENT_COMMAND[command.command];
  if (target === undefined) {
    return command;
  }
  const first = command.arguments?.[0];
  return { ...command, command: target, arguments: typeof first === "string" ? [first] : [] };
}
