// A product as ShopMind knows it: its generated copy, what reviews say, its facts in the knowledge
// graph and what goes with it — four calls of the HTTP API side by side, each shown as it answers.
import { api } from './api.js';
import { $, el, enumWord, money, replace } from './dom.js';

function show(part, promise, render) {
  const node = $(part);
  replace(node, el('p', { class: 'status' }, 'Loading…'));
  promise.then(
    (reply) => replace(node, render(reply)),
    (err) =>
      replace(
        node,
        el(
          'p',
          { class: err.status === 404 ? 'status' : 'error' },
          err.status === 404 ? 'Nothing known yet.' : err.message,
        ),
      ),
  );
}

const list = (items, label) =>
  items.length
    ? el(
        'ul',
        { 'aria-label': label },
        items.map((i) => el('li', {}, i)),
      )
    : el('p', { class: 'status' }, 'None.');

function copyView(reply) {
  const copy = reply.copy ?? {};
  return [
    el('p', {}, el('strong', {}, copy.title ?? '')),
    copy.shortDescription ? el('p', {}, copy.shortDescription) : undefined,
    list(copy.bullets ?? [], 'Selling points'),
  ];
}

function reviewsView(reply) {
  const points = (kind, items) =>
    (items ?? []).map((p) => `${kind}: ${p.text}${p.mentions ? ` (${p.mentions})` : ''}`);
  return [
    el(
      'p',
      { class: 'meta' },
      `${reply.reviewCount ?? 0} reviews, average ${Number(reply.averageRating ?? 0).toFixed(1)} of 5`,
    ),
    reply.summaryText ? el('p', {}, reply.summaryText) : undefined,
    list([...points('Pro', reply.pros), ...points('Con', reply.cons)], 'Pros and cons'),
  ];
}

function factsView(reply) {
  const facts = (reply.neighbours ?? []).map((n) => {
    const value = n.number !== undefined ? String(n.number) : n.node?.label || n.node?.id || '';
    return `${enumWord(n.relation, 'RELATION_')}: ${value}${n.count ? ` (${n.count})` : ''}`;
  });
  return list(facts, 'Graph facts');
}

function recsView(reply) {
  return list(
    (reply.items ?? []).map((r) =>
      el(
        'span',
        {},
        el('strong', {}, r.title || r.productId),
        r.price ? ` ${money(r.price)}` : '',
        (r.reasons ?? []).length ? el('span', { class: 'meta' }, ` — ${r.reasons.join('; ')}`) : '',
      ),
    ),
    'Recommended with this product',
  );
}

export function startProductView() {
  $('product-form').onsubmit = (e) => {
    e.preventDefault();
    const id = $('product-id').value.trim();
    if (!id) return;
    const path = encodeURIComponent(id);
    show(
      'product-copy',
      api(`products/${path}/copy`, { method: 'POST', body: { locale: 'en', channel: 'COPY_CHANNEL_WEB' } }),
      copyView,
    );
    show('product-reviews', api(`products/${path}/reviews/summary?maxQuotes=3`), reviewsView);
    show(
      'product-facts',
      api('graph/query', {
        method: 'POST',
        body: { neighbours: { node: { kind: 'NODE_KIND_PRODUCT', id } }, limit: 50 },
      }),
      factsView,
    );
    show(
      'product-recs',
      api('recommendations/top-k', { method: 'POST', body: { productId: id, k: 5 } }),
      recsView,
    );
  };
}

export function clearProductView() {
  for (const id of ['product-copy', 'product-reviews', 'product-facts', 'product-recs'])
    $(id).replaceChildren();
}
