// Runs definitions with aws-local-stepfunctions in rounds of back-to-back timed executions, so
// that the Python side can alternate its rounds with the peer's (load on the machine then affects
// both alike; within a round each execution pays for the garbage the previous ones left, on both
// sides). Protocol: one JSON object per line on stdin, one answer per line on stdout.
//   {"load": {definition, input, taskStates}}  -> {"loaded": true}
//   {"run": N}                                 -> {"runs": [{wall, cpu} in ms, per execution]}
// Task states named in taskStates run a local handler that doubles `n`, as the Python side does.
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

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

let machine = null;
let input = null;
let handlers = {};

// Wall time and CPU time (every thread of the process: V8's collector and compiler included).
async function runOnce() {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const execution = machine.run(structuredClone(input), {
    overrides: { taskResourceLocalHandlers: handlers },
  });
  await execution.result;
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  if (request.load) {
    const spec = request.load;
    handlers = {};
    for (const name of spec.taskStates || []) {
      handlers[name] = async (value) => ({ double: value.n * 2 });
    }
    machine = new StateMachine(spec.definition, { validationOptions: { checkPaths: false } });
    input = spec.input;
    process.stdout.write(JSON.stringify({ loaded: true }) + "\n");
  } else if (request.run) {
    const runs = [];
    for (let i = 0; i < request.run; i++) runs.push(await runOnce());
    process.stdout.write(JSON.stringify({ runs }) + "\n");
  }
}
