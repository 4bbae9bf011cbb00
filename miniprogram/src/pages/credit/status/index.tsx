import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { RELATION_LABELS } from '@shared/api/contract';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { StatusTag, type StatusTone } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { openPage } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { creditApi, type BenefitStatus } from '../common/creditApi';
import { PageIntro } from '../../../components/PageIntro';
import '../common/credit.scss';

const LABELS: Record<BenefitStatus['status'], { text: string; tone: StatusTone }> = {
  active: { text: '正常享受待遇', tone: 'success' },
  waiting: { text: '等待期', tone: 'info' },
  'repay-first': { text: '请先还款', tone: 'warning' },
  suspended: { text: '暂停享受待遇', tone: 'warning' },
  'not-enrolled': { text: '未参保', tone: 'default' },
};

interface PersonStatus {
  name: string;
  relationLabel: string;
  /** Today, and the first day of the next benefit year (what a prepaid or credit-paid year will bring). */
  statuses: BenefitStatus[];
  /** One person's status that could not be read is said on their card; the others still show. */
  error: string | null;
}

async function loadStatuses(): Promise<Loaded<PersonStatus[]>> {
  const coverage = await creditApi.coverage();
  if (!coverage.ok) return coverage;
  const today = coverage.data.today;
  const nextYearStart = `${Number(today.slice(0, 4)) + 1}-01-01`;
  const people = await Promise.all(
    coverage.data.people.map(async (p): Promise<PersonStatus> => {
      const answers = await Promise.all([creditApi.benefitStatus(p.person.personId), creditApi.benefitStatus(p.person.personId, nextYearStart)]);
      const failed = answers.find((a) => !a.ok);
      return {
        name: p.person.name,
        relationLabel: RELATION_LABELS[p.relation],
        statuses: answers.flatMap((a) => (a.ok ? [a.data] : [])),
        error: failed && !failed.ok ? failed.error.message : null,
      };
    }),
  );
  return { ok: true, data: people };
}

/** Back to 信用参保 when the user came from there (it reloads on show), else open it: no page twice on the stack. */
function goRepay(): void {
  const pages = Taro.getCurrentPages();
  const below = pages[pages.length - 2];
  if (below?.route?.includes(SERVICE_ROUTES.credit.slice(1))) void Taro.navigateBack();
  else openPage(SERVICE_ROUTES.credit);
}

function StatusLine({ status, first }: { status: BenefitStatus; first: boolean }) {
  const label = LABELS[status.status];
  // Repaid today (benefits from tomorrow) owes nothing: no 去还款.
  const owing = status.status === 'repay-first' || (status.status === 'suspended' && status.reason.startsWith('credit') && status.reason !== 'credit-repaid');
  // "未参保" above "未参加居民医保" says it twice: the tag alone is enough.
  const sameAsLabel = status.message === label.text || status.reason === 'no-enrollment';
  return (
    <View data-testid="benefit-status" data-status={status.status} data-reason={status.reason} data-date={status.date}>
      <View className="credit__head status-card__when">
        <Text>{first ? `今天（${status.date}）` : `${status.date} 起（${status.benefitYear}年度）`}</Text>
        <StatusTag tone={label.tone} text={label.text} testId="benefit-status-label" />
      </View>
      {/* The tag already says it when the reason is the label itself ("正常享受待遇"): said once. */}
      {!sameAsLabel ? (
        <Text className="status-card__message" data-testid="benefit-status-message">
          {status.message}
        </Text>
      ) : null}
      {/* The server sends `until` only when the status really changes that day. */}
      {status.until ? (
        <Text className="app-muted" data-testid="benefit-status-until">
          状态将于 {status.until} 变化
        </Text>
      ) : null}
      {owing ? (
        <View className="app-actions">
          <Button type="primary" size="large" onClick={goRepay} data-testid="benefit-go-repay">
            去还款
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** 待遇状态: whether the user and each relative may use their benefits, with the reason, today and from next year. */
export default function BenefitStatusPage() {
  const { state, retry } = usePageData(loadStatuses);
  return (
    <PageShell testId="benefit-status-page">
      <PageIntro title="待遇状态" intro="就医结算时，医院看到的就是这里的状态。" />
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready'
        ? state.data.map((person) => (
            <View key={person.name} className="app-card" data-testid="benefit-person" data-name={person.name}>
              <Text className="credit__name">
                {person.name}
                <Text className="app-muted"> {person.relationLabel}</Text>
              </Text>
              {person.error ? <Text className="app-error credit__line">{person.error}</Text> : null}
              {person.statuses.map((status, index) => (
                <StatusLine key={status.date} status={status} first={index === 0} />
              ))}
            </View>
          ))
        : null}
    </PageShell>
  );
}
