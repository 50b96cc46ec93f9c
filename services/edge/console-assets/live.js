// The live feed (server-sent events of the shop's events and results) and the fraud queue (the
// shop's latest fraud results with their decisions and reasons).
import { api, followFeed } from './api.js';
import { $, el, enumWord, replace, time } from './dom.js';

const FEED_LENGTH = 50;

/** One line about an event: the ids that say what it is about, and a word on its outcome. */
function summary(item) {
  const e = item.event ?? {};
  const parts = [];
  const product = e.product?.id ?? e.productId;
  const order = e.order?.orderId ?? e.order?.id ?? e.orderId;
  if (e.reviewId ?? e.review?.reviewId) parts.push(`review ${e.reviewId ?? e.review.reviewId}`);
  if (order) parts.push(`order ${order}`);
  if (product) parts.push(`product ${product}`);
  if (e.rating) parts.push(`${e.rating}★`);
  if (e.title && typeof e.title === 'string') parts.push(`“${e.title}”`);
  if (e.status && typeof e.status === 'string') parts.push(enumWord(e.status, 'ORDER_STATUS_'));
  if (e.assessment?.decision) parts.push(enumWord(e.assessment.decision, 'DECISION_'));
  return parts.join(' · ');
}

export function startFeed(signal, onFraud) {
  const list = $('feed-list');
  const status = $('feed-status');
  followFeed({
    signal,
    onState: (state) => {
      status.textContent =
        state === 'open' ? 'Live' : state === 'unauthorized' ? 'Not allowed: sign in again' : 'Reconnecting…';
    },
    onEvent: (type, item) => {
      if (type === 'ready') return;
      const li = el(
        'li',
        { 'data-type': item.type, 'data-subject': item.subject },
        el('span', { class: `tag ${item.direction === 'result' ? 'approve' : ''}` }, item.type),
        el('span', {}, summary(item)),
        el('span', { class: 'meta' }, ` ${time(item.occurredAt)}`),
      );
      list.prepend(li);
      while (list.children.length > FEED_LENGTH) list.lastElementChild.remove();
      if (item.type.startsWith('fraud.')) onFraud();
    },
  });
}

function fraudEntry(item) {
  const e = item.event ?? {};
  let decision = '';
  let reasons = [];
  let about = '';
  if (item.type === 'fraud.order_scored') {
    decision = enumWord(e.assessment?.decision, 'DECISION_');
    reasons = (e.assessment?.reasons ?? []).map((r) => r.message || r.code);
    about = `Order ${e.orderId}`;
  } else if (item.type === 'fraud.alert') {
    decision = `${enumWord(e.severity, 'SEVERITY_')} alert`;
    reasons = (e.reasons ?? []).map((r) => r.message || r.code);
    if (e.narrative) reasons.push(e.narrative);
    about = e.orderId
      ? `Order ${e.orderId}`
      : e.reviewId
        ? `Review ${e.reviewId}`
        : enumWord(e.subject, 'ALERT_SUBJECT_');
  } else if (item.type === 'fraud.review_flagged') {
    decision = 'flagged';
    reasons = (e.flags ?? []).map((f) => f.detail || enumWord(f.reason, 'REVIEW_FLAG_REASON_'));
    about = `Review ${e.reviewId} of product ${e.productId}`;
  }
  const score = e.assessment?.score ?? e.score;
  return el(
    'li',
    { 'data-type': item.type },
    el('span', { class: `tag ${decision.split(' ')[0]}` }, decision || item.type),
    el('strong', {}, about),
    score !== undefined ? el('span', { class: 'meta' }, ` score ${Number(score).toFixed(2)}`) : '',
    reasons.length
      ? el(
          'ul',
          { 'aria-label': 'Reasons' },
          reasons.map((r) => el('li', {}, r)),
        )
      : '',
  );
}

export async function refreshFraud() {
  const list = $('fraud-list');
  try {
    const { items } = await api('fraud/queue');
    replace(list, items.length ? items.map(fraudEntry) : el('li', { class: 'status' }, 'Nothing to review.'));
  } catch (err) {
    replace(list, el('li', { class: 'error' }, `Could not load the fraud queue: ${err.message}`));
  }
}
