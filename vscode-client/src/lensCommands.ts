/**
 * Maps the server's code-lens commands to the extension's commands.
 *
 * The server's lenses carry `asl.renderGraph` / `asl.runLocal` / `asl.deploy`. Executed as-is,
 * VS Code would send them straight back to the server and drop the result; the extension's
 * commands instead ask for input where needed and show the result (graph view, run panel, ARN).
 * `asl.debugTest` is a client command: the server offers its lens only to clients that announce
 * the experimental capability `aslDebugTest`, as this extension does.
 */

export const SERVER_TO_CLIENT_COMMAND: Readonly<Record<string, string>> = {
  "asl.renderGraph": "aslLsp.renderGraph",
  "asl.runLocal": "aslLsp.runLocally",
  "asl.deploy": "aslLsp.deploy",
  "asl.debugTest": "aslLsp.debugTest",
};

/** Commands whose server arguments are all the client needs (nothing is asked of the user). */
const KEEP_ARGUMENTS: ReadonlySet<string> = new Set(["asl.debugTest"]);

/** The experimental client capability that asks the server for "Debug test" lenses. */
export const DEBUG_TEST_CAPABILITY = "aslDebugTest";

/** The client's experimental capabilities with `aslDebugTest` added (others kept). */
export function withDebugTestCapability(experimental: unknown): Record<string, unknown> {
  const others = typeof experimental === "object" && experimental !== null && !Array.isArray(experimental) ? experimental : {};
  return { ...others, [DEBUG_TEST_CAPABILITY]: true };
}

export interface LensCommand {
  title: string;
  command: string;
  tooltip?: string;
  arguments?: unknown[];
}

/**
 * The client-side equivalent of a lens command; commands the extension does not know pass
 * through unchanged. Only the document URI (first argument) is kept, the extension asks the user
 * for the rest, except for commands that need nothing more (a test case's URI and name).
 */
export function mapLensCommand<T extends LensCommand>(command: T): T {
  const target = SERVER_TO_CLIENT_COMMAND[command.command];
  if (target === undefined) {
    return command;
  }
  if (KEEP_ARGUMENTS.has(command.command)) {
    return { ...command, command: target, arguments: [...(command.arguments ?? [])] };
  }
  const first = command.arguments?.[0];
  return { ...command, command: target, arguments: typeof first === "string" ? [first] : [] };
}
