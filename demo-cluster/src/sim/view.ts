/** What exporters read from the simulation (kept separate to avoid import cycles). */
import { Cluster } from '../topology/types';
import { Datapath } from './datapath';
import { ResourceModel } from './resources';

/** The read-only view of the simulation exporters get. */
export type SimView = {
  seed: number | string;
  cluster: Cluster;
  resources: ResourceModel;
  datapath: Datapath;
  /** Simulation start (Unix ms): flow-derived counters count from here. */
  epochMs: number;
};
