import { Text, View } from '@tarojs/components';
import { RELATION_LABELS, type CoverageOutput, type PersonView, type Relation } from '@shared/api/contract';
import { StatusTag } from '../../../components/StatusTag';
import { YearCoverage } from './YearCoverage';
import { Callout } from '../../../components/Notice';
import { HOLDING_STATES, type Advance } from '../../credit/common/creditApi';

type CoveredPerson = CoverageOutput['people'][number];

export interface Verification {
  verified: boolean;
  note?: string;
}

/**
 * One person's card: who they are to the user, whether the registry confirmed that link, and their years.
 * The user's own card carries no verification tag: binding already checked them against the registry.
 */
export function PersonCoverage({
  person,
  relation,
  verification,
  years,
  advances = [],
  onPayYear,
  onRemove,
}: {
  person: PersonView;
  relation: 'self' | Relation;
  verification: Verification | null;
  years: CoveredPerson['years'];
  /** The person's bank advances (信用参保): the one holding a year is shown on that year. */
  advances?: Advance[];
  /** Given when the user may pay for this person: the user themselves, or a verified relative. */
  onPayYear?: (benefitYear: number) => void;
  /** Given for a relative: takes the link away (a wrong relation, a mistyped person), after a confirmation. */
  onRemove?: () => void;
}) {
  return (
    <View className="app-card person" data-testid="person-card" data-name={person.name}>
      <View className="person__head">
        <Text className="person__name">{person.name}</Text>
        <Text className="person__relation">{RELATION_LABELS[relation]}</Text>
        {verification ? (
          <StatusTag
            tone={verification.verified ? 'success' : 'warning'}
            text={verification.verified ? '已核验' : '待核验'}
            testId="verify-state"
          />
        ) : null}
        {onRemove ? (
          <Text className="person__remove" onClick={onRemove} data-testid="remove-relative">
            移除
          </Text>
        ) : null}
      </View>
      <Text className="app-muted person__id">身份证 {person.idNumberMasked}</Text>
      {verification && !verification.verified ? (
        <Callout tone="warn" testId="verify-note">
          {verification.note ?? '尚未在人口库中核实到与您的亲属关系，核验通过后才能查看其参保信息并为其缴费。'}
        </Callout>
      ) : null}
      {years.length > 0 ? (
        years.map((year) => (
          <YearCoverage
            key={year.benefitYear}
            year={year}
            advance={advances.find((a) => a.benefitYear === year.benefitYear && HOLDING_STATES.includes(a.state))}
            onPay={onPayYear ? () => onPayYear(year.benefitYear) : undefined}
          />
        ))
      ) : (
        <Text className="app-muted">暂无参保信息</Text>
      )}
    </View>
  );
}
