import { recordedFlows } from '../../test/gateway/recorded';
import { HubbleFlow } from '../../gateway/types';
import { destinationPort, dropReasonText, l7Summary, rcodeName, shortPodName, tcpFlags, toFlowRow } from './flowRows';

describe('flow rows from real flows', () => {
  it('summarizes HTTP requests and responses (method, url, code, latency)', () => {
    const http = recordedFlows('flows-http');
    const response = http.find((f) => f.l7?.type === 'RESPONSE' && f.l7.http?.code)!;
    const row = toFlowRow(response, 0);
    expect(row.l7).toBe(
      `${response.l7!.http!.code} ${response.l7!.http!.method} ${response.l7!.http!.url} (${Math.round(Number(response.l7!.latency_ns) / 1e5) / 10} ms)`
    );
    const request = http.find((f) => f.l7?.type === 'REQUEST')!;
    expect(l7Summary(request)).toBe(`${request.l7!.http!.method} ${request.l7!.http!.url}`);
    expect(row.destinationPort).toMatch(/^\d+\/TCP$/);
  });

  it('summarizes DNS queries and answers with the rcode name', () => {
    const dns = recordedFlows('flows-dns');
    const nx = dns.find((f) => f.l7?.type === 'RESPONSE' && f.l7.dns?.rcode === 3)!;
    expect(l7Summary(nx)).toMatch(/^DNS .*\? .+ → NXDOMAIN/);
    const query = dns.find((f) => f.l7?.type === 'REQUEST')!;
    expect(l7Summary(query)).toBe(`DNS ${query.l7!.dns!.qtypes!.join(',')}? ${query.l7!.dns!.query}`);
    expect(rcodeName(2)).toBe('SERVFAIL');
    expect(rcodeName(9)).toBe('rcode 9');
  });

  it('shows TCP flags, ICMP type/code, verdict, direction and endpoints', () => {
    const latest = recordedFlows('flows-latest');
    const syn = latest.find((f) => f.l4?.TCP?.flags?.SYN)!;
    expect(tcpFlags(syn)).toMatch(/^SYN/);
    const icmp = latest.find((f) => f.l4?.ICMPv4)!;
    expect(destinationPort(icmp)).toBe(`ICMPv4 ${icmp.l4!.ICMPv4!.type ?? 0}/${icmp.l4!.ICMPv4!.code ?? 0}`);
    const rows = latest.map(toFlowRow);
    expect(rows.every((r) => ['FORWARDED', 'REDIRECTED'].includes(r.verdict) && r.dropReason === '')).toBe(true);
    expect([...new Set(rows.map((r) => r.direction))]).toEqual(expect.arrayContaining(['ingress', 'egress']));
    expect(rows.every((r) => ['ingress', 'egress', ''].includes(r.direction))).toBe(true);
  });

  it('links pods to the pod page, or to the workload page when Cilium named the workload', () => {
    const flow = recordedFlows('flows-http').find((f) => f.source?.pod_name)!;
    const row = toFlowRow(flow, 0);
    expect(row.source.title).toBe(flow.source!.pod_name);
    expect(row.source.subtitle).toBe(flow.source!.namespace);
    expect(row.source.url).toBe(
      `/a/seed-kubeobs-app/cluster/namespace/${flow.source!.namespace}/pod/${flow.source!.pod_name}`
    );
    // flow.Endpoint.workloads (Cilium >= 1.13) names the owner: the link goes to its workload page
    const withWorkload: HubbleFlow = {
      ...flow,
      source: { ...flow.source, workloads: [{ name: 'productpage-v1', kind: 'Deployment' }] },
    };
    expect(toFlowRow(withWorkload, 0).source.url).toBe(
      `/a/seed-kubeobs-app/cluster/namespace/${flow.source!.namespace}/workload/Deployment/productpage-v1`
    );
  });

  it('names endpoints outside pods by reserved identity (or DNS name) with the IP, without a link', () => {
    const all = [...recordedFlows('flows-latest'), ...recordedFlows('flows-kube-system')];
    const host = all.find((f) => f.destination?.labels?.includes('reserved:host') && !f.destination.pod_name)!;
    const cell = toFlowRow(host, 0).destination;
    expect(cell).toMatchObject({ title: 'host', subtitle: host.IP!.destination });
    expect(cell.url).toBeUndefined();
    const remote = all.find((f) => f.source?.labels?.includes('reserved:remote-node'))!;
    expect(toFlowRow(remote, 0).source.title).toBe('remote-node');
    const named: HubbleFlow = {
      ...host,
      destination: { identity: 2, labels: ['reserved:world'] },
      destination_names: ['api.example.com'],
    };
    expect(toFlowRow(named, 0).destination.title).toBe('api.example.com');
  });

  it('names identities without a pod by their labels, else says the labels are unknown', () => {
    const flow = recordedFlows('flows-latest')[0];
    // the productpage identity as Hubble sent it without a pod name (basic-sample captures)
    const labelled: HubbleFlow = {
      ...flow,
      destination: {
        identity: 3418,
        namespace: 'bookinfo',
        labels: ['k8s:app=productpage', 'k8s:io.kubernetes.pod.namespace=bookinfo'],
      },
      destination_names: [],
    };
    expect(toFlowRow(labelled, 0).destination).toMatchObject({
      title: 'bookinfo app=productpage',
      subtitle: `identity 3418 · ${flow.IP!.destination}`,
    });
    const bare: HubbleFlow = { ...labelled, destination: { identity: 16370 } };
    expect(toFlowRow(bare, 0).destination.title).toBe('identity 16370 (labels unknown)');
    // a reserved number without labels is that reserved identity
    expect(toFlowRow({ ...labelled, destination: { identity: 7 } }, 0).destination.title).toBe('kube-apiserver');
    expect(
      toFlowRow({ ...labelled, destination: { identity: 99, labels: ['cidr:10.0.0.0/8'] } }, 0).destination.title
    ).toBe('cidr 10.0.0.0/8');
  });

  it("shortens Deployment pod names by their workload's name, the full name kept for the tooltip", () => {
    expect(shortPodName('podinfo-client-9lqcjq92x-sqst4', 'podinfo-client')).toBe('podinfo-client-…-sqst4');
    // a StatefulSet ordinal or a DaemonSet suffix is already short
    expect(shortPodName('web-0', 'web')).toBe('web-0');
    expect(shortPodName('cilium-x7k2p', 'cilium')).toBe('cilium-x7k2p');
    expect(shortPodName('other-pod-abc', 'podinfo')).toBe('other-pod-abc');
    const flow: HubbleFlow = {
      ...recordedFlows('flows-latest')[0],
      source: {
        namespace: 'podinfo',
        pod_name: 'podinfo-client-9lqcjq92x-sqst4',
        workloads: [{ name: 'podinfo-client', kind: 'Deployment' }],
      },
    };
    expect(toFlowRow(flow, 0).source).toMatchObject({
      title: 'podinfo-client-9lqcjq92x-sqst4',
      short: 'podinfo-client-…-sqst4',
    });
  });

  it('marks DROPPED flows with their drop reason', () => {
    const dropped: HubbleFlow = {
      ...recordedFlows('flows-latest')[0],
      verdict: 'DROPPED',
      drop_reason_desc: 'POLICY_DENIED',
    };
    expect(toFlowRow(dropped, 0)).toMatchObject({ verdict: 'DROPPED', dropReason: 'Policy denied' });
  });
});

describe('dropReasonText', () => {
  it('writes flow.proto drop reasons as words, keeping abbreviations', () => {
    expect(dropReasonText('POLICY_DENIED')).toBe('Policy denied');
    expect(dropReasonText('CT_MAP_INSERTION_FAILED')).toBe('CT map insertion failed');
    expect(dropReasonText('UNSUPPORTED_L3_PROTOCOL')).toBe('Unsupported L3 protocol');
    expect(dropReasonText('INVALID_IPV6_EXTENSION_HEADER')).toBe('Invalid IPv6 extension header');
    expect(dropReasonText(undefined)).toBe('');
  });
});
