// Engine — names of node instances inside `foreach` iterations and `region` activations
// (`runtime.md` "foreach and region"): `upload[0].put`, `each[2].record.append`, `record#2.append`
// (a second activation of `record` open at the same time). Pure string functions; node ids never
// contain `.`, `[` or `#`, so a name's frame path is everything before its last dot.

/** The frame path a node instance name lives in (`upload[0]` for `upload[0].put`), or undefined at top level. */
export function scopeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : name.slice(0, dot);
}

/** The enclosing frame path of a frame path (`each[2]` for `each[2].record`). */
export function parentScope(path: string): string | undefined {
  return scopeOf(path);
}

/** `name` qualified by the frame path `scope`. */
export function qualify(scope: string | undefined, name: string): string {
  return scope === undefined ? name : `${scope}.${name}`;
}

/** The name without iteration indices and activation numbers (`upload.put` for `upload[3].put`, `record.append` for `record#2.append`): what metrics aggregate by. */
export function staticName(name: string): string {
  return name.indexOf('[') < 0 && name.indexOf('#') < 0 ? name : name.replace(/\[\d+\]|#\d+/g, '');
}

/** The frame path of activation `n` (from 2) of the region instance `name` while others are open (`record#2`). */
export function activationPath(name: string, n: number): string {
  return n <= 1 ? name : `${name}#${n}`;
}

/** The node id of a frame path's last segment (`upload` for `upload[0]`, `record` for `each[2].record` or `record#2`). */
export function ownerIdOf(path: string): string {
  const dot = path.lastIndexOf('.');
  const seg = dot < 0 ? path : path.slice(dot + 1);
  const br = seg.search(/[[#]/);
  return br < 0 ? seg : seg.slice(0, br);
}

/** The iteration index of a frame path (`0` for `upload[0]`), or undefined for a region. */
export function iterationIndexOf(path: string): number | undefined {
  const m = /\[(\d+)\]$/.exec(path);
  return m ? Number(m[1]) : undefined;
}
