// Langium's validation registry, with a cheaper wrapper around each check: Langium wraps every
// check in two async functions, so each of the ~15,000 check calls of a 1,000-node workflow
// costs promises and microtask turns even though Weft's checks are synchronous. Here a check
// that returns nothing costs a plain call; errors are still reported exactly as Langium does.
import type { ValidationCheck } from 'langium';
import { ValidationRegistry } from 'langium';

export class WeftValidationRegistry extends ValidationRegistry {

    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        const report = (error: unknown, ...[node, accept]: Parameters<ValidationCheck>) =>
            this.handleException(() => { throw error; }, 'An error occurred during validation', accept, node);
        return (node, accept, cancelToken) => {
            let result: ReturnType<ValidationCheck>;
            try {
                result = check.call(thisObj, node, accept, cancelToken);
            } catch (error) {
                return report(error, node, accept, cancelToken);
            }
            if (result && typeof (result as PromiseLike<void>).then === 'function') {
                return (result as Promise<void>).catch(error => report(error, node, accept, cancelToken));
            }
            return undefined;
        };
    }
}
