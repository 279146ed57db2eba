// The shape of a figure after disclosure control, shared by every module that publishes figures
// computed from people's records (monitoring indicators, planning's representation figures) and
// by the pages that show them.
import { z } from 'zod';

/** A published figure: its value, or null with the reason it is hidden (never the hidden value). */
export const publishedFigure = z.object({
  value: z.number().nullable(),
  suppressed: z.enum(['primary', 'secondary']).nullable(),
});
export type PublishedFigure = z.infer<typeof publishedFigure>;

/** The rules the figures were published under, so that a page can explain a hidden figure. */
export const disclosureNote = z.object({ threshold: z.number().int(), roundTo: z.number().int() });
