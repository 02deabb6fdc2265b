/**
 * The graph webview: one panel per document, beside the editor, re-rendered by the server
 * (debounced) while the document changes, with the last local run as a progress overlay.
 * A page that cannot be built closes its panel and reports to the ASL output channel, so a
 * failure never leaves an empty panel behind and a retry never opens a second one.
 */

import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import type { AslServer } from "./server";
import { graphDirection } from "./settings";
import {
  buildGraphHtml,
  createNonce,
  extractSvg,
  graphMessage,
  runMessage,
  type RunSummary,
} from "./webview";

export const RENDER_DEBOUNCE_MS = 300;

interface RenderResult {
  svg?: string;
  html?: string;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class GraphPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private svg: string | undefined;
  private error: string | undefined;
  private run: RunSummary | undefined;
  private events: unknown[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** False until the first render put its result into the page HTML. */
  private rendered = false;
  private readonly disposables: vscode.Disposable[] = [];
  private closed = false;

  constructor(
    readonly uri: vscode.Uri,
    private readonly server: AslServer,
    private readonly onFailure: (err: unknown) => void,
    onDispose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      "aslLsp.graph",
      `Graph: ${path.basename(uri.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [] },
    );
    this.panel.onDidDispose(
      () => {
        this.dispose();
        onDispose();
      },
      undefined,
      this.disposables,
    );
    // Without retainContextWhenHidden the page is rebuilt when it becomes visible again.
    this.panel.onDidChangeViewState(
      (e) => {
        if (e.webviewPanel.visible) {
          this.resetHtml();
        }
      },
      undefined,
      this.disposables,
    );
    try {
      this.panel.webview.html = this.pageHtml();
    } catch (err) {
      this.panel.dispose();
      throw err;
    }
  }

  /** True once the panel was closed (by the user or after a failure). */
  get disposed(): boolean {
    return this.closed;
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Re-render after edits, at most once per RENDER_DEBOUNCE_MS. */
  scheduleRender(): void {
    if (this.run !== undefined && this.run.stale !== true) {
      this.run = { ...this.run, stale: true };
      this.events = undefined;
      void this.panel.webview.postMessage(runMessage(this.run));
    }
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render();
    }, RENDER_DEBOUNCE_MS);
  }

  async render(): Promise<void> {
    const generation = ++this.generation;
    const options: { direction: string; events?: unknown[] } = {
      direction: graphDirection((key) =>
        vscode.workspace.getConfiguration("aslLsp", this.uri).get(key),
      ),
    };
    if (this.events !== undefined) {
      options.events = this.events;
    }
    let svg: string | undefined;
    let error: string | undefined;
    try {
      const result = await this.server.executeCommand<RenderResult>("asl.renderGraph", [
        this.uri.toString(),
        options,
      ]);
      if (result === undefined) {
        error = "The ASL language server is not running.";
      } else {
        svg = extractSvg(result?.svg);
        if (svg === undefined) {
          error = "The server returned no SVG for this document.";
        }
      }
    } catch (err) {
      error = `Rendering failed: ${errorText(err)}`;
    }
    if (generation !== this.generation || this.closed) {
      return; // a newer render is under way, or the panel is gone
    }
    this.error = error;
    if (svg !== undefined) {
      this.svg = svg; // keep the last good graph while the document is broken
    }
    if (!this.rendered) {
      // The first result goes into the HTML itself: no message can race the page load.
      this.rendered = true;
      this.resetHtml();
      return;
    }
    void this.panel.webview.postMessage(graphMessage(svg, error));
  }

  async showRun(result: RunSummary, events: unknown[]): Promise<void> {
    this.run = result;
    this.events = events;
    void this.panel.webview.postMessage(runMessage(result));
    await this.render();
  }

  /** Rebuilds the page; a failure closes the panel and goes to the output channel. */
  private resetHtml(): void {
    try {
      this.panel.webview.html = this.pageHtml();
    } catch (err) {
      this.onFailure(err);
      this.panel.dispose();
    }
  }

  private pageHtml(): string {
    return buildGraphHtml(
      {
        title: vscode.workspace.asRelativePath(this.uri, false),
        svg: this.svg,
        error: this.error,
        run: this.run,
      },
      { cspSource: this.panel.webview.cspSource, nonce: createNonce(randomBytes) },
    );
  }

  dispose(): void {
    this.closed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GraphPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly server: AslServer,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) {
        this.panels.get(e.document.uri.toString())?.scheduleRender();
      }
    });
  }

  /**
   * Opens (or reveals) the graph of a document and renders it. Undefined when the page could not
   * be built: the panel is closed again and the error is in the output channel and a message.
   */
  async show(uri: vscode.Uri): Promise<GraphPanel | undefined> {
    const key = uri.toString();
    let panel = this.panels.get(key);
    if (panel === undefined) {
      try {
        panel = new GraphPanel(
          uri,
          this.server,
          (err) => this.reportFailure(uri, err),
          () => this.panels.delete(key),
        );
      } catch (err) {
        this.reportFailure(uri, err);
        return undefined;
      }
      this.panels.set(key, panel);
    } else {
      panel.reveal();
    }
    await panel.render();
    return panel.disposed ? undefined : panel;
  }

  private reportFailure(uri: vscode.Uri, err: unknown): void {
    const where = vscode.workspace.asRelativePath(uri, false);
    this.output.error(`Graph view of ${where} failed: ${errorText(err)}`);
    if (err instanceof Error && err.stack !== undefined) {
      this.output.debug(err.stack);
    }
    void vscode.window.showErrorMessage(
      `ASL: the graph of ${where} could not be shown: ${errorText(err)} (details in the ASL output).`,
    );
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of this.panels.values()) {
      panel.panel.dispose();
    }
    this.panels.clear();
  }
}
