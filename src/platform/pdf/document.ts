// A PDF document of headings, facts and paragraphs in any of the platform's languages, with the
// DejaVu Sans fonts (Latin, Cyrillic, Arabic). Lines are broken here and each line is drawn run
// by run in visual order (see bidi.ts), right-aligned when the paragraph reads right to left.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { logicalRuns, paragraphDirection, visualRuns, type Direction } from './bidi.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');
// Given any feature list, pdfkit lays a run out in one piece (without one it lays out word by
// word, which would keep Arabic words in logical order); the font's default features, Arabic
// joining forms and ligatures included, still apply.
const WHOLE_RUN: PDFKit.Mixins.OpenTypeFeatures[] = [];

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

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly direction: Direction;

  constructor(opts: PdfOptions) {
    this.direction = opts.direction;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      lang: opts.lang,
      displayTitle: true,
      info: { Title: opts.title, Producer: 'Tandem', Creator: 'Tandem', CreationDate: opts.createdAt ?? new Date() },
    });
    this.doc.registerFont('regular', REGULAR);
    this.doc.registerFont('bold', BOLD);
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

  /** "label: value" lines; the order of the two follows the line's own direction. */
  facts(pairs: Array<[string, string | number | null | undefined]>): this {
    for (const [label, value] of pairs) this.paragraph(`${label}: ${value === null || value === undefined || value === '' ? '—' : String(value)}`);
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
    doc.font(style.bold ? 'bold' : 'regular').fontSize(style.size ?? 10).fillColor(style.color ?? '#000000');
    this.fontKey = `${style.bold ? 'bold' : 'regular'}/${style.size ?? 10}`;
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    for (const hard of text.normalize('NFC').split(/\r?\n/)) {
      const base = style.dir === 'auto' ? paragraphDirection(hard, this.direction) : this.direction;
      for (const line of this.wrap(hard, width, base)) {
        const lineHeight = doc.currentLineHeight(true);
        if (doc.y + lineHeight > doc.page.height - doc.page.margins.bottom) {
          doc.addPage();
          doc.font(style.bold ? 'bold' : 'regular').fontSize(style.size ?? 10).fillColor(style.color ?? '#000000');
        }
        const y = doc.y;
        let x = base === 'rtl' ? left + width - this.width(line, base) : left;
        for (const run of visualRuns(line, base)) {
          doc.text(run.text, x, y, { lineBreak: false, features: WHOLE_RUN });
          x += doc.widthOfString(run.text, { features: WHOLE_RUN });
        }
        doc.y = y + lineHeight;
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

  private width(line: string, base: Direction): number {
    return logicalRuns(line, base).reduce((w, r) => w + this.doc.widthOfString(r.text, { features: WHOLE_RUN }), 0);
  }

  /**
   * The width of one word (with or without its trailing space) in the current font and size.
   * Shaping is the costly part of writing a PDF, and words repeat: each is shaped once per font
   * and size, and a line's width is the sum of its words' (no script joins letters across a space).
   */
  private wordWidth(word: string, base: Direction): number {
    const key = `${this.fontKey}\u0000${base}\u0000${word}`;
    let w = this.wordWidths.get(key);
    if (w === undefined) {
      w = this.width(word, base);
      if (this.wordWidths.size > 50_000) this.wordWidths.clear();
      this.wordWidths.set(key, w);
    }
    return w;
  }

  private readonly wordWidths = new Map<string, number>();
  /** The font and size paragraph() set last, which words are measured in. */
  private fontKey = '';

  /** Greedy line breaking at spaces, in logical order (lines are reordered after breaking). */
  private wrap(text: string, width: number, base: Direction): string[] {
    if (text.trim() === '') return [''];
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0; // of `line`, trailing space included
    for (const word of text.split(/(?<=\s)/)) {
      if (line === '' || lineWidth + this.wordWidth(word.trimEnd(), base) <= width) {
        line += word;
        lineWidth += this.wordWidth(word, base);
        continue;
      }
      lines.push(line.trimEnd());
      line = word;
      lineWidth = this.wordWidth(word, base);
    }
    lines.push(line.trimEnd());
    // A word longer than the line is cut where it must be (only a line of one word can be too long).
    return lines.flatMap((l) => (/\s/.test(l) || this.wordWidth(l, base) <= width ? [l] : this.cut(l, width, base)));
  }

  private cut(text: string, width: number, base: Direction): string[] {
    const out: string[] = [];
    let piece = '';
    for (const ch of text) {
      if (piece && this.width(piece + ch, base) > width) {
        out.push(piece);
        piece = '';
      }
      piece += ch;
    }
    if (piece) out.push(piece);
    return out;
  }
}
