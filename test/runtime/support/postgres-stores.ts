// Test support — PostgreSQL run stores on the tests' throwaway server (test/support/postgres-server.ts),
// for the suite that calls `postgresStores()` (or, called at the top of a file, for the whole run):
// the server is started before it, and every store made through it is closed after it.
import { PostgresRunStore } from '../../../runtime/store/postgres-run-store.js';
import { postgresServer } from '../../support/postgres-server.js';

export interface PostgresStores {
  /** The server's URL (known once the suite's `before` has run). */
  url(): string;
  /** A store in `schema`, its carrier named `holder` when given, looking for other processes' appends every 50 ms. */
  store(schema: string, holder?: string): PostgresRunStore;
}

export function postgresStores(): PostgresStores {
  let url = '';
  const made: PostgresRunStore[] = [];
  before(async function () {
    this.timeout(120_000);
    url = (await postgresServer()).url;
  });
  after(async () => {
    for (const store of made.splice(0)) await store.close().catch(() => undefined);
  });
  return {
    url: () => url,
    store(schema, holder) {
      const store = new PostgresRunStore({ url, schema, pollMs: 50, ...(holder !== undefined ? { holder } : {}) });
      made.push(store);
      return store;
    },
  };
}
