// Signature help for standard-library calls (`len(`, `items.map(`, where the receiver is the
// first parameter) and connector actions (`payments.post(`): the signature, its parameters
// and the one the cursor is in. Works on the text being typed; see call-at-cursor.ts.
import type { LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import type { Connector } from '../generated/ast.js';
import { isConnector } from '../generated/ast.js';
import type { StdlibSignature } from '../types/stdlib-signatures.js';
import { findStdlibSignature } from '../types/stdlib-signatures.js';
import type { ImportResolver } from '../scope/import-resolver.js';
import type { WeftServices } from '../weft-module.js';
import { callAtCursor } from './call-at-cursor.js';
import { connectorActions } from './connector-actions.js';

/** A signature's parameters as [start, end] offsets into its label. */
function parameterOffsets(label: string, names: string[]): Array<[number, number]> {
    const open = label.indexOf('(');
    const result: Array<[number, number]> = [];
    let from = open + 1;
    for (const name of names) {
        const at = label.indexOf(name, from);
        if (at < 0) break;
        let end = at;
        let depth = 0;
        for (; end < label.length; end++) {
            const ch = label[end];
            if (ch === '(' || ch === '<' || ch === '{') depth++;
            else if ((ch === ')' || ch === '>' || ch === '}') && depth > 0) depth--;
            else if ((ch === ',' || ch === ')') && depth === 0) break;
        }
        result.push([at, end]);
        from = end;
    }
    return result;
}

export function stdlibSignatureInformation(signature: StdlibSignature): SignatureInformation {
    const offsets = parameterOffsets(signature.signature, signature.params.map(p => (p.rest ? '...' : '') + p.name));
    return {
        label: signature.signature,
        documentation: { kind: 'markdown', value: signature.doc },
        parameters: offsets.map((range, i) => ({ label: range, documentation: signature.params[i]?.doc })),
    };
}

export class WeftSignatureHelpProvider implements SignatureHelpProvider {
    protected readonly imports: ImportResolver;

    constructor(services: WeftServices) {
        this.imports = services.references.ImportResolver;
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        const text = document.textDocument.getText();
        const call = callAtCursor(text, document.textDocument.offsetAt(params.position));
        if (!call) return undefined;
        const connector = call.receiver ? this.connectorNamed(document, call.receiver) : undefined;
        if (connector) {
            const action = connectorActions(connector.kind).find(a => a.name === call.callee);
            if (!action) return undefined;
            const offsets = parameterOffsets(action.signature, action.params.map(p => p.name));
            return {
                signatures: [{
                    label: action.signature,
                    documentation: { kind: 'markdown', value: action.doc },
                    parameters: offsets.map((range, i) => ({ label: range, documentation: action.params[i].doc })),
                }],
                activeSignature: 0,
                activeParameter: Math.min(call.argument, action.params.length - 1),
            };
        }
        const signature = findStdlibSignature(call.callee);
        if (!signature) return undefined;
        // A method call passes its receiver as the first parameter.
        let active = call.argument + (call.method ? 1 : 0);
        const rest = signature.params.findIndex(p => p.rest);
        if (rest >= 0 && active > rest) active = rest;
        return { signatures: [stdlibSignatureInformation(signature)], activeSignature: 0, activeParameter: active };
    }

    /** A connector of that name in the document or a file it imports. */
    protected connectorNamed(document: LangiumDocument, name: string): Connector | undefined {
        for (const doc of this.imports.importClosure(document)) {
            for (const node of AstUtils.streamAllContents(doc.parseResult.value)) {
                if (isConnector(node) && node.name === name) return node;
            }
        }
        return undefined;
    }

    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['('], retriggerCharacters: [','] };
    }
}
