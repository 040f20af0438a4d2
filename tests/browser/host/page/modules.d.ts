// Modules the host imports without published types: externals it hands to plugins as they are, and
// two functions internal to Grafana's packages (see server/bundle.ts).
declare module 'd3';
declare module 'prismjs';
declare module 'slate';
declare module 'slate-plain-serializer';
declare module '@grafana/i18n/dist/esm/i18n.mjs' {
  export function initializeI18n(options: { language: string; ns?: string[] }): Promise<unknown>;
}
declare module '@grafana/runtime/dist/esm/components/PluginPage.mjs' {
  import { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
