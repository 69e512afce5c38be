// The demo page: wires the client library (clients/js, served at /lib/) to buttons and shows every answer. Settings
// come from the query string: ?api=http://localhost:8080&clientId=demo-app (these are the defaults); &autoRefresh=off
// leaves refreshing to the calls that need a token (the browser test uses it to make tabs call with an expired one).
import { createSession } from './lib/index.js';

const params = new URLSearchParams(location.search);
const apiUrl = params.get('api') || 'http://localhost:8080';
const clientId = params.get('clientId') || 'demo-app';
const $ = (id) => document.getElementById(id);

$('api').textContent = apiUrl;
$('client').textContent = clientId;
$('origin').textContent = location.origin;

function show(tokens) {
  $('expires').textContent = tokens ? new Date(tokens.expires_at).toISOString() : '';
  if (!tokens) {
    $('state').textContent = 'not signed in';
    $('user-id').textContent = '';
    $('client-id').textContent = '';
  }
}

// Tokens are never shown, even here: the log is the kind of thing people paste into tickets.
function redact(body) {
  return JSON.stringify(body).replace(/"(access_token|refresh_token)":"[^"]*"/g, '"$1":"…"');
}

function logAnswer({ method, path, status, body, blocked }) {
  const item = document.createElement('li');
  item.dataset.method = method;
  item.dataset.path = path;
  item.dataset.status = blocked ? 'blocked' : String(status);
  if (body && body.error) {
    item.dataset.error = body.error;
  }
  if (blocked || status >= 400) {
    item.className = 'error';
  }
  const outcome = blocked ? 'blocked by the browser (CORS) or the network' : `${status} ${redact(body)}`;
  item.textContent = `${method} ${path} → ${outcome}`;
  $('log').prepend(item);
}

const session = createSession({ baseUrl: apiUrl, clientId, autoRefresh: params.get('autoRefresh') !== 'off' });
session.addEventListener('answer', (event) => logAnswer(event.detail));
session.addEventListener('tokens', (event) => show(event.detail.tokens));
session.addEventListener('userreplaced', () => { $('notice').textContent = 'the previous user was gone: started over'; });
session.addEventListener('deprecation', (event) => {
  const { sunsetAt, link } = event.detail;
  $('notice').textContent = `anonymous access is deprecated${sunsetAt ? `, ends ${sunsetAt.toISOString()}` : ''}`
    + (link ? ` (${link})` : '');
});
window.demo = { session }; // for the browser test and the curious

async function who() {
  let response;
  try {
    response = await session.fetch(`${apiUrl}/me`);
  } catch (error) {
    logAnswer({ method: 'GET', path: '/me', status: 0, body: null, blocked: true });
    throw error;
  }
  const body = await response.json().catch(() => null);
  logAnswer({ method: 'GET', path: '/me', status: response.status, body });
  if (response.status === 200) {
    $('state').textContent = 'signed in';
    $('user-id').textContent = body.userId;
    $('client-id').textContent = body.clientId;
  }
  return response;
}

async function run(action) {
  try {
    await action();
  } catch (error) {
    $('state').textContent = `error: ${error.status === 0 ? 'the call was blocked (CORS) or the network failed'
      : error.message}`;
  }
}

$('start').onclick = () => run(async () => { await session.getAccessToken(); await who(); });
$('me').onclick = () => run(who);
$('refresh').onclick = () => run(async () => { await session.refresh(); await who(); });
$('signout').onclick = () => run(async () => {
  await session.signOut();
  $('state').textContent = 'signed out';
});

session.getTokens().then(show);
