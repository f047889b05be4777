// Language benchmark — the Amazon States Language document equivalent to a generated Weft
// workflow (generate-workflows.ts): per block the same tasks, retries, timeout and error catches,
// a Choice for the guarded edge, a Parallel for the fan-out and join, a Pass and a Fail.

interface AslState { [key: string]: unknown }

function httpTask(endpoint: string, method: string, next: string | undefined, extra: AslState = {}): AslState {
    return {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: endpoint, Method: method, Authentication: { ConnectionArn: 'arn:aws:events:eu-west-1:123456789012:connection/bench/1' } },
        ...extra,
        ...(next ? { Next: next } : { End: true }),
    };
}

/** States of an ASL document with `blocks` blocks; returns the document and its state count. */
export function generateAsl(blocks: number): { text: string; states: number } {
    const states: Record<string, AslState> = {};
    let count = 0;
    const add = (name: string, state: AslState) => { states[name] = state; count++; };
    for (let i = 0; i < blocks; i++) {
        const next = i + 1 < blocks ? `fetch${i + 1}` : 'Done';
        add(`fetch${i}`, httpTask(`http://127.0.0.1:8080/items/${i}`, 'POST', `check${i}`, {
            TimeoutSeconds: 10,
            ResultPath: `$.fetch${i}`,
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }],
            Catch: [{ ErrorEquals: ['States.Timeout'], Next: `failed${i}` }],
        }));
        add(`check${i}`, {
            Type: 'Choice',
            Choices: [{ Variable: `$.fetch${i}.StatusCode`, NumericEquals: 200, Next: `enrich${i}` }],
            Default: `failed${i}`,
        });
        add(`enrich${i}`, httpTask(`http://127.0.0.1:8080/enrich/${i}`, 'GET', `fanout${i}`, {
            TimeoutSeconds: 5,
            ResultPath: `$.enrich${i}`,
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: `failed${i}` }],
        }));
        const branch = (side: string) => {
            count++;
            return { StartAt: `${side}${i}`, States: { [`${side}${i}`]: httpTask(`http://127.0.0.1:8080/${side}/${i}`, 'POST', undefined, { TimeoutSeconds: 5 }) } };
        };
        add(`fanout${i}`, { Type: 'Parallel', Branches: [branch('left'), branch('right')], ResultPath: `$.merged${i}`, Next: `count${i}` });
        add(`count${i}`, { Type: 'Pass', Result: { step: i }, ResultPath: `$.count${i}`, Next: next });
        add(`failed${i}`, { Type: 'Fail', Error: 'StepFailed', Cause: `Step ${i} failed` });
    }
    add('Done', { Type: 'Succeed' });
    const document = { Comment: 'Generated benchmark state machine', StartAt: 'fetch0', States: states };
    return { text: JSON.stringify(document, null, 2), states: count };
}
