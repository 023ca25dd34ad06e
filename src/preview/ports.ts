/** Free TCP ports on loopback, for servers (Prometheus) that cannot be told to pick their own and report it. */
import * as net from 'node:net';

/**
 * Asks the kernel for an ephemeral port and releases it. Another process could take it before
 * the caller binds it; callers retry on "address already in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
