// Files attached to planning records: a list of download links, and an upload control that
// attaches one file at a time (PDF, PNG, JPEG, text or CSV, at most 5 MB).
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { client, data, multipart, type Answer, type Query } from '../../api/typed.ts';
import { useAction } from '../../api/use-action.ts';
import { problemOf, ProblemText } from '../../components/field-problem.tsx';
import { FileDrop } from '../../components/lazy-widgets.tsx';

export type PlanFile = Answer<'/api/plans/{planId}/files', 'post'>;
export type FileOwnerKind = NonNullable<Query<'/api/plans/{planId}/files', 'post'>['ownerKind']>;

/** `base` is where the files are read: `/api/plans/<id>/files` signed in, the public path otherwise. */
export function FileList(props: { files: ReadonlyArray<Pick<PlanFile, 'id' | 'filename' | 'sizeBytes'>>; base: string }) {
  if (props.files.length === 0) return null;
  return (
    <ul className="file-list">
      {props.files.map((f) => (
        <li key={f.id}>
          <a href={`${props.base}/${f.id}`} download>
            {f.filename}
          </a>{' '}
          <span className="meta">
            <FormattedMessage id="planFiles.size" values={{ kb: Math.max(1, Math.round(f.sizeBytes / 1024)) }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function FileUpload(props: { planId: string; ownerKind: FileOwnerKind; ownerId: string; onUploaded: (file: PlanFile) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const upload = useAction((file: File) =>
    data(() =>
      client.POST('/api/plans/{planId}/files', {
        params: { path: { planId: props.planId }, query: { ownerKind: props.ownerKind, ownerId: props.ownerId } },
        body: { file },
        bodySerializer: multipart,
      }),
    ),
  );
  // What is wrong with the file itself (empty, of a kind not taken), when the server says.
  const fileProblem = upload.fields.find((f) => f.path === 'file');
  return (
    <form
      className="file-upload"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        const result = await upload.run(file);
        if (result.ok) {
          props.onUploaded(result.value);
          setFile(null);
          setInputKey((k) => k + 1);
        }
      }}
    >
      <FileDrop
        key={inputKey}
        label="planFiles.choose"
        hint="planFiles.hint"
        accept={['.pdf', '.png', '.jpg', '.jpeg', '.txt', '.csv', 'application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv']}
        file={file}
        onChange={setFile}
      />
      {upload.error && (
        <p className="field-error" role="alert">
          {fileProblem ? <ProblemText problem={problemOf(fileProblem)} /> : <FormattedMessage id={upload.error} />}
        </p>
      )}
      <button type="submit" disabled={!file || upload.busy}>
        <FormattedMessage id={upload.busy ? 'planFiles.attaching' : 'planFiles.attach'} />
      </button>
    </form>
  );
}
