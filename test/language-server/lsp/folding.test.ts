// Specification of folding in Weft files (language-server/lsp/weft-folding-range-provider.ts):
// blocks, lists, multi-line strings, comments and imports. `<|` `|>` mark each expected range.
import assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { expectFoldings } from 'langium/test';
import { FoldingRangeKind } from 'vscode-languageserver';
import { createWeftServices } from '../../../language-server/weft-module.js';

const foldings = expectFoldings(createWeftServices(EmptyFileSystem).Weft);

describe('Weft folding ranges', () => {
    it('fold blocks up to the line before their closing brace, nested ones too', async () => {
        await foldings({
            text: 'workflow W {<|\n  task t: http GET "x" {<|\n    timeout 5s|>\n  }|>\n}',
        });
    });

    it('fold multi-line strings and block comments, not one-line blocks', async () => {
        await foldings({
            text: '<|/**\n * Doc.\n |>*/\nworkflow W {<|\n  var a = { x: 1 }\n  ai c {<|\n    prompt """<|\n      Hi|>\n    """|>\n  }|>\n}',
        });
    });

    it('fold runs of line comments and the import list, with their kinds', async () => {
        await foldings({
            text: '<|import "./a.weft"\n|>import "./b.weft"\n<|// one\n|>// two\ntype T { a: string }',
            assert: (ranges, expected) => {
                assert.deepEqual(ranges.map(r => [r.startLine, r.endLine, r.kind]), [
                    [0, 1, FoldingRangeKind.Imports],
                    [2, 3, FoldingRangeKind.Comment],
                ]);
                assert.equal(expected.length, 2);
            },
        });
    });

    it('still fold the blocks of a document with syntax errors', async () => {
        await foldings({
            text: 'workflow W {<|\n  task t: http {<|\n   ->|>\n  }|>\n}',
        });
    });
});
