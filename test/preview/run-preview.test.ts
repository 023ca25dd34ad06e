import { runCommand, type Io } from '../../src/cli/command';
import { main as previewMain } from '../../src/preview/run-preview';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, out, err };
}
const main = (argv: string[], io: Io): Promise<number> => runCommand('preview', io, () => previewMain(argv, io));

describe('preview usage errors exit 2 before starting anything', () => {
  test.each([
    [['--port', '70000'], /--port/],
    [['--exporter-port', '-1'], /--exporter-port/],
    [['--scrape-interval', 'abc'], /--scrape-interval/],
    [['--loki-url', 'ftp://x'], /--loki-url/],
    [['--refresh', '-1'], /--refresh/],
    [['--bogus'], /bogus/],
  ])('%j', async (argv, message) => {
    const c = capture();
    await expect(main(argv, c.io)).resolves.toBe(2);
    expect(c.err.join('\n')).toMatch(message);
    expect(c.out).toEqual([]);
  });

  test('--help exits 0', async () => {
    const c = capture();
    await expect(main(['--help'], c.io)).resolves.toBe(0);
  });
});
