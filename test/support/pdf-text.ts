// Reads back the text a PDF draws, for tests: inflates the content streams, maps each font's
// glyph codes through its ToUnicode map, and returns the strings of every text-showing operator
// in drawing order. Enough for the PDFs this application writes (pdfkit, embedded TrueType
// fonts with two-byte codes); not a general PDF parser.
import { inflateSync } from 'node:zlib';

type PdfObject = { dict: string; stream: Buffer | null };

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const s = body.indexOf('stream');
    if (s < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    let start = s + 'stream'.length;
    if (body[start] === '\r') start++;
    if (body[start] === '\n') start++;
    const end = body.lastIndexOf('endstream');
    let raw = Buffer.from(body.slice(start, end), 'latin1');
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    out.set(Number(m[1]), { dict, stream: raw });
  }
  return out;
}

function hexToString(hex: string): string {
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCodePoint(...codes);
}

/** code → text from a ToUnicode CMap. */
function cmap(source: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(line[1]!, 16);
      const hi = parseInt(line[2]!, 16);
      if (line[3]!.startsWith('[')) {
        // An entry may hold several characters (a ligature), written with spaces: <0066 0069>.
        const items = [...line[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => hexToString(x[1]!.replace(/\s/g, '')));
        items.forEach((t, i) => map.set(lo + i, t));
      } else {
        const base = parseInt(line[3]!.slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(base + c - lo));
      }
    }
  }
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(line[1]!, 16), hexToString(line[2]!));
  }
  return map;
}

/** One text-showing operator: its text, glyph codes, and where it starts (text space, points from the bottom left). */
export type DrawnText = { text: string; codes: number[]; x: number; y: number };

/** The strings drawn, one per text-showing operator, in order, with their glyph codes and positions. */
export function pdfDrawnText(pdf: Buffer): DrawnText[] {
  const objs = objects(pdf);
  // Font resource names (e.g. /F1) → their ToUnicode maps, from every page's resources.
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    const res = /\/Font\s*<<([^>]*)>>/.exec(o.dict);
    if (!res) continue;
    for (const f of res[1]!.matchAll(/\/(\S+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(f[2]));
      const tu = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const stream = tu && objs.get(Number(tu[1]))?.stream;
      if (stream) fonts.set(f[1]!, cmap(stream.toString('latin1')));
    }
  }
  const drawn: DrawnText[] = [];
  for (const o of objs.values()) {
    if (!o.stream || !/\bT[Jj]\b/.test(o.stream.toString('latin1'))) continue;
    let font = new Map<number, string>();
    let x = 0;
    let y = 0;
    const ops = /\/(\S+)\s+[\d.]+\s+Tf|(\[[^\]]*\])\s*TJ|<([0-9a-fA-F]*)>\s*Tj|[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) ([-\d.]+) Tm/g;
    for (const op of o.stream.toString('latin1').matchAll(ops)) {
      if (op[1]) {
        font = fonts.get(op[1]) ?? new Map();
        continue;
      }
      if (op[4]) {
        x = Number(op[4]);
        y = Number(op[5]);
        continue;
      }
      const hexes = op[2] ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [op[3]!];
      const codes: number[] = [];
      for (const h of hexes) for (let i = 0; i + 4 <= h.length; i += 4) codes.push(parseInt(h.slice(i, i + 4), 16));
      drawn.push({ text: codes.map((c) => font.get(c) ?? '\uFFFD').join(''), codes, x, y });
    }
  }
  return drawn;
}

/** The strings drawn, one per text-showing operator, in order. */
export function pdfTextRuns(pdf: Buffer): string[] {
  return pdfDrawnText(pdf).map((d) => d.text);
}

/** All text drawn, runs joined by spaces. */
export function pdfText(pdf: Buffer): string {
  return pdfTextRuns(pdf).join(' ');
}
