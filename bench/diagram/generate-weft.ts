// Diagram benchmark — writes a Weft workflow of about `nodes` nodes for the benchmark: groups of
// a task, a guarded choice between two steps and a merge, with a foreach (3 inner steps) every
// 10 groups. Deterministic, so runs compare.

export function generateWeft(nodes: number, name = `Generated${nodes}`, variant = ''): string {
  const lines: string[] = [`workflow ${name} {`, '  input amount: number', '  var note: string = ""'];
  const edges: string[] = [];
  let count = 2; // start, end
  let previous = 'start';
  let group = 0;
  while (count + 5 <= nodes) {
    const g = group++;
    if (g % 10 === 9 && count + 8 <= nodes) {
      lines.push(`  foreach loop${g} in [1, 2, 3] as item {`, `    set a${g} { note = "a" }`, `    set b${g} { note = "b" }`, `    start -> a${g} -> b${g} -> end`, '  }');
      edges.push(`  ${previous} -> loop${g}`);
      previous = `loop${g}`;
      count += 5; // the foreach, its start, end and two steps
      continue;
    }
    lines.push(
      `  task t${g}: script "scripts/step${g}${g === 0 ? variant : ''}.js" { timeout 5s }`,
      `  set yes${g} { note = "yes" }`,
      `  set no${g} { note = "no" }`,
      `  join j${g} first`,
    );
    edges.push(
      `  ${previous} -> t${g}`,
      `  t${g} -> yes${g} when amount > ${g}`,
      `  t${g} -> no${g} otherwise`,
      `  [yes${g}, no${g}] -> j${g}`,
    );
    previous = `j${g}`;
    count += 4;
  }
  while (count < nodes) {
    const g = group++;
    lines.push(`  set extra${g} { }`);
    edges.push(`  ${previous} -> extra${g}`);
    previous = `extra${g}`;
    count++;
  }
  edges.push(`  ${previous} -> end`);
  return [...lines, ...edges, '}', ''].join('\n');
}
