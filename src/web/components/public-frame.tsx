import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { LanguageSwitcher } from './language-switcher.tsx';
import { useRenderedPath } from './rendered-path.ts';

/** The frame of pages seen without signing in. */
export function PublicFrame(props: { children: ReactNode; wide?: boolean }) {
  useRenderedPath();
  return (
    <div className="public-layout">
      <header className="public-header">
        <Link to="/sign-in" className="brand">
          <FormattedMessage id="app.name" />
        </Link>
        <LanguageSwitcher />
      </header>
      <main id="main" className={props.wide ? 'public-main wide' : 'sign-in'}>
        {props.children}
      </main>
    </div>
  );
}
