import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { completeConfiguration, debugAdapterCommand, launchConfigurationFor, testLaunchConfiguration } from "../src/debugAdapter";
import type { ServerCommand } from "../src/serverDiscovery";

function found(command: string, args: string[] = []): ServerCommand {
  return { kind: "found", command, args, source: "path", detail: "test" };
}

test("the Python module form runs 'debug' instead of 'serve'", () => {
  assert.deepEqual(debugAdapterCommand(found("/usr/bin/python3", ["-m", "asl_lsp", "serve"])), {
    command: "/usr/bin/python3",
    args: ["-m", "asl_lsp", "debug"],
  });
  assert.deepEqual(debugAdapterCommand(found("asl", ["serve", "--tcp", "127.0.0.1:9"])), { command: "asl", args: ["debug"] });
});

test("the asl-lsp script is replaced by the asl script beside it", () => {
  assert.deepEqual(debugAdapterCommand(found("/w/.venv/bin/asl-lsp"), "linux"), { command: "/w/.venv/bin/asl", args: ["debug"] });
  assert.deepEqual(debugAdapterCommand(found("asl-lsp"), "linux"), { command: "asl", args: ["debug"] });
  assert.deepEqual(debugAdapterCommand(found("C:\\w\\.venv\\Scripts\\asl-lsp.exe"), "win32"), {
    command: "C:\\w\\.venv\\Scripts\\asl.exe",
    args: ["debug"],
  });
});

test("launch configurations for a file and for F5 without launch.json", () => {
  const config = launchConfigurationFor("/w/flow.asl.json");
  assert.equal(config.type, "asl");
  assert.equal(config.program, "/w/flow.asl.json");
  assert.equal(config.stopOnEntry, true);
  assert.deepEqual(completeConfiguration({}, "/w/flow.asl.json"), config);
  assert.equal(completeConfiguration({}, undefined), undefined);
  const filled = completeConfiguration({ type: "asl", request: "launch", name: "x" }, "/w/a.asl.yaml");
  assert.equal(filled?.program, "/w/a.asl.yaml");
});

test("a test case's launch configuration names the case as asl test does, without a program", () => {
  const config = testLaunchConfiguration("/w/flow.asl-test.yaml", "routes a call");
  assert.deepEqual(config, {
    type: "asl",
    request: "launch",
    name: "Debug test: routes a call",
    test: "/w/flow.asl-test.yaml::routes a call",
    stopOnEntry: true,
  });
  // F5 with an ASL file open must not add that file as the program of a test launch.
  assert.deepEqual(completeConfiguration(config, "/w/other.asl.json"), config);
  assert.equal(completeConfiguration({ type: "asl", name: "t", test: "a::b" }, undefined)?.request, "launch");
});

test("package.json contributes the asl debugger, its snippets, breakpoints and the command", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  const debuggers = manifest.contributes.debuggers as { type: string; configurationSnippets: unknown[]; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[];
  const asl = debuggers.find((d) => d.type === "asl");
  assert.ok(asl, "no asl debugger");
  assert.ok(asl.configurationSnippets.length >= 2);
  const bodies = asl.configurationSnippets.map((snippet) => (snippet as { body: Record<string, unknown> }).body);
  const testSnippet = bodies.find((body) => "test" in body);
  assert.ok(testSnippet && !("program" in testSnippet), "a snippet debugs a test case, without a program");
  for (const key of ["program", "test", "stateMachine", "input", "functions", "mocks", "testCase", "stopOnEntry"]) {
    assert.ok(key in asl.configurationAttributes.launch.properties, key);
  }
  assert.deepEqual(manifest.contributes.breakpoints, [{ language: "asl" }, { language: "asl-yaml" }]);
  assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === "aslLsp.debugStateMachine"));
});
