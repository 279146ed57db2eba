// Every pictogram in the interface goes through this wrapper, so that all of them are drawn the
// same way: sized and coloured by the text around them (styles.css `.icon`), hidden from
// assistive technology because the word beside them always says the same, and kept out of the
// tab order (older engines focus SVGs). Icons are imported one by one from lucide-react, so only
// those used are in the bundle. docs/style-guide.md lists which icon stands for which meaning;
// test/unit/icons.test.ts holds the code to that table.
import type { LucideIcon } from 'lucide-react';

export type IconProps = {
  of: LucideIcon;
  /** An icon that points along the reading direction (back, next, send, sign out): mirrored in right-to-left pages. */
  directional?: boolean;
};

export function Icon({ of: Of, directional = false }: IconProps) {
  return <Of className={directional ? 'icon icon-directional' : 'icon'} aria-hidden="true" focusable="false" />;
}
