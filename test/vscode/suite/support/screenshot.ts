// Asks the launcher for a screenshot of the workbench (through WEFT_TEST_SCREENSHOT_URL). Under a
// launcher without that service (test-electron) it does nothing. Screenshots illustrate; they
// never decide a test.
export async function screenshot(name: string, waitForSelector?: string): Promise<string | undefined> {
  const base = process.env.WEFT_TEST_SCREENSHOT_URL;
  if (!base) return undefined;
  const url = new URL('/screenshot', base);
  url.searchParams.set('name', name);
  if (waitForSelector) url.searchParams.set('selector', waitForSelector);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`screenshot ${name} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { file: string }).file;
}
