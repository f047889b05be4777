// Engine — names of node instances inside foreach iterations and region activations
// (docs/runtime.md "foreach and region"): what a name's frame, static name and owner are,
// for iteration indices and for the activation numbers of concurrent region activations.

import assert from 'node:assert/strict';
import { activationPath, iterationIndexOf, ownerIdOf, scopeOf, staticName } from '../../../runtime/engine/instance-names.js';

describe('engine instance names', () => {
  it('drops iteration indices and activation numbers from the static name', () => {
    assert.equal(staticName('upload[3].put'), 'upload.put');
    assert.equal(staticName('record#2.append'), 'record.append');
    assert.equal(staticName('each[1].record#12.append'), 'each.record.append');
    assert.equal(staticName('plain'), 'plain');
  });

  it('names the first activation plainly and later concurrent ones with their number', () => {
    assert.equal(activationPath('record', 1), 'record');
    assert.equal(activationPath('each[0].record', 2), 'each[0].record#2');
  });

  it('finds the owner node and frame of an activation path', () => {
    assert.equal(ownerIdOf('record#2'), 'record');
    assert.equal(ownerIdOf('each[0].record#3'), 'record');
    assert.equal(ownerIdOf('upload[7]'), 'upload');
    assert.equal(scopeOf('record#2.append'), 'record#2');
    assert.equal(iterationIndexOf('record#2'), undefined);
    assert.equal(iterationIndexOf('upload[7]'), 7);
  });
});
