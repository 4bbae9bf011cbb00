import { Text, View } from '@tarojs/components';
import './ProgressBar.scss';

/**
 * A bar toward a goal with its words beside it ("已存 150.00元 / 应缴 400.00元"). The percentage comes from the
 * server (integer arithmetic there), so the bar and the numbers can never disagree.
 */
export function ProgressBar({ percent, label, testId }: { percent: number; label: string; testId: string }) {
  const width = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <View className="progress" data-testid={testId} data-percent={width}>
      <View className="progress__track" role="progressbar" aria-valuenow={width} aria-valuemin={0} aria-valuemax={100}>
        <View className={width >= 100 ? 'progress__fill progress__fill--done' : 'progress__fill'} style={{ width: `${width}%` }} />
      </View>
      <View className="progress__legend">
        <Text className="progress__label">{label}</Text>
        <Text className="progress__percent" data-testid={`${testId}-percent`}>
          {width}%
        </Text>
      </View>
    </View>
  );
}
