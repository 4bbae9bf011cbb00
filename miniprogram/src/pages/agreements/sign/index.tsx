import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useUnload } from '@tarojs/taro';
import { FormAlert } from '../../../components/FormAlert';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { StatusTag } from '../../../components/StatusTag';
import { TextField } from '../../../components/TextField';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { loadPeople, type Person } from '../../../lib/people';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { pollUntil } from '../../payment/common/poll';
import { signWechatContract } from '../papay/signWechatContract';
import { agreementsApi, type AgreementView } from '../common/agreementsApi';
import { AGREEMENT_TONES, channelText } from '../common/agreementDisplay';
import { NextDebitBlock } from '../list/NextDebitBlock';
import '../list/index.scss';
import '../../../components/choices.scss';
import './index.scss';

type Channel = 'bank' | 'wechat';
const CHANNEL_OPTIONS = [
  { label: '银行账户代扣', value: 'bank' },
  { label: '微信支付 委托代扣', value: 'wechat' },
];

interface SignData {
  people: Person[];
  /** People who already have a live agreement: a second one is refused, so they are not offered. */
  signed: Set<string>;
}

async function loadSignData(): Promise<Loaded<SignData>> {
  const [people, agreements] = await Promise.all([loadPeople(), agreementsApi.list()]);
  if (!people.ok) return people;
  if (!agreements.ok) return agreements;
  const live = agreements.data.agreements.filter((a) => a.state === 'ACTIVE' || a.state === 'PAUSED' || (a.state === 'SIGNING' && a.channel === 'bank'));
  return { ok: true, data: { people: people.people, signed: new Set(live.map((a) => a.personId)) } };
}

/** WeChat's contract callback reaches the server within a second or two in the simulator; a real one may take longer. */
const ACTIVATION_POLL = { intervalMs: 1000, timeoutMs: 20_000 };

function checkAccount(holderName: string, accountNo: string): { holderName?: string; accountNo?: string } {
  return {
    ...(holderName.trim() ? {} : { holderName: '请填写账户户名' }),
    ...(/^\d{16,19}$/.test(accountNo.trim()) ? {} : { accountNo: '银行卡号应为16至19位数字' }),
  };
}

function SignResult({ agreement, note }: { agreement: AgreementView; note: string | null }) {
  return (
    <View className="app-card sign-result" data-testid="sign-result" data-state={agreement.state}>
      <View className="agreement__head">
        <Text className="agreement__name">{agreement.state === 'ACTIVE' ? '签约成功' : agreement.state === 'SIGNING' ? '签约确认中' : '签约未成功'}</Text>
        <StatusTag tone={AGREEMENT_TONES[agreement.state]} text={agreement.stateLabel} testId="sign-result-state" />
      </View>
      <Text className="agreement__line">
        {agreement.personName} · {channelText(agreement)}
      </Text>
      {note ? <Text className="app-muted agreement__line">{note}</Text> : null}
      {agreement.nextDebit ? <NextDebitBlock next={agreement.nextDebit} /> : null}
      <View className="app-actions">
        <Button type="primary" size="large" onClick={() => void Taro.redirectTo({ url: SERVICE_ROUTES.agreements })} data-testid="sign-done">
          查看我的自动续缴
        </Button>
      </View>
    </View>
  );
}

