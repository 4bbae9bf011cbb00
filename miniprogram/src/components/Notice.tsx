import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';
import './Notice.scss';

/** ok: what the user just did went through; info: wait and see; warn: not possible yet; danger: it went wrong. */
export type NoticeTone = 'ok' | 'info' | 'warn' | 'danger';

interface NoticeProps {
  tone: NoticeTone;
  testId?: string;
  /** Nothing (null, '') shows nothing, so a page can pass its optional message as it is. */
  children?: ReactNode;
}

function notice(layout: 'banner' | 'inline', { tone, testId, children }: NoticeProps) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <Text className={`notice notice--${layout} notice--${tone}`} data-testid={testId}>
      {children}
    </Text>
  );
}

/** A message across the page, above its cards: the outcome of an action, or a state the whole page is in. */
export function Banner(props: NoticeProps) {
  return notice('banner', props);
}

/** A short note inside a card, under the line it is about. */
export function Callout(props: NoticeProps) {
  return notice('inline', props);
}
