// Compiled by `tsc -p tsconfig.react-native.json` (npm test): the declarations with no DOM library, as in React Native.
import { createSession, type StoredTokens, type TokenStorage } from '@anonymous-access/client';

declare const secureStore: TokenStorage;

const session = createSession({ baseUrl: 'https://api.example.com', clientId: 'my-mobile-app', storage: secureStore });

let latest: StoredTokens | null = null;
session.addEventListener('tokens', (event) => { latest = event.detail.tokens; });
session.addEventListener('userreplaced', { handleEvent: (event) => { latest = null; void event.detail.error.status; } },
  { once: true });

async function main(): Promise<number> {
  const token: string = await session.getAccessToken();
  const response: Response = await session.fetch('https://api.example.com/cart');
  await session.signOut();
  return token.length + response.status + (latest ? 1 : 0);
}

void main();
