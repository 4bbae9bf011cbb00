import type { z } from 'zod';
import type { AgreementsInput, AgreementView } from '../../../shared/api/contract';
import type { App } from '../app';
import type { Caller } from '../caller';
import type { Contract } from '../channels/bank';
import { isoInstant } from '../clock';
import { AppError, UniqueViolation } from '../errors';
import { actingFor } from '../identity/access';
import { decryptId } from '../identity/pii';
import { requireBoundPerson } from '../identity/service';
import { log } from '../log';
import type { AgreementRow } from '../store/port';
import { individualStandard, params } from '../../../shared/policy';
import { todayIn } from '../clock';
import { bankAccountToken, maskBankAccount } from './bankAccount';
import { bank, bankNotifyUrl } from './bankChannel';

function debitCapFen(app: App): number {
  const nextYear = Number(todayIn(app.clock).slice(0, 4)) + 1;
  const standard = individualStandard(params, nextYear);
  if (!standard) throw new AppError('NOT_PAYABLE', '暂无下一年度缴费标准，暂不能签约');
  return standard.standardFen;
}

type Input = z.infer<typeof AgreementsInput>;

const STATE_LABELS: Record<AgreementRow['state'], string> = {
  SIGNING: '签约确认中',
  ACTIVE: '生效中',
  PAUSED: '已暂停',
  CANCELLED: '已解约',
  FAILED: '签约未成功',
};

async function view(app: App, a: AgreementRow): Promise<AgreementView> {
  const person = await app.store.getPerson(a.personId);
  return {
    agreementId: a.agreementId, personId: a.personId, personName: person?.name ?? '', channel: a.channel,
    accountMasked: a.accountMasked, state: a.state, stateLabel: STATE_LABELS[a.state], createdAt: a.createdAt,
  };
}


async function applyContract(app: App, a: AgreementRow, contract: Contract, cause: string): Promise<void> {
  const at = isoInstant(app.clock);
  if (contract.state === 'ACTIVE') await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'ACTIVE', cause, at });
  else await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: `${cause}:${contract.state}`, at });
}

/**
 * Signing an auto-renewal (续约协议) for oneself or a verified relative with a bank account: our contract
 * number is stored (SIGNING) before the bank hears of it, so a lost answer is settled by asking the bank
 * about that number, never by signing twice. One live agreement per person.
 */
async function sign(app: App, caller: Caller, input: Extract<Input, { action: 'sign' }>): Promise<AgreementView> {
  const acting = await actingFor(app, caller, input.personId);
  if (!acting.verified) throw new AppError('RELATIVE_NOT_VERIFIED');
  const at = isoInstant(app.clock);
  const agreement: AgreementRow = {
    agreementId: app.ids('agr'), kind: 'auto-renew', signerPersonId: acting.self.personId, signerOpenid: caller.openid,
    personId: acting.person.personId, channel: 'bank', contractNo: app.ids('ctr'), accountMasked: maskBankAccount(input.bankAccount.accountNo),
    state: 'SIGNING', live: true, createdAt: at, updatedAt: at,
  };
  try {
    await app.store.insertAgreement(agreement);
  } catch (error) {
    if (error instanceof UniqueViolation) throw new AppError('CONFLICT', `${acting.person.name} 已有一份自动续缴协议`);
    throw error;
  }
  const channel = bank(app);
  const outcome = await channel.client.signContract({
    out_contract_no: agreement.contractNo,
    holder_name: input.bankAccount.holderName,
    account_no_masked: agreement.accountMasked,
    account_token: bankAccountToken(app, input.bankAccount.accountNo),
    id_hash: channel.idHash(decryptId(app.pii, acting.self.idSealed)),
    // The individual standard is the most a single debit may take (subsidies only lower it); a year with
    // repair payments is paid in the app instead.
    max_amount_per_debit_fen: debitCapFen(app),
    notify_url: bankNotifyUrl(),
  });
  if (outcome.kind === 'ok') await applyContract(app, agreement, outcome.data, 'bank.signed');
  else if (outcome.kind === 'rejected') {
    await app.store.transitionAgreement({ agreementId: agreement.agreementId, from: ['SIGNING'], to: 'FAILED', cause: `bank.rejected:${outcome.code}`, at: isoInstant(app.clock) });
    throw new AppError('INVALID_INPUT', `银行未能签约：${outcome.message || outcome.code}`);
  } else log('warn', 'agreement.sign-unknown', { agreementId: agreement.agreementId, reason: outcome.reason });
  return view(app, (await app.store.getAgreement(agreement.agreementId))!);
}

