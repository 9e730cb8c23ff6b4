/** Reads every member of a zip into memory (binders in tests are small). */
import yauzl from 'yauzl';

export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z!))),
  );
  const out = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err || !s) return reject(err);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
