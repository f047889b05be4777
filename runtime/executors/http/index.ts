// Runtime HTTP executor — public surface.
export { performHttpRequest, type HttpRequest, type HttpResponse } from './perform-http-request.js';
export { errorCodeOf } from './http-errors.js';
