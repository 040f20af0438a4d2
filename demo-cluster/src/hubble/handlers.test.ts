import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowJson } from '../flows/types';
import { renderOpenMetrics, renderText } from '../metrics/exposition';
import { Family } from '../metrics/model';
import { appOf, reservedIdentityOf } from './context';
import { icmpv4TypeName } from './handlers';
import { DOCS_METRICS, RICH_METRICS, helmValue, parseMetricSpec } from './options';
import { NodeHubbleMetrics } from './registry';

const client = {
  ID: 11,
  identity: 1001,
  namespace: 'podinfo',
  labels: ['k8s:app=podinfo-client'],
  pod_name: 'podinfo-client-x-1',
  workloads: [{ name: 'podinfo-client', kind: 'Deployment' }],
};
const server = {
  identity: 1002,
  namespace: 'podinfo',
  labels: ['k8s:app.kubernetes.io/name=fe', 'k8s:app=podinfo-frontend'],
  pod_name: 'podinfo-frontend-y-2',
  workloads: [{ name: 'podinfo-frontend', kind: 'Deployment' }],
};
const xwing = {
  identity: 2001,
  namespace: 'star-wars',
  labels: ['k8s:class=xwing'],
  pod_name: 'xwing-1',
  workloads: [{ name: 'xwing', kind: 'Deployment' }],
};
const deathstar = {
  ID: 5,
  identity: 2002,
  namespace: 'star-wars',
  labels: ['k8s:class=deathstar'],
  pod_name: 'deathstar-1',
  workloads: [{ name: 'deathstar', kind: 'Deployment' }],
};
const host = { identity: 1, labels: ['reserved:host'] };

const base = (extra: Record<string, unknown>): FlowJson => ({
  time: '2026-11-22T10:00:00.000000001Z',
  verdict: 'FORWARDED',
  node_name: 'kind-worker',
  IP: { source: '10.244.1.10', destination: '10.244.2.20', ipVersion: 'IPv4' },
  source: client,
  destination: server,
  ...extra,
});

/** Sample lines `name{labels} value` of a text rendering, for exact comparisons. */
function lines(fams: Family[], name: string): string[] {
  return renderText(fams)
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .sort();
}

