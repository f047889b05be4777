// Sample script (order-fulfilment.weft, task `validate`): checks an order's lines and total.
// Default export receives the task's `with` object; what it returns is the task's result.
export default function validateOrder({ order }) {
  const problems = [];
  if (!Array.isArray(order.items) || order.items.length === 0) problems.push('the order has no items');
  let computed = 0;
  for (const item of order.items ?? []) {
    if (!(item.qty > 0)) problems.push(`item ${item.sku} has no quantity`);
    computed += item.qty * item.unitPrice;
  }
  if (Math.abs(computed - order.total) > 0.005) problems.push(`total ${order.total} does not match the lines (${computed})`);
  if (problems.length > 0) {
    const error = new Error(problems.join('; '));
    error.name = 'InvalidOrder';
    throw error;
  }
  return { ok: true, lines: order.items.length, total: computed };
}
