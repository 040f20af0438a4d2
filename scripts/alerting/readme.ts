import { ALERT_AREAS, ALERT_TEMPLATES } from '../../src/alerting/catalogue';
import { buildExpression, formatNumber } from '../../src/alerting/expr';
import { AlertTemplate } from '../../src/alerting/types';

const INTRO = `# Alert-rule templates

Cilium ships no alert rules. This app ships a tested set, generated from one catalogue
(\`src/alerting/\`): every format below is rendered from it by \`npm run alerts:generate\`, and a test
fails when a checked-in file differs. This file is generated too.

Each template has a severity label (\`severity\`: page, critical, warning, info), an area label
(\`kubeobs_area\`), a pending period (\`for\`), parameters with defaults (threshold, namespace filter)
and a runbook in the \`runbook\` annotation. Metric and label names are those the exporters emit
(kube-state-metrics v2, node/kubelet/cAdvisor, cilium-agent, Hubble); aggregations keep \`cluster\`,
so one rule serves several clusters. Every expression carries its comparison and every ratio
filters its denominator with \`> 0\`.

## Install

### From the app (Grafana-managed rules)

Open **Alerts** in the app. Pick an area and a template, adjust its parameters and press
**Preview now**: the full expression runs as an instant query against the page's Prometheus (\`$ds\`)
or Loki (\`$loki\`) data source and lists the series that would fire now, with their values and
summaries (the pending period is not applied). Users with the \`alert.rules:create\` permission see
the install form: folder (created when missing), evaluation group and interval, optional contact
point, then **Install rule** / **Update rule** / **Uninstall** or **Install all of this area**.

The app writes through Grafana's alerting provisioning API with \`X-Disable-Provenance: true\`, so the
rules stay editable in Grafana. Rule uids are stable (\`kubeobs-...\`): installing again updates in
place. The list shows whether a rule was edited in Grafana since it was installed, or whether the
catalogue has changed (the rule stores a hash of what was installed in
\`__kubeobs_template_hash__\` and its parameters in \`__kubeobs_template_params__\`). If one rule of an
install or uninstall fails, the rules already written in that operation are rolled back (created
ones deleted, updated ones restored, deleted ones re-created) and the result is listed per rule.

### File provisioning (Grafana)

\`provisioning/alerting/kubeobs-alert-rules.yaml\` holds every template with default parameters, one
rule group per area in the folder "Kubernetes Observability". Its queries use the data source uids
\`prometheus\` and \`loki\`, the uids \`provisioning/datasources/\` gives them; change them there (or
regenerate with other uids) if yours differ. Rules provisioned from files cannot be edited in the UI.

\`provisioning/alerting/slack-example/\` has an example Slack contact point (webhook URL from the
environment variable \`SLACK_WEBHOOK_URL\`, which Grafana interpolates; never commit a URL) and an
example notification policy. Grafana reads only the top level of \`provisioning/alerting/\`, so the
examples are inactive: copy them up one level and set \`SLACK_WEBHOOK_URL\` to use them. Mind that a
provisioned notification policy replaces the organisation's whole policy tree.

### Prometheus, Mimir, Alertmanager, Loki ruler

\`alerting/prometheus/{kubernetes,cilium,hubble}.rules.yaml\` are Prometheus rule files (also for
Mimir's ruler, e.g. \`mimirtool rules load\`, and the PrometheusRule CRD's \`spec.groups\`); route the
alerts in Alertmanager by \`severity\`. \`alerting/loki/loki.rules.yaml\` is for Loki's ruler
(\`POST /loki/api/v1/rules/<namespace>\`).

Proof: \`npm run test:alerts\` runs \`promtool check rules\` and \`promtool test rules\` (Prometheus 2.42)
on them; \`alerting/prometheus/tests/\` has, for every Prometheus template, a case where it fires with
its labels and annotations, one a minute before its pending period ends, and one with the value
exactly on the threshold. \`npm run test:alerts:demo\` checks that the demo cluster's scripted faults
make the matching templates fire.

## Templates
`;

/** Text for a markdown table cell: pipes escaped, `<placeholders>` kept visible. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function row(t: AlertTemplate): string {
  const built = buildExpression(t);
  const fix = cell(t.runbook.fix[0]);
  return `| ${t.title} (\`${t.alert}\`) | ${t.severity} | ${t.for} | \`${t.comparison} ${formatNumber(built.threshold)}\` | ${cell(t.runbook.meaning)} Fix: ${fix} |`;
}

/** The generated `alerting/README.md`: how to install, then a table of templates per area. */
export function alertingReadme(): string {
  const sections = ALERT_AREAS.map(({ area, title }) => {
    const rows = ALERT_TEMPLATES.filter((t) => t.area === area).map(row);
    return `### ${title}\n\n| template | severity | for | default threshold | runbook summary |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`;
  });
  return `${INTRO}\n${sections.join('\n')}`;
}
