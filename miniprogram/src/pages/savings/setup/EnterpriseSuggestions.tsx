import { Text, View } from '@tarojs/components';
import { findPlatform, platformsOfType } from '@shared/enterprises/platforms';
import { ENTERPRISE_TYPE_OPTIONS, type EnterpriseType } from '../common/savingsApi';

const TYPE_LABEL = new Map<string, string>(ENTERPRISE_TYPE_OPTIONS.map((o) => [o.value, o.label]));

/**
 * What a typed name will be recorded as, right under the field where it is seen while typing, then the listed
 * platforms of the chosen type, one tap to fill the name. Staff compare enterprises' rates, so "美团外卖" and "美团众包"
 * are both recorded as 美团 (shared/enterprises).
 */
export function EnterpriseSuggestions({ type, typed, onPick }: { type: EnterpriseType; typed: string; onPick: (name: string) => void }) {
  const matched = typed.trim() ? findPlatform(typed, type) : null;
  return (
    <View className="setup__field" data-testid="setup-enterprise-suggestions">
      {matched && matched.name !== typed.trim() ? (
        <Text className="setup__hint" data-testid="setup-enterprise-recorded">
          将记为「{matched.name}」（{TYPE_LABEL.get(matched.type)}）
        </Text>
      ) : matched && matched.type !== type ? (
        <Text className="setup__hint" data-testid="setup-enterprise-recorded">
          {matched.name}将记为{TYPE_LABEL.get(matched.type)}平台
        </Text>
      ) : null}
      <View className="setup__chips">
        {platformsOfType(type).map((p) => (
          <View key={p.code} className={`setup__chip${matched?.code === p.code ? ' setup__chip--on' : ''}`} onClick={() => onPick(p.name)}>
            <Text>{p.name}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
