// Everything reached without signing in, other than the sign-in page itself: one chunk,
// loaded only when one of these pages is opened.
import { FormattedMessage } from 'react-intl';
import { DirectoryView } from '../components/directory-view.tsx';
import { PublicFrame } from '../components/public-frame.tsx';
import { ForgotPasswordPage, InvitationPage, ResetPasswordPage } from './recovery.tsx';

function PublicDirectoryPage() {
  return (
    <PublicFrame wide>
      <h1>
        <FormattedMessage id="directory.publicTitle" />
      </h1>
      <p className="lead">
        <FormattedMessage id="directory.publicIntro" />
      </p>
      <DirectoryView endpoint="/api/public/directory" linkProfiles={false} />
    </PublicFrame>
  );
}

export const PUBLIC_PAGES = {
  '/forgot-password': ForgotPasswordPage,
  '/reset-password': ResetPasswordPage,
  '/invitation': InvitationPage,
  '/public/directory': PublicDirectoryPage,
} as const;

export default function PublicPage(props: { path: keyof typeof PUBLIC_PAGES }) {
  const Page = PUBLIC_PAGES[props.path];
  return <Page />;
}
