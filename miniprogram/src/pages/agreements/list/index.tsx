import { Text, View } from '@tarojs/components';
import { ConfirmPanel, type ConfirmRequest } from '../../../components/ConfirmPanel';
import { FormAlert } from '../../../components/FormAlert';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { StatusTag } from '../../../components/StatusTag';
import { Button } from '../../../components/nut/Button';
import { openPage, withQuery } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { shanghaiDateTime } from '../../../lib/today';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { agreementsApi, type AgreementView, type Notice } from '../common/agreementsApi';
import { actionsFor, AGREEMENT_TONES, channelText } from '../common/agreementDisplay';
import { NoticeCard } from '../notices/NoticeCard';
import { NextDebitBlock } from './NextDebitBlock';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import '../common/agreements.scss';
import './index.scss';

type Action = 'pause' | 'resume' | 'cancel';
interface ListData {
  agreements: AgreementView[];
  notices: Notice[];
}

async function loadList(): Promise<Loaded<ListData>> {
  const [agreements, notices] = await Promise.all([agreementsApi.list(), agreementsApi.notices()]);
  if (!agreements.ok) return agreements;
  if (!notices.ok) return notices;
  return { ok: true, data: { agreements: agreements.data.agreements, notices: notices.data.notices } };
}

const ACTION_TEXT: Record<Action, { button: string; confirm: (a: AgreementView) => ConfirmRequest }> = {
  pause: {
    button: '暂停',
    confirm: (a) => ({ title: '暂停自动续缴', detail: `暂停后不再为${a.personName}自动扣款，可随时恢复。`, confirmText: '确认暂停' }),
  },
  resume: {
    button: '恢复',
    confirm: (a) => ({ title: '恢复自动续缴', detail: `恢复后，将在集中参保期内按当年标准为${a.personName}扣款，扣款前会先发送提醒。`, confirmText: '确认恢复' }),
  },
  cancel: {
    button: '解约',
    confirm: (a) => ({
      title: '解除自动续缴协议',
      detail: `解约后不再为${a.personName}自动扣款，${a.channel === 'wechat' ? '微信支付' : '银行'}也会收到解约通知。如需再次开通，需要重新签约。${
        a.nextDebit?.status === 'in-progress' ? '注意：有一笔扣款正在处理中，解约不能撤回已提交的扣款；如扣款成功，本年度即已缴费。' : ''}`,
      confirmText: '确认解约',
      danger: true,
    }),
  },
};

/** A failed signing is offered again only while nobody else's agreement for the person lives (signing would be refused). */
const mayTryAgain = (agreement: AgreementView, all: readonly AgreementView[]): boolean =>
  agreement.state === 'FAILED' && !all.some((a) => a.personId === agreement.personId && ['SIGNING', 'ACTIVE', 'PAUSED'].includes(a.state));

function AgreementCard({ agreement, canSignAgain, onAction }: { agreement: AgreementView; canSignAgain: boolean; onAction: (action: Action) => void }) {
  const actions = actionsFor(agreement.state);
  return (
    <View className="app-card agreement" data-testid="agreement-card" data-name={agreement.personName} data-state={agreement.state} data-channel={agreement.channel}>
      <View className="agreement__head">
        <Text className="agreement__name">{agreement.personName}</Text>
        <StatusTag tone={AGREEMENT_TONES[agreement.state]} text={agreement.stateLabel} testId="agreement-state" />
      </View>
      <Text className="app-muted agreement__line" data-testid="agreement-channel">
        {channelText(agreement)}
      </Text>
      <Text className="app-muted agreement__line">签约时间 {shanghaiDateTime(agreement.createdAt)}</Text>
      {agreement.state === 'CANCELLED' ? (
        <Text className="app-muted agreement__line" data-testid="agreement-ended-at">解约时间 {shanghaiDateTime(agreement.updatedAt)}</Text>
      ) : null}
      {agreement.endNote ? (
        <Text className="app-muted agreement__line" data-testid="agreement-end-note">
          {agreement.endNote}
        </Text>
      ) : null}
      {agreement.nextDebit ? <NextDebitBlock next={agreement.nextDebit} /> : null}
      {agreement.state === 'SIGNING' && agreement.channel === 'wechat' ? (
        // Left before confirming on WeChat's page (Back, a reload): the same contract code reopens it (service.ts sign).
        <View className="agreement__actions" data-testid="agreement-continue-signing">
          <Text className="app-muted agreement__line">微信签约尚未完成：可以继续签约，重新打开微信签约页面；不再需要时请解约。</Text>
          <Button
            size="normal"
            type="primary"
            onClick={() => openPage(withQuery(SERVICE_ROUTES.signAgreement, { personId: agreement.personId, channel: 'wechat' }))}
            data-testid="agreement-continue-sign"
          >
            继续签约
          </Button>
        </View>
      ) : null}
      {canSignAgain ? (
        <View className="agreement__actions">
          <Button size="normal" type="primary" onClick={() => openPage(SERVICE_ROUTES.signAgreement)} data-testid="agreement-sign-again">
            重新签约
          </Button>
        </View>
      ) : null}
      {actions.length > 0 ? (
        <View className="agreement__actions">
          {actions.map((action) => (
            <Button key={action} size="normal" type={action === 'cancel' ? 'default' : 'primary'} fill={action === 'cancel' ? 'outline' : undefined} onClick={() => onAction(action)} data-testid={`agreement-${action}`}>
              {ACTION_TEXT[action].button}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** 自动续缴: the agreements the user signed (for themselves and relatives), each with its next debit; pause, resume, cancel. */
export default function AgreementList() {
  const { state, retry, reload } = usePageData(loadList);
  const confirmed = useConfirmedAction((pending: { action: Action; agreement: AgreementView }) => agreementsApi[pending.action](pending.agreement.agreementId), reload);

  return (
    <PageShell testId="agreements-page">
      <View className="agreements__header">
        <Text className="app-title">自动续缴</Text>
        <Text className="app-muted">签约后，每年集中参保期内按当年标准自动扣缴居民医保费，扣款前会先发送提醒。可随时暂停、恢复或解约。</Text>
      </View>
      <View className="app-actions agreements__top">
        <Button type="primary" size="large" onClick={() => openPage(SERVICE_ROUTES.signAgreement)} data-testid="go-sign-agreement">
          签约自动续缴
        </Button>
      </View>
      <FormAlert message={confirmed.error} />
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready' ? (
        <View>
          {state.data.agreements.length === 0 ? (
            <View className="app-card agreements__empty" data-testid="agreements-empty">
              <Text className="app-muted">还没有签约自动续缴。</Text>
            </View>
          ) : (
            state.data.agreements.map((agreement) => (
              <AgreementCard
                key={agreement.agreementId}
                agreement={agreement}
                canSignAgain={mayTryAgain(agreement, state.data.agreements)}
                onAction={(action) => confirmed.ask({ action, agreement })}
              />
            ))
          )}
          <View className="agreements__section-head">
            <Text className="agreements__section">最新消息</Text>
            <Text className="agreements__more" onClick={() => openPage(SERVICE_ROUTES.notices)} data-testid="go-notices">
              全部消息 ›
            </Text>
          </View>
          {state.data.notices.length === 0 ? (
            <Text className="app-muted" data-testid="notices-empty">
              暂无消息
            </Text>
          ) : (
            state.data.notices.slice(0, 3).map((notice) => <NoticeCard key={notice.noticeId} notice={notice} />)
          )}
        </View>
      ) : null}
      <ConfirmPanel {...confirmed.panel((pending) => ACTION_TEXT[pending.action].confirm(pending.agreement))} />
    </PageShell>
  );
}
