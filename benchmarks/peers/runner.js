// Drives one peer linter in one Node process, so benchmarks compare like with like.
// usage: node runner.js PEER MODE FILE...   (PEER: asl-validator | statelint | asls;
//        MODE: once = lint each file once; warm:N = lint the first file N times after a warm-up)
//        server:N:COMPLETE_AT:HOVER_AT (asls only) = the editor-side latencies on the first file:
//        re-parse + doValidation after a one-character edit, doComplete and doHover at the
//        given code-unit offsets, each N times after a warm-up, plus the resident memory.
// Prints one JSON line: {"peer", "files", "problems", "times_ms": [...]} (server mode: "validate_ms",
// "complete_ms", "hover_ms", "completions", "hover", "rss_mb").
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

async function serverLatencies(file, repeat, completeAt, hoverAt) {
  const service = req("amazon-states-language-service");
  const { TextDocument } = req("vscode-languageserver-textdocument");
  const isYaml = /\.ya?ml$/i.test(file);
  const ls = isYaml ? service.getYamlLanguageService({}) : service.getLanguageService({});
  const language = isYaml ? "asl-yaml" : "asl";
  const original = fs.readFileSync(file, "utf8");
  // The edit: one character typed into the first Comment string, alternating so every version differs.
  const at = original.indexOf("Comment") + 12;
  const uri = "file://" + file;
  let version = 1;
  const timed = async (fn) => {
    const start = process.hrtime.bigint();
    const value = await fn();
    return [Number(process.hrtime.bigint() - start) / 1e6, value];
  };
  const validate = [];
  const complete = [];
  const hover = [];
  let completions = 0;
  let hoverText = "";
  for (let i = 0; i < repeat + 2; i++) {
    version += 1;
    const text = original.slice(0, at) + (i % 2 ? "x" : "y") + original.slice(at);
    const doc = TextDocument.create(uri, language, version, text);
    const [v] = await timed(async () => ls.doValidation(doc, ls.parseJSONDocument(doc)));
    // Completion and hover run on the unedited text, whose parse an editor keeps cached.
    const base = TextDocument.create(uri, language, version, original);
    const parsed = ls.parseJSONDocument(base);
    const [c, list] = await timed(async () => ls.doComplete(base, base.positionAt(completeAt), parsed));
    const [h, info] = await timed(async () => ls.doHover(base, base.positionAt(hoverAt), parsed));
    if (i >= 2) {
      validate.push(v);
      complete.push(c);
      hover.push(h);
    }
    completions = list && list.items ? list.items.length : 0;
    hoverText = info ? JSON.stringify(info.contents).slice(0, 80) : "";
  }
  const rss = process.memoryUsage().rss / (1024 * 1024);
  return {
    peer: "asls", files: 1, validate_ms: validate, complete_ms: complete, hover_ms: hover,
    completions, hover: hoverText, rss_mb: Math.round(rss * 10) / 10,
  };
}

async function main() {
  const [peer, mode, ...files] = process.argv.slice(2);
  if (mode.startsWith("server:")) {
    const [, repeat, completeAt, hoverAt] = mode.split(":").map((x) => parseInt(x, 10));
    const result = await serverLatencies(files[0], repeat, completeAt, hoverAt);
    process.stdout.write(JSON.stringify(result) + "\n");
    return;
  }
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
