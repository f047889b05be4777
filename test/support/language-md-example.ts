// Test support — the example of LANGUAGE.md (§2 types, §3 workflow) as written in the design
// contract, shared by the parsing, formatting and robustness tests so they start from one text.

export const LANGUAGE_MD_TYPES = `
/** An order as received from the shop. */
type Order {
  id: string
  customerId: string
  total: number
  items: list<Item>
  note: string?            // optional
}
type Item { sku: string, qty: number }
type Risk { level: "low" | "medium" | "high", reason: string }
`;

export const LANGUAGE_MD_WORKFLOW = `
import "./types.weft"

/** Takes a paid order from validation to shipment. */
workflow OrderFulfilment {
  version "1.2.0"

  input  order: Order
  input  dryRun: boolean = false
  output trackingId: string
  var    attempts: number = 0
  secret paymentsKey = env("PAYMENTS_KEY")

  trigger manual
  trigger webhook POST "/orders"               // the JSON body becomes the inputs
  trigger schedule "0 9 * * 1-5"               // cron, workflow time zone UTC unless \`tz "..."\`
  trigger event "order.created" where event.data.total > 0

  connector payments: http {
    baseUrl "https://payments.example.com"
    header  "Authorization" = "Bearer \${paymentsKey}"
  }

  task validate: script "scripts/validate.js" {
    with    { order: order }
    timeout 5s
    limits  { memory 64MB, cpu 2s }
  }

  ai classify {
    model       "gpt-4o-mini"
    prompt      """
      Rate the fraud risk of this order and say why.
      \${order}
    """
    temperature 0
    returns     Risk
  }

  approval review {
    ask      "Approve high-risk order \${order.id}?"
    assignee "finance"
    timeout  2d
  }

  task charge: payments.post("/charges") {
    with    { amount: order.total, currency: "EUR", idempotencyKey: order.id }
    timeout 10s
    retry   5 times every 1s backoff 2 max 30s jitter unless PaymentDeclined
    compensate refund
  }

  task refund: payments.post("/refunds") { with { charge: charge.body.id } }

  wait settled for event "payment.settled" correlate event.data.orderId == order.id timeout 1h

  task ship:   script "scripts/ship.js" { with { order: order } set trackingId = result.tracking }
  task notify: http POST "https://hooks.example.com/orders" { body { id: order.id } }
  join shipped

  fail declined "Payment declined for order \${order.id}"

  start    -> validate -> classify
  classify -> review   when classify.level == "high"
  classify -> charge   otherwise
  review   -> charge   when review.approved
  review   -> end      otherwise
  charge   -> settled -> [ship, notify] -> shipped -> end
  charge   -> declined on PaymentDeclined
  settled  -> declined on timeout
}
`;
