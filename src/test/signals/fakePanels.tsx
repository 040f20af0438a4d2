import React from 'react';
import { FieldConfigPropertyItem, PanelPlugin, PanelProps, standardFieldConfigEditorRegistry } from '@grafana/data';
import { setPluginImportUtils } from '@grafana/runtime';

/** `data-testid` of what the fake panels render. */
export const fakePanelIds = {
  panel: (type: string) => `fake-panel-${type}`,
  link: 'fake-panel-link',
};

/**
 * A stand-in for every panel plugin: renders the panel type, each frame's name and row count (series,
 * then annotations such as exemplars), and
 * for every field with data links the links Grafana computes for each row (`field.getLinks`, with
 * the panel's variable interpolation, `${__value.raw}` and `${__url_time_range}`), as anchors.
 */
function FakePanel(type: string) {
  return function Panel({ data }: PanelProps) {
    return (
      <div data-testid={fakePanelIds.panel(type)}>
        {[...data.series, ...(data.annotations ?? [])].map((frame, i) => (
          <div key={i} data-frame={frame.name ?? frame.refId} data-rows={frame.length}>
            {frame.fields
              .filter((f) => f.config.links?.length && f.getLinks)
              .flatMap((f) =>
                f.values.map((v, row) =>
                  v === '' || v === null
                    ? null
                    : f.getLinks!({ valueRowIndex: row }).map((l, k) => (
                        <a
                          key={`${f.name}-${row}-${k}`}
                          data-testid={fakePanelIds.link}
                          data-field={f.name}
                          href={l.href}
                        >
                          {l.title}
                        </a>
                      ))
                )
              )}
          </div>
        ))}
      </div>
    );
  };
}

/**
 * Grafana core registers the standard field options (unit, links, ...) at start-up; without them a
 * panel drops every override. Registers `links` (the one the app's overrides set) and `unit`.
 */
function registerStandardOptions(): void {
  const item = (id: string): FieldConfigPropertyItem =>
    ({
      id,
      path: id,
      name: id,
      process: (value: unknown) => value,
      shouldApply: () => true,
      override: () => null,
      editor: () => null,
    }) as never;
  standardFieldConfigEditorRegistry.setInit(() => [item('links'), item('unit')]);
}

/** Makes VizPanels load the fake panel for every plugin id instead of Grafana's panel plugins. */
export function installFakePanels(): void {
  registerStandardOptions();
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => {
      const plugin = new PanelPlugin(FakePanel(id))
        .useFieldConfig()
        .setDataSupport({ annotations: true, alertStates: false });
      plugin.meta = { id, name: id, type: 'panel', module: '', baseUrl: '', info: { version: '1.0.0' } } as never;
      return plugin;
    },
    getPanelPluginFromCache: () => undefined,
  });
}

/**
 * jsdom has no canvas; Grafana's auto-sizing inputs (text box variables) measure text with one.
 * Installs a 2D context whose `measureText` returns 7 px per character.
 */
export function installCanvasStub(): void {
  const context = { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { configurable: true, value: () => context });
}

/**
 * jsdom lays nothing out, so panels measure 0×0 and render no content. Installs a ResizeObserver
 * that reports an 800×400 box for every observed element right away.
 */
export function installResizeObserverStub(): void {
  class SizedResizeObserver {
    constructor(private readonly callback: (entries: unknown[], observer: unknown) => void) {}
    observe(target: Element) {
      const contentRect = { x: 0, y: 0, width: 800, height: 400, top: 0, left: 0, bottom: 400, right: 800 };
      this.callback(
        [
          {
            target,
            contentRect,
            borderBoxSize: [{ inlineSize: 800, blockSize: 400 }],
            contentBoxSize: [{ inlineSize: 800, blockSize: 400 }],
          },
        ],
        this
      );
    }
    unobserve() {}
    disconnect() {}
  }
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = SizedResizeObserver;
  (window as { ResizeObserver?: unknown }).ResizeObserver = SizedResizeObserver;
}

/** Silences React's "not wrapped in act(...)" warnings that scenes' asynchronous updates cause in tests; other errors still print. */
export function quietActWarnings(): void {
  const original = console.error;
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('not wrapped in act')) {
      original(...args);
    }
  });
}
