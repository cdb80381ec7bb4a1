// The YAML language server's diagnostics on one file, driven headless over stdio as an editor drives it.
//
// usage: node diagnose.mjs [--wait=SECONDS] WORKSPACE FILE [SETTINGS]
//   WORKSPACE: the folder opened in the editor (relative schema paths of yaml.schemas resolve against it)
//   FILE: the YAML document to open
//   SETTINGS: a VS Code settings.json whose yaml.schemas is given to the server (what the YAML extension does)
//   --wait: how long to wait for a diagnostic (default 30 s)
// stdout: the diagnostics the server published for FILE, as JSON: exit 0 as soon as it published some, exit
// 1 with [] when it published none within the wait (a valid document). The server fetches nothing: the
// schema store is off, and Treaty's modelines and settings name local files.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const options = process.argv.slice(2).filter((arg) => arg.startsWith("--wait="));
const [workspace, file, settingsFile] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
if (!workspace || !file) {
  process.stderr.write("usage: node diagnose.mjs [--wait=SECONDS] WORKSPACE FILE [SETTINGS]\n");
  process.exit(2);
}
const root = pathToFileURL(resolve(workspace)).href;
const uri = pathToFileURL(resolve(file)).href;
const schemas = settingsFile ? JSON.parse(readFileSync(settingsFile, "utf8"))["yaml.schemas"] ?? {} : {};
const yaml = { validate: true, schemas, schemaStore: { enable: false }, format: { enable: false } };
const WAIT_MS = 1000 * Number(options.length ? options[0].slice("--wait=".length) : 30);

const server = createRequire(import.meta.url).resolve("yaml-language-server/bin/yaml-language-server");
const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
let nextId = 1;
let buffer = Buffer.alloc(0);

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}

function request(method, params) {
  send({ id: nextId++, method, params });
}

function finish(code, output) {
  if (output !== undefined) {
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  }
  child.kill();
  process.exit(code);
}

function receive(message) {
  if (message.method === "workspace/configuration") {
    // The server asks for its settings by section; the YAML extension answers from settings.json.
    const answers = message.params.items.map((item) => (item.section === "yaml" ? yaml : null));
    send({ id: message.id, result: answers });
  } else if (message.id !== undefined && message.method !== undefined) {
    send({ id: message.id, result: null }); // registrations and other requests: accepted
  } else if (message.id === 1) {
    send({ method: "initialized", params: {} });
    send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml } } });
    const text = readFileSync(file, "utf8");
    send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text } } });
  } else if (message.method === "textDocument/publishDiagnostics" && message.params.uri === uri) {
    // The first publication can come before the schema is loaded; an empty one is not the answer yet.
    if (message.params.diagnostics.length > 0) {
      finish(0, message.params.diagnostics);
    }
  }
}

child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString("ascii"))[1]);
    if (buffer.length < end + 4 + length) return;
    const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
    buffer = buffer.subarray(end + 4 + length);
    receive(JSON.parse(body));
  }
});
child.on("exit", (code) => finish(1, { error: `the language server exited (${code}) before any diagnostic` }));
setTimeout(() => finish(1, []), WAIT_MS);

request("initialize", {
  processId: process.pid,
  rootUri: root,
  workspaceFolders: [{ uri: root, name: "workspace" }],
  capabilities: {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
    textDocument: { publishDiagnostics: { relatedInformation: false } },
  },
  initializationOptions: {},
});
