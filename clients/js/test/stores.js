// Token stores as apps give them to a session: asynchronous, like React Native's AsyncStorage and expo-secure-store.

/**
 * A store whose every call answers a Promise; `acceptsKey`, when given, refuses other keys as expo-secure-store does
 * (it throws "Invalid key provided to SecureStore" for anything but letters, digits, ".", "-" and "_").
 */
export function asyncStore({ acceptsKey = () => true } = {}) {
  const items = new Map();
  const checked = (key) => {
    if (!acceptsKey(key)) {
      throw new Error(`Invalid key provided to the store: ${key}`);
    }
    return key;
  };
  return {
    items,
    getItem: async (key) => items.get(checked(key)) ?? null,
    setItem: async (key, value) => { items.set(checked(key), value); },
    removeItem: async (key) => { items.delete(checked(key)); },
  };
}

/** The keys expo-secure-store accepts. */
export const secureStoreKey = (key) => /^[\w.-]+$/.test(key);
