import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sniff, stripJpeg, stripMetadata, stripPng } from './strip-metadata.ts';
import { jpegWithMetadata, pdfWithMetadata, pngWithMetadata } from '../../../test/support/civic-files.ts';

const text = (b: Buffer) => b.toString('latin1');

describe('attachments lose their metadata', () => {
  it('JPEG: EXIF, XMP, IPTC and comments go; the header, tables and image data stay byte for byte', () => {
    const input = jpegWithMetadata();
    for (const m of ['GPS-MARKER', 'SERIAL-MARKER', 'XMP-MARKER', 'IPTC-MARKER', 'COMMENT-MARKER']) expect(text(input)).toContain(m);
    const out = stripJpeg(input);
    for (const m of ['GPS-MARKER', 'SERIAL-MARKER', 'XMP-MARKER', 'IPTC-MARKER', 'COMMENT-MARKER', 'Exif']) expect(text(out), m).not.toContain(m);
    expect(text(out)).toContain('JFIF');
    // The image data from the start of scan on is untouched.
    const scan = input.indexOf(Buffer.from([0xff, 0xda]));
    expect(out.subarray(out.indexOf(Buffer.from([0xff, 0xda])))).toEqual(input.subarray(scan));
    expect(sniff(out)).toBe('image/jpeg');
  });

  it('PNG: textual chunks, eXIf and tIME go; the image chunks stay', () => {
    const out = stripPng(pngWithMetadata());
    for (const m of ['AUTHOR-MARKER', 'XMP-MARKER', 'GPS-MARKER', 'tEXt', 'iTXt', 'eXIf', 'tIME']) expect(text(out), m).not.toContain(m);
    for (const c of ['IHDR', 'IDAT', 'IEND']) expect(text(out)).toContain(c);
  });

  it('PDF: the information dictionary, XMP and earlier revisions go; the pages stay', async () => {
    const input = await pdfWithMetadata();
    const before = await PDFDocument.load(input, { updateMetadata: false });
    expect(before.getAuthor()).toContain('AUTHOR-MARKER');
    for (const m of ['XMP-MARKER', 'REVISION-MARKER']) expect(text(input)).toContain(m);
    const { bytes, contentType } = await stripMetadata(input);
    expect(contentType).toBe('application/pdf');
    for (const m of ['AUTHOR-MARKER', 'TITLE-MARKER', 'XMP-MARKER', 'CREATOR-MARKER', 'PRODUCER-MARKER', 'REVISION-MARKER', 'pdf-lib']) expect(text(bytes), m).not.toContain(m);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect([doc.getAuthor(), doc.getTitle(), doc.getCreator(), doc.getProducer(), doc.getCreationDate()]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses anything else, whatever its name says', async () => {
    await expect(stripMetadata(Buffer.from('<html>not an image</html>'))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(stripMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(stripMetadata(Buffer.from('%PDF-1.7 broken'))).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
