import React, { useState } from 'react';
import { Input } from '@grafana/ui';

interface Props {
  value: string;
  placeholder?: string;
  width?: number;
  invalid?: boolean;
  disabled?: boolean;
  'aria-label': string;
  /** Called with the trimmed text on Enter or blur, when it changed. */
  onCommit: (value: string) => void;
}

/** A text input that applies its value on Enter or when it loses focus, not on every key stroke. */
export function CommitInput({ value, onCommit, ...rest }: Props) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // the filter changed elsewhere (URL, another control): show the new value
    setShown(value);
    setText(value);
  }
  const commit = () => {
    const next = text.trim();
    if (next !== value) {
      onCommit(next);
    }
  };
  return (
    <Input
      {...rest}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit();
        }
      }}
    />
  );
}
