import { useRef, useState } from 'react';
import { useUnload } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { RELATION_LABELS } from '@shared/api/contract';
import { AmountRow } from '../../../components/AmountRow';
import { ConfirmPanel, type ConfirmRequest } from '../../../components/ConfirmPanel';
import { PageLoadState } from '../../../components/LoadState';
import { PageShell } from '../../../components/PageShell';
import { Button } from '../../../components/nut/Button';
import { formatFen } from '../../../lib/money';
import { openPage } from '../../../lib/routes';
import { SERVICE_ROUTES } from '../../../lib/serviceRoutes';
import { usePageData, type Loaded } from '../../../lib/usePageData';
import { creditApi, HOLDING_STATES, type Advance, type Eligibility, type RepayChannel } from '../common/creditApi';
import { useWechatPayment } from '../../payment/common/wechatPayment';
import { ORDER_POLL, pollUntil } from '../../payment/common/poll';
import { AdvanceCard } from './AdvanceCard';
import { PageIntro, SectionTitle } from '../../../components/PageIntro';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { ActionOutcome } from '../../../components/ActionOutcome';
import { Callout } from '../../../components/Notice';
import '../common/credit.scss';

interface PersonOffer {
  personId: string;
  name: string;
  relationLabel: string;
  benefitYear: number;
  /** Null when nothing is to be decided: the year is paid, or an advance already holds it. */
  eligibility: Eligibility | null;
  note: string | null;
}

interface CreditData {
  offers: PersonOffer[];
  advances: Advance[];
}

type CoveredPerson = Extract<Awaited<ReturnType<typeof creditApi.coverage>>, { ok: true }>['data']['people'][number];

/**
 * One person's card: an advance that holds one of their years; else the earliest unpaid year the server says they
 * may sign for now. That is the year being collected during the period, and the year still owed in the buffer after
 * it (in January, 2027 rather than 2028, the last year 我的参保 shows). With none, the refusal that says most: one for
 * the person (credit grade) before one for the calendar, the latest year's.
 */
async function offerFor(p: CoveredPerson, advances: Advance[]): Promise<PersonOffer | null> {
  const years = [...p.years].sort((a, b) => a.benefitYear - b.benefitYear);
  if (years.length === 0) return null;
  const base = (benefitYear: number) => ({ personId: p.person.personId, name: p.person.name, relationLabel: RELATION_LABELS[p.relation], benefitYear });
  const held = advances.find((a) => a.personId === p.person.personId && HOLDING_STATES.includes(a.state) && years.some((y) => y.benefitYear === a.benefitYear));
  if (held) return { ...base(held.benefitYear), eligibility: null, note: `已办理信用参保：${held.stateLabel}` };
  const open = years.filter((y) => y.state !== 'ENROLLED');
  const last = years[years.length - 1].benefitYear;
  if (open.length === 0) return { ...base(last), eligibility: null, note: `${last}年度已参保，无需信用参保` };
  const refusals: (Omit<PersonOffer, 'note' | 'eligibility'> & { eligibility: Eligibility })[] = [];
  for (const { benefitYear } of open) {
    const answer = await creditApi.eligibility(p.person.personId, benefitYear);
    // One person's answer that failed is said on their card; the others still show.
    if (!answer.ok) return { ...base(benefitYear), eligibility: null, note: answer.error.message };
    const offer = { ...base(benefitYear), eligibility: answer.data.eligibility };
    if (!answer.data.eligibility.eligible) {
      refusals.push(offer);
      continue;
    }
    // The bank grades the person when asked; a grade may change, so asking again stays open, but not unawares.
    const refused = advances.find((a) => a.personId === p.person.personId && a.benefitYear === benefitYear && a.state === 'REFUSED');
    return { ...offer, note: refused ? `银行已于 ${refused.signDate} 未同意为其代缴，再次申请仍可能不被同意。` : null };
  }
  const said = refusals.filter((r) => r.eligibility.reason !== 'OUTSIDE_PERIOD').pop() ?? refusals[refusals.length - 1];
  return { ...said, note: null };
}

/** For the user and each verified relative, their card (offerFor); each person's calls run alongside the others'. */
async function loadCredit(): Promise<Loaded<CreditData>> {
  const [coverage, list] = await Promise.all([creditApi.coverage(), creditApi.list()]);
  if (!coverage.ok) return coverage;
  if (!list.ok) return list;
  const advances = list.data.advances;
  const offers = await Promise.all(coverage.data.people.filter((p) => p.relation === 'self' || p.verified).map((p) => offerFor(p, advances)));
  return { ok: true, data: { offers: offers.filter((o): o is PersonOffer => o !== null), advances } };
}

