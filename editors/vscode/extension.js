// dcdsl for VS Code: starts `dcc lsp` (the language server) for .dc files.
//
// Which command: the `dcdsl.server.command` setting when set; else the Python extension's active
// interpreter running `python -m dcdsl.cli lsp` (so the dcdsl installed in the project's venv
// answers); else `dcc lsp` from PATH.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

async function activeInterpreter(resource) {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (!python) {
    return undefined;
  }
  try {
    const api = python.isActive ? python.exports : await python.activate();
    // The current API (environments), then the older one (settings.getExecutionDetails).
    if (api && api.environments) {
      const chosen = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(chosen);
      const executable = resolved && resolved.executable && resolved.executable.uri;
      if (executable) {
        return executable.fsPath;
      }
    }
    if (api && api.settings && api.settings.getExecutionDetails) {
      const details = api.settings.getExecutionDetails(resource);
      if (details && details.execCommand && details.execCommand.length) {
        return details.execCommand[0];
      }
    }
  } catch (error) {
    console.warn(`dcdsl: cannot ask the Python extension for its interpreter: ${error}`);
  }
  return undefined;
}

async function serverCommand() {
  const config = vscode.workspace.getConfiguration("dcdsl");
  const debounce = `--debounce-ms=${config.get("server.debounceMs", 50)}`;
  const configured = config.get("server.command", []);
  if (Array.isArray(configured) && configured.length > 0) {
    return { command: configured[0], args: [...configured.slice(1), debounce] };
  }
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const python = await activeInterpreter(folder && folder.uri);
  if (python) {
    return { command: python, args: ["-m", "dcdsl.cli", "lsp", debounce] };
  }
  return { command: "dcc", args: ["lsp", debounce] };
}

async function activate(context) {
  const executable = await serverCommand();
  const serverOptions = { ...executable, transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "dcdsl" }, { scheme: "untitled", language: "dcdsl" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.dc") },
  };
  client = new LanguageClient("dcdsl", "dcdsl (dcc lsp)", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("dcdsl.restartServer", async () => {
      if (client) {
        await client.restart();
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `dcdsl: could not start \`${executable.command} ${executable.args.join(" ")}\`: ${error}. ` +
        "Install dcdsl in the active Python environment (pip install -e .) or set dcdsl.server.command.",
    );
  }
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
