// The demo page: wires AnonymousSession to buttons and shows every answer. Settings come from the query string:
// ?api=http://localhost:8080&clientId=demo-app (these are the defaults).
import { AnonymousSession } from './anonymous-session.js';

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

function logAnswer(answer) {
  const item = document.createElement('li');
  item.dataset.method = answer.method;
  item.dataset.path = answer.path;
  item.dataset.status = answer.blocked ? 'blocked' : String(answer.status);
  if (answer.body && answer.body.error) {
    item.dataset.error = answer.body.error;
  }
  if (answer.blocked || answer.status >= 400) {
    item.className = 'error';
  }
  const outcome = answer.blocked ? 'blocked by the browser (CORS) or the network: ' + answer.text
    // Tokens are not shown, even here: the log is the kind of thing people paste into tickets.
    : `${answer.status} ${answer.text.replace(/"(access_token|refresh_token)":"[^"]*"/g, '"$1":"…"')}`;
  item.textContent = `${answer.method} ${answer.path} → ${outcome}`;
  $('log').prepend(item);
}

const session = new AnonymousSession({ apiUrl, clientId, onAnswer: logAnswer, onChange: show });
window.demo = { session }; // for the browser test and the curious

async function who() {
  const answer = await session.call('GET', '/me');
  if (answer.status === 200) {
    $('state').textContent = 'signed in';
    $('user-id').textContent = answer.body.userId;
    $('client-id').textContent = answer.body.clientId;
  }
  return answer;
}

async function run(action) {
  try {
    await action();
  } catch (error) {
    $('state').textContent = `error: ${error.message}`;
  }
}

$('start').onclick = () => run(async () => { await session.accessToken(); await who(); });
$('me').onclick = () => run(who);
$('refresh').onclick = () => run(async () => {
  const tokens = session.tokens();
  await session.refresh(tokens ? tokens.access_token : null);
  await who();
});
$('signout').onclick = () => run(async () => {
  await session.signOut();
  $('state').textContent = 'signed out';
});

show(session.tokens());
