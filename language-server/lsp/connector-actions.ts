// The actions each connector kind offers (`payments.post("/charges")`), for completion and
// signature help. `http` is built in (one action per method, LANGUAGE.md §5); other kinds
// are registered by the runtime and are not known here, so they get no proposals.

export interface ConnectorAction {
    name: string;
    /** `post(path: string)` */
    signature: string;
    params: Array<{ name: string; doc: string }>;
    doc: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

const HTTP_ACTIONS: ConnectorAction[] = HTTP_METHODS.map(method => ({
    name: method,
    signature: `${method}(path: string)`,
    params: [{ name: 'path', doc: 'Appended to the connector\'s `baseUrl`; may interpolate values (`"/orders/${id}"`).' }],
    doc: `Sends an HTTP ${method.toUpperCase()} to the connector's \`baseUrl\` + \`path\` with its headers; the task's \`with\`/\`body\`, \`headers\` and \`query\` fill the request. Result: \`{ status, headers, body }\`.`,
}));

/** The actions of a connector kind (`http`), empty for kinds the language server does not know. */
export function connectorActions(kind: string | undefined): ConnectorAction[] {
    return kind === 'http' ? HTTP_ACTIONS : [];
}
