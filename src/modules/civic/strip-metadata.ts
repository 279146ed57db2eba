// Attachments of confidential reports lose what their format carries about who made them, where
// and with what, before they are stored:
// - JPEG: every application segment but the JFIF header, the ICC colour profile and Adobe's
//   colour transform marker (EXIF with its GPS position, camera serial and thumbnail; XMP;
//   Photoshop's IPTC block; maker notes), and every comment. The image data is kept as it is:
//   nothing is re-encoded.
// - PNG: every chunk but those needed to draw the image (textual chunks tEXt/zTXt/iTXt, eXIf,
//   tIME and any private chunk go).
// - PDF: rewritten by pdf-lib without its document information dictionary (author, creator,
//   producer, dates) or its XMP metadata stream, and without earlier revisions (a PDF saved
//   incrementally keeps its old versions after the end of the file). Encrypted PDFs are refused:
//   they cannot be checked.
// Anything else is refused: the channel takes these three kinds of file only.
import { PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import { DomainError } from '../../platform/http/errors.ts';

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** What the bytes are, whatever the upload claimed. */
export function sniff(bytes: Uint8Array): AttachmentType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  return null;
}

const bad = () => new DomainError('validation_failed', 'The file could not be read as a JPEG, PNG or PDF', [{ path: 'file', message: 'is damaged or of another kind', code: 'file_unreadable', params: { reason: 'damaged' } }]);

export function stripJpeg(input: Buffer): Buffer {
  const out: Buffer[] = [input.subarray(0, 2)];
  let i = 2;
  while (i < input.length) {
    if (input[i] !== 0xff) throw bad();
    const marker = input[i + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // Start of scan: the rest is image data (and the end marker), kept as it is.
    if (marker === 0xda) {
      out.push(input.subarray(i));
      return Buffer.concat(out);
    }
    if (marker === 0xd9) {
      out.push(input.subarray(i, i + 2));
      return Buffer.concat(out);
    }
    // Markers without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(input.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > input.length) throw bad();
    const length = input.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > input.length) throw bad();
    const payload = input.subarray(i + 4, end);
    const app = marker >= 0xe0 && marker <= 0xef;
    const keep = marker === 0xfe
      ? false
      : !app ||
        (marker === 0xe0 && payload.subarray(0, 5).toString('latin1') === 'JFIF\u0000' && length <= 16) ||
        (marker === 0xe2 && payload.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\u0000') ||
        (marker === 0xee && payload.subarray(0, 5).toString('latin1') === 'Adobe');
    if (keep) out.push(input.subarray(i, end));
    i = end;
  }
  throw bad();
}

/** Chunks needed to draw a PNG (and APNG) image; all others are left out. */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT']);

export function stripPng(input: Buffer): Buffer {
  const out: Buffer[] = [input.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= input.length) {
    const length = input.readUInt32BE(i);
    const type = input.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (end > input.length) throw bad();
    if (PNG_KEPT.has(type)) out.push(input.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  throw bad();
}

export async function stripPdf(input: Buffer): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(input, { updateMetadata: false });
  } catch (error) {
    if (String((error as Error).message).toLowerCase().includes('encrypted')) {
      throw new DomainError('validation_failed', 'Encrypted PDF files cannot be checked: send it without a password', [{ path: 'file', message: 'is encrypted', code: 'file_unreadable', params: { reason: 'encrypted' } }]);
    }
    throw bad();
  }
  if (doc.isEncrypted) throw new DomainError('validation_failed', 'Encrypted PDF files cannot be checked: send it without a password', [{ path: 'file', message: 'is encrypted', code: 'file_unreadable', params: { reason: 'encrypted' } }]);
  // pdf-lib writes every object it holds, referenced or not: the information dictionary and the
  // metadata streams are removed from the file, not only unlinked.
  const info = doc.context.trailerInfo.Info;
  if (info instanceof PDFRef) doc.context.delete(info);
  doc.context.trailerInfo.Info = undefined;
  doc.catalog.delete(PDFName.of('Metadata'));
  for (const page of doc.getPages()) page.node.delete(PDFName.of('Metadata'));
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
    if (dict?.get(PDFName.of('Type')) === PDFName.of('Metadata')) doc.context.delete(ref);
    // Any other dictionary pointing at a metadata stream (fonts, images) lets it go.
    if (dict?.has(PDFName.of('Metadata'))) dict.delete(PDFName.of('Metadata'));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

/** The file without its metadata, and its type as read from its bytes. */
export async function stripMetadata(bytes: Buffer): Promise<{ bytes: Buffer; contentType: AttachmentType }> {
  const type = sniff(bytes);
  try {
    if (type === 'image/jpeg') return { bytes: stripJpeg(bytes), contentType: type };
    if (type === 'image/png') return { bytes: stripPng(bytes), contentType: type };
    if (type === 'application/pdf') return { bytes: await stripPdf(bytes), contentType: type };
  } catch (error) {
    // A file that breaks the reader is refused like one that does not parse.
    if (error instanceof DomainError) throw error;
    throw bad();
  }
  throw new DomainError('validation_failed', 'Attach a JPEG or PNG image or a PDF', [{ path: 'file', message: 'is not a JPEG, PNG or PDF', code: 'file_type' }]);
}
