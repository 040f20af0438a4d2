import React from 'react';
import { configure, fireEvent, render, screen } from '@testing-library/react';
import { testIds } from '../testIds';
import { installGatewayTransport } from '../../test/gateway/gatewayTransport';
import { QUERY_MODE_REASON, queryModeStatus, recorded } from '../../test/gateway/recorded';
import { GatewayStatus } from '../../gateway/types';
import { GatewayConnectionTest, describeNodes } from './GatewayConnectionTest';

// a busy 2-core machine renders Grafana UI slowly
jest.setTimeout(30000);
configure({ asyncUtilTimeout: 10000 });
describe("GatewayConnectionTest (the gateway's recorded real answers)", () => {
  it("shows Relay's version, nodes, the follow stream and the buffer", async () => {
    const calls = installGatewayTransport(() => recorded('status'));
    render(<GatewayConnectionTest configured />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.testGateway));
    const status = recorded('status').body as GatewayStatus;
    expect(
      await screen.findByText(new RegExp(`Connected to Hubble Relay ${status.server_status.version}`))
    ).toBeInTheDocument();
    const box = screen.getByTestId(testIds.appConfig.gatewayStatus);
    expect(box).toHaveTextContent(`${status.server_status.num_connected_nodes} nodes connected, 0 unavailable`);
    expect(box).toHaveTextContent(describeNodes(status));
    expect(describeNodes(status)).toContain('kind-worker (NODE_CONNECTED, 1.19.0-demo)');
    expect(box).toHaveTextContent(
      `Follow stream connected; ${status.buffer.flows} of ${status.buffer.capacity} flows buffered`
    );
    expect(calls[0].path).toBe('/api/v1/status');
  });

  it('says what to fix when Relay is unreachable (real 503) or the token is refused (real 401)', async () => {
    installGatewayTransport(() => recorded('error-503-status'));
    const { unmount } = render(<GatewayConnectionTest configured />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.testGateway));
    expect(await screen.findByText(/Gateway test failed: The gateway cannot reach Hubble Relay/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.gatewayStatus)).toHaveTextContent('hubble.relay.enabled=true');
    unmount();
    installGatewayTransport(() => recorded('error-401-token'));
    render(<GatewayConnectionTest configured />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.testGateway));
    expect(await screen.findByText(/Gateway test failed: The gateway refused the token/)).toBeInTheDocument();
  });

  it('says when the gateway is in query mode (large cluster) and why, without calling that a stream failure', async () => {
    installGatewayTransport(() => queryModeStatus());
    render(<GatewayConnectionTest configured />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.testGateway));
    const notice = await screen.findByTestId(testIds.gateway.modeNotice);
    expect(notice).toHaveTextContent(
      `Query mode (large cluster): ${QUERY_MODE_REASON} (cluster flow rate: 61,000 flows/s).`
    );
  });

  it('cannot run before a URL is saved', () => {
    render(<GatewayConnectionTest configured={false} />);
    expect(screen.getByTestId(testIds.appConfig.testGateway)).toBeDisabled();
  });
});
