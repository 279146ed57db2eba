// A PDF document of headings, facts and paragraphs in any of the platform's languages, with the
// DejaVu Sans fonts (Latin, Cyrillic, Arabic). Each paragraph's bidirectional levels are resolved
// once (bidi.ts), its words shaped once (shaping.ts) and lines broken on their widths (lines.ts);
// each line is drawn run by run in visual order from the same shaped glyphs, right-aligned when
// the paragraph reads right to left. pdfkit writes the file: pages, fonts (subset, embedded with
// their text map) and the content streams into which the glyphs are written here.
//
// No I/O but reading the fonts, and no state shared between documents: a worker thread can write
// PDFs, and the same content gives the same bytes.
import PDFDocument from 'pdfkit';
import { bidiParagraph, isolate, lineRuns, paragraphDirection, type BidiParagraph, type Direction } from './bidi.ts';
import { breakLines, pieces, type Line } from './lines.ts';
import { openFont, Shaper, type FontName, type Glyph, type Shaped } from './shaping.ts';

export type PdfOptions = {
  title: string;
  /** The reader's language: the direction of text with no letters (dates, numbers) and of the layout. */
  lang: string;
  direction: Direction;
  /** Fixed creation date (metadata), so that the same content gives the same file in tests. */
  createdAt?: Date;
};

/**
 * `auto`: the direction of the text's first letter (free text someone wrote); otherwise the
 * document's (lines put together from labels and values).
 */
type Style = { bold?: boolean; size?: number; color?: string; gap?: number; dir?: 'auto' | 'document' };

/** What the writer uses of pdfkit's embedded font (not in its typings): its subset and text map. */
type EmbeddedFont = {
  id: string;
  ascender: number;
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
};

