import { AGENT, AGENT_OUT, InputSeries, Scenario, s } from './types';

const HUBBLE = { ...AGENT, instance: '10.0.0.11:9965', job: 'hubble' };
const HTTP = {
  ...HUBBLE,
  method: 'GET',
  protocol: 'HTTP/1.1',
  reporter: 'server',
  source_namespace: 'shop',
  source_workload: 'frontend',
  destination_namespace: 'shop',
  destination_workload: 'checkout',
  traffic_direction: 'ingress',
};
const HTTP_OUT = { cluster: 'c1', destination_namespace: 'shop', destination_workload: 'checkout' };

/** Latency histogram of checkout: per-minute increments of the cumulative buckets. */
function buckets(perMinute: Record<string, number>): InputSeries[] {
  return Object.entries(perMinute).map(([le, inc]) =>
    s(
      'hubble_http_request_duration_seconds_bucket',
      {
        ...HUBBLE,
        method: 'GET',
        reporter: 'server',
        destination_namespace: 'shop',
        destination_workload: 'checkout',
        le,
      },
      `0+${inc}x60`
    )
  );
}

/** promtool scenarios of the Hubble templates (see {@link Scenario}). */
export const hubbleScenarios: Scenario[] = [
  {
    templateId: 'hubble-lost-events',
    firing: {
      series: [s('hubble_lost_events_total', { ...HUBBLE, source: 'observer_events_queue' }, '0x2 0+60x60')],
      activeFrom: 4,
      expect: { labels: { ...AGENT_OUT, source: 'observer_events_queue' }, value: 1 },
    },
    boundary: [s('hubble_lost_events_total', { ...HUBBLE, source: 'observer_events_queue' }, '3x60')],
  },
  {
    templateId: 'hubble-dns-error-ratio',
    firing: {
      series: [
        s('hubble_dns_responses_total', { ...HUBBLE, rcode: 'No Error', qtypes: 'A', ips_returned: '1' }, '0+240x60'),
        s(
          'hubble_dns_responses_total',
          { ...HUBBLE, rcode: 'Non-Existent Domain', qtypes: 'A', ips_returned: '0' },
          '0+60x60'
        ),
      ],
      activeFrom: 1,
      expect: { labels: { cluster: 'c1' }, value: 0.2 },
    },
    boundary: [
      s('hubble_dns_responses_total', { ...HUBBLE, rcode: 'No Error', qtypes: 'A', ips_returned: '1' }, '0+270x60'),
      s(
        'hubble_dns_responses_total',
        { ...HUBBLE, rcode: 'Non-Existent Domain', qtypes: 'A', ips_returned: '0' },
        '0+30x60'
      ),
    ],
    extra: [
      {
        name: 'no DNS traffic at all (0/0) does not fire',
        series: [
          s(
            'hubble_dns_responses_total',
            { ...HUBBLE, rcode: 'Server Failure', qtypes: 'A', ips_returned: '0' },
            '5x60'
          ),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'hubble-http-5xx-ratio',
    firing: {
      series: [
        s('hubble_http_requests_total', { ...HTTP, status: '500' }, '0+30x60'),
        s('hubble_http_requests_total', { ...HTTP, status: '200' }, '0+270x60'),
      ],
      activeFrom: 1,
      expect: { labels: HTTP_OUT, value: 0.1 },
    },
    boundary: [
      s('hubble_http_requests_total', { ...HTTP, status: '500' }, '0+15x60'),
      s('hubble_http_requests_total', { ...HTTP, status: '200' }, '0+285x60'),
    ],
    extra: [
      {
        name: '4xx responses are not server errors',
        series: [
          s('hubble_http_requests_total', { ...HTTP, status: '404' }, '0+30x60'),
          s('hubble_http_requests_total', { ...HTTP, status: '200' }, '0+270x60'),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'hubble-http-p95-latency',
    firing: {
      series: buckets({ '0.1': 0, '0.25': 0, '0.5': 0, '1': 60, '2.5': 60, '+Inf': 60 }),
      activeFrom: 1,
      expect: { labels: HTTP_OUT, value: 0.975 },
    },
    boundary: buckets({ '0.1': 0, '0.25': 0, '0.5': 57, '1': 60, '2.5': 60, '+Inf': 60 }),
  },
  {
    templateId: 'hubble-missing-syn-ack',
    firing: {
      series: [
        s('hubble_tcp_flags_total', { ...HUBBLE, flag: 'SYN', family: 'IPv4' }, '0+100x60'),
        s('hubble_tcp_flags_total', { ...HUBBLE, flag: 'SYN-ACK', family: 'IPv4' }, '0+50x60'),
      ],
      activeFrom: 1,
      expect: { labels: { cluster: 'c1' }, value: 0.5 },
    },
    boundary: [
      s('hubble_tcp_flags_total', { ...HUBBLE, flag: 'SYN', family: 'IPv4' }, '0+120x60'),
      s('hubble_tcp_flags_total', { ...HUBBLE, flag: 'SYN-ACK', family: 'IPv4' }, '0+108x60'),
    ],
    extra: [
      {
        name: 'no SYN-ACK series at all: every SYN is unanswered',
        series: [s('hubble_tcp_flags_total', { ...HUBBLE, flag: 'SYN', family: 'IPv4' }, '0+100x60')],
        at: 20,
        expect: { labels: { cluster: 'c1' }, value: 1 },
      },
    ],
  },
];
