// Sample script (identity-check.weft, task `score`): scores how well the documents a customer
// sent match their profile. Deterministic rules, no network.
export default function scoreIdentity({ customer, documents }) {
  let score = 0;
  const reasons = [];
  const docs = documents ?? [];
  if (docs.some(d => d.kind === 'passport' || d.kind === 'id-card')) { score += 60; reasons.push('government id'); }
  if (docs.some(d => d.kind === 'utility-bill')) { score += 20; reasons.push('proof of address'); }
  if (docs.some(d => String(d.name ?? '').toLowerCase() === String(customer.name).toLowerCase())) { score += 20; reasons.push('name matches'); }
  return { score, reasons };
}
