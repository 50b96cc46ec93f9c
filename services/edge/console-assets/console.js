// The console's start: sign-in with the shop's API key (checked by one API call), then the chats,
// the product view, the fraud queue and the live feed of that shop only.
import { api, session } from './api.js';
import { clearChats, startChats } from './chats.js';
import { $ } from './dom.js';
import { refreshFraud, startFeed } from './live.js';
import { clearProductView, startProductView } from './product.js';

let live;

function showSignedOut(message = '') {
  live?.abort();
  live = undefined;
  $('console').hidden = true;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('feed-list').replaceChildren();
  $('fraud-list').replaceChildren();
  clearChats();
  clearProductView();
}

async function showSignedIn() {
  let tenant;
  try {
    ({ tenant } = await api('fraud/queue'));
  } catch (err) {
    session.signOut();
    showSignedOut(err.status === 401 ? 'That API key is not known.' : `Could not sign in: ${err.message}`);
    return;
  }
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('who').textContent = `Shop: ${tenant}`;
  $('who').hidden = false;
  $('sign-out').hidden = false;
  $('console').dataset.tenant = tenant;
  live = new AbortController();
  startFeed(live.signal, () => void refreshFraud());
  void refreshFraud();
  $('guide-text').focus();
}

$('sign-in-form').onsubmit = (e) => {
  e.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) return;
  $('api-key').value = '';
  session.signIn(key);
  void showSignedIn();
};

$('sign-out').onclick = () => {
  session.signOut();
  showSignedOut();
  $('api-key').focus();
};

$('fraud-refresh').onclick = () => void refreshFraud();

startChats();
startProductView();
if (session.key()) void showSignedIn();
else showSignedOut();
