// A loopback HTTP server that answers as Anonymous Access does, scripted per test: every request is recorded, and
// each path answers from its queue of scripted answers (or with the default behaviour of the service).
import { createServer } from 'node:http';

let counter = 0;

function pair() {
  counter += 1;
  return { access_token: `A${counter}`, refresh_token: `R${counter}`, expires_in: 86400, token_type: 'Bearer' };
}

export async function startService() {
  const requests = [];
  const scripted = new Map();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      const entry = { method: request.method, path: request.url, headers: request.headers, body: body ? JSON.parse(body) : null };
      requests.push(entry);
      const queue = scripted.get(request.url) || [];
      const answer = queue.length > 0 ? queue.shift() : defaultAnswer(entry);
      const resolved = typeof answer === 'function' ? answer(entry) : answer;
      response.writeHead(resolved.status, { 'Content-Type': 'application/json', ...(resolved.headers || {}) });
      response.end(resolved.body === undefined ? '' : JSON.stringify(resolved.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    baseUrl,
    requests,
    /** The requests to `path`, oldest first. */
    to: (path) => requests.filter((r) => r.path === path),
    /** The next answers of `path`, in order; then the default behaviour again. */
    answer: (path, ...answers) => { scripted.set(path, [...(scripted.get(path) || []), ...answers]); },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function defaultAnswer(request) {
  switch (request.path) {
    case '/auth/anonymous/create':
    case '/auth/anonymous/refresh':
      return { status: 200, body: { token: pair() } };
    case '/auth/anonymous/revoke':
      return { status: 200, body: {} };
    case '/me':
      return request.headers.authorization && request.headers.authorization.startsWith('Bearer A')
        ? { status: 200, body: { userId: 'u1', clientId: 'app' } } : { status: 401, body: { message: 'Unauthorized' } };
    default:
      return { status: 404, body: { message: 'Not Found' } };
  }
}

export const token = pair;
