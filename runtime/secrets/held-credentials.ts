// Runtime secrets — finds the credentials in configuration the engine holds itself (an AI
// endpoint's URL and headers, connector settings from the environment), so the run's masker can
// hide them like declared secrets. Only names that say "credential" count: masking every
// configured value would blot out hosts, versions and numbers everywhere.

/** A setting, header or query parameter name that says it holds a credential. */
const CREDENTIAL_NAME = /key|token|secret|passw|pwd|auth|credential|signature|sig$/i;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * The credentials a URL carries: its password (as written and decoded) and the values of query
 * parameters named like credentials (`?key=…`). Not the user name: often a common word (`admin`).
 */
export function credentialsInUrl(text: string): string[] {
  let url: URL;
  try { url = new URL(text); } catch { return []; }
  const out: string[] = [];
  const both = (s: string) => {
    if (!s) return;
    out.push(s);
    let decoded = s;
    try { decoded = decodeURIComponent(s); } catch { /* malformed escapes: as written only */ }
    if (decoded !== s) out.push(decoded);
  };
  both(url.password);
  for (const [name, value] of url.searchParams) if (value && isCredentialName(name)) out.push(value);
  return out;
}

/**
 * A URL as it may be shown: without user name, password, query or fragment. Undefined when it is
 * not a URL with a host (`localhost:8080` parses as scheme `localhost:`), as nothing of it is
 * known to be safe to show.
 */
export function shownUrl(text: string): string | undefined {
  let url: URL;
  try { url = new URL(text); } catch { return undefined; }
  return url.host ? `${url.protocol}//${url.host}${url.pathname}` : undefined;
}
