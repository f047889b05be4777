// Test fixtures for the debug adapter wire tests: small workflows, each showing one thing a
// debugger must handle (a sub-workflow with a script log and a secret, a loop, a parallel
// split, a failing node with retries). Plain text; lines are found with `lineOf`.

export const SEQUENCE = `workflow Main {
  input amount: number = 5
  output total: number
  var count: number = 0
  secret apiKey = env("H9_KEY")

  set bump { count = count + 1 }
  task double: script """
    export default (input) => { console.log("doubling " + input.n); return input.n * 2 }
  """ {
    with { n: amount }
  }
  task sub: workflow Child { with { x: double } }
  set finish { total = sub.y + count }

  start -> bump -> double -> sub -> finish -> end
}

workflow Child {
  input x: number
  output y: number
  set inner { y = x + 1 }
  set after { y = y * 1 }
  start -> inner -> after -> end
}
`;

export const LOOP = `workflow Loop {
  output total: number
  var i: number = 0
  set tick { i = i + 1 }
  set done { total = i }
  start -> tick
  tick -> tick when i < 5
  tick -> done otherwise
  done -> end
}
`;

export const PARALLEL = `workflow Par {
  var l: number = 0
  var r: number = 0
  output sum: number
  set left { l = 1 }
  set right { r = 2 }
  join both
  set total { sum = l + r }
  start -> left -> both
  start -> right -> both
  both -> total -> end
}
`;

export const FLAKY = `workflow Flaky {
  output status: string
  task call: script """
    export default () => { throw new Error("service unavailable") }
  """ {
    retry 2 times every 1s
  }
  start -> call -> end
}
`;

export const WAITING = `workflow Waiting {
  input who: string
  output greeting: string
  wait go for event "go"
  set greet { greeting = "hello \${who} \${go.data.n}" }
  start -> go -> greet -> end
}
`;

export const SAGA = `workflow Saga {
  output done: boolean
  task book: script """
    export default () => "booked"
  """ {
    compensate unbook
  }
  task unbook: script """
    export default () => "unbooked"
  """
  task slow: script """
    export default () => new Promise(resolve => setTimeout(resolve, 30000))
  """ {
    timeout 300ms
  }
  start -> book -> slow -> end
}
`;

export const BATCHES = `workflow Batches {
  output total: number
  var sum: number = 0
  foreach each in [1, 2, 3] as n concurrency 2 {
    task sq: script """
      export default (input) => input.n * input.n
    """ {
      with { n: n }
    }
    set add { sum = sum + sq }
    start -> sq -> add -> end
  }
  region crit {
    set mark { sum = sum * 10 }
    start -> mark -> end
  }
  set done { total = sum }
  start -> each -> crit -> done -> end
}
`;
