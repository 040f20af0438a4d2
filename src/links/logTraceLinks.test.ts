import { FieldType, toDataFrame } from '@grafana/data';
import { addTraceIdField, traceIdInLine, TRACE_ID_FIELD } from './logTraceLinks';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceIdInLine', () => {
  it.each([
    [`{"level":"info","msg":"request completed","trace_id":"${ID}","status":200}`, ID],
    [`{"level":"info","traceID":"${ID.toUpperCase()}"}`, ID],
    [`level=info msg="Dispatch successful" trace_id=${ID} duration=12ms`, ID],
    [`2024-05-01T12:00:00Z INFO Dispatch successful traceId: 00f067aa0ba902b7`, '00f067aa0ba902b7'],
    ['level=info msg="no trace here"', undefined],
    ['trace_id=1234', undefined],
  ])('%s', (line, expected) => {
    expect(traceIdInLine(line)).toBe(expected);
  });
});

describe('addTraceIdField', () => {
  const frame = toDataFrame({
    refId: 'logs',
    fields: [
      { name: 'labels', type: FieldType.other, values: [{ namespace: 'podinfo' }, { namespace: 'podinfo' }] },
      { name: 'Time', type: FieldType.time, values: [1, 2] },
      { name: 'Line', type: FieldType.string, values: [`{"msg":"x","trace_id":"${ID}"}`, 'plain text'] },
      { name: 'tsNs', type: FieldType.string, values: ['1000000', '2000000'] },
      { name: 'id', type: FieldType.string, values: ['a', 'b'] },
    ],
  });

  it('adds a trace_id field linking to the Traces page with the panel time range', () => {
    const out = addTraceIdField(frame);
    const field = out.fields.find((f) => f.name === TRACE_ID_FIELD)!;
    expect(field.values).toEqual([ID, '']);
    expect(field.config.links).toEqual([
      { title: 'Open trace', url: '/a/seed-kubeobs-app/traces?var-traceId=${__value.raw}&${__url_time_range}' },
    ]);
  });

  it('leaves frames without trace ids alone', () => {
    const plain = toDataFrame({ fields: [{ name: 'Line', type: FieldType.string, values: ['a', 'b'] }] });
    expect(addTraceIdField(plain)).toBe(plain);
  });
});
