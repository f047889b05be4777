// CLI — Ctrl-C (SIGINT) or SIGTERM while a command carries runs on (`carryOn`): the first signal
// stops carrying them, so the command can halt its engine (nothing more is recorded, as after a
// crash, so every run stays resumable from its journal), close its store and say how to go on;
// a second signal ends the process at once.
import { constants } from 'node:os';

/** The signals a command that carries runs on answers itself. */
const HANDLED = ['SIGINT', 'SIGTERM'] as const;
export type InterruptSignal = (typeof HANDLED)[number];

/** The exit code of a process ended by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function signalExitCode(signal: InterruptSignal): number {
    return 128 + constants.signals[signal];
}

export interface Interruption {
    /** Settles with the first signal received while armed (never, if none comes). */
    readonly signalled: Promise<InterruptSignal>;
    /** Stops answering the signals (their default action applies again). */
    dispose(): void;
}

/** Answers SIGINT and SIGTERM until `dispose`: the first settles `signalled`, a second exits at once. */
export function watchInterruption(): Interruption {
    let received: InterruptSignal | undefined;
    let settle!: (signal: InterruptSignal) => void;
    const signalled = new Promise<InterruptSignal>((resolve) => { settle = resolve; });
    const onSignal = (signal: InterruptSignal) => {
        if (received !== undefined) process.exit(signalExitCode(signal));
        received = signal;
        settle(signal);
    };
    for (const s of HANDLED) process.on(s, onSignal);
    return {
        signalled,
        dispose: () => { for (const s of HANDLED) process.off(s, onSignal); },
    };
}
