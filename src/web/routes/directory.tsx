import { FormattedMessage } from 'react-intl';
import { DirectoryView } from '../components/directory-view.tsx';

export function DirectoryPage() {
  return (
    <>
      <h1 tabIndex={-1}>
        <FormattedMessage id="directory.title" />
      </h1>
      <p className="lead">
        <FormattedMessage id="directory.intro" />
      </p>
      <DirectoryView endpoint="/api/directory" linkProfiles />
    </>
  );
}
