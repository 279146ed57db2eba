// Small files carrying metadata, made for the tests of the reporting channel's attachments: a
// JPEG with EXIF (a GPS position and a camera serial), XMP and a comment; a PNG with textual
// chunks and a time; a PDF with an information dictionary, XMP and an earlier revision.
import { crc32 } from 'node:zlib';
import { PDFDocument, PDFName } from 'pdf-lib';

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

export function jpegWithMetadata(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\u0000\u0001\u0002\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1')),
    segment(0xe1, Buffer.from('Exif\u0000\u0000GPS-MARKER 41.3111N 69.2797E SERIAL-MARKER 0042', 'latin1')),
    segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\u0000<x:xmpmeta>XMP-MARKER author</x:xmpmeta>', 'latin1')),
    segment(0xed, Buffer.from('Photoshop 3.0\u0000IPTC-MARKER', 'latin1')),
    segment(0xfe, Buffer.from('COMMENT-MARKER', 'latin1')),
    segment(0xdb, Buffer.from([0x00, ...new Array<number>(64).fill(1)])),
    segment(0xda, Buffer.from([0x01, 0x01, 0x00, 0x00, 0x3f, 0x00])),
    Buffer.from([0x12, 0x34, 0x56, 0xff, 0x00, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
};

export function pngWithMetadata(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Author\u0000AUTHOR-MARKER', 'latin1')),
    chunk('iTXt', Buffer.from('XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000XMP-MARKER', 'latin1')),
    chunk('eXIf', Buffer.from('GPS-MARKER', 'latin1')),
    chunk('tIME', Buffer.from([0x07, 0xea, 1, 2, 3, 4, 5])),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function pdfWithMetadata(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText('Evidence page', { x: 20, y: 100, size: 12 });
  doc.setAuthor('AUTHOR-MARKER Jane Reporter');
  doc.setTitle('TITLE-MARKER');
  doc.setCreator('CREATOR-MARKER Office 2024');
  doc.setProducer('PRODUCER-MARKER');
  const xmp = doc.context.stream('<x:xmpmeta>XMP-MARKER creator</x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  const first = Buffer.from(await doc.save({ useObjectStreams: false }));
  // An earlier revision kept after the end of the file, as an incremental save leaves it.
  return Buffer.concat([first, Buffer.from('\n% REVISION-MARKER\n', 'latin1')]);
}
