// Language benchmark — the set-up the CPU probes share: fresh Weft services with the generated
// 1,000-node workflow built as `file:///probe/large.weft`, ready for the probe's measurements.
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices, type WeftServices } from '../../language-server/weft-module.js';
import { generateSingleFile } from './generate-workflows.js';

export interface ProbeDocument {
    services: WeftServices;
    single: ReturnType<typeof generateSingleFile>;
    document: LangiumDocument;
}

export async function loadProbeDocument(nodes = 1000): Promise<ProbeDocument> {
    const services = createWeftServices(EmptyFileSystem).Weft;
    const { TextDocuments, DocumentBuilder, LangiumDocuments } = services.shared.workspace;
    const single = generateSingleFile(nodes);
    const uri = URI.parse('file:///probe/large.weft');
    TextDocuments.set(TextDocument.create(uri.toString(), 'weft', 1, single.text));
    await DocumentBuilder.update([uri], []);
    return { services, single, document: LangiumDocuments.getDocument(uri)! };
}
