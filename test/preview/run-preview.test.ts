import { main } from '../../src/preview/run-preview';

function capture(): { io: { out: (l: string) => void; err: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

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
