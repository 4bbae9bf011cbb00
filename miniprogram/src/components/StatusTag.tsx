import { View } from '@tarojs/components';
import { Tag } from './nut/Tag';
import './StatusTag.scss';

export type StatusTone = 'success' | 'warning' | 'info' | 'default';

/** A NutUI tag inside a View that carries the test id (NutUI's Tag does not pass data-* attributes on). */
export function StatusTag({ tone, text, testId, plain = false }: { tone: StatusTone; text: string; testId: string; plain?: boolean }) {
  return (
    <View className="status-tag" data-testid={testId}>
      <Tag type={tone} plain={plain}>
        {text}
      </Tag>
    </View>
  );
}