test('docs configuration: flow, drop, dns, tcp, icmp, port-distribution and httpV2 as Hubble derives them', () => {
  const m = new NodeHubbleMetrics('kind-worker', DOCS_METRICS);
  const syn = {
    l4: { TCP: { source_port: 40000, destination_port: 9898, flags: { SYN: true } } },
    event_type: { type: 4, sub_type: 3 },
    is_reply: false,
    traffic_direction: 'EGRESS',
  };
  m.process(base(syn));
  m.process(
    base({
      ...syn,
      l4: { TCP: { source_port: 9898, destination_port: 40000, flags: { SYN: true, ACK: true } } },
      is_reply: true,
      event_type: { type: 4 },
    })
  );
  m.process(
    base({
      ...syn,
      l4: { TCP: { source_port: 9898, destination_port: 40000, flags: { FIN: true, ACK: true, RST: true } } },
      is_reply: undefined,
    })
  );
  m.process(
    base({
      source: xwing,
      destination: deathstar,
      verdict: 'DROPPED',
      drop_reason: 133,
      drop_reason_desc: 'POLICY_DENIED',
      event_type: { type: 1, sub_type: 133 },
      l4: { TCP: { source_port: 1, destination_port: 80, flags: { SYN: true } } },
      is_reply: false,
    })
  );
  m.process(
    base({
      source: xwing,
      destination: deathstar,
      verdict: 'DROPPED',
      drop_reason_desc: 'POLICY_DENIED',
      event_type: { type: 5 },
      l4: { TCP: { source_port: 1, destination_port: 80, flags: { SYN: true } } },
      is_reply: false,
    })
  );
  m.process(
    base({
      event_type: { type: 129 },
      Type: 'L7',
      is_reply: false,
      l4: { UDP: { source_port: 5000, destination_port: 53 } },
      l7: { type: 'REQUEST', dns: { query: 'x.cluster.local.', qtypes: ['A'] } },
    })
  );
  m.process(
    base({
      event_type: { type: 129 },
      Type: 'L7',
      is_reply: true,
      l4: { UDP: { source_port: 53, destination_port: 5000 } },
      l7: { type: 'RESPONSE', dns: { query: 'x.cluster.local.', qtypes: ['A'], rcode: 3 } },
    })
  );
  m.process(
    base({
      event_type: { type: 129 },
      Type: 'L7',
      is_reply: true,
      l4: { UDP: { source_port: 53, destination_port: 5000 } },
      l7: { type: 'RESPONSE', dns: { query: 'y.', qtypes: ['A'], ips: ['1.2.3.4', '1.2.3.5'], rrtypes: ['A'] } },
    })
  );
  m.process(base({ l4: { ICMPv4: { type: 8 } }, event_type: { type: 4 }, is_reply: false }));
  m.process(base({ l4: { ICMPv4: {} }, event_type: { type: 4 }, is_reply: true }));
  m.process(base({ l4: { ICMPv4: { type: 3, code: 3 } }, event_type: { type: 4 }, is_reply: true }));
  const http = {
    event_type: { type: 129 },
    Type: 'L7',
    traffic_direction: 'INGRESS',
    trace_context: { parent: { trace_id: '0123456789abcdef0123456789abcdef' } },
  };
  m.process(
    base({
      ...http,
      is_reply: false,
      l7: { type: 'REQUEST', http: { method: 'GET', url: 'http://fe/', protocol: 'HTTP/1.1' } },
    })
  );
  // The response goes server -> client; httpV2 labels are from the request's point of view.
  m.process(
    base({
      ...http,
      source: server,
      destination: client,
      IP: { source: '10.244.2.20', destination: '10.244.1.10', ipVersion: 'IPv4' },
      is_reply: true,
      l7: {
        type: 'RESPONSE',
        latency_ns: '12000000',
        http: { code: 503, method: 'GET', url: 'http://fe/', protocol: 'HTTP/1.1' },
      },
    })
  );
  m.lose('hubble_ring_buffer', 3);
  const fams = m.families();

  assert.deepEqual(lines(fams, 'hubble_flows_processed_total'), [
    'hubble_flows_processed_total{protocol="DNS",subtype="DNS",type="L7",verdict="FORWARDED"} 3',
    'hubble_flows_processed_total{protocol="HTTP",subtype="HTTP",type="L7",verdict="FORWARDED"} 2',
    'hubble_flows_processed_total{protocol="ICMPv4",subtype="to-endpoint",type="Trace",verdict="FORWARDED"} 3',
    'hubble_flows_processed_total{protocol="TCP",subtype="",type="Drop",verdict="DROPPED"} 1',
    'hubble_flows_processed_total{protocol="TCP",subtype="",type="PolicyVerdict",verdict="DROPPED"} 1',
    'hubble_flows_processed_total{protocol="TCP",subtype="to-endpoint",type="Trace",verdict="FORWARDED"} 1',
    'hubble_flows_processed_total{protocol="TCP",subtype="to-stack",type="Trace",verdict="FORWARDED"} 2',
  ]);
  assert.deepEqual(lines(fams, 'hubble_drop_total'), ['hubble_drop_total{protocol="TCP",reason="POLICY_DENIED"} 2']);
  assert.deepEqual(lines(fams, 'hubble_dns_queries_total'), [
    'hubble_dns_queries_total{ips_returned="0",qtypes="A",rcode=""} 1',
  ]);
  assert.deepEqual(lines(fams, 'hubble_dns_responses_total'), [
    'hubble_dns_responses_total{ips_returned="0",qtypes="A",rcode="Non-Existent Domain"} 1',
    'hubble_dns_responses_total{ips_returned="2",qtypes="A",rcode="No Error"} 1',
  ]);
  assert.deepEqual(lines(fams, 'hubble_dns_response_types_total'), [
    'hubble_dns_response_types_total{qtypes="A",type="A"} 1',
  ]);
  assert.deepEqual(lines(fams, 'hubble_tcp_flags_total'), [
    'hubble_tcp_flags_total{family="IPv4",flag="FIN"} 1',
    'hubble_tcp_flags_total{family="IPv4",flag="RST"} 1',
    'hubble_tcp_flags_total{family="IPv4",flag="SYN"} 1',
    'hubble_tcp_flags_total{family="IPv4",flag="SYN-ACK"} 1',
  ]);
  assert.deepEqual(lines(fams, 'hubble_icmp_total'), [
    'hubble_icmp_total{family="IPv4",type="DestinationUnreachable(Port)"} 1',
    'hubble_icmp_total{family="IPv4",type="EchoReply"} 1',
    'hubble_icmp_total{family="IPv4",type="EchoRequest"} 1',
  ]);
  // Non-replies only; flows without is_reply are skipped; L7 flows count by their L4 port.
  assert.deepEqual(lines(fams, 'hubble_port_distribution_total'), [
    'hubble_port_distribution_total{port="0",protocol="ICMPv4"} 1',
    'hubble_port_distribution_total{port="53",protocol="UDP"} 1',
    'hubble_port_distribution_total{port="9898",protocol="TCP"} 1',
  ]);
  const ctx =
    'destination_ip="10.244.2.20",destination_namespace="podinfo",destination_workload="podinfo-frontend",method="GET"';
  assert.deepEqual(lines(fams, 'hubble_http_requests_total'), [
    `hubble_http_requests_total{${ctx},protocol="HTTP/1.1",reporter="server",source_ip="10.244.1.10",source_namespace="podinfo",source_workload="podinfo-client",status="503",traffic_direction="ingress"} 1`,
  ]);
  assert.deepEqual(lines(fams, 'hubble_lost_events_total'), [
    'hubble_lost_events_total{source="hubble_ring_buffer"} 3',
  ]);
  assert.equal(lines(fams, 'hubble_policy_verdicts_total').length, 0, 'no policy metric in the docs configuration');
  const om = renderOpenMetrics(fams);
  assert.match(
    om,
    /hubble_http_request_duration_seconds_bucket\{[^}]*le="0.025"\} 1.0 # \{traceID="0123456789abcdef0123456789abcdef"\} 0.012 /
  );
  assert.match(om, /hubble_http_request_duration_seconds_bucket\{[^}]*le="0.01"\} 0.0\n/);
  assert.match(om, /hubble_http_requests_total\{[^}]*\} 1.0 # \{traceID="0123456789abcdef0123456789abcdef"\} 1.0 /);
  assert.match(om, /# EOF\n$/);
});

