import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './PageIntro.scss';

/** A page's title, and under it the line saying what the page is for (or `children`, for a line that changes). */
export function PageIntro({ title, intro, children }: { title: string; intro?: string; children?: ReactNode }) {
  return (
    <View className="page-intro">
      <Text className="app-title">{title}</Text>
      {intro ? <Text className="app-muted">{intro}</Text> : null}
      {children}
    </View>
  );
}

/** The heading of a group of cards further down a page (记录, 明细). */
export function SectionTitle({ children }: { children: ReactNode }) {
  return <Text className="section-title">{children}</Text>;
}
