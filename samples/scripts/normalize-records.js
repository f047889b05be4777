// Sample script (nightly-sync.weft, task `normalize`): cleans raw records from the source system
// and cuts them into batches for the warehouse. Pure data in, data out.
export default function normalizeRecords({ records, batchSize }) {
  const seen = new Set();
  const clean = [];
  for (const raw of records ?? []) {
    const id = String(raw.id ?? '').trim();
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    clean.push({
      id,
      name: String(raw.name ?? '').trim(),
      email: String(raw.email ?? '').trim().toLowerCase(),
      updatedAt: raw.updatedAt ?? null,
    });
  }
  const size = Math.max(1, batchSize ?? 100);
  const batches = [];
  for (let i = 0; i < clean.length; i += size) batches.push(clean.slice(i, i + size));
  return { count: clean.length, skipped: (records?.length ?? 0) - clean.length, batches };
}