type Font = {
  shaper: Shaper;
  unitsPerEm: number;
  /** glyph id → its code in the embedded subset (hex) */
  codes: Map<number, string>;
  /** shaped piece → its glyphs as written in a TJ array (see glyphString) */
  written: Map<Shaped, string | null>;
};

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly direction: Direction;
  private readonly fonts = new Map<FontName, Font>();

  constructor(opts: PdfOptions) {
    this.direction = opts.direction;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      lang: opts.lang,
      displayTitle: true,
      info: { Title: opts.title, Producer: 'Tandem', Creator: 'Tandem', CreationDate: opts.createdAt ?? new Date() },
    });
    for (const name of ['regular', 'bold'] as const) {
      const font = openFont(name);
      // pdfkit takes a fontkit font as it is: the one the writer shapes with is the one embedded.
      this.doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
      this.fonts.set(name, { shaper: new Shaper(font), unitsPerEm: font.unitsPerEm, codes: new Map(), written: new Map() });
    }
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  title(text: string): this {
    return this.paragraph(text, { bold: true, size: 18, gap: 8 });
  }

  heading(text: string): this {
    this.space(10);
    return this.paragraph(text, { bold: true, size: 13, gap: 4 });
  }

  subheading(text: string): this {
    this.space(4);
    return this.paragraph(text, { bold: true, size: 10.5, gap: 2 });
  }

  /** "label: value" lines in the document's direction; the value keeps its own (isolated). */
  facts(pairs: Array<[string, string | number | null | undefined]>): this {
    for (const [label, value] of pairs) this.paragraph(`${label}: ${isolate(value === null || value === undefined || value === '' ? '—' : String(value))}`);
    return this;
  }

  meta(text: string): this {
    return this.paragraph(text, { size: 8.5, color: '#555555' });
  }

  /** Text a person wrote, in whatever language: its own direction. */
  freeText(text: string): this {
    return this.paragraph(text, { dir: 'auto' });
  }

  space(points: number): this {
    this.doc.y += points;
    return this;
  }

  paragraph(text: string, style: Style = {}): this {
    const doc = this.doc;
    const name: FontName = style.bold ? 'bold' : 'regular';
    const size = style.size ?? 10;
    const color = style.color ?? '#000000';
    doc.font(name).fontSize(size).fillColor(color);
    const font = this.fonts.get(name)!;
    const toPoints = size / font.unitsPerEm;
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    for (const hard of text.normalize('NFC').split(/\r?\n/)) {
      const base = style.dir === 'auto' ? paragraphDirection(hard, this.direction) : this.direction;
      const p = bidiParagraph(hard, base);
      for (const line of breakLines(p, font.shaper, width / toPoints)) {
        const lineHeight = doc.currentLineHeight(true);
        if (doc.y + lineHeight > doc.page.height - doc.page.margins.bottom) {
          doc.addPage();
          doc.font(name).fontSize(size).fillColor(color);
        }
        const x = base === 'rtl' ? left + width - line.width * toPoints : left;
        this.drawLine(p, line, font, size, x, doc.y);
        doc.y += lineHeight;
      }
    }
    doc.x = left;
    doc.y += style.gap ?? 2;
    return this;
  }

  end(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }

  /**
   * Draws a line at (x, y) (top left, pdfkit's coordinates): one text object, one string of
   * glyphs per run of one direction, in visual order; glyphs moved off the pen by the shaper
   * (marks) are placed one by one, as pdfkit does.
   */
  private drawLine(p: BidiParagraph, line: Line, font: Font, size: number, x: number, y: number): void {
    if (line.pieces.length === 0) return;
    const doc = this.doc;
    const embedded = (doc as unknown as { _font: EmbeddedFont })._font;
    doc.page.fonts[embedded.id] = embedded.ref();
    const scale = size / font.unitsPerEm; // font units → points
    const baseline = doc.page.height - y - (embedded.ascender / 1000) * size;
    const out: string[] = ['BT', `/${embedded.id} ${num(size)} Tf`];
    let pen = x;
    const runs = lineRuns(p, line.start, line.end);
    for (const run of runs) {
      // A line of one run is its pieces; otherwise each run's are found again (shaped already).
      const runPieces = runs.length === 1 ? line.pieces.slice() : pieces(p, font.shaper, run.start, run.end);
      if (run.rtl) runPieces.reverse();
      out.push(`1 0 0 1 ${num(pen)} ${num(baseline)} Tm`);
      let tj = '';
      let moved = false; // the text position is not at the pen (after a moved glyph)
      const flush = () => {
        if (tj) out.push(`[${tj}] TJ`);
        tj = '';
      };
      for (const { shaped } of runPieces) {
        const glyphs = this.glyphString(embedded, font, shaped);
        if (glyphs !== null) {
          if (moved) out.push(`1 0 0 1 ${num(pen)} ${num(baseline)} Tm`);
          moved = false;
          tj += glyphs;
          pen += shaped.width * scale;
          continue;
        }
        for (let i = 0; i < shaped.glyphs.length; i++) {
          const code = this.code(embedded, font, shaped.glyphs[i]!);
          const dx = shaped.xOffsets[i]!;
          const dy = shaped.yOffsets[i]!;
          if (dx || dy) {
            flush();
            out.push(`1 0 0 1 ${num(pen + dx * scale)} ${num(baseline + dy * scale)} Tm`, `[<${code}>] TJ`);
            moved = true;
          } else {
            if (moved) out.push(`1 0 0 1 ${num(pen)} ${num(baseline)} Tm`);
            moved = false;
            tj += `<${code}>${kerning(shaped, i, font)}`;
          }
          pen += shaped.advances[i]! * scale;
        }
      }
      flush();
    }
    out.push('ET');
    doc.save();
    doc.transform(1, 0, 0, -1, 0, doc.page.height);
    doc.addContent(out.join('\n'));
    doc.restore();
  }

  /**
   * A shaped piece as it is written in a TJ array, made once per document; null when a glyph of
   * it is moved off the pen (drawn on its own).
   */
  private glyphString(embedded: EmbeddedFont, font: Font, shaped: Shaped): string | null {
    let written = font.written.get(shaped);
    if (written === undefined) {
      written = '';
      let hex = '';
      for (let i = 0; i < shaped.glyphs.length && written !== null; i++) {
        if (shaped.xOffsets[i] || shaped.yOffsets[i]) written = null;
        else {
          hex += this.code(embedded, font, shaped.glyphs[i]!);
          const kern = kerning(shaped, i, font);
          if (kern) {
            written += `<${hex}>${kern}`;
            hex = '';
          }
        }
      }
      if (written !== null && hex) written += `<${hex}>`;
      font.written.set(shaped, written);
    }
    return written;
  }

  /** The glyph's code in the embedded subset, added to the subset and its text map on first use. */
  private code(embedded: EmbeddedFont, font: Font, glyph: Glyph): string {
    let code = font.codes.get(glyph.id);
    if (code === undefined) {
      const gid = embedded.subset.includeGlyph(glyph.id);
      embedded.widths[gid] ??= glyph.advanceWidth * (1000 / font.unitsPerEm);
      embedded.unicode[gid] ??= glyph.codePoints;
      code = gid.toString(16).padStart(4, '0');
      font.codes.set(glyph.id, code);
    }
    return code;
  }
}

/** A glyph's advance where the shaper changed it (kerning), as a TJ adjustment (thousandths of the size). */
function kerning(shaped: Shaped, i: number, font: Font): string {
  const kern = shaped.advances[i]! - shaped.glyphs[i]!.advanceWidth;
  return kern ? ` ${num((-kern * 1000) / font.unitsPerEm)} ` : '';
}

/** A number as PDF content writes it: at most three decimals, no exponent. */
function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