function OfferCard({ offer, onSign }: { offer: PersonOffer; onSign: (offer: PersonOffer) => void }) {
  const e = offer.eligibility;
  return (
    <View className="app-card" data-testid="credit-offer" data-name={offer.name} data-eligible={e?.eligible ? '1' : '0'}>
      <View className="credit__head">
        <Text className="credit__name">
          {offer.name}
          <Text className="app-muted"> {offer.relationLabel}</Text>
        </Text>
        <Text className="app-muted">{offer.benefitYear}年度</Text>
      </View>
      {offer.note ? <Text className="app-muted credit__line">{offer.note}</Text> : null}
      {e && !e.eligible ? (
        <Text className="credit__line credit__refused" data-testid="credit-offer-reason">
          {e.message}
        </Text>
      ) : null}
      {e?.eligible ? (
        <View>
          {e.autoRenewal ? (
            <Callout tone="warn" testId="credit-offer-auto-renewal">
              {e.autoRenewal.message}
            </Callout>
          ) : null}
          <AmountRow label="银行代缴金额" value={formatFen(e.amountFen ?? 0)} testId="credit-offer-amount" strong />
          <AmountRow label="还款截止日" value={e.dueDate ?? '—'} testId="credit-offer-due" />
          {/* The server's words: the due date, that benefits wait for the repayment, and (signed after the period) from when. */}
          <Text className="credit__line" data-testid="credit-offer-terms">
            {e.message}。
          </Text>
          <Text className="app-muted credit__line">
            免息期 {e.interestFreeMonths ?? 2} 个月。逾期未还将记入个人征信和医保信用档案，并暂缓享受医保待遇。
          </Text>
          <View className="app-actions">
            <Button type="primary" size="large" onClick={() => onSign(offer)} data-testid="credit-sign">
              签约银行代缴
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

type Pending = { kind: 'sign'; offer: PersonOffer } | { kind: 'repay'; advance: Advance; channel: RepayChannel };

function confirmText(pending: Pending): ConfirmRequest {
  if (pending.kind === 'sign') {
    const e = pending.offer.eligibility;
    const advance = `银行将为${pending.offer.name}代缴${pending.offer.benefitYear}年度居民医保费 ${formatFen(e?.amountFen ?? 0)}，请于 ${e?.dueDate ?? ''} 前还款。享受医保待遇前须还清代缴的保费。`;
    // With a live auto-renewal the resident confirms knowingly: the warning is in the panel, and the button says so.
    return e?.autoRenewal
      ? { title: '已签约自动续缴，仍要银行代缴？', detail: `${e.autoRenewal.message}${advance}`, confirmText: '仍要签约银行代缴' }
      : { title: '签约银行代缴', detail: advance, confirmText: '同意并签约' };
  }
  const { advance, channel } = pending;
  const what = `${advance.personName} ${advance.benefitYear}年度${advance.repaidFen > 0 ? `代缴保费的剩余部分 ${formatFen(advance.outstandingFen)}（已还 ${formatFen(advance.repaidFen)}）` : `的代缴保费 ${formatFen(advance.outstandingFen)}`}`;
  const after = '还清后次日起不再因代缴暂缓医保待遇。';
  return channel === 'wechatpay'
    ? { title: '微信支付还款', detail: `将通过微信支付归还${what}，款项由本平台转交合作银行，银行确认后即为还清；如银行未受理，款项原路退回。${after}`, confirmText: '去支付' }
    : { title: '银行账户还款', detail: `将由合作银行从您在该行的账户归还${what}。${after}`, confirmText: '确认还款' };
}

/**
 * What a cancel achieved, from the advance the server answered with: a sheet WeChat had already been paid on cannot be
 * cancelled (the server learned the payment while closing it), and "未扣款" would then be false.
 */
function cancelOutcome(advance: Advance): string {
  if (advance.repaymentPending || advance.state === 'REPAID') return '该笔微信还款已支付，无法取消，还款结果见下方记录';
  return advance.wechatRepayment?.cancelling ? '正在取消本次微信还款，未扣款' : '已取消本次微信还款，未扣款';
}

/** Asks the server to close a sheet the payer left; true when WeChat had been paid on it after all. */
async function cancelledSheetWasPaid(repaymentId: string): Promise<boolean> {
  const answer = await creditApi.cancelRepayment(repaymentId);
  return answer.ok && (answer.data.advance.repaymentPending || answer.data.advance.state === 'REPAID');
}

/** 信用参保: eligibility and signing a bank advance, the open advances and their repayment, and their history. */
export default function Credit() {
  const { state, retry, reload, update } = usePageData(loadCredit);
  const [message, setMessage] = useState<string | null>(null);
  const wechat = useWechatPayment();
  // A sheet is open, or its payment is being confirmed: no other repayment step may start meanwhile.
  const [sheetOpen, setSheetOpen] = useState(false);
  const gone = useRef(false);
  useUnload(() => {
    gone.current = true;
  });

  /**
   * The WeChat step of a repayment: the sheet, then the page as the server now has it (paying is heard from WeChat,
   * and reading the page asks WeChat too). Leaving the sheet unpaid closes it, so another way can be chosen at once.
   */
  const paySheet = async (advance: Advance) => {
    const sheet = advance.wechatRepayment;
    if (!sheet?.requestPayment) return;
    setSheetOpen(true);
    let outcome: Awaited<ReturnType<typeof wechat.requestPayment>> = 'failed';
    let paidAnyway = false;
    // Whatever happens on the way, the buttons come back: a page whose steps stay inert would strand the person.
    try {
      outcome = await wechat.requestPayment(sheet.requestPayment);
      // Cancelled on the sheet, yet WeChat may have taken the money just before: the server's answer says which.
      paidAnyway = outcome === 'cancelled' && (await cancelledSheetWasPaid(sheet.repaymentId));
      if (outcome === 'confirmed' || paidAnyway) {
        // WeChat tells the server of the payment, and the server passes the money to the bank, on their own time: the
        // card is followed until both have answered (or the wait is up: the card then says 还款确认中 and the page
        // shows the outcome when next opened), so the person never sees the advance as still owed after paying.
        setMessage('已完成微信支付，正在确认还款结果…');
        await pollUntil(
          async () => {
            const list = await creditApi.list();
            return list.ok ? { ok: true as const, data: list.data.advances.find((a) => a.advanceId === advance.advanceId) } : list;
          },
          (a) => a === undefined || (!a.repaymentPending && a.wechatRepayment === undefined),
          {
            ...ORDER_POLL,
            stopped: () => gone.current,
            // The card follows each answer (还款确认中, then 已还款), never showing the sheet's buttons for a paid sheet.
            onValue: (fresh) => {
              if (fresh) update((data) => ({ ...data, advances: data.advances.map((a) => (a.advanceId === fresh.advanceId ? fresh : a)) }));
            },
          },
        );
      }
    } finally {
      setSheetOpen(false);
    }
    // After paying, the card below (read again now) says where the money is: one place, so never two stories.
    setMessage(
      outcome === 'confirmed' || paidAnyway
        ? `${advance.personName} ${advance.benefitYear}年度：已完成微信支付，还款结果见下方记录`
        : outcome === 'cancelled'
          ? '已取消本次微信还款，未扣款'
          : '微信支付未完成，未扣款，可重新还款',
    );
    await reload();
  };

  const action = useConfirmedAction(
    (pending: Pending) => {
      setMessage(null);
      return pending.kind === 'sign'
        ? creditApi.sign(pending.offer.personId, pending.offer.benefitYear, pending.offer.eligibility?.autoRenewal !== undefined)
        : creditApi.repay(pending.advance.advanceId, pending.channel, pending.advance.outstandingFen);
    },
    reload,
    ({ advance }) => {
      setMessage(`${advance.personName} ${advance.benefitYear}年度：${advance.stateLabel}`);
      // Not awaited: the confirmation closes first, then the sheet opens over the refreshed page.
      if (advance.wechatRepayment?.requestPayment) void paySheet(advance);
    },
  );

  const cancelSheet = async (advance: Advance) => {
    if (!advance.wechatRepayment || sheetOpen) return;
    const answer = await creditApi.cancelRepayment(advance.wechatRepayment.repaymentId);
    if (answer.ok) setMessage(cancelOutcome(answer.data.advance));
    else action.setError(answer.error.message);
    await reload();
  };

  return (
    <PageShell testId="credit-page">
      <PageIntro title="信用参保" intro="信用良好的参保人在集中参保期结束前未缴费的，可由合作银行先行代缴保费（集中参保期结束后的缓冲期内仍可办理），享受不少于2个月的免息期。" />
      <ActionOutcome error={action.error} message={message} testId="credit-message" />
      <PageLoadState state={state} onRetry={retry} />
      {state.kind === 'ready' ? (
        <View>
          {state.data.offers.map((offer) => (
            <OfferCard key={offer.personId} offer={offer} onSign={(o) => action.ask({ kind: 'sign', offer: o })} />
          ))}
          <SectionTitle>银行代缴记录</SectionTitle>
          {state.data.advances.length === 0 ? (
            <Text className="app-muted" data-testid="advances-empty">
              暂无记录
            </Text>
          ) : (
            state.data.advances.map((advance) => (
              <AdvanceCard
                key={advance.advanceId}
                advance={advance}
                onRepay={(a, channel) => (sheetOpen ? undefined : action.ask({ kind: 'repay', advance: a, channel }))}
                onContinue={(a) => (sheetOpen ? undefined : void paySheet(a))}
                onCancelSheet={(a) => void cancelSheet(a)}
                busy={sheetOpen}
              />
            ))
          )}
          <View className="app-actions">
            <Button size="large" onClick={() => openPage(SERVICE_ROUTES.benefitStatus)} data-testid="go-benefit-status">
              查看待遇状态
            </Button>
          </View>
        </View>
      ) : null}
      <ConfirmPanel {...action.panel(confirmText)} />
      {wechat.sheet}
    </PageShell>
  );
}
