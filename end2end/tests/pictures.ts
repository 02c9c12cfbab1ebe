// Pictures made for the tests: valid PNGs of a chosen size, which the server's content check
// accepts and its thumbnailer decodes.

import { randomFillSync } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** The upload rules' megabyte. */
export const MB = 1024 * 1024;

/** A valid PNG of `width` × `height` random RGB pixels: random bytes do not compress, so the
 * file is about `3 × width × height` bytes, and it decodes as the picture it claims to be. */
export function png(width: number, height: number): Buffer {
  const row = 1 + 3 * width;
  const pixels = randomFillSync(Buffer.alloc(row * height));
  for (let y = 0; y < height; y++) pixels[y * row] = 0; // each row's filter: none
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, standard filtering, not interlaced
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A file for `setInputFiles`: a PNG named `name`. */
export function picture(name: string, width = 64, height = 48) {
  return { name, mimeType: 'image/png', buffer: png(width, height) };
}
