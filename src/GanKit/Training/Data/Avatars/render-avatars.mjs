// GanKit's avatar renderer (written beside the npm packages by GanKit.Training.Data.Avatars.AvatarRenderer).
// Reads one JSON request per line on stdin: {"size": 64, "options": {DiceBear avataaars options}}.
// Writes, for each request in order, a 4-byte big-endian length and the PNG that resvg rasterised from the SVG
// DiceBear built. Options are fully pinned by the caller, so the same request always gives the same bytes.
import { createAvatar } from '@dicebear/core';
import * as avataaars from '@dicebear/avataaars';
import { Resvg } from '@resvg/resvg-js';
import { createInterface } from 'node:readline';
import { once } from 'node:events';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let index = 0;
for await (const line of lines) {
  if (line.trim() === '') continue;
  let png;
  try {
    const request = JSON.parse(line);
    const svg = createAvatar(avataaars, request.options).toString();
    png = new Resvg(svg, { fitTo: { mode: 'width', value: request.size } }).render().asPng();
  } catch (error) {
    process.stderr.write(`render-avatars: request ${index} failed: ${error && error.message ? error.message : error}\n`);
    process.exit(2);
  }
  const header = Buffer.alloc(4);
  header.writeUInt32BE(png.length, 0);
  if (!process.stdout.write(Buffer.concat([header, png]))) await once(process.stdout, 'drain');
  index++;
}
