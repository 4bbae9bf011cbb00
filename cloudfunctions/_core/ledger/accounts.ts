/**
 * Ledger accounts, named by what they hold. A posting's amount is signed: positive adds to the account's
 * balance, negative takes from it. Accounts that stand for money outside the system (a channel's clearing
 * account, the aid fund's budget) go negative as money comes in from them; accounts that hold a person's
 * own money (personal account, savings) have a floor of zero, checked on every transfer.
 */
export type AccountKind =
  | 'channel' // clearing per payment channel: wechatpay, bank, cash counter
  | 'personal' // an employee's personal account (职工医保个人账户), loaded from the platform's import
  | 'aid-fund' // 医疗救助基金
  | 'village-fund' // a village collective's subsidy fund
  | 'city-finance' // 财政 (waivers the city funds)
  | 'maternity-fund' // 生育保险基金 (D5 infants)
  | 'bank-advance' // a bank's advances for credit enrollment (D16)
  | 'credit-remittance' // repayments of advances collected by WeChat Pay, held until the bank has them
  | 'savings' // a gig worker's 零存整缴 savings
  | 'employee-contribution' // flexible-employment employee insurance paid for one month (零存整缴's second target)
  | 'premium' // premium income per person and benefit year
  | 'premium-repair' // 缴费修复: break years paid for afterwards (D9)
  | 'prepaid' // premiums paid ahead for a future year (D12)
  | 'order-hold' // a personal-account leg held while the WeChat leg of the same order is open (D14)
  | 'refunds-payable' // refunds approved, not yet paid out
  | 'import'; // the other side of balances loaded from outside (personal account import)

export interface AccountSpec {
  id: string;
  kind: AccountKind;
  /** The lowest balance allowed, in fen; null for accounts that may go negative. */
  floorFen: number | null;
}

const spec = (kind: AccountKind, key: string, floorFen: number | null): AccountSpec => ({ id: `${kind}:${key}`, kind, floorFen });

export const accounts = {
  // papay: WeChat Pay 委托代扣 debits, cleared apart from JSAPI payments so each reconciles against its own records.
  // manual: money fund staff paid out by another route (a transfer from the fund's bank account, cash at a counter).
  channel: (channel: 'wechatpay' | 'papay' | 'bank' | 'cash' | 'manual') => spec('channel', channel, null),
  personal: (personId: string) => spec('personal', personId, 0),
  aidFund: () => spec('aid-fund', 'hefei', null),
  // Village funds are not loaded yet (the institutions work brings them): until then the account records what
  // each village owes the premium, so it may go negative like the other public payers.
  villageFund: (villageId: string) => spec('village-fund', villageId, null),
  cityFinance: () => spec('city-finance', 'hefei', null),
  maternityFund: () => spec('maternity-fund', 'hefei', null),
  bankAdvance: (bank: string) => spec('bank-advance', bank, null),
  creditRemittance: (bank: string) => spec('credit-remittance', bank, 0),
  savings: (personId: string) => spec('savings', personId, 0),
  employeeContribution: (personId: string, month: string) => spec('employee-contribution', `${personId}:${month}`, 0),
  premium: (personId: string, benefitYear: number) => spec('premium', `${personId}:${benefitYear}`, 0),
  premiumRepair: (personId: string, benefitYear: number) => spec('premium-repair', `${personId}:${benefitYear}`, 0),
  prepaid: (personId: string, benefitYear: number) => spec('prepaid', `${personId}:${benefitYear}`, 0),
  orderHold: (orderId: string) => spec('order-hold', orderId, 0),
  refundsPayable: () => spec('refunds-payable', 'hefei', 0),
  importSource: (source: string) => spec('import', source, null),
};