test('rich configuration: workload and namespace context, dns query/ignoreAAAA, policy verdicts', () => {
  const m = new NodeHubbleMetrics('kind-worker3', RICH_METRICS);
  const denied = {
    source: xwing,
    destination: deathstar,
    verdict: 'DROPPED',
    drop_reason_desc: 'POLICY_DENIED',
    traffic_direction: 'INGRESS',
    l4: { TCP: { source_port: 1, destination_port: 80, flags: { SYN: true } } },
    is_reply: false,
  };
  m.process(base({ ...denied, event_type: { type: 5 } }));
  m.process(base({ ...denied, event_type: { type: 1, sub_type: 133 } }));
  m.process(
    base({
      source: host,
      destination: deathstar,
      event_type: { type: 5 },
      traffic_direction: 'INGRESS',
      policy_match_type: 4,
    })
  );
  m.process(
    base({ event_type: { type: 5 }, traffic_direction: 'EGRESS', policy_match_type: 2, verdict: 'REDIRECTED' })
  );
  m.process(
    base({
      event_type: { type: 129 },
      traffic_direction: 'EGRESS',
      is_reply: false,
      l7: { type: 'REQUEST', http: { method: 'GET' } },
    })
  );
  m.process(
    base({
      event_type: { type: 129 },
      is_reply: false,
      l7: { type: 'REQUEST', dns: { query: 'a.', qtypes: ['AAAA'] } },
    })
  );
  m.process(
    base({ event_type: { type: 129 }, is_reply: false, l7: { type: 'REQUEST', dns: { query: 'a.', qtypes: ['A'] } } })
  );
  const fams = m.families();
  assert.deepEqual(lines(fams, 'hubble_drop_total'), [
    'hubble_drop_total{destination="deathstar",destination_namespace="star-wars",protocol="TCP",reason="POLICY_DENIED",source="xwing",source_namespace="star-wars"} 2',
  ]);
  assert.deepEqual(lines(fams, 'hubble_policy_verdicts_total'), [
    'hubble_policy_verdicts_total{action="dropped",destination="deathstar",destination_namespace="star-wars",direction="ingress",match="none",source="xwing",source_namespace="star-wars"} 1',
    'hubble_policy_verdicts_total{action="forwarded",destination="fe",destination_namespace="podinfo",direction="egress",match="l7/http",source="podinfo-client",source_namespace="podinfo"} 1',
    // Every access-log flow is an L7 verdict (AAAA too: ignoreAAAA is a dns option); no direction -> the enum name.
    'hubble_policy_verdicts_total{action="forwarded",destination="fe",destination_namespace="podinfo",direction="traffic_direction_unknown",match="l7/dns",source="podinfo-client",source_namespace="podinfo"} 2',
    'hubble_policy_verdicts_total{action="redirected",destination="fe",destination_namespace="podinfo",direction="egress",match="l3-l4",source="podinfo-client",source_namespace="podinfo"} 1',
  ]);
  assert.deepEqual(lines(fams, 'hubble_dns_queries_total'), [
    'hubble_dns_queries_total{destination="podinfo-frontend",destination_namespace="podinfo",ips_returned="0",qtypes="A",query="a.",rcode="",source="podinfo-client",source_namespace="podinfo"} 1',
  ]);
  assert.ok(
    lines(fams, 'hubble_flows_processed_total').every(
      (l) => /source="[^"]*"/.test(l) && /destination_namespace=/.test(l)
    )
  );
});

