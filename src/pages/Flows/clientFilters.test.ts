import { recordedFlows } from '../../test/gateway/recorded';
import { HOST_LABEL, KUBE_DNS_LABEL, clientServer, nodeIdOf } from '../../gateway/endpoints';
import { isBetween, isHidden, visibleFlows } from './clientFilters';

describe('client-side filters on real flows', () => {
  const flows = recordedFlows('flows-kube-system');
  const labelled = (label: string) =>
    flows.filter((f) => f.source?.labels?.includes(label) || f.destination?.labels?.includes(label));

  it('hides kube-dns and host traffic when asked', () => {
    expect(labelled(KUBE_DNS_LABEL).length).toBeGreaterThan(0);
    expect(labelled(HOST_LABEL).length).toBeGreaterThan(0);
    const shown = visibleFlows(flows, { hide: ['kube-dns', 'host'] });
    expect(shown.length).toBe(flows.length - new Set([...labelled(KUBE_DNS_LABEL), ...labelled(HOST_LABEL)]).size);
    expect(shown.some((f) => isHidden(f, ['kube-dns']) || isHidden(f, ['host']))).toBe(false);
    expect(visibleFlows(flows, { hide: [] })).toHaveLength(flows.length);
  });

  it('keeps only the flows of one client → server pair, replies included', () => {
    const http = recordedFlows('flows-http');
    const { client, server } = clientServer(http[0]);
    const pair = { client: nodeIdOf(client), server: nodeIdOf(server) };
    const shown = visibleFlows(http, { hide: [], ...pair });
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((f) => isBetween(f, pair.client, pair.server))).toBe(true);
    expect(shown.some((f) => f.is_reply) || shown.every((f) => !f.is_reply)).toBe(true);
    // the reverse pair is a different connection
    expect(
      visibleFlows(http, { hide: [], client: pair.server, server: pair.client }).every((f) => !shown.includes(f))
    ).toBe(true);
    expect(visibleFlows(http, { hide: [], client: pair.client })).toEqual(
      http.filter((f) => nodeIdOf(clientServer(f).client) === pair.client)
    );
  });
});
