import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultStateMachineName,
  parseJsonInput,
  validateJsonInput,
  validateRegion,
  validateRoleArn,
  validateStateMachineName,
} from "../src/inputs";
import { mapLensCommand, withDebugTestCapability } from "../src/lensCommands";

test("execution input: JSON values, empty means {}", () => {
  assert.deepEqual(parseJsonInput(' {"a": [1, "é"]} '), { ok: true, value: { a: [1, "é"] } });
  assert.deepEqual(parseJsonInput("42"), { ok: true, value: 42 });
  assert.deepEqual(parseJsonInput("  "), { ok: true, value: {} });
  assert.equal(validateJsonInput("{}"), undefined);
  assert.match(validateJsonInput("{a: 1}") ?? "", /^Input is not valid JSON/);
});

test("state machine names follow Step Functions' rules", () => {
  assert.equal(validateStateMachineName("Order_Flow-2"), undefined);
  assert.ok(validateStateMachineName(""));
  assert.ok(validateStateMachineName("has space"));
  assert.ok(validateStateMachineName("x".repeat(81)));
  assert.equal(validateStateMachineName("x".repeat(80)), undefined);
});

test("role ARNs and regions", () => {
  assert.equal(validateRoleArn("arn:aws:iam::123456789012:role/service-role/SFN_Role"), undefined);
  assert.equal(validateRoleArn("arn:aws-us-gov:iam::123456789012:role/r"), undefined);
  assert.ok(validateRoleArn("arn:aws:iam::123:role/r"));
  assert.ok(validateRoleArn("StepFunctionsRole"));
  assert.equal(validateRegion("eu-central-1"), undefined);
  assert.equal(validateRegion("us-gov-west-1"), undefined);
  assert.equal(validateRegion(""), undefined);
  assert.ok(validateRegion("Frankfurt"));
});

test("default name from the file name", () => {
  assert.equal(defaultStateMachineName("/w/flows/order-flow.asl.json"), "order-flow");
  assert.equal(defaultStateMachineName("C:\\w\\Order Flow.asl.yml"), "Order-Flow");
  assert.equal(defaultStateMachineName("/w/machine.json"), "machine");
  assert.equal(defaultStateMachineName("/w/ünï.asl.yaml"), "n");
  assert.equal(defaultStateMachineName("/w/.asl.json"), "StateMachine");
});

test("server lens commands map to the extension's commands with the URI only", () => {
  assert.deepEqual(
    mapLensCommand({ title: "Render graph", command: "asl.renderGraph", arguments: ["file:///a.asl.json", {}] }),
    { title: "Render graph", command: "aslLsp.renderGraph", arguments: ["file:///a.asl.json"] },
  );
  assert.deepEqual(mapLensCommand({ title: "Run locally", command: "asl.runLocal" }), {
    title: "Run locally",
    command: "aslLsp.runLocally",
    arguments: [],
  });
  assert.equal(mapLensCommand({ title: "Deploy", command: "asl.deploy", arguments: ["u"] }).command, "aslLsp.deploy");
  // A case's Debug test lens keeps the test file URI and the case name: nothing is asked.
  assert.deepEqual(
    mapLensCommand({ title: "Debug test", command: "asl.debugTest", arguments: ["file:///t.asl-test.yaml", "a case"] }),
    { title: "Debug test", command: "aslLsp.debugTest", arguments: ["file:///t.asl-test.yaml", "a case"] },
  );
  const other = { title: "x", command: "editor.action.showReferences", arguments: [1, 2] };
  assert.equal(mapLensCommand(other), other);
});

test("the client asks for Debug test lenses with an experimental capability, keeping others", () => {
  assert.deepEqual(withDebugTestCapability(undefined), { aslDebugTest: true });
  assert.deepEqual(withDebugTestCapability({ other: 1 }), { other: 1, aslDebugTest: true });
  assert.deepEqual(withDebugTestCapability([1]), { aslDebugTest: true });
});
