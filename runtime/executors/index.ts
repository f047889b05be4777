// Runtime executors — public surface: the effect error, script tasks and HTTP requests.
export { TaskError, errorNames, isErrorIdentifier, type TaskErrorOptions } from './task-error.js';
export { ScriptFailure, ScriptHostPool, ScriptWorkerPool, defaultScriptPool, runScript, type ScriptLog, type ScriptPool, type ScriptPoolOptions, type ScriptRunOptions, type ScriptRunResult } from './script/script-runner.js';
export { errorCodeOf, performHttpRequest, type HttpRequest, type HttpResponse } from './http/index.js';
