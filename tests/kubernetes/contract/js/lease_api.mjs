// Starts the Lease API stand-in (over TLS, with its own CA and a kubeconfig) for one test file, through
// tests/kubernetes/lease_api/lease_api_process.py, and stops it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const processScript = join(here, '..', '..', 'lease_api', 'lease_api_process.py');

// Resolves to { url, kubeconfig, ca, token, stop() } once the stand-in listens.
export function startLeaseApi() {
  const child = spawn('/usr/bin/python3', ['-B', '-E', '-s', processScript], {
    env: { PATH: '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const found = {};
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the Lease API stand-in did not start within 20 s'));
    }, 20000);
    child.on('exit', (code) => reject(new Error(`the Lease API stand-in exited with ${code}`)));
    lines.on('line', (line) => {
      const [key, ...rest] = line.split('=');
      found[key.toLowerCase()] = rest.join('=');
      if (found.url && found.kubeconfig && found.ca && found.token) {
        clearTimeout(timer);
        resolve({
          ...found,
          stop: () => new Promise((done) => {
            child.removeAllListeners('exit');
            child.on('exit', done);
            child.kill('SIGTERM');
          }),
        });
      }
    });
  });
}
