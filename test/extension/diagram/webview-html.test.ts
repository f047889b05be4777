// The diagram panel's page: a strict Content Security Policy with a fresh crypto nonce, the
// bundle as the only script, and attribute values escaped.
import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, renderDiagramHtml } from '../../../extension/diagram/webview-html.js';

const options = { cspSource: 'https://webview.example', scriptUri: 'https://webview.example/dist/webview/diagram.js', workerUri: 'https://webview.example/dist/webview/elk-worker.js' };

describe('diagram panel page', () => {
  it('allows nothing by default, scripts only by nonce, workers only from blob: URLs', () => {
    const csp = contentSecurityPolicy('https://webview.example', 'abc');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'nonce-abc'"]);
    assert.deepEqual(directives['worker-src'], ['blob:']);
    assert.deepEqual(directives['connect-src'], ['https://webview.example']);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  });

  it('gives the one script tag the nonce of the policy', () => {
    const html = renderDiagramHtml({ ...options, nonce: 'n0nce' });
    assert.match(html, /script-src 'nonce-n0nce'/);
    assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]), [`<script nonce="n0nce" src="${options.scriptUri}">`]);
    assert.match(html, /data-elk-worker="https:\/\/webview.example\/dist\/webview\/elk-worker.js"/);
  });

  it('draws a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.match(renderDiagramHtml(options), /nonce="[A-Za-z0-9+/=]{24}"/);
  });

  it('escapes the values it puts in attributes', () => {
    const html = renderDiagramHtml({ ...options, workerUri: 'https://x/"><script>alert(1)</script>' });
    assert.ok(!html.includes('"><script>alert(1)'));
  });
});
