import assert from "node:assert/strict";
import { test } from "node:test";
import {
  configuredCommand,
  type DiscoveryEnvironment,
  discoverServer,
  INSTALL_COMMAND,
  notFoundMessage,
  resolveExecutable,
  splitCommandLine,
  venvServerPath,
} from "../src/serverDiscovery";

function env(
  files: string[],
  overrides: Partial<DiscoveryEnvironment> = {},
  importable: string[] = [],
): DiscoveryEnvironment & { probed: string[] } {
  const probed: string[] = [];
  const set = new Set(files);
  return {
    configured: [],
    platform: "linux",
    pathEnv: "/usr/local/bin:/usr/bin",
    workspaceFolders: ["/work/proj"],
    pythonInterpreters: [],
    exists: (p) => set.has(p),
    canImportServer: async (python) => {
      probed.push(python);
      return importable.includes(python);
    },
    ...overrides,
    probed,
  };
}

test("splitCommandLine honours quotes and collapses whitespace", () => {
  assert.deepEqual(splitCommandLine("python3  -m asl_lsp serve"), ["python3", "-m", "asl_lsp", "serve"]);
  assert.deepEqual(splitCommandLine(`"/opt/my tools/asl-lsp" --tcp ''`), ["/opt/my tools/asl-lsp", "--tcp", ""]);
  assert.deepEqual(splitCommandLine("   "), []);
});

test("configuredCommand accepts arrays and strings, ignores junk", () => {
  assert.deepEqual(configuredCommand(["a", 3, "", "b"]), ["a", "b"]);
  assert.deepEqual(configuredCommand("asl serve"), ["asl", "serve"]);
  assert.deepEqual(configuredCommand(undefined), []);
  assert.deepEqual(configuredCommand({ command: "x" }), []);
});

test("the setting wins and its program is resolved on PATH", async () => {
  const result = await discoverServer(
    env(["/usr/bin/python3", "/usr/local/bin/asl-lsp"], { configured: ["python3", "-m", "asl_lsp", "serve"] }),
  );
  assert.deepEqual(result, {
    kind: "found",
    command: "/usr/bin/python3",
    args: ["-m", "asl_lsp", "serve"],
    source: "setting",
    detail: "setting aslLsp.server.command",
  });
});

test("a configured program that does not exist is reported, not silently replaced", async () => {
  const result = await discoverServer(
    env(["/usr/local/bin/asl-lsp"], { configured: "/opt/missing/asl-lsp --verbose" }),
  );
  assert.equal(result.kind, "notFound");
  assert.match(result.kind === "notFound" ? result.reason : "", /\/opt\/missing\/asl-lsp/);
});

test("asl-lsp on PATH comes before the workspace .venv", async () => {
  const result = await discoverServer(
    env(["/usr/bin/asl-lsp", "/work/proj/.venv/bin/asl-lsp"]),
  );
  assert.equal(result.kind, "found");
  assert.equal(result.kind === "found" && result.command, "/usr/bin/asl-lsp");
  assert.equal(result.kind === "found" && result.source, "path");
});

test("the workspace .venv is used when PATH has no asl-lsp", async () => {
  const result = await discoverServer(
    env(["/work/other/.venv/bin/asl-lsp"], { workspaceFolders: ["/work/proj", "/work/other"] }),
  );
  assert.equal(result.kind === "found" && result.command, "/work/other/.venv/bin/asl-lsp");
  assert.equal(result.kind === "found" && result.source, "venv");
});

test("Windows: Scripts\\asl-lsp.exe and PATHEXT lookup", async () => {
  assert.equal(venvServerPath("C:\\proj", "win32"), "C:\\proj\\.venv\\Scripts\\asl-lsp.exe");
  const found = resolveExecutable("asl-lsp", {
    platform: "win32",
    pathEnv: "C:\\Python311;C:\\Python311\\Scripts",
    pathExt: ".COM;.EXE",
    exists: (p) => p === "C:\\Python311\\Scripts\\asl-lsp.EXE",
  });
  assert.equal(found, "C:\\Python311\\Scripts\\asl-lsp.EXE");
  const venv = await discoverServer(
    env(["C:\\proj\\.venv\\Scripts\\asl-lsp.exe"], {
      platform: "win32",
      pathEnv: "C:\\Windows",
      workspaceFolders: ["C:\\proj"],
    }),
  );
  assert.equal(venv.kind === "found" && venv.command, "C:\\proj\\.venv\\Scripts\\asl-lsp.exe");
});

test("the Python interpreter runs -m asl_lsp serve only when it can import asl_lsp", async () => {
  const e = env(
    ["/usr/bin/python3", "/home/u/.venvs/a/bin/python"],
    { pythonInterpreters: ["/home/u/.venvs/a/bin/python", "python3", undefined, "python3"] },
    ["/usr/bin/python3"],
  );
  const result = await discoverServer(e);
  assert.deepEqual(result, {
    kind: "found",
    command: "/usr/bin/python3",
    args: ["-m", "asl_lsp", "serve"],
    source: "python",
    detail: "Python interpreter /usr/bin/python3",
  });
  // The first interpreter was probed and rejected; duplicates are probed once.
  assert.deepEqual(e.probed, ["/home/u/.venvs/a/bin/python", "/usr/bin/python3"]);
});

test("nothing found: one reason, every attempt listed, install command in the message", async () => {
  const result = await discoverServer(
    env(["/usr/bin/python3"], { pythonInterpreters: ["/usr/bin/python3", "/nope/python"] }),
  );
  assert.equal(result.kind, "notFound");
  if (result.kind !== "notFound") return;
  assert.deepEqual(result.tried, [
    "asl-lsp on PATH (not found)",
    "/work/proj/.venv/bin/asl-lsp (not found)",
    "Python interpreter /usr/bin/python3 (asl_lsp not installed)",
    "Python interpreter /nope/python (not found)",
  ]);
  const message = notFoundMessage(result);
  assert.ok(message.includes(INSTALL_COMMAND));
  assert.ok(message.includes("python3 -m asl_lsp serve"), message);
  assert.ok(message.includes("aslLsp.server.command"));
  assert.equal(INSTALL_COMMAND, "pip install asl-lsp");
});

test("without the Python extension, python3 from PATH runs -m asl_lsp serve", async () => {
  const e = env(["/usr/bin/python3"], { workspaceFolders: [] }, ["/usr/bin/python3"]);
  assert.deepEqual(await discoverServer(e), {
    kind: "found",
    command: "/usr/bin/python3",
    args: ["-m", "asl_lsp", "serve"],
    source: "python",
    detail: "Python interpreter /usr/bin/python3",
  });
  const windows = env(["C:\\Python312\\python.EXE"], {
    platform: "win32",
    pathEnv: "C:\\Python312",
    workspaceFolders: [],
  }, ["C:\\Python312\\python.EXE"]);
  const found = await discoverServer(windows);
  assert.equal(found.kind === "found" && found.command, "C:\\Python312\\python.EXE");
  const none = await discoverServer(env([], { workspaceFolders: [] }));
  assert.equal(none.kind, "notFound");
  assert.deepEqual(none.kind === "notFound" && none.tried, [
    "asl-lsp on PATH (not found)",
    "Python interpreter python3 (not found)",
  ]);
});

test("empty PATH entries are ignored (no lookup in the current directory)", () => {
  const seen: string[] = [];
  resolveExecutable("asl-lsp", {
    platform: "linux",
    pathEnv: ":/usr/bin:",
    exists: (p) => {
      seen.push(p);
      return false;
    },
  });
  assert.deepEqual(seen, ["/usr/bin/asl-lsp"]);
});
