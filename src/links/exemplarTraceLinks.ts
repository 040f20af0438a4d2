import { DataFrame, DataTopic, Field } from '@grafana/data';
import { map } from 'rxjs';
import { TRACE_LINK_TEMPLATE } from './appUrls';

/** The exemplar label Hubble's httpV2 metrics carry with `exemplars=true`. */
export const EXEMPLAR_TRACE_LABEL = 'traceID';

/** The link the app adds to an exemplar's trace id: the trace on the app's Traces page, with the panel's time range. */
export const EXEMPLAR_TRACE_LINK = { title: 'Open trace in Traces page', url: TRACE_LINK_TEMPLATE };

function isExemplarFrame(frame: DataFrame): boolean {
  return frame.name === 'exemplar' || frame.meta?.custom?.resultType === 'exemplar';
}

/**
 * Adds the app's trace link to the `traceID` field of a Prometheus exemplar frame (frame name
 * `exemplar`, fields Time, Value and the exemplar's labels), next to the links the Prometheus data
 * source's `exemplarTraceIdDestinations` already put there. Other frames are returned as they are.
 */
export function addExemplarTraceLinks(frame: DataFrame): DataFrame {
  if (!isExemplarFrame(frame)) {
    return frame;
  }
  const fields = frame.fields.map((f): Field => {
    if (f.name !== EXEMPLAR_TRACE_LABEL || f.config.links?.some((l) => l.url === EXEMPLAR_TRACE_LINK.url)) {
      return f;
    }
    return { ...f, config: { ...f.config, links: [...(f.config.links ?? []), EXEMPLAR_TRACE_LINK] } };
  });
  return { ...frame, fields };
}

/**
 * Scenes transformation for `SceneDataTransformer` on the annotations topic, where Grafana puts the
 * exemplar frames of a Prometheus query with `exemplar: true`.
 */
export function exemplarTraceLinksTransformation() {
  return {
    topic: DataTopic.Annotations,
    operator: () => map((frames: DataFrame[]) => frames.map(addExemplarTraceLinks)),
  };
}
