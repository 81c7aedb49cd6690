// First-load JavaScript of each shell, gzip -9: the scripts and module preloads its HTML names.
// Usage: npm run size [-- --json]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const dist = path.resolve('dist/web');

export function firstLoad(htmlFile: string): {
  files: { file: string; raw: number; gzip: number }[];
  gzip: number;
} {
  const html = fs.readFileSync(path.join(dist, htmlFile), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const sizes = files.map((f) => {
    const body = fs.readFileSync(path.join(dist, f.replace(/^\//, '')));
    return { file: f, raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
  });
  return { files: sizes, gzip: sizes.reduce((a, s) => a + s.gzip, 0) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = { resident: firstLoad('index.html'), console: firstLoad('console/index.html') };
  if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else
    for (const [shell, r] of Object.entries(report)) {
      console.log(`${shell}: ${(r.gzip / 1024).toFixed(1)} KB gzip first-load JS`);
      for (const f of r.files) console.log(`  ${f.file}  ${(f.gzip / 1024).toFixed(1)} KB`);
    }
}
