/* global sessionStorage, TextDecoderStream */
// The edge's HTTP API as the console uses it: the shop's API key from sessionStorage, sent as
// `Authorization: Bearer` with every call, JSON in and out, and the live feed read as server-sent
// events over fetch (EventSource cannot send the key).
const KEY = 'shopmind.console.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An API answer that is not 2xx: its status and the API's `{code, message}`. */
export class ApiCallError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 'internal';
  }
}

export async function api(path, { method = 'GET', body, key = session.key() } = {}) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiCallError(res.status, json);
  return json;
}

/**
 * Reads `/api/v1/feed` until `signal` aborts: `onEvent(type, data)` for each event, `onState` with
 * 'open', 'closed' or 'unauthorized'. Reconnects after a dropped stream.
 */
export async function followFeed({ signal, onEvent, onState }) {
  while (!signal.aborted) {
    try {
      const res = await fetch('/api/v1/feed', {
        headers: { Authorization: `Bearer ${session.key()}`, Accept: 'text/event-stream' },
        signal,
      });
      if (res.status === 401) return onState('unauthorized');
      if (!res.ok || !res.body) throw new Error(`feed answered ${res.status}`);
      onState('open');
      await readEvents(res.body, onEvent);
    } catch {
      if (signal.aborted) return;
    }
    onState('closed');
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

async function readEvents(stream, onEvent) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(type, JSON.parse(data.join('\n')));
    }
  }
}
