/**
 * Expands the small subset of Go template syntax the catalogue's summaries and descriptions use:
 * `{{ $labels.NAME }}` (empty when missing, as Prometheus' `missingkey=zero`) and
 * `{{ printf "%.Nf" $value }}`. Used for the preview table and for the expected annotations of the
 * generated promtool tests.
 *
 * @throws Error on any other template action, so the catalogue cannot drift into syntax that
 *   Prometheus and Grafana would expand differently.
 */
export function expandAnnotation(text: string, labels: Record<string, string>, value: number): string {
  return text.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => {
    const action = inner.trim();
    const label = /^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action);
    if (label) {
      return labels[label[1]] ?? '';
    }
    const num = /^printf "%\.(\d)f" \$value$/.exec(action);
    if (num) {
      return value.toFixed(Number(num[1]));
    }
    throw new Error(`unsupported template action {{ ${action} }}`);
  });
}
