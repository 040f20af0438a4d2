import { ciliumScenarios } from './cilium';
import { hubbleScenarios } from './hubble';
import { kubernetesScenarios } from './kubernetes';
import { Scenario } from './types';

/** promtool scenarios of every Prometheus-based template. */
export const SCENARIOS: readonly Scenario[] = [...kubernetesScenarios, ...ciliumScenarios, ...hubbleScenarios];
export type { Scenario, InputSeries, ExpectedAlert } from './types';
