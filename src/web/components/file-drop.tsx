// A file field in the page's language. The browser's own file input says "Choose File / No file
// chosen" in the browser's language whatever the page's; this one says it in the page's, takes a
// file dropped on it (or pasted), and shows the chosen file's name and size. React Aria's DropZone
// and FileTrigger keep it usable with the keyboard and a screen reader; the native input stays
// underneath (FileTrigger's), so a file chosen through it behaves as before.
import { useId, useState } from 'react';
import { Button, DropZone, FileTrigger, Text, type DropItem } from 'react-aria-components';
import { FormattedMessage, FormattedNumber } from 'react-intl';
import { accepts } from './widget-values.ts';
import { Upload } from 'lucide-react';
import { Icon } from './icon.tsx';

export type FileDropProps = {
  /** Message ids. */
  label: string;
  hint?: string;
  /** File name endings and media types accepted, as the native `accept` takes them. */
  accept: string[];
  file: File | null;
  onChange: (file: File | null) => void;
  /** The native input's id, for tests and for a label elsewhere. */
  inputId?: string;
  name?: string;
};


export function FileDrop(props: FileDropProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const [refused, setRefused] = useState(false);
  const take = (files: File[]) => {
    if (files.length === 0) return;
    const file = files.find((f) => accepts(props.accept, f));
    setRefused(!file);
    if (file) props.onChange(file);
  };
  const fromDrop = async (items: DropItem[]) => {
    const files: File[] = [];
    for (const item of items) if (item.kind === 'file') files.push(await item.getFile());
    take(files);
  };
  return (
    <div className="field file-drop-field">
      <span id={labelId} className="label">
        <FormattedMessage id={props.label} />
      </span>
      {props.hint && (
        <span id={hintId} className="hint">
          <FormattedMessage id={props.hint} />
        </span>
      )}
      <DropZone
        className="file-drop"
        aria-labelledby={labelId}
        // What kind a dragged file is may not be known before it is dropped: checked on drop.
        getDropOperation={() => 'copy'}
        onDrop={(e) => void fromDrop(e.items)}
      >
        <FileTrigger
          acceptedFileTypes={props.accept}
          onSelect={(list) => take(list ? [...list] : [])}
          ref={(input) => {
            // The native input underneath: named and labelled like the field, so tests and
            // assistive technology that address it directly find it.
            if (!input) return;
            if (props.inputId) input.id = props.inputId;
            if (props.name) input.name = props.name;
            input.setAttribute('aria-labelledby', labelId);
          }}
        >
          <Button className="file-drop-button" aria-describedby={props.hint ? `${hintId} ${id}-chosen` : `${id}-chosen`}>
            <Icon of={Upload} />
            <FormattedMessage id="fields.chooseFile" />
          </Button>
        </FileTrigger>
        <Text id={`${id}-chosen`} className="file-drop-chosen" aria-live="polite">
          {props.file ? (
            <>
              <bdi>{props.file.name}</bdi>{' '}
              <span className="hint">
                (<FormattedNumber value={Math.max(props.file.size / 1024, 0.1)} style="unit" unit="kilobyte" unitDisplay="short" maximumFractionDigits={props.file.size < 10_240 ? 1 : 0} />)
              </span>
            </>
          ) : (
            <FormattedMessage id="fields.orDropFile" />
          )}
        </Text>
        {props.file && (
          <Button className="link-button" onPress={() => props.onChange(null)}>
            <FormattedMessage id="fields.removeFile" />
          </Button>
        )}
      </DropZone>
      {refused && (
        <span className="field-error" role="alert">
          <FormattedMessage id="fields.fileNotAccepted" />
        </span>
      )}
    </div>
  );
}
