// Loaded before anything else (node --import): takes away the globals React Native's Hermes engine does not have.
// Node's own fetch (React Native brings a fetch of its own) is loaded first, as it needs Event to load.
await fetch('data:text/plain,');
delete globalThis.EventTarget;
delete globalThis.Event;
delete globalThis.CustomEvent;
delete globalThis.localStorage;
delete globalThis.navigator;
