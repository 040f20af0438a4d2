/** The demo Hubble Relay: `startRelay({ hub, listen })` serves observer.Observer from a FlowHub. */
export { startRelay, DEMO_NODES, type RelayHandle, type RelayOptions } from './server';
export { ReplayHub } from './replayHub';
