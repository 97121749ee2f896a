// Draws images/icon.png (128x128): a mesh of three linked nodes with a probe's pulse line through it.
// Plain Node (zlib) so no image tool is needed; run `npm run icon` after changing it.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for anti-aliased edges

const distToSegment = (px, py, ax, ay, bx, by) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
};
const roundedSquare = (x, y, r) => {
  const qx = Math.abs(x - SIZE / 2) - (SIZE / 2 - r), qy = Math.abs(y - SIZE / 2) - (SIZE / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

const nodes = [[34, 38], [94, 38], [64, 96]];
const links = [[0, 1], [1, 2], [2, 0]];
const pulse = [[8, 70], [40, 70], [50, 52], [60, 88], [72, 40], [82, 70], [120, 70]];

// Layers back to front: [inside(x, y) -> boolean, rgba]
const layers = [
  [(x, y) => roundedSquare(x, y, 22) <= 0, [22, 46, 92, 255]],
  [(x, y) => links.some(([a, b]) => distToSegment(x, y, ...nodes[a], ...nodes[b]) <= 3.2), [120, 170, 230, 255]],
  [(x, y) => nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) <= 12), [235, 242, 252, 255]],
  [(x, y) => nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) <= 6.5), [22, 46, 92, 255]],
  [(x, y) => pulse.slice(1).some((p, i) => distToSegment(x, y, ...pulse[i], ...p) <= 4.2), [22, 46, 92, 255]],
  [(x, y) => pulse.slice(1).some((p, i) => distToSegment(x, y, ...pulse[i], ...p) <= 2.6) && roundedSquare(x, y, 22) <= -4, [64, 220, 140, 255]],
];

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES, py = y + (sy + 0.5) / SAMPLES;
        let color = [0, 0, 0, 0];
        for (const [inside, rgba] of layers) if (inside(px, py)) color = rgba;
        // premultiplied accumulation keeps transparent corners from darkening the edge
        for (let c = 0; c < 3; c++) acc[c] += color[c] * color[3] / 255;
        acc[3] += color[3];
      }
    }
    const n = SAMPLES * SAMPLES, o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const alpha = acc[3] / n;
    for (let c = 0; c < 3; c++) raw[o + c] = alpha ? Math.round((acc[c] / n) * 255 / alpha) : 0;
    raw[o + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
