import { parser } from '@grafana/lezer-logql';
import { ALERT_TEMPLATES } from './catalogue';
import { buildExpression } from './expr';

function errorNodes(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`${node.from}-${node.to}: ${expr.slice(Math.max(0, node.from - 10), node.to + 10)}`);
      }
    },
  });
  return errors;
}

describe('LogQL templates', () => {
  const loki = ALERT_TEMPLATES.filter((t) => t.datasource === 'loki');

  it('exist', () => {
    expect(loki.length).toBeGreaterThan(0);
  });

  it.each(loki.map((t) => [t.id, t]))('%s: query and alert expression parse without error nodes', (_, t) => {
    const built = buildExpression(t);
    expect(errorNodes(built.query)).toEqual([]);
    expect(errorNodes(built.expr)).toEqual([]);
    // a stream selector Loki accepts: the namespace matcher must not match the empty string
    expect(built.query).toMatch(/\{namespace=~"\.\+"\}/);
  });

  it.each(loki.map((t) => [t.id, t]))('%s: still parses with user parameters (quotes escaped)', (_, t) => {
    expect(errorNodes(buildExpression(t, { namespace: 'shop|pay', pattern: 'level="?error' }).expr)).toEqual([]);
  });

  it('the parser does report broken LogQL (guards the test itself)', () => {
    expect(errorNodes('sum by (namespace) (rate({namespace=~"x"} |~ [5m])) >')).not.toEqual([]);
  });
});
