/**
 * Finds the command that starts the asl-lsp language server.
 *
 * Pure: the caller injects the environment (PATH, workspace folders, a file-existence check and an
 * import probe for Python interpreters), so every branch is testable without VS Code or a real
 * file system. Order: the `aslLsp.server.command` setting, `asl-lsp` on PATH, the workspace's
 * `.venv`, the Python extension's interpreter with `-m asl_lsp serve`, then `python3` from PATH
 * (`python` on Windows) with the same arguments: a `pip install --user` puts the module where
 * `python3` finds it even when its scripts folder is not on PATH.
 */

import * as path from "node:path";

export const INSTALL_COMMAND = "pip install asl-lsp";
export const SERVER_MODULE_ARGS: readonly string[] = ["-m", "asl_lsp", "serve"];

/** The interpreter tried last, from PATH, when no other Python was named. */
export function defaultPython(platform: NodeJS.Platform): string {
  return platform === "win32" ? "python" : "python3";
}

export type ServerSource = "setting" | "path" | "venv" | "python";

export interface ServerCommand {
  readonly kind: "found";
  readonly command: string;
  readonly args: string[];
  readonly source: ServerSource;
  /** Human-readable origin, for the output channel. */
  readonly detail: string;
}

export interface ServerNotFound {
  readonly kind: "notFound";
  /** One-line reason shown to the user. */
  readonly reason: string;
  /** Everything that was tried, for the output channel. */
  readonly tried: string[];
}

export type DiscoveryResult = ServerCommand | ServerNotFound;

export interface DiscoveryEnvironment {
  /** The `aslLsp.server.command` setting as VS Code returns it (array, string or unset). */
  readonly configured: unknown;
  readonly platform: NodeJS.Platform;
  /** Value of the PATH environment variable. */
  readonly pathEnv: string | undefined;
  /** Value of PATHEXT (Windows only). */
  readonly pathExt?: string | undefined;
  /** File-system paths of the open workspace folders. */
  readonly workspaceFolders: readonly string[];
  /** Python interpreters to try last, best first (Python extension, `python.defaultInterpreterPath`). */
  readonly pythonInterpreters: readonly (string | undefined)[];
  /** True when `p` is an existing file. */
  exists(p: string): boolean;
  /** True when `python -c "import asl_lsp"` succeeds for this interpreter. */
  canImportServer(python: string): Promise<boolean>;
}

/** Splits a command line on whitespace, honouring double and single quotes (no shell expansion). */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | undefined;
  let inWord = false;
  for (const ch of line) {
    if (quote !== undefined) {
      if (ch === quote) {
        quote = undefined;
      } else {
        current += ch;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) {
        words.push(current);
        current = "";
        inWord = false;
      }
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) {
    words.push(current);
  }
  return words;
}

/** Normalises the setting to a word list; an empty list means "discover". */
export function configuredCommand(value: unknown): string[] {
  if (typeof value === "string") {
    return splitCommandLine(value.trim());
  }
  if (Array.isArray(value)) {
    return value.filter((w): w is string => typeof w === "string" && w.length > 0);
  }
  return [];
}

function pathApi(platform: NodeJS.Platform): typeof path.posix {
  return platform === "win32" ? path.win32 : path.posix;
}

/**
 * Resolves a program name like a shell would: names with a directory part are checked as-is,
 * bare names are searched on PATH (with PATHEXT suffixes on Windows).
 */
export function resolveExecutable(
  program: string,
  env: Pick<DiscoveryEnvironment, "platform" | "pathEnv" | "pathExt" | "exists">,
): string | undefined {
  const api = pathApi(env.platform);
  const isWindows = env.platform === "win32";
  const extensions = isWindows
    ? ["", ...(env.pathExt ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((e) => e.length > 0)]
    : [""];
  const hasDir = program.includes("/") || (isWindows && program.includes("\\"));
  if (hasDir) {
    return extensions.map((e) => program + e).find((p) => env.exists(p));
  }
  const dirs = (env.pathEnv ?? "").split(api.delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = api.join(dir, program + ext);
      if (env.exists(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** The `asl-lsp` script inside a workspace folder's `.venv`. */
export function venvServerPath(folder: string, platform: NodeJS.Platform): string {
  const api = pathApi(platform);
  return platform === "win32"
    ? api.join(folder, ".venv", "Scripts", "asl-lsp.exe")
    : api.join(folder, ".venv", "bin", "asl-lsp");
}

export async function discoverServer(env: DiscoveryEnvironment): Promise<DiscoveryResult> {
  const tried: string[] = [];
  const configured = configuredCommand(env.configured);
  if (configured.length > 0) {
    const [program, ...args] = configured as [string, ...string[]];
    const resolved = resolveExecutable(program, env);
    if (resolved === undefined) {
      tried.push(`setting aslLsp.server.command: ${program} (not found)`);
      return {
        kind: "notFound",
        reason: `The configured server command "${program}" (aslLsp.server.command) was not found.`,
        tried,
      };
    }
    return {
      kind: "found",
      command: resolved,
      args,
      source: "setting",
      detail: "setting aslLsp.server.command",
    };
  }

  const onPath = resolveExecutable("asl-lsp", env);
  tried.push(`asl-lsp on PATH${onPath === undefined ? " (not found)" : ""}`);
  if (onPath !== undefined) {
    return { kind: "found", command: onPath, args: [], source: "path", detail: "asl-lsp on PATH" };
  }

  for (const folder of env.workspaceFolders) {
    const candidate = venvServerPath(folder, env.platform);
    const found = env.exists(candidate);
    tried.push(`${candidate}${found ? "" : " (not found)"}`);
    if (found) {
      return { kind: "found", command: candidate, args: [], source: "venv", detail: candidate };
    }
  }

  const seen = new Set<string>();
  const probed = new Set<string>();
  for (const interpreter of [...env.pythonInterpreters, defaultPython(env.platform)]) {
    if (interpreter === undefined || interpreter.trim() === "" || seen.has(interpreter)) {
      continue;
    }
    seen.add(interpreter);
    const resolved = resolveExecutable(interpreter, env);
    if (resolved === undefined) {
      tried.push(`Python interpreter ${interpreter} (not found)`);
      continue;
    }
    if (probed.has(resolved)) {
      continue; // e.g. "python3" naming the interpreter already probed
    }
    probed.add(resolved);
    if (await env.canImportServer(resolved)) {
      return {
        kind: "found",
        command: resolved,
        args: [...SERVER_MODULE_ARGS],
        source: "python",
        detail: `Python interpreter ${resolved}`,
      };
    }
    tried.push(`Python interpreter ${resolved} (asl_lsp not installed)`);
  }

  return {
    kind: "notFound",
    reason: "The ASL language server (asl-lsp) was not found.",
    tried,
  };
}

/** The single error message shown when no server can be started. */
export function notFoundMessage(result: ServerNotFound): string {
  return (
    `${result.reason} Tried asl-lsp on PATH, the workspace's .venv, the selected Python ` +
    `interpreter and "python3 ${SERVER_MODULE_ARGS.join(" ")}". Install it with ` +
    `"${INSTALL_COMMAND}" into one of them, or set "aslLsp.server.command".`
  );
}
