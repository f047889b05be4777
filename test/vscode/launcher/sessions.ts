// The VS Code sessions the suite runs in. `trusted` (workspace trust off) runs every test file
// outside suite/restricted/; `restricted` opens an untrusted workspace (Restricted Mode) and runs
// the files in suite/restricted/, which check what the extension still does and what it refuses.

/** Copilot Chat ships built in and activates at startup in the same extension host, trying to
 * reach GitHub: it only costs CPU here (its requests are blocked anyway). */
const quietBuiltins = ['--disable-extension', 'github.copilot-chat'];

export interface Session {
  readonly name: 'trusted' | 'restricted';
  /** Extra flags for the VS Code server. */
  readonly serverArgs: readonly string[];
  /** Settings on top of the quiet defaults (user, machine and workspace). */
  readonly settings: Readonly<Record<string, unknown>>;
}

export const sessions: readonly Session[] = [
  {
    name: 'trusted',
    serverArgs: ['--disable-workspace-trust', ...quietBuiltins],
    settings: { 'security.workspace.trust.enabled': false },
  },
  {
    name: 'restricted',
    serverArgs: [...quietBuiltins],
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
    },
  },
];
