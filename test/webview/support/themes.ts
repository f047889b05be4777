// Test support for the webview — the `--vscode-*` variables and body class VS Code gives a
// webview in its default light, dark and high-contrast themes (a subset: the ones the diagram reads), so the
// browser tests and screenshots show the diagram as it looks in the editor.

export type ThemeName = 'light' | 'dark' | 'high-contrast';

const LIGHT: Record<string, string> = {
  'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b',
  descriptionForeground: '#717171', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8',
  'panel-border': '#e5e5e5', focusBorder: '#005fb8', 'sideBar-background': '#f8f8f8',
  'charts-blue': '#1a85ff', 'charts-red': '#e51400', 'charts-green': '#388a34', 'charts-yellow': '#bf8803',
  'charts-orange': '#d18616', 'charts-purple': '#652d90', 'editorError-foreground': '#e51400',
  'editorWarning-foreground': '#bf8803', 'editorInfo-foreground': '#1a85ff', 'input-background': '#ffffff',
  'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
  'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'textLink-foreground': '#005fb8',
  'font-family': 'system-ui, "DejaVu Sans", sans-serif', 'font-size': '13px',
};

const DARK: Record<string, string> = {
  'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc',
  descriptionForeground: '#9d9d9d', 'editorWidget-background': '#202020', 'editorWidget-border': '#454545',
  'panel-border': '#2b2b2b', focusBorder: '#0078d4', 'sideBar-background': '#181818',
  'charts-blue': '#3794ff', 'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-yellow': '#cca700',
  'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'editorError-foreground': '#f14c4c',
  'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff', 'input-background': '#313131',
  'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'textLink-foreground': '#4daafc',
  'font-family': 'system-ui, "DejaVu Sans", sans-serif', 'font-size': '13px',
};

const HIGH_CONTRAST: Record<string, string> = {
  ...DARK,
  'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff',
  descriptionForeground: '#ffffff', 'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df',
  'panel-border': '#6fc3df', focusBorder: '#f38518', contrastBorder: '#6fc3df', 'sideBar-background': '#000000',
  'input-background': '#000000', 'input-border': '#6fc3df',
};

/** A `:root { --vscode-…: … }` rule for `theme`. */
export function themeCss(theme: ThemeName): string {
  const vars = theme === 'light' ? LIGHT : theme === 'dark' ? DARK : HIGH_CONTRAST;
  return `:root { ${Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ')} }`;
}

export function themeBodyClass(theme: ThemeName): string {
  return theme === 'light' ? 'vscode-light' : theme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast';
}