test('context helpers and option parsing follow Hubble', () => {
  assert.equal(appOf(['k8s:app.kubernetes.io/name=a', 'k8s:app=b']), 'a');
  assert.equal(appOf(['k8s:app=b', 'k8s:k8s-app=c']), 'b');
  assert.equal(appOf(['k8s:k8s-app=c']), 'c');
  assert.equal(reservedIdentityOf(['reserved:world', 'reserved:kube-apiserver']), 'reserved:kube-apiserver');
  assert.equal(reservedIdentityOf(['k8s:a=b', 'reserved:host']), 'reserved:host');
  assert.equal(icmpv4TypeName(11, 0), 'TimeExceeded(TTLExceeded)');
  assert.deepEqual(parseMetricSpec('dns:query;ignoreAAAA;labelsContext=a,b'), {
    name: 'dns',
    options: { query: '', ignoreAAAA: '', labelsContext: 'a,b' },
  });
  assert.equal(
    helmValue(DOCS_METRICS),
    '{dns,drop,tcp,flow,port-distribution,icmp,httpV2:exemplars=true;labelsContext=source_ip\\,source_namespace\\,source_workload\\,destination_ip\\,destination_namespace\\,destination_workload\\,traffic_direction}'
  );
  assert.throws(() => new NodeHubbleMetrics('n', ['flow:labelsContext=nope']), /invalid labelsContext value: nope/);
});
