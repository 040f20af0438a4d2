import { recorded } from '../test/gateway/recorded';
import { GatewayError, notConfiguredError, toGatewayError } from './errors';

/** The way backendSrv rejects: `{ status, data }` (here with the gateway's real recorded bodies). */
const failed = (name: Parameters<typeof recorded>[0]) => {
  const r = recorded(name);
  return { status: r.status, data: r.body };
};

describe('toGatewayError', () => {
  it('names the parameter of a real 400 and what it accepts', () => {
    const e = toGatewayError(failed('error-400-verdict'));
    expect(e.kind).toBe('bad-request');
    expect(e.title).toContain('"verdict"');
    expect(e.message).toContain('FORWARDED, DROPPED');
    expect(toGatewayError(failed('error-400-since')).message).toContain('RFC 3339');
  });

  it('sends a refused token to the token field (401, or 400 as a proxy may rewrite it)', () => {
    const e = toGatewayError(failed('error-401-token'));
    expect(e.kind).toBe('unauthorized');
    expect(e.message).toMatch(/Gateway token.*configuration page.*--token/);
    const rewritten = { status: 400, data: { message: 'Authentication to the upstream failed' } };
    expect(toGatewayError(rewritten).kind).toBe('unauthorized');
  });

  it('tells the gateway 404 (URL with a path) from Grafana without the route', () => {
    expect(toGatewayError(failed('error-404-path'))).toMatchObject({
      kind: 'not-found',
      title: 'The Gateway URL points below the gateway',
    });
    expect(toGatewayError({ status: 404, data: { message: 'Not found' } }).message).toContain('restart Grafana');
  });

  it('sends Relay trouble (the real 503) to --relay-address and hubble.relay.enabled=true', () => {
    const e = toGatewayError(failed('error-503-status'));
    expect(e.kind).toBe('relay-unreachable');
    expect(e.message).toContain('--relay-address');
    expect(e.message).toContain('hubble.relay.enabled=true');
    expect(e.detail).toContain('ECONNREFUSED');
  });

  it('sends an unreachable gateway (proxy 502/504) to the Gateway URL, a Relay error to its text', () => {
    expect(toGatewayError({ status: 502, data: { message: 'Bad Gateway' } })).toMatchObject({
      kind: 'gateway-unreachable',
    });
    expect(toGatewayError({ status: 504 }).message).toContain('Gateway URL');
    expect(
      toGatewayError({ status: 502, data: { error: 'Hubble Relay at x:80 answered with an error: boom' } }).kind
    ).toBe('relay-error');
  });

  it('reports a request that never got an answer, and keeps GatewayErrors as they are', () => {
    expect(toGatewayError(new Error('socket hang up'))).toMatchObject({ kind: 'network', status: 0 });
    const e = notConfiguredError();
    expect(toGatewayError(e)).toBe(e);
    expect(e).toBeInstanceOf(GatewayError);
    expect(e.message).toContain('Gateway URL');
  });
});
