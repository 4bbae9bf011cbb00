import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useElderMode } from '../lib/elderMode';

/**
 * Every page's root. A mini-program has no shared DOM root across pages, so each page carries the
 * 长辈模式 class itself; the class only redefines the CSS variables declared in app.scss.
 */
export function PageShell({ children, testId }: PropsWithChildren<{ testId: string }>) {
  const elder = useElderMode();
  return (
    <View className={elder ? 'app-page app-page--elder' : 'app-page'} data-testid={testId} data-elder={elder ? '1' : '0'}>
      {children}
    </View>
  );
}
