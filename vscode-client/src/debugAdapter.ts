/**
 * Pure pieces of the `asl` debugger: the `asl debug` command derived from the discovered language
 * server command (so both are found the same way), and the launch configuration for a file.
 */

import * as path from "node:path";
import type { ServerCommand } from "./serverDiscovery";

export const DEBUG_TYPE = "asl";

export interface AdapterCommand {
  readonly command: string;
  readonly args: string[];
}

/**
 * `asl debug` from the server's command: `... serve [flags]` becomes `... debug`; the `asl-lsp`
 * script (which is `asl serve`) becomes the `asl` script beside it.
 */
export function debugAdapterCommand(server: ServerCommand, platform: NodeJS.Platform = process.platform): AdapterCommand {
  const serveAt = server.args.indexOf("serve");
  if (serveAt >= 0) {
    return { command: server.command, args: [...server.args.slice(0, serveAt), "debug"] };
  }
  const pathApi = platform === "win32" ? path.win32 : path.posix;
  const base = pathApi.basename(server.command);
  const match = /^asl-lsp(\.exe|\.cmd)?$/i.exec(base);
  if (match) {
    const sibling = `asl${match[1] ?? ""}`;
    const dir = pathApi.dirname(server.command);
    const command = dir === "." && !server.command.includes(pathApi.sep) ? sibling : pathApi.join(dir, sibling);
    return { command, args: ["debug"] };
  }
  return { command: server.command, args: [...server.args, "debug"] };
}

export interface LaunchConfiguration {
  type: string;
  request: string;
  name: string;
  /** The definition to run; absent when `test` names a case that brings its own. */
  program?: string;
  /** A case of an `asl test` file: `file.asl-test.yaml::case name`. */
  test?: string;
  input?: unknown;
  stopOnEntry?: boolean;
  [key: string]: unknown;
}

/** A launch configuration that debugs the file at `program` from its first state. */
export function launchConfigurationFor(program: string): LaunchConfiguration {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Debug ${path.basename(program)}`,
    program,
    input: {},
    stopOnEntry: true,
  };
}

/** A launch configuration that debugs one case of a test file (`asl test`'s case id). */
export function testLaunchConfiguration(testFile: string, caseName: string): LaunchConfiguration {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Debug test: ${caseName}`,
    test: `${testFile}::${caseName}`,
    stopOnEntry: true,
  };
}

/** Fills in what VS Code leaves out when there is no launch.json (F5 on an open ASL file). */
export function completeConfiguration(
  config: Partial<LaunchConfiguration>,
  activeFile: string | undefined,
): LaunchConfiguration | undefined {
  if (!config.type && !config.request && !config.name) {
    return activeFile ? launchConfigurationFor(activeFile) : undefined;
  }
  const filled = { ...config, type: DEBUG_TYPE, request: config.request ?? "launch", name: config.name ?? "Debug state machine" };
  if (config.test !== undefined) {
    return filled; // a test case brings its own program
  }
  const program = config.program ?? activeFile;
  if (!program) {
    return undefined;
  }
  return { ...filled, program };
}