/** 签约自动续缴: for the user or a verified relative, from a bank account or as a WeChat Pay 委托代扣 contract. */
export default function SignAgreement() {
  const { state, retry } = usePageData(loadSignData);
  // Opened from an unfinished WeChat signing's 继续签约: the same person and channel, ready to submit.
  const { params } = useRouter();
  const [personId, setPersonId] = useState<string | null>(params.personId ?? null);
  const [channel, setChannel] = useState<Channel>(params.channel === 'wechat' ? 'wechat' : 'bank');
  const [holderName, setHolderName] = useState('');
  const [accountNo, setAccountNo] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ holderName?: string; accountNo?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ agreement: AgreementView; note: string | null } | null>(null);
  const gone = useRef(false);
  useUnload(() => {
    gone.current = true;
  });

  const submit = async () => {
    if (!personId) {
      setError('请选择为谁签约');
      return;
    }
    // An earlier message (nobody chosen, a refused signing) is about an earlier try, not this one.
    setError(null);
    const errors = channel === 'bank' ? checkAccount(holderName, accountNo) : {};
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy('正在签约…');
    const answer = await agreementsApi.sign(
      channel === 'bank' ? { personId, channel, bankAccount: { holderName: holderName.trim(), accountNo: accountNo.trim() } } : { personId, channel },
    );
    if (!answer.ok) {
      setBusy(null);
      setError(answer.error.message);
      return;
    }
    const signed = answer.data.agreement;
    if (channel === 'bank' || !signed.wechatSign) {
      setBusy(null);
      setResult({ agreement: signed, note: signed.state === 'SIGNING' ? '银行正在确认签约结果，请稍后在“自动续缴”中查看。' : null });
      return;
    }
    const outcome = await signWechatContract(signed.wechatSign);
    if (outcome === 'cancelled') {
      // Said no on WeChat's page: the server cannot learn that from WeChat, so it is told, and the agreement ends as
      // 签约未成功 instead of waiting as 签约确认中 (a contract signed after all is still ended: contractEnds.ts).
      await agreementsApi.cancel(signed.agreementId);
      setBusy(null);
      setError('您已取消微信签约，未开通自动续缴。可以重新发起签约。');
      return;
    }
    // Confirmed on WeChat's page: the agreement turns ACTIVE when WeChat's contract callback reaches the server.
    setBusy('正在确认签约结果…');
    const polled = await pollUntil(
      async () => {
        const list = await agreementsApi.list();
        return list.ok ? { ok: true as const, data: list.data.agreements.find((a) => a.agreementId === signed.agreementId) ?? signed } : list;
      },
      (a) => a.state !== 'SIGNING',
      { ...ACTIVATION_POLL, stopped: () => gone.current },
    );
    setBusy(null);
    const latest = polled.value ?? signed;
    setResult({ agreement: latest, note: latest.state === 'SIGNING' ? '微信正在确认签约结果，请稍后在“自动续缴”中查看。' : null });
  };

  if (result) {
    return (
      <PageShell testId="sign-agreement-page">
        <SignResult agreement={result.agreement} note={result.note} />
      </PageShell>
    );
  }

  const offered = state.kind === 'ready' ? state.data.people.filter((p) => p.verified && !state.data.signed.has(p.personId)) : [];
  const notOffered = state.kind === 'ready' ? state.data.people.filter((p) => !p.verified || state.data.signed.has(p.personId)) : [];
  return (
    <PageShell testId="sign-agreement-page">
      <View className="app-card">
        <Text className="app-title">签约自动续缴</Text>
        <Text className="app-muted">每年集中参保期内，按当年个人缴费标准自动扣缴居民医保费，扣款前会先发送提醒。</Text>
      </View>
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready' ? (
        <View className="app-card">
          <View className="sign__field choices" data-testid="sign-person-picker">
            <Text className="sign__label">为谁签约</Text>
            {offered.length > 0 ? (
              <RadioGroup
                shape="button"
                direction="horizontal"
                value={personId ?? ''}
                options={offered.map((p) => ({ label: `${p.name}（${p.relationLabel}）`, value: p.personId }))}
                onChange={(value) => {
                  setPersonId(String(value));
                  setError(null);
                }}
              />
            ) : (
              <Text className="app-muted">没有可以签约的人员。</Text>
            )}
            {notOffered.map((p) => (
              <Text key={p.personId} className="app-muted sign__hint" data-testid="sign-person-unavailable">
                {p.name}：{state.data.signed.has(p.personId) ? '已有自动续缴协议' : '亲属关系待核验，核验通过后才能签约'}
              </Text>
            ))}
          </View>
          <View className="sign__field choices" data-testid="sign-channel-picker">
            <Text className="sign__label">扣款方式</Text>
            <RadioGroup shape="button" direction="horizontal" value={channel} options={CHANNEL_OPTIONS} onChange={(value) => setChannel(String(value) as Channel)} />
          </View>
          {channel === 'bank' ? (
            <View>
              <TextField testId="sign-holder-name" label="账户户名" value={holderName} onChange={(v) => {
                  setHolderName(v);
                  setFieldErrors((e) => ({ ...e, holderName: undefined }));
                }} placeholder="银行卡开户人姓名" maxLength={30} error={fieldErrors.holderName} />
              <TextField testId="sign-account-no" label="银行卡号" value={accountNo} onChange={(v) => {
                  setAccountNo(v.replace(/\s/g, ''));
                  setFieldErrors((e) => ({ ...e, accountNo: undefined }));
                  // Room for a number pasted with spaces (6222 0202 …): cut at 19 characters, it would lose digits and could
                  // still look valid. The spaces go; a number too long is refused by the check, never shortened.
                }} placeholder="16至19位数字" maxLength={30} error={fieldErrors.accountNo} />
            </View>
          ) : (
            <Text className="app-muted sign__hint">提交后将打开微信支付的签约页面，确认后即开通。</Text>
          )}
          <FormAlert message={error} />
          <View className="app-actions">
            <Button type="primary" size="large" loading={busy !== null} disabled={busy !== null || offered.length === 0} onClick={() => void submit()} data-testid="sign-submit">
              {busy ?? '同意协议并签约'}
            </Button>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
