// The standalone debug adapter (`dist/debug-adapter.cjs`, DAP over stdio): composes the
// compiler (through `debug-services.ts`) with the runtime's DAP session. Only an entry point:
// importing it starts the adapter on this process's stdin/stdout.
import { runDebugAdapterOnStdio } from '../runtime/debug/adapter-main.js';
import { debugServices } from './debug-services.js';
import { quietSqliteWarning } from './quiet-warnings.js';

quietSqliteWarning();
runDebugAdapterOnStdio(debugServices);
