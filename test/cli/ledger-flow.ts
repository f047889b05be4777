// Test support for the CLI suites — a workflow whose one task fails on a variable an operator can
// put right: `post` throws while `amount` is over `limit` (100 unless set), else sets `posted`.
export const LEDGER = `
workflow Ledger {
  input amount: number
  var limit: number = 100
  output posted: number
  task post: script """
    export default ({ amount, limit }) => {
      if (amount > limit) throw new Error("amount over the limit")
      return { posted: amount }
    }
  """ { with { amount: amount, limit: limit } set posted = result.posted }
  start -> post -> end
}
`;