async function mine(app: App, caller: Caller, agreementId: string): Promise<AgreementRow> {
  const a = await app.store.getAgreement(agreementId);
  if (!a || a.signerOpenid !== caller.openid) throw new AppError('NOT_FOUND');
  return a;
}

/** Settles agreements whose signing answer was lost: the bank is asked about our contract number. */
export async function settleSigningAgreements(app: App, agreements: AgreementRow[]): Promise<void> {
  for (const a of agreements.filter((x) => x.state === 'SIGNING')) {
    const answer = await bank(app).client.queryContract(a.contractNo);
    if (answer.kind === 'ok') await applyContract(app, a, answer.data, 'bank.query');
    else if (answer.kind === 'rejected' && answer.httpStatus === 404) {
      await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING'], to: 'FAILED', cause: 'bank.not-found', at: isoInstant(app.clock) });
    }
  }
}

export async function agreements(app: App, caller: Caller, input: Input): Promise<{ agreements: AgreementView[] } | { agreement: AgreementView }> {
  const self = await requireBoundPerson(app, caller);
  const at = isoInstant(app.clock);
  switch (input.action) {
    case 'list': {
      const rows = await app.store.listAgreementsSignedBy(self.personId);
      await settleSigningAgreements(app, rows);
      const fresh = await app.store.listAgreementsSignedBy(self.personId);
      return { agreements: await Promise.all(fresh.map((a) => view(app, a))) };
    }
    case 'sign':
      return { agreement: await sign(app, caller, input) };
    case 'pause': {
      const a = await mine(app, caller, input.agreementId);
      if (!(await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['ACTIVE'], to: 'PAUSED', cause: 'user.paused', at }))) {
        throw new AppError('CONFLICT', '只有生效中的协议可以暂停');
      }
      return { agreement: await view(app, (await app.store.getAgreement(a.agreementId))!) };
    }
    case 'resume': {
      const a = await mine(app, caller, input.agreementId);
      if (!(await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['PAUSED'], to: 'ACTIVE', cause: 'user.resumed', at }))) {
        throw new AppError('CONFLICT', '只有已暂停的协议可以恢复');
      }
      return { agreement: await view(app, (await app.store.getAgreement(a.agreementId))!) };
    }
    case 'cancel': {
      const a = await mine(app, caller, input.agreementId);
      // Debits stop at once on our side; the bank is told, and its own notice of termination is honoured too.
      await app.store.transitionAgreement({ agreementId: a.agreementId, from: ['SIGNING', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', cause: 'user.cancelled', at });
      const outcome = await bank(app).client.terminateContract(a.contractNo, { reason: '参保人解约' });
      if (outcome.kind !== 'ok') log('warn', 'agreement.terminate-not-confirmed', { agreementId: a.agreementId, outcome: outcome.kind });
      return { agreement: await view(app, (await app.store.getAgreement(a.agreementId))!) };
    }
  }
}

/** The bank says a contract ended (the holder cancelled at the bank): no further debit under it. */
export async function contractEnded(app: App, contract: Contract, cause: string): Promise<void> {
  const a = await app.store.findAgreementByContract(contract.out_contract_no);
  if (a) await applyContract(app, a, contract, cause);
}
