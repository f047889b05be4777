import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryRunStore', () => new MemoryRunStore());
