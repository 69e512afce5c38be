// Compiled by `tsc --noEmit` (npm test): the declarations as an app uses them.
import { AnonymousAccessError, createSession, memoryStorage, type StoredTokens } from '@anonymous-access/client';

const session = createSession({
  baseUrl: 'https://api.example.com',
  clientId: 'my-app',
  storage: memoryStorage(),
  captchaToken: async () => 'turnstile-token',
});

session.addEventListener('tokens', (event) => {
  const tokens: StoredTokens | null = event.detail.tokens;
  console.log(tokens ? new Date(tokens.expires_at) : 'signed out');
});
session.addEventListener('userreplaced', (event) => console.log(event.detail.error.error));
session.addEventListener('deprecation', (event) => console.log(event.detail.sunsetAt?.toISOString()));

async function main(): Promise<void> {
  const token: string = await session.getAccessToken();
  const response: Response = await session.fetch('https://api.example.com/me', { method: 'GET' });
  console.log(token.length, response.status);
  await session.adopt({ access_token: 'A', refresh_token: 'R', expires_in: 86400, token_type: 'Bearer' });
  try {
    await session.signOut();
  } catch (error) {
    if (error instanceof AnonymousAccessError) {
      const retryAfter: number | null = error.retryAfter;
      console.log(error.status, error.error, error.errorDescription, retryAfter);
    }
  }
  session.close();
}

void main();
