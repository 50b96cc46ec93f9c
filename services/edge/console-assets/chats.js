/* global crypto */
// The shopping guide and customer support as chats: each turn is one call of the HTTP API
// (POST /api/v1/guide/turns, /api/v1/support/turns) in a conversation of this sign-in.
import { api } from './api.js';
import { $, el, money } from './dom.js';

const conversation = (name) => `console-${name}-${crypto.randomUUID()}`;

function say(log, who, ...body) {
  const item = el(
    'li',
    { class: who === 'You' ? 'me' : undefined },
    el('span', { class: 'who-says' }, `${who}:`),
    ...body,
  );
  log.append(item);
  item.scrollIntoView({ block: 'nearest' });
  return item;
}

function failed(log, err) {
  log.append(el('li', { class: 'error' }, `Could not answer: ${err.message}`));
}

function recommendationsOf(reply) {
  const recs = reply.recommendations ?? [];
  if (recs.length === 0) return undefined;
  return el(
    'ul',
    { class: 'recommendations', 'aria-label': 'Recommendations' },
    recs.map((r) =>
      el(
        'li',
        { 'data-product-id': r.productId },
        el('strong', {}, r.title || r.productId),
        r.price ? ` ${money(r.price)}` : '',
        (r.reasons ?? []).length ? el('span', { class: 'meta' }, ` — ${r.reasons.join('; ')}`) : '',
      ),
    ),
  );
}

export function startChats() {
  const ids = { guide: conversation('guide'), support: conversation('support') };

  $('guide-form').onsubmit = async (e) => {
    e.preventDefault();
    const input = $('guide-text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const log = $('guide-log');
    say(log, 'You', text);
    try {
      const reply = await api('guide/turns', { method: 'POST', body: { conversationId: ids.guide, text } });
      say(log, 'Guide', el('span', {}, reply.text ?? ''), recommendationsOf(reply));
    } catch (err) {
      failed(log, err);
    }
  };

  $('support-form').onsubmit = async (e) => {
    e.preventDefault();
    const input = $('support-text');
    const text = input.value.trim();
    const orderId = $('support-order').value.trim();
    const userId = $('support-user').value.trim();
    if (!text) return;
    input.value = '';
    const log = $('support-log');
    say(log, 'You', text, orderId ? el('span', { class: 'meta' }, ` (order ${orderId})`) : '');
    try {
      const body = {
        conversationId: ids.support,
        text,
        ...(orderId ? { orderId } : {}),
        ...(userId ? { userId } : {}),
      };
      const reply = await api('support/turns', { method: 'POST', body });
      say(
        log,
        'Support',
        el('span', {}, reply.text ?? ''),
        reply.escalated ? el('span', { class: 'meta' }, ' (handed to a person)') : '',
      );
    } catch (err) {
      failed(log, err);
    }
  };
}

export function clearChats() {
  for (const id of ['guide-log', 'support-log']) $(id).replaceChildren();
}
