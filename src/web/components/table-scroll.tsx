import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways on a small screen. The region is focusable and named after
 * its section, so that keyboard users can scroll it too.
 */
export function TableScroll(props: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={props.labelledBy} tabIndex={0}>
      {props.children}
    </div>
  );
}
