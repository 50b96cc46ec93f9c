// Injection tokens of the HTTP API.
export const API_SETTINGS = Symbol('shopmind.edge.api.settings');
