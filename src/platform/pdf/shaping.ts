// Text shaping for the PDF writer with fontkit (OpenType GSUB/GPOS: Arabic joining forms and
// lam-alef ligatures, marks, kerning), the engine pdfkit itself uses. Shaping is the costly part
// of writing a PDF, so a document shapes each piece of text (a word, or a space) once per font
// and direction, and uses the result both to break lines and to draw them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

export type FontName = 'regular' | 'bold';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES: Record<FontName, string> = { regular: join(FONT_DIR, 'DejaVuSans.ttf'), bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf') };

// The font files, read once per thread (a worker has its own copy of this module).
const fileCache = new Map<FontName, Buffer>();

/**
 * A font of its own for each document: fontkit keeps per font the characters each glyph was
 * first met for, which go into the PDF's text map; a font shared between documents would make
 * one document's bytes depend on those written before it.
 */
export function openFont(name: FontName): fontkit.Font {
  let bytes = fileCache.get(name);
  if (!bytes) {
    bytes = readFileSync(FONT_FILES[name]);
    fileCache.set(name, bytes);
  }
  return fontkit.create(bytes) as fontkit.Font;
}

export type Glyph = fontkit.Glyph;

/** Glyphs of a piece of text in drawing order (left to right), in font units. */
export type Shaped = {
  glyphs: fontkit.Glyph[];
  /** Pen advance after each glyph (kerning included). */
  advances: number[];
  xOffsets: number[];
  yOffsets: number[];
  /** Sum of the advances. */
  width: number;
};

/** Shapes text in one font, remembering every result for the document's life. */
export class Shaper {
  readonly font: fontkit.Font;
  private readonly cache = new Map<string, Shaped>();

  constructor(font: fontkit.Font) {
    this.font = font;
  }

  /** `text` in logical order; a right-to-left piece comes back reversed (visual order). */
  shape(text: string, rtl: boolean): Shaped {
    const key = rtl ? `r${text}` : `l${text}`;
    let shaped = this.cache.get(key);
    if (!shaped) {
      const run = this.font.layout(text, [], undefined, undefined, rtl ? 'rtl' : 'ltr');
      const n = run.glyphs.length;
      shaped = { glyphs: run.glyphs, advances: new Array<number>(n), xOffsets: new Array<number>(n), yOffsets: new Array<number>(n), width: 0 };
      for (let i = 0; i < n; i++) {
        const p = run.positions[i]!;
        shaped.advances[i] = p.xAdvance;
        shaped.xOffsets[i] = p.xOffset;
        shaped.yOffsets[i] = p.yOffset;
        shaped.width += p.xAdvance;
      }
      this.cache.set(key, shaped);
    }
    return shaped;
  }
}
