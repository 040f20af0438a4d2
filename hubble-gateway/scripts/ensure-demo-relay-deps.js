// The gateway's integration tests and benchmark run the demo Hubble Relay (../demo-cluster/src/relay)
// as a child process; it needs the demo-cluster package's own dependencies. Installs them once.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const demo = path.resolve(__dirname, '../../demo-cluster');
const needed = ['@grpc/grpc-js', '@grpc/proto-loader', 'tsx'];
const missing = needed.filter((p) => !fs.existsSync(path.join(demo, 'node_modules', p, 'package.json')));
if (missing.length > 0) {
  console.log(`installing demo-cluster dependencies (missing: ${missing.join(', ')})`);
  // npm ci installs exactly the committed lockfile and never rewrites it
  execSync('npm ci --no-audit --no-fund', { cwd: demo, stdio: 'inherit' });
}
