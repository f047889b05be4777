// Test support for the CLI suites — one case per sample in samples/: the inputs and scheduled
// events that drive it against the loopback stubs (test/support/sample-stubs.ts), and how it is
// meant to end (status, outputs, the nodes that complete). Shared by the sample, crash and demo runs.
import { fromRoot } from '../support/paths.js';

export interface SampleCase {
    /** File under samples/. */
    file: string;
    inputs(stubUrl: string): Record<string, unknown>;
    events?: Array<{ type: string; data: unknown; at: string }>;
    expected: {
        status: 'completed' | 'failed';
        outputs: Record<string, unknown>;
        error?: { name: string; node: string };
        /** Completed nodes, sorted (a node completing twice appears twice). */
        completed: string[];
    };
}

export const sampleCases: SampleCase[] = [
    {
        file: 'order-fulfilment.weft',
        inputs: (url) => ({
            order: { id: 'o-1', customerId: 'c-1', total: 30, currency: 'EUR', items: [{ sku: 'tea', qty: 2, unitPrice: 15 }], note: null },
            paymentsUrl: url, hooksUrl: url,
        }),
        events: [{ type: 'payment.settled', data: { orderId: 'o-1' }, at: '10m' }],
        expected: {
            status: 'completed', outputs: { trackingId: 'TRK-00002BF7' },
            completed: ['charge', 'classify', 'notify', 'settled', 'ship', 'shipped', 'validate'],
        },
    },
    {
        file: 'incident-escalation.weft',
        inputs: (url) => ({ incident: { id: 'inc-7', service: 'checkout', severity: 'sev1', summary: 'errors', runbook: null }, chatUrl: url }),
        // Nobody acknowledges under virtual time: both approvals time out and the run gives up.
        expected: {
            status: 'completed', outputs: { status: 'nobody took ownership' },
            completed: ['abandoned', 'announce', 'escalate', 'giveUp'],
        },
    },
    {
        file: 'webhook-deploy.weft',
        inputs: (url) => ({ push: { ref: 'refs/heads/main', repository: 'shop', commit: { sha: 'abc123', message: 'fix totals', author: 'ada' } }, deployUrl: url }),
        expected: {
            status: 'completed', outputs: { deployedSha: 'abc123' },
            completed: ['checks', 'deploy', 'firstSignal', 'lint', 'promote', 'securityScan', 'smoke', 'unitTests', 'warmUp'],
        },
    },
    {
        file: 'report-polling.weft',
        inputs: (url) => ({ reportUrl: url }),
        expected: {
            status: 'completed', outputs: { polls: 3, downloadUrl: 'https://reports.example.com/monthly-revenue.csv' },
            completed: ['check', 'check', 'check', 'pause', 'pause', 'ready', 'slower', 'slower', 'submit'],
        },
    },
    {
        file: 'booking-saga.weft',
        inputs: () => ({ booking: { id: 'b-1', customerId: 'c-1', flight: 'LH400', hotel: 'Ritz', amount: 500 } }),
        events: [
            { type: 'flight.reserved', data: { bookingId: 'b-1', ok: true }, at: '1m' },
            { type: 'hotel.reserved', data: { bookingId: 'b-1' }, at: '2m' },
            { type: 'payment.captured', data: { bookingId: 'b-1', captureId: 'cap-9' }, at: '3m' },
        ],
        expected: {
            status: 'completed', outputs: { confirmation: 'b-1/cap-9' },
            completed: ['confirm', 'confirmed', 'flightReserved', 'hotelReserved', 'payment', 'requestPayment', 'reserveFlight', 'reserveHotel'],
        },
    },
    {
        file: 'customer-onboarding.weft',
        inputs: (url) => ({
            customer: { id: 'c-9', name: 'Ada Lovelace', email: 'ada@example.com', country: 'UK', tags: null },
            documents: [{ kind: 'passport', name: 'Ada Lovelace', number: 'P-1' }, { kind: 'utility-bill', name: 'Ada Lovelace', number: null }],
            mailUrl: url,
        }),
        expected: {
            status: 'completed', outputs: { status: 'active' },
            completed: ['kyc', 'onboarded', 'register', 'welcome'],
        },
    },
    {
        file: 'identity-check.weft',
        // Score 40 (a utility bill whose name matches): the model's second opinion decides.
        inputs: () => ({ customer: { id: 'c-2', name: 'Grace', email: 'g@example.com', country: 'US', tags: null }, documents: [{ kind: 'utility-bill', name: 'Grace', number: null }] }),
        expected: {
            status: 'completed', outputs: { score: 40, verified: true },
            completed: ['audit', 'decideByModel', 'scoreDocs', 'secondOpinion'],
        },
    },
    {
        file: 'nightly-sync.weft',
        // Batches of one record: two uploads (at most two at a time), each holding the warehouse lock.
        inputs: (url) => ({ sourceUrl: url, warehouseUrl: url, batchSize: 1 }),
        expected: {
            status: 'completed', outputs: { uploaded: 2 },
            completed: ['completed', 'fetch', 'normalize', 'record', 'settle', 'upload', 'upload[0].put', 'upload[1].put'],
        },
    },
    {
        file: 'document-triage.weft',
        // Three documents classified four at a time; each appends to the report in the exclusive region.
        inputs: (url) => ({
            documents: [
                { id: 'd-1', title: 'Invoice 7', text: 'Please pay 30 EUR', source: 'email' },
                { id: 'd-2', title: 'Contract', text: 'Signed lease', source: 'upload' },
                { id: 'd-3', title: 'Complaint', text: 'The parcel was late', source: 'scanner' },
            ],
            archiveUrl: url,
        }),
        expected: {
            status: 'completed',
            outputs: { report: { total: 3, byCategory: { invoice: 3 }, urgent: 3, lowConfidence: [] } },
            completed: [
                'archiveAll', 'each',
                'each[0].classify', 'each[0].record', 'each[0].record.append',
                'each[1].classify', 'each[1].record', 'each[1].record.append',
                'each[2].classify', 'each[2].record', 'each[2].record.append',
                'escalateUrgent', 'fileInvoices', 'filed', 'finish', 'route', 'tally',
            ],
        },
    },
];

export function samplePath(c: SampleCase): string {
    return fromRoot('samples', c.file);
}
