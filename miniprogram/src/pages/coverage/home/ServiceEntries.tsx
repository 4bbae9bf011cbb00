import { Text, View } from '@tarojs/components';
import { openPage } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';

const ENTRIES = [
  { key: 'agreements', title: '自动续缴', hint: '每年自动扣缴', url: SERVICE_ROUTES.agreements },
  { key: 'savings', title: '零存整缴', hint: '灵活就业攒保费', url: SERVICE_ROUTES.savings },
  { key: 'credit', title: '信用参保', hint: '银行先代缴', url: SERVICE_ROUTES.credit },
  { key: 'benefit', title: '待遇状态', hint: '能否正常报销', url: SERVICE_ROUTES.benefitStatus },
  { key: 'notices', title: '消息', hint: '扣款与缴费提醒', url: SERVICE_ROUTES.notices },
] as const;

/** 我的参保's doors to the other ways of paying and to what they lead to: one tap each, large enough for 长辈模式. */
export function ServiceEntries() {
  return (
    <View className="app-card services" data-testid="service-entries">
      {ENTRIES.map((entry) => (
        <View key={entry.key} className="services__entry" onClick={() => openPage(entry.url)} data-testid={`go-${entry.key}`}>
          <Text className="services__title">{entry.title}</Text>
          <Text className="services__hint">{entry.hint}</Text>
        </View>
      ))}
    </View>
  );
}
