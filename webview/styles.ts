// Webview — the diagram's stylesheet, themed only through VS Code's `--vscode-*` variables
// (light, dark, high contrast) with neutral fallbacks. Injected once under the page's CSP nonce
// and inlined (variables resolved) into SVG exports.

export const DIAGRAM_CSS = `
:root {
  --fg: var(--vscode-editor-foreground, #1f1f1f);
  --muted: var(--vscode-descriptionForeground, #6c6c6c);
  --bg: var(--vscode-editor-background, #ffffff);
  --node-bg: var(--vscode-editorWidget-background, #f3f3f3);
  --frame-border: var(--vscode-panel-border, #cccccc);
  --focus: var(--vscode-focusBorder, #0078d4);
  --blue: var(--vscode-charts-blue, #1a85ff);
  --red: var(--vscode-charts-red, #e51400);
  --green: var(--vscode-charts-green, #388a34);
  --yellow: var(--vscode-charts-yellow, #bf8803);
  --orange: var(--vscode-charts-orange, #d18616);
  --purple: var(--vscode-charts-purple, #652d90);
  --error: var(--vscode-editorError-foreground, #e51400);
  --warning: var(--vscode-editorWarning-foreground, #bf8803);
  --info: var(--vscode-editorInfo-foreground, #1a85ff);
  --hc-border: var(--vscode-contrastBorder, transparent);
}
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; }
body {
  background: var(--bg); color: var(--fg);
  font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  display: flex; flex-direction: column;
}
.toolbar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px; padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, #ccc); background: var(--vscode-sideBar-background, var(--bg));
}
.toolbar button {
  font: inherit; color: var(--vscode-foreground, var(--fg)); background: transparent; border: 1px solid transparent;
  border-radius: 4px; padding: 2px 7px; cursor: pointer; min-width: 26px; line-height: 18px;
}
.toolbar button:hover { background: var(--vscode-toolbar-hoverBackground, rgba(128,128,128,.15)); }
.toolbar button:focus-visible, .toolbar input:focus-visible { outline: 1px solid var(--focus); outline-offset: -1px; }
.toolbar button[aria-pressed="true"] { background: var(--vscode-toolbar-activeBackground, rgba(128,128,128,.25)); }
.toolbar .separator { width: 1px; align-self: stretch; background: var(--vscode-panel-border, #ccc); margin: 2px 4px; }
.toolbar input {
  font: inherit; color: var(--vscode-input-foreground, var(--fg)); background: var(--vscode-input-background, var(--bg));
  border: 1px solid var(--vscode-input-border, var(--frame-border)); border-radius: 2px; padding: 2px 6px; width: 150px;
}
.toolbar .status { margin-left: auto; color: var(--muted); font-size: 12px; }
.banner {
  display: none; padding: 6px 10px; border-bottom: 1px solid var(--vscode-inputValidation-errorBorder, var(--error));
  background: var(--vscode-inputValidation-errorBackground, rgba(229,20,0,.12)); color: var(--fg); font-size: 12px;
}
.banner.visible { display: block; }
.banner .banner-title { font-weight: 600; }
.banner ul { margin: 4px 0 0; padding-left: 18px; }
.banner a { color: var(--vscode-textLink-foreground, var(--blue)); cursor: pointer; text-decoration: underline; }
.stage { position: relative; flex: 1; min-height: 0; }
svg.diagram { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; }
svg.diagram.panning { cursor: grabbing; }
svg.diagram.stale .frames, svg.diagram.stale .containers, svg.diagram.stale .edges, svg.diagram.stale .nodes { opacity: .45; }
.empty { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--muted); pointer-events: none; }
.empty.hidden { display: none; }
.minimap {
  position: absolute; right: 10px; bottom: 10px; width: 180px; height: 120px;
  background: var(--vscode-editorWidget-background, var(--bg)); border: 1px solid var(--vscode-editorWidget-border, var(--frame-border));
  border-radius: 3px; box-shadow: 0 1px 4px var(--vscode-widget-shadow, rgba(0,0,0,.2)); cursor: pointer;
}
.minimap.hidden, .minimap.fits { display: none; }
.minimap .minimap-background { fill: var(--bg); }
.minimap .minimap-view { fill: var(--focus); fill-opacity: .1; stroke: var(--focus); }
.minimap .minimap-frame { fill: none; stroke: var(--frame-border); stroke-width: 4; }
.minimap .minimap-container { fill: none; stroke: var(--muted); stroke-width: 3; }
.minimap .minimap-node { fill: var(--muted); opacity: .6; }

.export-background { fill: var(--bg); }
.workflow-frame { fill: none; stroke: var(--frame-border); stroke-width: 1; }
.workflow-keyword { fill: var(--muted); font: 12px system-ui, "DejaVu Sans", sans-serif; }
.workflow-title { fill: var(--fg); font: 600 13px system-ui, "DejaVu Sans", sans-serif; }

.node { --accent: var(--blue); cursor: pointer; outline: none; }
.node .outline { fill: var(--node-bg); stroke: var(--accent); stroke-width: 1.5; }
.node .stack { fill: var(--node-bg); stroke: var(--accent); stroke-width: 1; opacity: .7; }
.node.expanded .outline { fill: var(--bg); fill-opacity: .6; }
.node.kind-region .outline { stroke-dasharray: 6 4; }
.node .detail, .node .header-rule { stroke: var(--accent); stroke-width: 1; fill: none; opacity: .8; }
.node .inner { fill: var(--accent); stroke: none; }
.node.kind-end .inner { fill: none; stroke: var(--accent); stroke-width: 3; }
.node .icon { fill: none; stroke: var(--accent); stroke-width: 1.4; stroke-linecap: round; stroke-linejoin: round; }
.node.kind-ai .icon, .node.kind-terminate .icon { fill: var(--accent); fill-opacity: .25; }
.node .name { fill: var(--fg); font: 600 12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
.node .label { fill: var(--muted); font: 11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
.node.kind-start { --accent: var(--green); }
.node.kind-end { --accent: var(--fg); }
.node.kind-ai { --accent: var(--purple); }
.node.kind-approval { --accent: var(--orange); }
.node.kind-set { --accent: var(--muted); }
.node.kind-timer, .node.kind-event-wait, .node.kind-listen, .node.kind-emit { --accent: var(--yellow); }
.node.kind-join, .node.kind-fork { --accent: var(--orange); }
.node.kind-fail, .node.kind-terminate { --accent: var(--red); }
.node.kind-foreach, .node.kind-region { --accent: var(--muted); }
.node:hover .outline { stroke-width: 2.5; }
.node:focus-visible .outline, .node.selected .outline { stroke: var(--focus); stroke-width: 2.5; }
.node.cursor .outline { stroke: var(--focus); stroke-width: 3; }
.node.match .outline { stroke: var(--vscode-editor-findMatchBorder, var(--orange)); stroke-width: 3; }
.node.dimmed { opacity: .35; }
.node.visited .outline { fill: var(--vscode-diffEditor-insertedTextBackground, rgba(56,138,52,.12)); }
.node.current .outline { stroke: var(--vscode-debugIcon-stackFrameForeground, var(--yellow)); stroke-width: 4; fill: var(--vscode-editor-stackFrameHighlightBackground, rgba(255,255,0,.2)); }
.node.status-pending .outline { stroke: var(--blue); stroke-width: 2; stroke-dasharray: 1 4; }
.node.status-running .outline { stroke: var(--blue); stroke-width: 3; stroke-dasharray: 5 3; }
.node.status-waiting .outline { stroke: var(--yellow); stroke-width: 3; stroke-dasharray: 2 3; }
.node.status-completed .outline { stroke: var(--green); stroke-width: 2.5; }
.node.status-failed .outline { stroke: var(--error); stroke-width: 3; }
.node.status-skipped, .node.status-cancelled { opacity: .55; }
.node .breakpoint-dot { fill: var(--vscode-debugIcon-breakpointForeground, #e51400); opacity: 0; }
.node:hover .breakpoint-dot { opacity: .35; }
.node.has-breakpoint .breakpoint-dot { opacity: 1; }
.node .metrics { fill: var(--muted); font: 10px var(--vscode-editor-font-family, monospace); }
.toggle rect { fill: var(--node-bg); stroke: var(--muted); }
.toggle text { fill: var(--fg); font: 600 12px system-ui, "DejaVu Sans", sans-serif; }
.toggle:hover rect { stroke: var(--focus); }
.diagnostic-badge circle { stroke: var(--bg); stroke-width: 1.5; }
.diagnostic-badge text { fill: #fff; font: 700 11px system-ui, "DejaVu Sans", sans-serif; }
.diagnostic-badge.severity-error circle { fill: var(--error); }
.diagnostic-badge.severity-warning circle { fill: var(--warning); }
.diagnostic-badge.severity-info circle { fill: var(--info); }

.edge { --edge: var(--muted); cursor: pointer; }
.edge .edge-line { fill: none; stroke: var(--edge); stroke-width: 1.5; }
.edge .edge-hit { fill: none; stroke: transparent; stroke-width: 12; }
.edge:hover .edge-line, .edge.selected .edge-line { stroke-width: 2.5; }
.edge-when { --edge: var(--blue); }
.edge-otherwise .edge-line { stroke-dasharray: 6 3; }
.edge-error { --edge: var(--red); }
.edge-error .edge-line { stroke-dasharray: 4 3; }
.edge-timeout { --edge: var(--orange); }
.edge-timeout .edge-line { stroke-dasharray: 1 3; stroke-linecap: round; stroke-width: 2; }
.edge-event { --edge: var(--yellow); }
.edge-compensation .edge-line { stroke-dasharray: 2 4; stroke-width: 1.25; }
.edge.has-diagnostics .edge-line { stroke: var(--warning); }
.edge-label rect { fill: var(--bg); stroke: var(--edge); stroke-width: .75; }
.edge-label text { fill: var(--fg); font: 11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
.marker path { fill: var(--muted); }
.marker.edge-when path { fill: var(--blue); }
.marker.edge-error path { fill: var(--red); }
.marker.edge-timeout path { fill: var(--orange); }
.marker.edge-event path { fill: var(--yellow); }

body.vscode-high-contrast .node .outline, body.vscode-high-contrast-light .node .outline { stroke-width: 2; }
body.vscode-high-contrast .edge .edge-line, body.vscode-high-contrast-light .edge .edge-line { stroke-width: 2; }
body.vscode-high-contrast .workflow-frame { stroke: var(--hc-border); }
@media (prefers-reduced-motion: no-preference) { .node.status-running .outline { animation: weft-dash 1s linear infinite; } }
@keyframes weft-dash { to { stroke-dashoffset: -16; } }
`;
