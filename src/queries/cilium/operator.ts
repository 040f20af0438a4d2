import { ROUTES } from '../../constants';
import { panel, range } from '../define';
import { CLUSTER } from '../promql';
import { PageQueries } from '../types';

const OP = ['ciliumOperator'];

/**
 * Cilium operator (route `cilium/operator`): what Cilium's "Cilium Operator" dashboard shows.
 * Metrics: cilium-operator on port 9963 (`operator.prometheus.enabled=true`).
 */
export const ciliumOperatorQueries: PageQueries = {
  route: `${ROUTES.Cilium}/operator`,
  title: 'Cilium operator',
  panels: [
    panel({
      key: 'operator-cpu',
      title: 'Operator CPU',
      section: 'Operator',
      viz: 'timeseries',
      requires: OP,
      unit: 'short',
      description: 'CPU cores used per operator pod (cilium_operator_process_cpu_seconds_total).',
      targets: [
        range(
          `sum by (pod) (rate(cilium_operator_process_cpu_seconds_total{${CLUSTER}}[$__rate_interval]))`,
          '{{pod}}'
        ),
      ],
    }),
    panel({
      key: 'operator-memory',
      title: 'Operator memory',
      section: 'Operator',
      viz: 'timeseries',
      requires: OP,
      unit: 'bytes',
      description: 'Resident memory per operator pod (cilium_operator_process_resident_memory_bytes).',
      targets: [range(`sum by (pod) (cilium_operator_process_resident_memory_bytes{${CLUSTER}})`, '{{pod}}')],
    }),
    panel({
      key: 'ipam-ips',
      title: 'IPAM addresses',
      section: 'IPAM',
      viz: 'timeseries',
      requires: OP,
      description: 'Addresses available, used and needed across the cluster (cilium_operator_ipam_ips{type}).',
      targets: [range(`sum by (type) (cilium_operator_ipam_ips{${CLUSTER}})`, '{{type}}')],
    }),
    panel({
      key: 'ipam-nodes',
      title: 'IPAM nodes',
      section: 'IPAM',
      viz: 'timeseries',
      requires: OP,
      description: 'Nodes by IPAM category (cilium_operator_ipam_nodes{category}): e.g. at-capacity, in-deficit.',
      targets: [range(`sum by (category) (cilium_operator_ipam_nodes{${CLUSTER}})`, '{{category}}')],
    }),
    panel({
      key: 'unmanaged-pods',
      title: 'Pods not managed by Cilium',
      section: 'Operator',
      viz: 'timeseries',
      requires: OP,
      description: 'Pods without a Cilium endpoint (cilium_operator_unmanaged_pods); they have no policy enforcement.',
      targets: [range(`sum(cilium_operator_unmanaged_pods{${CLUSTER}})`, 'unmanaged pods')],
    }),
  ],
};
