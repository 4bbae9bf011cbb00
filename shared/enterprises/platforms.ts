/**
 * The platform enterprises gig workers name when they set up 零存整缴 (pilot §三(三)4: "对灵活就业人员在肥参保率显著
 * 提高的企业给予适当激励"). Staff compare enterprises' enrollment rates, so the same company has to be one
 * enterprise however a worker types it: "美团", "美团外卖" and "美团众包" are all 美团. Names outside this list are
 * kept as typed (normalised), one enterprise per spelling; staff grow the list as the names they see repeat.
 *
 * Reference data, not policy: brand names as the enterprises present themselves to riders and drivers. The type is
 * the enterprise's main line of gig work; a worker's own choice of type is kept only for names outside the list.
 */
export type PlatformType = 'courier' | 'food-delivery' | 'ride-hailing' | 'other';

export interface PlatformEnterprise {
  code: string;
  name: string;
  type: PlatformType;
  /** Other names workers use for it; the name itself always matches. */
  aliases: readonly string[];
}

export const PLATFORM_ENTERPRISES: readonly PlatformEnterprise[] = [
  { code: 'sf-express', name: '顺丰速运', type: 'courier', aliases: ['顺丰', '顺丰快递', '顺丰同城', 'SF'] },
  { code: 'jd-logistics', name: '京东物流', type: 'courier', aliases: ['京东快递'] },
  { code: 'zto', name: '中通快递', type: 'courier', aliases: ['中通', 'ZTO'] },
  { code: 'yto', name: '圆通速递', type: 'courier', aliases: ['圆通', '圆通快递', 'YTO'] },
  { code: 'yunda', name: '韵达快递', type: 'courier', aliases: ['韵达', '韵达速递'] },
  { code: 'sto', name: '申通快递', type: 'courier', aliases: ['申通', 'STO'] },
  { code: 'jt-express', name: '极兔速递', type: 'courier', aliases: ['极兔', '极兔快递', 'J&T'] },
  { code: 'china-post', name: '中国邮政', type: 'courier', aliases: ['邮政', '邮政快递', 'EMS'] },
  { code: 'deppon', name: '德邦快递', type: 'courier', aliases: ['德邦', '德邦物流'] },
  { code: 'dada', name: '达达快送', type: 'courier', aliases: ['达达', '京东到家'] },
  { code: 'shansong', name: '闪送', type: 'courier', aliases: [] },
  { code: 'uupt', name: 'UU跑腿', type: 'courier', aliases: [] },
  { code: 'meituan', name: '美团', type: 'food-delivery', aliases: ['美团外卖', '美团众包', '美团专送', '美团配送', 'Meituan'] },
  { code: 'eleme', name: '饿了么', type: 'food-delivery', aliases: ['蜂鸟', '蜂鸟即配', '蜂鸟众包', 'ele.me'] },
  { code: 'didi', name: '滴滴出行', type: 'ride-hailing', aliases: ['滴滴', '滴滴打车', 'DiDi'] },
  { code: 'caocao', name: '曹操出行', type: 'ride-hailing', aliases: ['曹操', '曹操专车'] },
  { code: 't3', name: 'T3出行', type: 'ride-hailing', aliases: ['T3', 'T3打车'] },
  { code: 'huaxiaozhu', name: '花小猪打车', type: 'ride-hailing', aliases: ['花小猪'] },
  { code: 'amap', name: '高德打车', type: 'ride-hailing', aliases: ['高德'] },
  { code: 'huolala', name: '货拉拉', type: 'other', aliases: [] },
  { code: 'kuaigou', name: '快狗打车', type: 'other', aliases: ['快狗'] },
];

/** Company-form words that say nothing about which enterprise it is ("顺丰速运有限公司" is 顺丰速运). */
const COMPANY_FORM = /(股份有限公司|有限责任公司|有限公司|分公司|公司|集团)/g;

/**
 * One spelling for comparing: full-width folded (NFKC), no spaces or punctuation, lower case, no company-form words.
 * Place names stay: 合肥某某物流 and 安徽某某物流 can be different firms.
 */
export function normaliseEnterpriseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(COMPANY_FORM, '');
}

/** A leading province or city, as in 安徽顺丰 or 合肥美团: the brand that follows is what a listed platform is matched on. */
const LEADING_PLACE = /^(安徽省?|合肥市?)+/;

/**
 * What may follow a platform's name and still be that platform, as a whole: a place in Hefei, then a branch, then
 * the worker's role, each optional ("合肥", "蜀山区站", "骑手"). Anything else after the name makes it another firm:
 * 德邦证券…营业部 or 中通建设…蜀山区 are not 德邦快递 or 中通快递.
 */
const BRANCH_OR_ROLE = new RegExp(
  '^(安徽省?|合肥市?)?((瑶海|庐阳|蜀山|包河|经开|高新|新站|滨湖|肥东|肥西|长丰|庐江|巢湖)(区|县|市)?)?' +
    '(\\p{Script=Han}{0,4}(站|网点|点部|分部|营业部|门店|店))?(骑手|配送员?|众包|专送|司机|快递员|外卖员|小哥)?$',
  'u',
);

/** Every alias's normalised spelling, longest first, so "美团外卖" is tried before "美团". */
const ALIASES: readonly { spelling: string; platform: PlatformEnterprise }[] = PLATFORM_ENTERPRISES.flatMap((platform) =>
  [platform.name, ...platform.aliases].map((alias) => ({ spelling: normaliseEnterpriseName(alias), platform })),
)
  .filter((a) => a.spelling.length > 0)
  .sort((a, b) => b.spelling.length - a.spelling.length);

/**
 * The listed enterprise a typed name means. An alias matches exactly; a name that begins with one matches only when
 * the rest names a branch, a district or the worker's role ("顺丰速运蜀山区站", "美团外卖骑手"), or when the worker
 * chose that platform's type: "中通建设" or "德邦证券" are other firms, and a name that merely contains an alias
 * ("安达顺丰") is someone else. Latin aliases (SF, EMS, STO) match only exactly, since they begin too many other
 * names, and there is no bare "京东", which begins 京东方, a Hefei employer that is no delivery platform.
 */
export function findPlatform(name: string, chosenType?: PlatformType): PlatformEnterprise | null {
  const spelling = normaliseEnterpriseName(name).replace(LEADING_PLACE, '');
  if (!spelling) return null;
  for (const alias of ALIASES) {
    if (spelling === alias.spelling) return alias.platform;
    if (/^[a-z0-9&.]+$/.test(alias.spelling) || !spelling.startsWith(alias.spelling)) continue;
    const rest = spelling.slice(alias.spelling.length);
    if (BRANCH_OR_ROLE.test(rest) || chosenType === alias.platform.type) return alias.platform;
  }
  return null;
}

/** The listed enterprises of one type, for the setup page's suggestions. */
export function platformsOfType(type: PlatformType): PlatformEnterprise[] {
  return PLATFORM_ENTERPRISES.filter((p) => p.type === type);
}
