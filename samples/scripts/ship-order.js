// Sample script (order-fulfilment.weft, task `ship`): books a parcel and returns its tracking
// number. Deterministic (derived from the order id) so runs can be compared and replayed.
export default function shipOrder({ order, carrier }) {
  let hash = 0;
  for (const ch of order.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    carrier: carrier ?? 'parcel-post',
    tracking: `TRK-${hash.toString(36).toUpperCase().padStart(8, '0')}`,
    parcels: Math.max(1, Math.ceil(order.items.reduce((n, i) => n + i.qty, 0) / 10)),
  };
}
