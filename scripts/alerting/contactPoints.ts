/** Name of the example Slack contact point (file provisioning and the installer's default suggestion). */
export const SLACK_CONTACT_POINT = 'kubeobs-slack';

/**
 * Example Slack contact point in Grafana's file-provisioning format. The webhook URL is the
 * environment variable `SLACK_WEBHOOK_URL`, which Grafana interpolates when it reads the file
 * (contact point settings are interpolated; no other `$` may appear in them).
 */
export function slackContactPointFile(): Record<string, unknown> {
  return {
    apiVersion: 1,
    contactPoints: [
      {
        orgId: 1,
        name: SLACK_CONTACT_POINT,
        receivers: [
          {
            uid: 'kubeobs-slack',
            type: 'slack',
            settings: { url: '$SLACK_WEBHOOK_URL' },
            disableResolveMessage: false,
          },
        ],
      },
    ],
  };
}

/**
 * Example notification policy tree: every alert of the org goes to the Slack contact point,
 * `page` and `critical` ones without grouping delay and repeated hourly. Provisioning a policy
 * REPLACES the org's whole policy tree, hence an example, not an active file.
 */
export function notificationPolicyFile(): Record<string, unknown> {
  return {
    apiVersion: 1,
    policies: [
      {
        orgId: 1,
        receiver: SLACK_CONTACT_POINT,
        group_by: ['grafana_folder', 'alertname'],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: [
          {
            receiver: SLACK_CONTACT_POINT,
            object_matchers: [['severity', '=~', 'page|critical']],
            group_wait: '0s',
            repeat_interval: '1h',
          },
        ],
      },
    ],
  };
}
