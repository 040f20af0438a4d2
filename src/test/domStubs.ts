/**
 * jsdom lacks canvas text measurement, which @grafana/ui's Combobox uses to size its menu. Scene
 * tests that render a Combobox call this once (the shared jest setup stubs `getContext` to nothing).
 */
export function stubCanvasMeasureText(): void {
  const context = { measureText: (text: string) => ({ width: text.length * 7 }), font: '' };
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as typeof HTMLCanvasElement.prototype.getContext;
}
