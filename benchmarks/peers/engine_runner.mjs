// Runs one definition with aws-local-stepfunctions and prints the median wall time in ms.
// Usage: node engine_runner.mjs CASE.json   where CASE = {definition, input, taskStates, runs}
// Task states named in taskStates run a local handler that doubles `n`, as the Python side does.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 20 lacks.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const modules = process.env.PEERS_NODE_MODULES;
const require = createRequire(path.join(modules, "noop.js"));
const { StateMachine } = require("aws-local-stepfunctions");

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const handlers = {};
for (const name of spec.taskStates || []) {
  handlers[name] = async (input) => ({ double: input.n * 2 });
}
const machine = new StateMachine(spec.definition, { validationOptions: { checkPaths: false } });
const times = [];
for (let i = 0; i < spec.runs; i++) {
  const started = process.hrtime.bigint();
  const execution = machine.run(structuredClone(spec.input), {
    overrides: { taskResourceLocalHandlers: handlers },
  });
  await execution.result;
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: times[Math.floor(times.length / 2)], runs: times.length }));
