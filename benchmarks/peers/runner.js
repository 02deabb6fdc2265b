// Drives one peer linter in one Node process, so benchmarks compare like with like.
// usage: node runner.js PEER MODE FILE...   (PEER: asl-validator | statelint | asls;
//        MODE: once = lint each file once; warm:N = lint the first file N times after a warm-up)
// Prints one JSON line: {"peer", "files", "problems", "times_ms": [...]}.
"use strict";
const fs = require("fs");
const path = require("path");

const modules = process.env.PEERS_NODE_MODULES || path.join(__dirname, "node_modules");
const req = (name) => require(path.join(modules, name));

function loadDefinition(file, text) {
  if (/\.ya?ml$/i.test(file)) return req("js-yaml").load(text);
  return JSON.parse(text);
}

function makeLinter(peer) {
  if (peer === "asl-validator") {
    const validator = req("asl-validator");
    return async (file, text) => {
      let definition;
      try { definition = loadDefinition(file, text); } catch (e) { return 1; }
      const result = validator(definition, { checkArn: true, checkPaths: true });
      return result.isValid ? 0 : (result.errors || []).length || 1;
    };
  }
  if (peer === "statelint") {
    const StateLint = req("@wmfs/statelint").StateLint;
    const linter = new StateLint();
    return async (file, text) => {
      let definition;
      try { definition = loadDefinition(file, text); } catch (e) { return 1; }
      return linter.validate(definition).length;
    };
  }
  if (peer === "asls") {
    const service = req("amazon-states-language-service");
    const { TextDocument } = req("vscode-languageserver-textdocument");
    const json = service.getLanguageService({});
    const yaml = service.getYamlLanguageService({});
    let version = 0;
    return async (file, text) => {
      const isYaml = /\.ya?ml$/i.test(file);
      const doc = TextDocument.create("file://" + file, isYaml ? "asl-yaml" : "asl", ++version, text);
      const ls = isYaml ? yaml : json;
      const parsed = ls.parseJSONDocument(doc);
      const diagnostics = await ls.doValidation(doc, parsed);
      return diagnostics.length;
    };
  }
  throw new Error("unknown peer " + peer);
}

async function main() {
  const [peer, mode, ...files] = process.argv.slice(2);
  const lint = makeLinter(peer);
  const times = [];
  let problems = 0;
  if (mode === "once") {
    const start = process.hrtime.bigint();
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      try { problems += await lint(file, text); } catch (e) { problems += 1; }
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  } else if (mode.startsWith("warm:")) {
    const repeat = parseInt(mode.slice(5), 10);
    const text = fs.readFileSync(files[0], "utf8");
    for (let i = 0; i < 2; i++) await lint(files[0], text);
    for (let i = 0; i < repeat; i++) {
      const start = process.hrtime.bigint();
      problems = await lint(files[0], text);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  process.stdout.write(JSON.stringify({ peer, files: files.length, problems, times_ms: times }) + "\n");
}

main().catch((e) => { console.error(String(e && e.stack || e)); process.exit(2); });
