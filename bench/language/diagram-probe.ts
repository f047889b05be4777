// Language benchmark — CPU-time probe of the diagram model the server rebuilds after each build
// of a document whose diagram is open: lowering the 1,000-node workflow to the IR and building
// the diagram model from it (DiagramModelService.documentsBuilt). Run under `node --cpu-prof`.
import { isWorkflow, type Model } from '../../language-server/generated/ast.js';
import { cpuMs, median } from './measure.js';
import { loadProbeDocument } from './probe-document.js';

const runs = Number(process.argv[2] ?? 21);
const { services, document } = await loadProbeDocument();

const lowering: number[] = [];
const model: number[] = [];
let nodes = 0;
for (let i = -5; i < runs; i++) {
    let started = process.cpuUsage();
    services.lowering.WorkflowLowerer.lowerWorkflow((document.parseResult.value as Model).declarations.find(isWorkflow)!);
    const lowered = cpuMs(started);
    started = process.cpuUsage();
    const [built] = services.diagram.DiagramModelService.documentsBuilt([document]);
    const modelled = cpuMs(started);
    nodes = built.workflows?.[0]?.graph.nodes.length ?? 0;
    if (i >= 0) {
        lowering.push(lowered);
        model.push(modelled);
    }
}
console.log(`CPU ms, median of ${runs}: lowering alone ${median(lowering).toFixed(1)}; documentsBuilt (lowering + diagram model, ${nodes} nodes) ${median(model).toFixed(1)}`);
