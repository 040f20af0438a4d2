import { DataTopic, FieldType, toDataFrame } from '@grafana/data';
import { addExemplarTraceLinks, exemplarTraceLinksTransformation } from './exemplarTraceLinks';

const exemplars = toDataFrame({
  name: 'exemplar',
  meta: { dataTopic: DataTopic.Annotations },
  fields: [
    { name: 'Time', type: FieldType.time, values: [1] },
    { name: 'Value', type: FieldType.number, values: [0.25] },
    {
      name: 'traceID',
      type: FieldType.string,
      values: ['4bf92f3577b34da6a3ce929d0e0e4736'],
      config: {
        links: [
          {
            title: 'View trace',
            url: '',
            internal: { datasourceUid: 'tempo', datasourceName: 'Tempo', query: { query: '${__value.raw}' } },
          },
        ],
      },
    },
  ],
});

describe('addExemplarTraceLinks', () => {
  it('adds the Traces page link to traceID next to the data source link', () => {
    const links = addExemplarTraceLinks(exemplars).fields.find((f) => f.name === 'traceID')!.config.links!;
    expect(links.map((l) => l.title)).toEqual(['View trace', 'Open trace in Traces page']);
    expect(links[1].url).toBe('/a/seed-kubeobs-app/traces?var-traceId=${__value.raw}&${__url_time_range}');
  });

  it('is idempotent and leaves other frames alone', () => {
    const once = addExemplarTraceLinks(exemplars);
    expect(addExemplarTraceLinks(once).fields[2].config.links).toHaveLength(2);
    const series = toDataFrame({ fields: [{ name: 'traceID', type: FieldType.string, values: ['x'] }] });
    expect(addExemplarTraceLinks(series)).toBe(series);
  });

  it('runs on the annotations topic', () => {
    expect(exemplarTraceLinksTransformation().topic).toBe(DataTopic.Annotations);
  });
});
