import { AGENT, AGENT_OUT, KSM, Scenario, s } from './types';

/** promtool scenarios of the Cilium templates (see {@link Scenario}). */
export const ciliumScenarios: Scenario[] = [
  {
    templateId: 'cilium-agent-down',
    firing: {
      series: [
        s(
          'kube_daemonset_status_number_unavailable',
          { ...KSM, namespace: 'kube-system', daemonset: 'cilium' },
          '0x2 1x60'
        ),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', namespace: 'kube-system', daemonset: 'cilium' }, value: 1 },
    },
    boundary: [
      s('kube_daemonset_status_number_unavailable', { ...KSM, namespace: 'kube-system', daemonset: 'cilium' }, '0x60'),
    ],
    extra: [
      {
        name: 'another DaemonSet (cilium-envoy) with unavailable pods is not the agent',
        series: [
          s(
            'kube_daemonset_status_number_unavailable',
            { ...KSM, namespace: 'kube-system', daemonset: 'cilium-envoy' },
            '1x60'
          ),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'cilium-unreachable-nodes',
    firing: {
      series: [s('cilium_unreachable_nodes', AGENT, '0x2 2x60')],
      activeFrom: 3,
      expect: { labels: AGENT_OUT, value: 2 },
    },
    boundary: [s('cilium_unreachable_nodes', AGENT, '0x60')],
  },
  {
    templateId: 'cilium-controllers-failing',
    firing: {
      series: [s('cilium_controllers_failing', AGENT, '0x2 1x60')],
      activeFrom: 3,
      expect: { labels: AGENT_OUT, value: 1 },
    },
    boundary: [s('cilium_controllers_failing', AGENT, '0x60')],
  },
  {
    templateId: 'cilium-bpf-map-pressure',
    firing: {
      series: [
        s('cilium_bpf_map_pressure', { ...AGENT, map_name: 'cilium_ct4_global' }, '0.5x2 0.95x60'),
        s('cilium_bpf_map_pressure', { ...AGENT, map_name: 'cilium_lb4_services_v2' }, '0.1x62'),
      ],
      activeFrom: 3,
      expect: { labels: { ...AGENT_OUT, map_name: 'cilium_ct4_global' }, value: 0.95 },
    },
    boundary: [s('cilium_bpf_map_pressure', { ...AGENT, map_name: 'cilium_ct4_global' }, '0.9x60')],
  },
  {
    templateId: 'cilium-invalid-endpoints',
    firing: {
      series: [
        s('cilium_endpoint_state', { ...AGENT, endpoint_state: 'invalid' }, '0x2 1x60'),
        s('cilium_endpoint_state', { ...AGENT, endpoint_state: 'ready' }, '12x62'),
      ],
      activeFrom: 3,
      expect: { labels: AGENT_OUT, value: 1 },
    },
    boundary: [
      s('cilium_endpoint_state', { ...AGENT, endpoint_state: 'invalid' }, '0x60'),
      s('cilium_endpoint_state', { ...AGENT, endpoint_state: 'ready' }, '12x60'),
    ],
  },
  {
    templateId: 'cilium-policy-import-errors',
    firing: {
      series: [
        s('cilium_policy_change_total', { ...AGENT, outcome: 'fail' }, '0x2 1x60'),
        s('cilium_policy_change_total', { ...AGENT, outcome: 'success' }, '0+1x62'),
      ],
      activeFrom: 3,
      expect: { labels: AGENT_OUT, value: 1 },
    },
    boundary: [
      s('cilium_policy_change_total', { ...AGENT, outcome: 'fail' }, '0x60'),
      s('cilium_policy_change_total', { ...AGENT, outcome: 'success' }, '0+1x60'),
    ],
  },
  {
    templateId: 'cilium-conntrack-nat-full',
    firing: {
      series: [
        s(
          'cilium_drop_count_total',
          { ...AGENT, reason: 'CT: Map insertion failed', direction: 'EGRESS' },
          '0x2 0+30x60'
        ),
        s('cilium_drop_count_total', { ...AGENT, reason: 'Policy denied', direction: 'INGRESS' }, '0+600x62'),
      ],
      activeFrom: 4,
      expect: { labels: { ...AGENT_OUT, reason: 'CT: Map insertion failed' }, value: 0.5 },
    },
    boundary: [
      s('cilium_drop_count_total', { ...AGENT, reason: 'CT: Map insertion failed', direction: 'EGRESS' }, '7x60'),
    ],
  },
  {
    templateId: 'cilium-ipam-exhaustion',
    firing: {
      series: [
        s('cilium_ip_addresses', { ...AGENT, family: 'ipv4' }, '200x2 240x60'),
        s('cilium_ipam_capacity', { ...AGENT, family: 'ipv4' }, '250x62'),
      ],
      activeFrom: 3,
      expect: { labels: { ...AGENT_OUT, family: 'ipv4' }, value: 0.96 },
    },
    boundary: [
      s('cilium_ip_addresses', { ...AGENT, family: 'ipv4' }, '225x60'),
      s('cilium_ipam_capacity', { ...AGENT, family: 'ipv4' }, '250x60'),
    ],
  },
  {
    templateId: 'cilium-policy-denied-drops',
    firing: {
      series: [s('cilium_drop_count_total', { ...AGENT, reason: 'Policy denied', direction: 'INGRESS' }, '0+120x60')],
      activeFrom: 3,
      expect: { labels: AGENT_OUT, value: 2 },
    },
    boundary: [s('cilium_drop_count_total', { ...AGENT, reason: 'Policy denied', direction: 'INGRESS' }, '0+60x60')],
  },
];
