import { Text, View } from '@tarojs/components';
import { QuoteRows } from '../../../components/AmountRow';
import { StatusTag } from '../../../components/StatusTag';
import { Checkbox } from '../../../components/nut/Checkbox';
import { formatFen } from '../../../lib/money';
import { choiceKey, type PersonChoices } from './choices';
import { Callout } from '../../../components/Notice';

export interface PersonOptionsProps {
  person: PersonChoices;
  selected: ReadonlySet<string>;
  onToggle: (key: string, checked: boolean) => void;
}

/**
 * One person's choices on 缴费: each DUE year with its quote's breakdown (shown before anything is chosen), and
 * the later years that can be prepaid. A relative not verified yet is listed, with why nothing can be chosen.
 */
export function PersonOptions({ person, selected, onToggle }: PersonOptionsProps) {
  return (
    <View className="app-card pay-person" data-testid="pay-person" data-name={person.name}>
      <View className="pay-person__head">
        <Text className="pay-person__name">{person.name}</Text>
        <Text className="app-muted">{person.relationLabel}</Text>
        {person.payable ? null : <StatusTag tone="warning" text="待核验" testId="pay-person-unverified" />}
      </View>
      {person.payable ? null : <Callout tone="warn">该家人关系尚未核验，核验通过后才能为其缴费。</Callout>}
      {person.enrolledYears.map((year) => (
        <Text key={year} className="app-muted pay-person__enrolled">
          {year}年度 已参保
        </Text>
      ))}
      {person.heldYears.map((year) => (
        <Text key={year} className="app-muted pay-person__enrolled" data-testid="pay-held-year">
          {year}年度 缴费办理中（已有一笔缴费尚未完成，可在缴费记录中查看）
        </Text>
      ))}
      {person.payable
        ? person.dueYears.map((year) => {
            const key = choiceKey(person.personId, year.benefitYear);
            return (
              <View key={key} className="pay-year" data-testid="pay-choice" data-kind="due" data-year={String(year.benefitYear)}>
                <Checkbox
                  checked={selected.has(key)}
                  onChange={(checked) => onToggle(key, checked)}
                  label={<Text className="pay-year__label">{year.benefitYear}年度 待缴费</Text>}
                />
                <View className="pay-year__quote">
                  <QuoteRows quote={year} testIdPrefix="pay-quote" />
                  {year.benefitStart && year.benefitEnd ? (
                    <Text className="app-muted pay-year__benefit">
                      待遇期 {year.benefitStart} 至 {year.benefitEnd}
                    </Text>
                  ) : null}
                </View>
              </View>
            );
          })
        : null}
      {person.payable && person.prepayYears.length > 0 ? (
        <View className="pay-prepay">
          <Text className="pay-prepay__title">预缴以后年度</Text>
          <View className="pay-prepay__years">
            {person.prepayYears.map((year) => {
              const key = choiceKey(person.personId, year.benefitYear);
              return (
                <View key={key} data-testid="pay-choice" data-kind="prepay" data-year={String(year.benefitYear)}>
                  <Checkbox
                    shape="button"
                    checked={selected.has(key)}
                    onChange={(checked) => onToggle(key, checked)}
                    label={`${year.benefitYear}年度 ${formatFen(year.dueFen)}`}
                  />
                </View>
              );
            })}
          </View>
          <Text className="app-muted pay-person__hint" data-testid="pay-prepay-note">
            预缴按当前标准锁价，以后标准提高不再补缴；每年金额按该年度报价。
          </Text>
        </View>
      ) : null}
    </View>
  );
}
