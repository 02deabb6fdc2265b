import assert from "node:assert/strict";
import { test } from "node:test";
import {
  graphDirection,
  initializationOptions,
  MAX_DEBOUNCE_MS,
  needsRestart,
  serverConfiguration,
} from "../src/settings";

function getter(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

test("defaults give empty lint options and no debounce", () => {
  assert.deepEqual(initializationOptions(getter({})), {
    lint: { select: [], ignore: [], severity: {} },
  });
});

test("codes are trimmed, upper-cased and de-duplicated; junk is dropped", () => {
  const options = initializationOptions(
    getter({
      "lint.select": [" asl2 ", "ASL2", 42, "", "asl101", "Unreachable-State", "all"],
      "lint.ignore": "asl203, ASL204",
      "lint.severity": { asl203: "Warning", ASL204: "off", ASL205: "fatal", ASL206: 3, "Undefined-State": "hint" },
      debounceMs: 150.4,
    }),
  );
  assert.deepEqual(options, {
    lint: {
      select: ["ASL2", "ASL101", "unreachable-state", "ALL"],
      ignore: ["ASL203", "ASL204"],
      severity: { ASL203: "warning", ASL204: "off", "undefined-state": "hint" },
    },
    debounceMs: 150,
  });
});

test("debounce is clamped and non-numbers are ignored", () => {
  assert.equal(initializationOptions(getter({ debounceMs: -5 })).debounceMs, 0);
  assert.equal(initializationOptions(getter({ debounceMs: 1e9 })).debounceMs, MAX_DEBOUNCE_MS);
  assert.equal(initializationOptions(getter({ debounceMs: "100" })).debounceMs, undefined);
  assert.equal(initializationOptions(getter({ debounceMs: Number.NaN })).debounceMs, undefined);
});

test("severity must be an object map", () => {
  assert.deepEqual(initializationOptions(getter({ "lint.severity": ["error"] })).lint.severity, {});
  assert.deepEqual(initializationOptions(getter({ "lint.severity": null })).lint.severity, {});
});

test("workspace/configuration answers with the same shape as initialization options", () => {
  const values = { "lint.select": ["ASL1"], debounceMs: 10 };
  assert.deepEqual(serverConfiguration(getter(values)), initializationOptions(getter(values)));
});

test("the server restarts only for aslLsp.server changes", () => {
  assert.equal(needsRestart((s) => s === "aslLsp.server"), true);
  assert.equal(needsRestart((s) => s === "aslLsp.lint"), false);
});

test("graph direction accepts TB and LR only", () => {
  assert.equal(graphDirection(getter({ "graph.direction": "LR" })), "LR");
  assert.equal(graphDirection(getter({ "graph.direction": "RL" })), "TB");
  assert.equal(graphDirection(getter({})), "TB");
});

test("run functions and deploy target/endpoint reach the server", () => {
  assert.deepEqual(
    initializationOptions(
      getter({ "run.functions": " handlers:FUNCTIONS ", "deploy.target": "local", "deploy.endpointUrl": "http://127.0.0.1:5000" }),
    ),
    {
      lint: { select: [], ignore: [], severity: {} },
      run: { functions: "handlers:FUNCTIONS" },
      deploy: { target: "local", endpointUrl: "http://127.0.0.1:5000" },
    },
  );
  const aws = initializationOptions(getter({ "deploy.target": "aws", "deploy.endpointUrl": "  ", "run.functions": "" }));
  assert.deepEqual(aws.deploy, { target: "aws" });
  assert.equal(aws.run, undefined);
  assert.equal(initializationOptions(getter({ "deploy.target": "mars" })).deploy, undefined);
});
